/// @file
/// STM32 flash policies: internal flash of F4, F72x/F73x, F76x/F77x, H7,
/// the paged families (G0/G4/L4/WB/WL), and external QSPI/OSPI/XSPI NOR.
#pragma once

#include <string_view>

#include "geometry.hpp"

namespace romfs::flash {

/// STM32F4 internal flash: 4 x 16K, 1 x 64K, then 128K sectors (7 on 1 MB
/// parts); 2 MB parts repeat the map for bank 2 at 0x08100000. Erase/prepare
/// must budget for the largest sector (128K).
template <std::uint64_t FlashSize = 1 * MiB>
struct stm32f4 {
    static_assert(FlashSize == 512 * KiB || FlashSize == 1 * MiB || FlashSize == 2 * MiB,
                  "STM32F4 parts have 512 KB, 1 MB or 2 MB of flash");
    static constexpr std::string_view name = "stm32f4";               ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize;            ///< Bytes of flash on the part.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed;  ///< Internal flash, always mapped.
    static constexpr address_t mapped_base = 0x08000000;              ///< CPU address of flash offset 0.
    static constexpr std::uint64_t mapped_size = FlashSize;           ///< All of it.
    static constexpr address_t program_unit = 4;                      ///< Word programming.
    static constexpr std::uint8_t erased_value = 0xff;                ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true;                         ///< NOR must be erased first.
    /// The erase map (bank 2 of a 2 MB part repeats bank 1's).
    static constexpr erase_map sectors =
        FlashSize > 1 * MiB
            ? erase_map::of(0x08000000, {{16 * KiB, 4}, {64 * KiB, 1}, {128 * KiB, 7}, {16 * KiB, 4}, {64 * KiB, 1},
                                         {128 * KiB, 7}})
            : erase_map::of(0x08000000, {{16 * KiB, 4}, {64 * KiB, 1},
                                         {128 * KiB, static_cast<address_t>((FlashSize - 128 * KiB) / (128 * KiB))}});
};

/// STM32F72x/F73x internal flash (512 KB): 4 x 16K, 1 x 64K, 3 x 128K.
struct stm32f72x {
    static constexpr std::string_view name = "stm32f72x";             ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = 512 * KiB;            ///< Bytes of flash on the part.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed;  ///< Internal flash, always mapped.
    static constexpr address_t mapped_base = 0x08000000;              ///< CPU address of flash offset 0.
    static constexpr std::uint64_t mapped_size = 512 * KiB;           ///< All of it.
    static constexpr address_t program_unit = 4;                      ///< Word programming.
    static constexpr std::uint8_t erased_value = 0xff;                ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true;                         ///< NOR must be erased first.
    /// The erase map.
    static constexpr erase_map sectors = erase_map::of(0x08000000, {{16 * KiB, 4}, {64 * KiB, 1}, {128 * KiB, 3}});
};

/// STM32F76x/F77x internal flash: 4 x 32K, 1 x 128K, then 256K sectors
/// (3 on 1 MB parts, 7 on 2 MB parts).
template <std::uint64_t FlashSize = 2 * MiB>
struct stm32f76x {
    static_assert(FlashSize == 1 * MiB || FlashSize == 2 * MiB, "STM32F76x parts have 1 MB or 2 MB of flash");
    static constexpr std::string_view name = "stm32f76x";             ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize;            ///< Bytes of flash on the part.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed;  ///< Internal flash, always mapped.
    static constexpr address_t mapped_base = 0x08000000;              ///< CPU address of flash offset 0.
    static constexpr std::uint64_t mapped_size = FlashSize;           ///< All of it.
    static constexpr address_t program_unit = 4;                      ///< Word programming.
    static constexpr std::uint8_t erased_value = 0xff;                ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true;                         ///< NOR must be erased first.
    /// The erase map.
    static constexpr erase_map sectors = erase_map::of(
        0x08000000,
        {{32 * KiB, 4}, {128 * KiB, 1}, {256 * KiB, static_cast<address_t>((FlashSize - 256 * KiB) / (256 * KiB))}});
};

/// STM32H7 internal flash: uniform sectors (128K, 16 per bank; H7A3/B3: 8K),
/// programmed in 32-byte flash words (H7A3/B3: 16); a partial last word is
/// padded with 0xFF.
template <std::uint64_t FlashSize = 2 * MiB, address_t SectorSize = 128 * KiB, address_t FlashWord = 32>
struct stm32h7 {
    static constexpr std::string_view name = "stm32h7";                    ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize;                 ///< Bytes of flash on the part.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed;       ///< Internal flash, always mapped.
    static constexpr address_t mapped_base = 0x08000000;                   ///< CPU address of flash offset 0.
    static constexpr std::uint64_t mapped_size = FlashSize;                ///< All of it.
    static constexpr address_t program_unit = FlashWord;                   ///< One flash word.
    static constexpr std::uint8_t erased_value = 0xff;                     ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true;                              ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(SectorSize);   ///< Uniform sectors.
};

/// STM32 G0/G4/L4/WB/WL internal flash: uniform pages (2K or 4K by part),
/// programmed in 8-byte double words.
template <std::uint64_t FlashSize = 512 * KiB, address_t PageSize = 2 * KiB>
struct stm32_paged {
    static_assert(PageSize == 2 * KiB || PageSize == 4 * KiB, "STM32 paged flash has 2K or 4K pages");
    static constexpr std::string_view name = "stm32-paged";              ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize;               ///< Bytes of flash on the part.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed;     ///< Internal flash, always mapped.
    static constexpr address_t mapped_base = 0x08000000;                 ///< CPU address of flash offset 0.
    static constexpr std::uint64_t mapped_size = FlashSize;              ///< All of it.
    static constexpr address_t program_unit = 8;                         ///< Double-word programming.
    static constexpr std::uint8_t erased_value = 0xff;                   ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true;                            ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(PageSize);   ///< Uniform pages.
};

/// External QSPI/OSPI NOR on STM32: mapped at 0x90000000 (window up to
/// 0xA0000000) only while the bus is in memory-mapped mode; 4K sectors.
/// Caches must be invalidated after writing.
template <std::uint64_t FlashSize = 16 * MiB>
struct stm32_qspi {
    static constexpr std::string_view name = "stm32-qspi";               ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize;               ///< Bytes of flash on the chip(s).
    static constexpr romfs::mapping mapping = romfs::mapping::fixed;     ///< Memory-mapped mode.
    static constexpr address_t mapped_base = 0x90000000;                 ///< Start of the window.
    static constexpr std::uint64_t mapped_size = 256 * MiB;              ///< The window.
    static constexpr address_t program_unit = 1;                         ///< Page program, any length.
    static constexpr std::uint8_t erased_value = 0xff;                   ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true;                            ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(4 * KiB);    ///< 4K sectors.
};

/// STM32N6 XSPI2 external NOR at 0x70000000, 4K sectors.
template <std::uint64_t FlashSize = 64 * MiB>
struct stm32n6_xspi {
    static constexpr std::string_view name = "stm32n6-xspi";             ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize;               ///< Bytes of flash on the chip.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed;     ///< Memory-mapped mode.
    static constexpr address_t mapped_base = 0x70000000;                 ///< Start of the window.
    static constexpr std::uint64_t mapped_size = 256 * MiB;              ///< The window.
    static constexpr address_t program_unit = 1;                         ///< Page program, any length.
    static constexpr std::uint8_t erased_value = 0xff;                   ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true;                            ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(4 * KiB);    ///< 4K sectors.
};

} // namespace romfs::flash
