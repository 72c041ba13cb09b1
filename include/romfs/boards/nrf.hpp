/// @file
/// Nordic boards: MICROBIT, PCA10040, PCA10056, PCA10059, PCA10090.
#pragma once

#include "../flash/nrf.hpp"
#include "../layout/layout.hpp"

namespace romfs::boards {

/// MICROBIT (nRF51822, 256K, no SoftDevice).
inline constexpr auto microbit = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::nrf51<256 * flash::KiB>>("internal")},
    {romfs::layout::part("FLASH_TEXT", 0x0, 0x2D000, romfs::layout::role::firmware),
     romfs::layout::part("FLASH_ROMFS", 0x2D000, 12 * flash::KiB, romfs::layout::role::romfs),
     romfs::layout::part("FLASH_USER", 0x30000, 0x10000, romfs::layout::role::filesystem)});

/// PCA10040 (nRF52832, 512K).
inline constexpr auto pca10040 = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::nrf52<512 * flash::KiB>>("internal")},
    {romfs::layout::part("FLASH_TEXT", 0x0, 0x50000, romfs::layout::role::firmware),
     romfs::layout::part("FLASH_ROMFS", 0x50000, 128 * flash::KiB, romfs::layout::role::romfs),
     romfs::layout::part("FLASH_USER", 0x70000, 0x10000, romfs::layout::role::filesystem)});

/// PCA10056 (nRF52840, 1M).
inline constexpr auto pca10056 = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::nrf52<1 * flash::MiB>>("internal")},
    {romfs::layout::part("FLASH_TEXT", 0x0, 0xB0000, romfs::layout::role::firmware),
     romfs::layout::part("FLASH_ROMFS", 0xB0000, 256 * flash::KiB, romfs::layout::role::romfs),
     romfs::layout::part("FLASH_USER", 0xF0000, 0x10000, romfs::layout::role::filesystem)});

/// PCA10059 (nRF52840 dongle, open bootloader): MBR below the app, the
/// bootloader from 0xE0000.
inline constexpr auto pca10059 = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::nrf52<1 * flash::MiB>>("internal")},
    {romfs::layout::part("FLASH_MBR", 0x0, 0x1000, romfs::layout::role::bootloader),
     romfs::layout::part("FLASH_TEXT", 0x1000, 0x90000 - 0x1000, romfs::layout::role::firmware),
     romfs::layout::part("FLASH_ROMFS", 0x90000, 256 * flash::KiB, romfs::layout::role::romfs),
     romfs::layout::part("FLASH_USER", 0xD0000, 0x10000, romfs::layout::role::filesystem),
     romfs::layout::part("FLASH_BOOTLOADER", 0xE0000, 0x20000, romfs::layout::role::bootloader)});

/// PCA10090 (nRF9160, 1M): the secure partition manager below 0x8000.
inline constexpr auto pca10090 = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::nrf91<1 * flash::MiB>>("internal")},
    {romfs::layout::part("FLASH_SPM_BOOT", 0x0, 0x8000, romfs::layout::role::bootloader),
     romfs::layout::part("FLASH_TEXT", 0x8000, 0xAC000 - 0x8000, romfs::layout::role::firmware),
     romfs::layout::part("FLASH_ROMFS", 0xAC000, 256 * flash::KiB, romfs::layout::role::romfs),
     romfs::layout::part("FLASH_USER", 0xEC000, 0x14000, romfs::layout::role::filesystem)});

} // namespace romfs::boards
