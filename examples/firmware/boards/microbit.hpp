// The firmware's board: QEMU microbit (nRF51822, Cortex-M0), the MICROBIT layout.
#pragma once
#include <romfs/boards/nrf.hpp>
#define BOARD_NAME "microbit (nRF51822, Cortex-M0)"
namespace board {
inline constexpr const auto& layout = romfs::boards::microbit;
using flash = romfs::flash::nrf51<256 * romfs::flash::KiB>;
} // namespace board
