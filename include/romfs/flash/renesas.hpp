/// @file
/// Renesas RA code flash at address 0.
#pragma once

#include "sector_map.hpp"

namespace romfs::flash {

/// RA4 (RA4M1, RA4W1): 2K blocks, 8-byte programming.
template <std::uint64_t FlashSize = 256 * KiB>
struct renesas_ra4 : mapped_nor<0x00000000, FlashSize, 8, uniform_sectors<2 * KiB>> {
    static constexpr std::string_view name = "renesas-ra4"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of code flash.
};

/// RA6 (RA6M1/M2/M3/M5): 8K blocks below 0x10000, 32K above; 128-byte
/// programming. ROMFS and filesystem start/length must be multiples of the
/// block size at their address.
template <std::uint64_t FlashSize = 1 * MiB>
struct renesas_ra6
    : mapped_nor<0x00000000, FlashSize, 128,
                 sector_map<0x00000000, sector_run{8 * KiB, 8},
                            sector_run{32 * KiB, (FlashSize - 64 * KiB) / (32 * KiB)}>> {
    static constexpr std::string_view name = "renesas-ra6"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of code flash.
};

} // namespace romfs::flash
