/// @file
/// Espressif boards: ESP32 with the 4 MiB "romfs" partition table, and the
/// ESP8266 2 MiB ROMFS variant.
#pragma once

#include "../flash/esp.hpp"
#include "../layout/layout.hpp"
#include "../layout/partition_table.hpp"

namespace romfs::boards {

/// The ESP32 4 MiB partition table with a ROMFS partition.
inline constexpr std::string_view esp32_romfs_partitions_csv =
    "# Name,   Type, SubType, Offset,   Size,     Flags\n"
    "nvs,      data, nvs,     0x9000,   0x6000,\n"
    "phy_init, data, phy,     0xf000,   0x1000,\n"
    "factory,  app,  factory, 0x10000,  0x1D0000,\n"
    "romfs,    data, 0x8f,    0x1E0000, 0x20000,\n"
    "vfs,      data, fat,     0x200000, 0x200000,\n";

/// ESP32 (4 MiB): the layout of `esp32_romfs_partitions_csv` on flash offsets.
inline constexpr auto esp32_4mib_romfs =
    romfs::layout::esp::table<>::parse(esp32_romfs_partitions_csv)->
        to_layout<8>(romfs::layout::flash_device<flash::esp32<4 * flash::MiB>>("spi"));

/// ESP8266 with 2 MiB flash, ROMFS variant: irom0 then ROMFS, both inside
/// the 1 MiB mapped window; the filesystem from flash offset 1 MiB (not
/// mapped), the last 20K kept for the SDK's parameters.
inline constexpr auto esp8266_2mib_romfs = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash::esp8266<2 * flash::MiB>>("spi")},
    {romfs::layout::part("FLASH_BOOT", 0x40200000, 0x9000, romfs::layout::role::firmware),
     romfs::layout::part("irom0_0_seg", 0x40209000, 0xA7000, romfs::layout::role::firmware),
     romfs::layout::part("FLASH_ROMFS", 0x402B0000, 320 * flash::KiB, romfs::layout::role::romfs),
     romfs::layout::part("FLASH_FS", 0x40300000, 1 * flash::MiB - 20 * flash::KiB, romfs::layout::role::filesystem),
     romfs::layout::part("FLASH_SDK_RESERVED", 0x403FB000, 20 * flash::KiB, romfs::layout::role::reserved)});

} // namespace romfs::boards
