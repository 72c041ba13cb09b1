/// @file
/// Nordic nRF51, nRF52 and nRF91 internal flash at address 0, programmed in
/// 4-byte words.
#pragma once

#include <string_view>

#include "geometry.hpp"

namespace romfs::flash {

/// nRF51: 1K pages.
template <std::uint64_t FlashSize = 256 * KiB>
struct nrf51 {
    static constexpr std::string_view name = "nrf51"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the part.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< Internal flash, always mapped.
    static constexpr address_t mapped_base = 0x00000000; ///< Flash is at address 0.
    static constexpr std::uint64_t mapped_size = FlashSize; ///< All of it.
    static constexpr address_t program_unit = 4; ///< Word programming.
    static constexpr std::uint8_t erased_value = 0xff; ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true; ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(1 * KiB); ///< 1K pages.
};

/// nRF52 (nRF52832: 512K, nRF52840: 1M): 4K pages; a word may be written
/// only a limited number of times between erases.
template <std::uint64_t FlashSize = 512 * KiB>
struct nrf52 {
    static constexpr std::string_view name = "nrf52"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the part.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< Internal flash, always mapped.
    static constexpr address_t mapped_base = 0x00000000; ///< Flash is at address 0.
    static constexpr std::uint64_t mapped_size = FlashSize; ///< All of it.
    static constexpr address_t program_unit = 4; ///< Word programming.
    static constexpr std::uint8_t erased_value = 0xff; ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true; ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(4 * KiB); ///< 4K pages.
};

/// nRF91 (nRF9160: 1M): 4K pages.
template <std::uint64_t FlashSize = 1 * MiB>
struct nrf91 {
    static constexpr std::string_view name = "nrf91"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the part.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< Internal flash, always mapped.
    static constexpr address_t mapped_base = 0x00000000; ///< Flash is at address 0.
    static constexpr std::uint64_t mapped_size = FlashSize; ///< All of it.
    static constexpr address_t program_unit = 4; ///< Word programming.
    static constexpr std::uint8_t erased_value = 0xff; ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true; ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(4 * KiB); ///< 4K pages.
};

} // namespace romfs::flash
