// The firmware's board: QEMU mps2-an385 (Cortex-M3).
#pragma once
#include <romfs/boards/qemu.hpp>
#define BOARD_NAME "mps2-an385 (Cortex-M3)"
namespace board {
inline constexpr const auto& layout = romfs::boards::mps2_an385;
using flash = romfs::flash::qemu<0x21000000, 16 * romfs::flash::MiB>;
} // namespace board
