/// @file
/// Renesas RA code flash at address 0.
#pragma once

#include <string_view>

#include "geometry.hpp"

namespace romfs::flash {

/// RA4 (RA4M1, RA4W1): 2K blocks, 8-byte programming.
template <std::uint64_t FlashSize = 256 * KiB>
struct renesas_ra4 {
    static constexpr std::string_view name = "renesas-ra4"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of code flash.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< Code flash, always mapped.
    static constexpr address_t mapped_base = 0x00000000; ///< Flash is at address 0.
    static constexpr std::uint64_t mapped_size = FlashSize; ///< All of it.
    static constexpr address_t program_unit = 8; ///< 8-byte programming.
    static constexpr std::uint8_t erased_value = 0xff; ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true; ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(2 * KiB); ///< 2K blocks.
};

/// RA6 (RA6M1/M2/M3/M5): 8K blocks below 0x10000, 32K above; 128-byte
/// programming. ROMFS and filesystem start/length must be multiples of the
/// block size at their address.
template <std::uint64_t FlashSize = 1 * MiB>
struct renesas_ra6 {
    static constexpr std::string_view name = "renesas-ra6"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of code flash.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< Code flash, always mapped.
    static constexpr address_t mapped_base = 0x00000000; ///< Flash is at address 0.
    static constexpr std::uint64_t mapped_size = FlashSize; ///< All of it.
    static constexpr address_t program_unit = 128; ///< 128-byte programming.
    static constexpr std::uint8_t erased_value = 0xff; ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true; ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::of(0x00000000, {{8 * KiB, 8}, {32 * KiB, static_cast<address_t>((FlashSize - 64 * KiB) / (32 * KiB))}}); ///< 8K then 32K blocks.
};

} // namespace romfs::flash
