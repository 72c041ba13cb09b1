/// @file
/// Raspberry Pi Pico: the ROMFS size is a build parameter
/// (`MICROPY_HW_ROMFS_BYTES`, passed to the linker as
/// `--defsym=__micropy_romfs_bytes__=N`), carved from the end of the
/// firmware region.
#pragma once

#include "../flash/rp2.hpp"
#include "../layout/layout.hpp"

namespace romfs::boards {

/// RPI_PICO with a ROMFS of `RomfsBytes` bytes: firmware 0x10000000 +
/// (0xA0000 - N), ROMFS 0x100A0000 - N, filesystem 0x100A0000 + 0x160000.
template <std::uint64_t RomfsBytes>
inline constexpr auto rpi_pico = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::rp2040<2 * flash::MiB>>("qspi")},
    {romfs::layout::part("FLASH", 0x10000000, 2 * flash::MiB, romfs::layout::role::other),
     romfs::layout::part("FLASH_APP", 0x10000000, 0xA0000 - RomfsBytes, romfs::layout::role::firmware),
     romfs::layout::part("FLASH_ROMFS", 0x100A0000 - RomfsBytes, RomfsBytes, romfs::layout::role::romfs),
     romfs::layout::part("FLASH_FS", 0x100A0000, 0x160000, romfs::layout::role::filesystem)});

} // namespace romfs::boards
