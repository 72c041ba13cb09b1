/// @file
/// i.MX RT boards: TEENSY40 (RT1062) and MIMXRT1170_EVK (RT1176). Their ROMFS
/// has no MEMORY region: it is the gap between the text and vfs regions.
#pragma once

#include "../flash/imxrt.hpp"
#include "../layout/layout.hpp"

namespace romfs::boards {

/// TEENSY40: 2 MiB NOR at 0x60000000.
inline constexpr auto teensy40 = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::imxrt_nor<0x60000000, 2 * flash::MiB>>("flexspi")},
    {romfs::layout::part("m_boot_header", 0x60000000, 0xC400, romfs::layout::role::reserved),
     romfs::layout::part("m_text", 0x6000C400, 0x600C0000 - 0x6000C400, romfs::layout::role::firmware),
     romfs::layout::part("romfs_part0", 0x600C0000, 256 * flash::KiB, romfs::layout::role::romfs),
     romfs::layout::part("m_vfs", 0x60100000, 0x601FF000 - 0x60100000, romfs::layout::role::filesystem),
     romfs::layout::part("m_reserved", 0x601FF000, 4 * flash::KiB, romfs::layout::role::reserved)});

/// MIMXRT1170_EVK: 16 MiB NOR at 0x30000000, the last 1 MiB reserved.
inline constexpr auto mimxrt1170_evk = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::imxrt_nor<0x30000000, 16 * flash::MiB>>("flexspi")},
    {romfs::layout::part("m_boot_header", 0x30000000, 0x2400, romfs::layout::role::reserved),
     romfs::layout::part("m_text", 0x30002400, 0x30180000 - 0x30002400, romfs::layout::role::firmware),
     romfs::layout::part("romfs_part0", 0x30180000, 512 * flash::KiB, romfs::layout::role::romfs),
     romfs::layout::part("m_vfs", 0x30200000, 0x30F00000 - 0x30200000, romfs::layout::role::filesystem),
     romfs::layout::part("m_reserved", 0x30F00000, 1 * flash::MiB, romfs::layout::role::reserved)});

} // namespace romfs::boards
