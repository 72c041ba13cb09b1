/// @file
/// Raspberry Pi RP2040 and RP2350: external QSPI flash through XIP at
/// 0x10000000, 4K sectors, 256-byte pages (offset and length multiples of
/// 256). Flash operations run with interrupts off.
#pragma once

#include <string_view>

#include "geometry.hpp"

namespace romfs::flash {

/// RP2040 XIP flash.
template <std::uint64_t FlashSize = 2 * MiB>
struct rp2040 {
    static constexpr std::string_view name = "rp2040"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the board.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< XIP window.
    static constexpr address_t mapped_base = 0x10000000; ///< CPU address of flash offset 0.
    static constexpr std::uint64_t mapped_size = 16 * MiB; ///< The XIP window.
    static constexpr address_t program_unit = 256; ///< 256-byte pages.
    static constexpr std::uint8_t erased_value = 0xff; ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true; ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(4 * KiB); ///< 4K sectors.
};

/// RP2350 XIP flash.
template <std::uint64_t FlashSize = 4 * MiB>
struct rp2350 {
    static constexpr std::string_view name = "rp2350"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the board.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< XIP window.
    static constexpr address_t mapped_base = 0x10000000; ///< CPU address of flash offset 0.
    static constexpr std::uint64_t mapped_size = 32 * MiB; ///< The XIP window.
    static constexpr address_t program_unit = 256; ///< 256-byte pages.
    static constexpr std::uint8_t erased_value = 0xff; ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true; ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(4 * KiB); ///< 4K sectors.
};

} // namespace romfs::flash
