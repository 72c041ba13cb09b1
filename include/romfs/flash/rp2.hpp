/// @file
/// Raspberry Pi RP2040 and RP2350: external QSPI flash through XIP at
/// 0x10000000, 4K sectors, 256-byte pages (offset and length multiples of
/// 256). Flash operations run with interrupts off.
#pragma once

#include "sector_map.hpp"

namespace romfs::flash {

/// RP2040 XIP flash.
template <std::uint64_t FlashSize = 2 * MiB>
struct rp2040 : mapped_nor<0x10000000, 16 * MiB, 256, uniform_sectors<4 * KiB>> {
    static constexpr std::string_view name = "rp2040"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the board.
};

/// RP2350 XIP flash.
template <std::uint64_t FlashSize = 4 * MiB>
struct rp2350 : mapped_nor<0x10000000, 32 * MiB, 256, uniform_sectors<4 * KiB>> {
    static constexpr std::string_view name = "rp2350"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the board.
};

} // namespace romfs::flash
