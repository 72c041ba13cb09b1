/// @file
/// ALIF_ENSEMBLE (HP core): two ROMFS partitions on two devices. Part 0 is
/// on OSPI1 after the filesystem's 16 MiB; part 1 is in MRAM after the
/// firmware.
#pragma once

#include "../flash/alif.hpp"
#include "../layout/layout.hpp"

namespace romfs::boards {

/// ALIF_ENSEMBLE: 5.5 MiB MRAM and a 32 MiB OSPI1 chip.
inline constexpr auto alif_ensemble = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::alif_mram<0x580000>>("mram"),
     romfs::layout::flash_device<flash::alif_ospi<0xC0000000, 32 * flash::MiB>>("ospi1")},
    {romfs::layout::part("MRAM_HP", 0x80020000, 3072 * flash::KiB, romfs::layout::role::firmware),
     romfs::layout::part("MRAM_ROMFS1", 0x8047E000, 1 * flash::MiB, romfs::layout::role::romfs, 1),
     romfs::layout::part("OSPI_FS", 0xC0000000, 16 * flash::MiB, romfs::layout::role::filesystem),
     romfs::layout::part("OSPI_ROMFS0", 0xC1000000, 16 * flash::MiB, romfs::layout::role::romfs, 0)});

} // namespace romfs::boards
