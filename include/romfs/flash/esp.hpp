/// @file
/// Espressif ESP32 family and ESP8266.
#pragma once

#include <string_view>

#include "geometry.hpp"

namespace romfs::flash {

/// ESP32 family: no fixed address; a partition is mapped at run time
/// through the MMU in 64K pages. Addresses here are flash offsets. The ROMFS
/// partition is the data partition labelled `romfs` in the partition table,
/// at a 64K-aligned offset. 4K sectors; 1-byte programming (16 with flash
/// encryption).
template <std::uint64_t FlashSize = 4 * MiB, address_t ProgramUnit = 1>
struct esp32 {
    static constexpr std::string_view name = "esp32"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the module.
    static constexpr romfs::mapping mapping = romfs::mapping::runtime; ///< Mapped by the MMU at run time.
    static constexpr address_t mapped_base = 0; ///< Addresses are flash offsets.
    static constexpr std::uint64_t mapped_size = FlashSize; ///< Any part of flash can be mapped.
    static constexpr address_t program_unit = ProgramUnit; ///< 1, or 16 with flash encryption.
    static constexpr std::uint8_t erased_value = 0xff; ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true; ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(4 * KiB); ///< 4K sectors.
    static constexpr address_t mmu_page = 64 * KiB; ///< A mapped partition starts on an MMU page.
};

/// ESP8266: flash appears at 0x40200000, but only its first 1 MiB is mapped,
/// so a ROMFS partition must end by 0x40300000. 4K sectors; writes need
/// 4-byte-aligned address, length and source.
template <std::uint64_t FlashSize = 2 * MiB>
struct esp8266 {
    static constexpr std::string_view name = "esp8266"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the module.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< Always mapped.
    static constexpr address_t mapped_base = 0x40200000; ///< CPU address of flash offset 0.
    static constexpr std::uint64_t mapped_size = 1 * MiB; ///< Only the first 1 MiB is mapped.
    static constexpr address_t program_unit = 4; ///< 4-byte writes.
    static constexpr std::uint8_t erased_value = 0xff; ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true; ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(4 * KiB); ///< 4K sectors.
};

} // namespace romfs::flash
