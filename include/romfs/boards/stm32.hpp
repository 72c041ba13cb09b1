/// @file
/// STM32 boards: PYBD_SF2 (STM32F722 + QSPI) and ARDUINO_GIGA (STM32H747 + QSPI).
#pragma once

#include "../flash/stm32.hpp"
#include "../layout/layout.hpp"

namespace romfs::boards {

using namespace romfs::flash;
using romfs::layout::flash_device;
using romfs::layout::make_layout;
using romfs::layout::part;
using romfs::layout::role;

/// PYBD_SF2: mboot in the first 32K of the F722's flash, the app after it;
/// external text in the first QSPI chip, ROMFS in the second (2 MiB mapped,
/// ending at 0x90200000). The writable filesystem is on a separate SPI flash
/// that is not mapped.
inline constexpr auto pybd_sf2 = make_layout(
    {flash_device<stm32f72x>("internal"), flash_device<stm32_qspi<2 * MiB>>("qspi")},
    {part("FLASH", 0x08000000, 512 * KiB, role::other),
     part("FLASH_BOOT", 0x08000000, 32 * KiB, role::bootloader),
     part("FLASH_APP", 0x08008000, 480 * KiB, role::firmware),
     part("FLASH_EXT", 0x90000000, 1 * MiB, role::firmware),
     part("FLASH_ROMFS", 0x90100000, 1 * MiB, role::romfs)});

/// ARDUINO_GIGA: the Arduino bootloader in the first 256K, the app after it;
/// 16 MiB QSPI holding the filesystem, ROMFS and the radio firmware.
inline constexpr auto arduino_giga = make_layout(
    {flash_device<stm32h7<2 * MiB>>("internal"), flash_device<stm32_qspi<16 * MiB>>("qspi")},
    {part("FLASH", 0x08000000, 2 * MiB, role::other),
     part("FLASH_BOOT", 0x08000000, 256 * KiB, role::bootloader),
     part("FLASH_APP", 0x08040000, 1280 * KiB, role::firmware),
     part("FLASH_FS", 0x90000000, 0xB00000, role::filesystem),
     part("FLASH_ROMFS", 0x90B00000, 4 * MiB, role::romfs),
     part("FLASH_RADIO", 0x90F00000, 1 * MiB, role::reserved)});

} // namespace romfs::boards
