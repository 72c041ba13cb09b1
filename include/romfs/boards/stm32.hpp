/// @file
/// STM32 boards: PYBD_SF2 (STM32F722 + QSPI) and ARDUINO_GIGA (STM32H747 + QSPI).
#pragma once

#include "../flash/stm32.hpp"
#include "../layout/layout.hpp"

namespace romfs::boards {

/// PYBD_SF2: mboot in the first 32K of the F722's flash, the app after it;
/// external text in the first QSPI chip, ROMFS in the second (2 MiB mapped,
/// ending at 0x90200000). The writable filesystem is on a separate SPI flash
/// that is not mapped.
inline constexpr auto pybd_sf2 = layout::make_layout(
    {layout::flash_device<flash::stm32f72x>("internal"), layout::flash_device<flash::stm32_qspi<2 * flash::MiB>>("qspi")},
    {layout::part("FLASH", 0x08000000, 512 * flash::KiB, layout::role::other),
     layout::part("FLASH_BOOT", 0x08000000, 32 * flash::KiB, layout::role::bootloader),
     layout::part("FLASH_APP", 0x08008000, 480 * flash::KiB, layout::role::firmware),
     layout::part("FLASH_EXT", 0x90000000, 1 * flash::MiB, layout::role::firmware),
     layout::part("FLASH_ROMFS", 0x90100000, 1 * flash::MiB, layout::role::romfs)});

/// ARDUINO_GIGA: the Arduino bootloader in the first 256K, the app after it;
/// 16 MiB QSPI holding the filesystem, ROMFS and the radio firmware.
inline constexpr auto arduino_giga = layout::make_layout(
    {layout::flash_device<flash::stm32h7<2 * flash::MiB>>("internal"), layout::flash_device<flash::stm32_qspi<16 * flash::MiB>>("qspi")},
    {layout::part("FLASH", 0x08000000, 2 * flash::MiB, layout::role::other),
     layout::part("FLASH_BOOT", 0x08000000, 256 * flash::KiB, layout::role::bootloader),
     layout::part("FLASH_APP", 0x08040000, 1280 * flash::KiB, layout::role::firmware),
     layout::part("FLASH_FS", 0x90000000, 0xB00000, layout::role::filesystem),
     layout::part("FLASH_ROMFS", 0x90B00000, 4 * flash::MiB, layout::role::romfs),
     layout::part("FLASH_RADIO", 0x90F00000, 1 * flash::MiB, layout::role::reserved)});

} // namespace romfs::boards
