/// @file
/// Microchip SAMD21 and SAMD51 internal flash at address 0.
#pragma once

#include "sector_map.hpp"

namespace romfs::flash {

/// SAMD21: erased in 256-byte rows, programmed in 64-byte pages; an 8K
/// bootloader usually sits at 0.
template <std::uint64_t FlashSize = 256 * KiB>
struct samd21 : mapped_nor<0x00000000, FlashSize, 64, uniform_sectors<256>> {
    static constexpr std::string_view name = "samd21"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the part.
};

/// SAMD51: erased in 8K blocks, programmed in 512-byte pages; a 16K
/// bootloader usually sits at 0.
template <std::uint64_t FlashSize = 512 * KiB>
struct samd51 : mapped_nor<0x00000000, FlashSize, 512, uniform_sectors<8 * KiB>> {
    static constexpr std::string_view name = "samd51"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the part.
};

} // namespace romfs::flash
