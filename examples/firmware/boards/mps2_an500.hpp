// The firmware's board: QEMU mps2-an500 (Cortex-M7).
#pragma once
#include <romfs/boards/qemu.hpp>
#define BOARD_NAME "mps2-an500 (Cortex-M7)"
namespace board {
inline constexpr const auto& layout = romfs::boards::mps2_an500;
using flash = romfs::flash::qemu<0x60000000, 16 * romfs::flash::MiB>;
} // namespace board
