/// @file
/// Renesas RA boards: EK_RA4M1, EK_RA6M2, VK_RA6M5, ARDUINO_PORTENTA_C33.
#pragma once

#include "../flash/renesas.hpp"
#include "../layout/layout.hpp"

namespace romfs::boards {

/// EK_RA4M1 (256K code flash).
inline constexpr auto ek_ra4m1 = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::renesas_ra4<256 * flash::KiB>>("code")},
    {romfs::layout::part("FLASH_APP", 0x0, 0x34000, romfs::layout::role::firmware),
     romfs::layout::part("FLASH_ROMFS", 0x34000, 0x3000, romfs::layout::role::romfs),
     romfs::layout::part("FLASH_FS", 0x37000, 0x9000, romfs::layout::role::filesystem)});

/// EK_RA6M2 (1M code flash).
inline constexpr auto ek_ra6m2 = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::renesas_ra6<1 * flash::MiB>>("code")},
    {romfs::layout::part("FLASH_APP", 0x0, 0xA0000, romfs::layout::role::firmware),
     romfs::layout::part("FLASH_ROMFS", 0xA0000, 0x40000, romfs::layout::role::romfs),
     romfs::layout::part("FLASH_FS", 0xE0000, 0x20000, romfs::layout::role::filesystem)});

/// VK_RA6M5 (2M code flash).
inline constexpr auto vk_ra6m5 = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::renesas_ra6<2 * flash::MiB>>("code")},
    {romfs::layout::part("FLASH_APP", 0x0, 0xA0000, romfs::layout::role::firmware),
     romfs::layout::part("FLASH_ROMFS", 0xA0000, 0x60000, romfs::layout::role::romfs),
     romfs::layout::part("FLASH_FS", 0x100000, 0x100000, romfs::layout::role::filesystem)});

/// ARDUINO_PORTENTA_C33 (RA6M5, 2M): the Arduino bootloader in the first 64K.
inline constexpr auto arduino_portenta_c33 = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::renesas_ra6<2 * flash::MiB>>("code")},
    {romfs::layout::part("FLASH_BOOT", 0x0, 0x10000, romfs::layout::role::bootloader),
     romfs::layout::part("FLASH_APP", 0x10000, 0xB0000, romfs::layout::role::firmware),
     romfs::layout::part("FLASH_ROMFS", 0xC0000, 0x40000, romfs::layout::role::romfs),
     romfs::layout::part("FLASH_FS", 0x100000, 0x100000, romfs::layout::role::filesystem)});

} // namespace romfs::boards
