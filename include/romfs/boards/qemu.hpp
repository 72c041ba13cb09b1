/// @file
/// QEMU's MPS2 boards: 16 MiB of PSRAM stands in for flash (at 0x21000000 on
/// AN385, at 0x60000000 on AN500); ROMFS in its first 4 MiB.
#pragma once

#include "../flash/qemu.hpp"
#include "../layout/layout.hpp"

namespace romfs::boards {

/// MPS2_AN385.
inline constexpr auto mps2_an385 = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::qemu<0x21000000, 16 * flash::MiB>>("psram")},
    {romfs::layout::part("FLASH_ROMFS", 0x21000000, 0x400000, romfs::layout::role::romfs)});

/// MPS2_AN500 (Cortex-M7): PSRAM at 0x60000000.
inline constexpr auto mps2_an500 = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::qemu<0x60000000, 16 * flash::MiB>>("psram")},
    {romfs::layout::part("FLASH_ROMFS", 0x60000000, 0x400000, romfs::layout::role::romfs)});

} // namespace romfs::boards
