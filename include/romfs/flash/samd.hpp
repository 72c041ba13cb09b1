/// @file
/// Microchip SAMD21 and SAMD51 internal flash at address 0.
#pragma once

#include <string_view>

#include "geometry.hpp"

namespace romfs::flash {

/// SAMD21: erased in 256-byte rows, programmed in 64-byte pages; an 8K
/// bootloader usually sits at 0.
template <std::uint64_t FlashSize = 256 * KiB>
struct samd21 {
    static constexpr std::string_view name = "samd21"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the part.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< Internal flash, always mapped.
    static constexpr address_t mapped_base = 0x00000000; ///< Flash is at address 0.
    static constexpr std::uint64_t mapped_size = FlashSize; ///< All of it.
    static constexpr address_t program_unit = 64; ///< 64-byte pages.
    static constexpr std::uint8_t erased_value = 0xff; ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true; ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(256); ///< 256-byte rows.
};

/// SAMD51: erased in 8K blocks, programmed in 512-byte pages; a 16K
/// bootloader usually sits at 0.
template <std::uint64_t FlashSize = 512 * KiB>
struct samd51 {
    static constexpr std::string_view name = "samd51"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the part.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< Internal flash, always mapped.
    static constexpr address_t mapped_base = 0x00000000; ///< Flash is at address 0.
    static constexpr std::uint64_t mapped_size = FlashSize; ///< All of it.
    static constexpr address_t program_unit = 512; ///< 512-byte pages.
    static constexpr std::uint8_t erased_value = 0xff; ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true; ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(8 * KiB); ///< 8K blocks.
};

} // namespace romfs::flash
