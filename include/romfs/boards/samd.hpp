/// @file
/// SAMD boards: Adafruit Feather M0/M4 Express, SparkFun SAMD51 Thing Plus.
/// Their writable filesystems live on external flash, outside these layouts.
#pragma once

#include "../flash/samd.hpp"
#include "../layout/layout.hpp"

namespace romfs::boards {

/// ADAFRUIT_FEATHER_M0_EXPRESS: SAMD21G18A, 256K; ROMFS to the end of flash.
inline constexpr auto adafruit_feather_m0_express = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::samd21<256 * flash::KiB>>("internal")},
    {romfs::layout::part("FLASH_BOOTLOADER", 0x0, 8 * flash::KiB, romfs::layout::role::bootloader),
     romfs::layout::part("FLASH_FIRMWARE", 0x2000, 0x3D000 - 0x2000, romfs::layout::role::firmware),
     romfs::layout::part("FLASH_ROMFS", 0x3D000, 12 * flash::KiB, romfs::layout::role::romfs)});

/// ADAFRUIT_FEATHER_M4_EXPRESS: SAMD51J19A, 512K.
inline constexpr auto adafruit_feather_m4_express = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::samd51<512 * flash::KiB>>("internal")},
    {romfs::layout::part("FLASH_BOOTLOADER", 0x0, 16 * flash::KiB, romfs::layout::role::bootloader),
     romfs::layout::part("FLASH_FIRMWARE", 0x4000, 0x70000 - 0x4000, romfs::layout::role::firmware),
     romfs::layout::part("FLASH_ROMFS", 0x70000, 64 * flash::KiB, romfs::layout::role::romfs)});

/// SPARKFUN_SAMD51_THING_PLUS: SAMD51J20A, 1M.
inline constexpr auto sparkfun_samd51_thing_plus = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::samd51<1 * flash::MiB>>("internal")},
    {romfs::layout::part("FLASH_BOOTLOADER", 0x0, 16 * flash::KiB, romfs::layout::role::bootloader),
     romfs::layout::part("FLASH_FIRMWARE", 0x4000, 0xC0000 - 0x4000, romfs::layout::role::firmware),
     romfs::layout::part("FLASH_ROMFS", 0xC0000, 256 * flash::KiB, romfs::layout::role::romfs)});

} // namespace romfs::boards
