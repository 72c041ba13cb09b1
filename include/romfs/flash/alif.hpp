/// @file
/// Alif Ensemble: MRAM (no erase) and OSPI NOR.
#pragma once

#include <string_view>

#include "geometry.hpp"

namespace romfs::flash {

/// Alif Ensemble MRAM at 0x80000000: needs no erase; 16-byte programming.
template <std::uint64_t Size = 4 * MiB>
struct alif_mram {
    static constexpr std::string_view name = "alif-mram"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = Size; ///< Bytes of MRAM.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< Always mapped.
    static constexpr address_t mapped_base = 0x80000000; ///< CPU address of MRAM.
    static constexpr std::uint64_t mapped_size = Size; ///< All of it.
    static constexpr address_t program_unit = 16; ///< 128-bit writes.
    static constexpr std::uint8_t erased_value = 0xff; ///< Value of fresh partitions.
    static constexpr bool needs_erase = false; ///< MRAM writes in place.
    static constexpr erase_map sectors = erase_map::uniform(1); ///< No erase: byte "sectors".
};

/// Alif Ensemble OSPI NOR: OSPI0 at 0xA0000000, OSPI1 at 0xC0000000; 4K sectors.
template <address_t Base = 0xC0000000, std::uint64_t FlashSize = 32 * MiB>
struct alif_ospi {
    static constexpr std::string_view name = "alif-ospi"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the chip.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< XIP window.
    static constexpr address_t mapped_base = Base; ///< CPU address of flash offset 0.
    static constexpr std::uint64_t mapped_size = 512 * MiB; ///< The OSPI window.
    static constexpr address_t program_unit = 1; ///< Page program, any length.
    static constexpr std::uint8_t erased_value = 0xff; ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true; ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(4 * KiB); ///< 4K sectors.
};

} // namespace romfs::flash
