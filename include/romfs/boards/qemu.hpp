/// @file
/// QEMU's MPS2-AN385 (Cortex-M3): 16 MiB of RAM at 0x21000000 stands in for
/// flash; ROMFS in its first 4 MiB.
#pragma once

#include "../flash/qemu.hpp"
#include "../layout/layout.hpp"

namespace romfs::boards {

using namespace romfs::flash;

/// MPS2_AN385.
inline constexpr auto mps2_an385 = romfs::layout::make_layout(
    {romfs::layout::flash_device<qemu<0x21000000, 16 * MiB>>("psram")},
    {romfs::layout::part("FLASH_ROMFS", 0x21000000, 0x400000, romfs::layout::role::romfs)});

} // namespace romfs::boards
