/// @file
/// Nordic nRF51, nRF52 and nRF91 internal flash at address 0, programmed in
/// 4-byte words.
#pragma once

#include "sector_map.hpp"

namespace romfs::flash {

/// nRF51: 1K pages.
template <std::uint64_t FlashSize = 256 * KiB>
struct nrf51 : mapped_nor<0x00000000, FlashSize, 4, uniform_sectors<1 * KiB>> {
    static constexpr std::string_view name = "nrf51"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the part.
};

/// nRF52 (nRF52832: 512K, nRF52840: 1M): 4K pages; a word may be written
/// only a limited number of times between erases.
template <std::uint64_t FlashSize = 512 * KiB>
struct nrf52 : mapped_nor<0x00000000, FlashSize, 4, uniform_sectors<4 * KiB>> {
    static constexpr std::string_view name = "nrf52"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the part.
};

/// nRF91 (nRF9160: 1M): 4K pages.
template <std::uint64_t FlashSize = 1 * MiB>
struct nrf91 : mapped_nor<0x00000000, FlashSize, 4, uniform_sectors<4 * KiB>> {
    static constexpr std::string_view name = "nrf91"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the part.
};

} // namespace romfs::flash
