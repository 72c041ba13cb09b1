/// @file
/// STM32 flash policies: internal flash of F4, F72x/F73x, F76x/F77x, H7,
/// the paged families (G0/G4/L4/WB/WL), and external QSPI/OSPI/XSPI NOR.
#pragma once

#include "sector_map.hpp"

namespace romfs::flash {

/// STM32F4 internal flash: 4 x 16K, 1 x 64K, then 128K sectors (7 on 1 MB
/// parts); 2 MB parts repeat the map for bank 2 at 0x08100000. Erase/prepare
/// must budget for the largest sector (128K).
template <std::uint64_t FlashSize = 1 * MiB>
struct stm32f4
    : mapped_nor<0x08000000, FlashSize, 4,
                 std::conditional_t<(FlashSize > 1 * MiB),
                                    sector_map<0x08000000, sector_run{16 * KiB, 4}, sector_run{64 * KiB, 1},
                                               sector_run{128 * KiB, 7}, sector_run{16 * KiB, 4},
                                               sector_run{64 * KiB, 1}, sector_run{128 * KiB, 7}>,
                                    sector_map<0x08000000, sector_run{16 * KiB, 4}, sector_run{64 * KiB, 1},
                                               sector_run{128 * KiB, (FlashSize - 128 * KiB) / (128 * KiB)}>>> {
    static_assert(FlashSize == 512 * KiB || FlashSize == 1 * MiB || FlashSize == 2 * MiB,
                  "STM32F4 parts have 512 KB, 1 MB or 2 MB of flash");
    static constexpr std::string_view name = "stm32f4"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the part.
};

/// STM32F72x/F73x internal flash (512 KB): 4 x 16K, 1 x 64K, 3 x 128K.
struct stm32f72x
    : mapped_nor<0x08000000, 512 * KiB, 4,
                 sector_map<0x08000000, sector_run{16 * KiB, 4}, sector_run{64 * KiB, 1}, sector_run{128 * KiB, 3}>> {
    static constexpr std::string_view name = "stm32f72x"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = 512 * KiB; ///< Bytes of flash on the part.
};

/// STM32F76x/F77x internal flash: 4 x 32K, 1 x 128K, then 256K sectors
/// (3 on 1 MB parts, 7 on 2 MB parts).
template <std::uint64_t FlashSize = 2 * MiB>
struct stm32f76x
    : mapped_nor<0x08000000, FlashSize, 4,
                 sector_map<0x08000000, sector_run{32 * KiB, 4}, sector_run{128 * KiB, 1},
                            sector_run{256 * KiB, (FlashSize - 256 * KiB) / (256 * KiB)}>> {
    static_assert(FlashSize == 1 * MiB || FlashSize == 2 * MiB, "STM32F76x parts have 1 MB or 2 MB of flash");
    static constexpr std::string_view name = "stm32f76x"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the part.
};

/// STM32H7 internal flash: uniform sectors (128K, 16 per bank; H7A3/B3: 8K),
/// programmed in 32-byte flash words (H7A3/B3: 16); a partial last word is
/// padded with 0xFF.
template <std::uint64_t FlashSize = 2 * MiB, address_t SectorSize = 128 * KiB, address_t FlashWord = 32>
struct stm32h7 : mapped_nor<0x08000000, FlashSize, FlashWord, uniform_sectors<SectorSize>> {
    static constexpr std::string_view name = "stm32h7"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the part.
};

/// STM32 G0/G4/L4/WB/WL internal flash: uniform pages (2K or 4K by part),
/// programmed in 8-byte double words.
template <std::uint64_t FlashSize = 512 * KiB, address_t PageSize = 2 * KiB>
struct stm32_paged : mapped_nor<0x08000000, FlashSize, 8, uniform_sectors<PageSize>> {
    static_assert(PageSize == 2 * KiB || PageSize == 4 * KiB, "STM32 paged flash has 2K or 4K pages");
    static constexpr std::string_view name = "stm32-paged"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the part.
};

/// External QSPI/OSPI NOR on STM32: mapped at 0x90000000 (window up to
/// 0xA0000000) only while the bus is in memory-mapped mode; 4K sectors.
/// Caches must be invalidated after writing.
template <std::uint64_t FlashSize = 16 * MiB>
struct stm32_qspi : mapped_nor<0x90000000, 256 * MiB, 1, uniform_sectors<4 * KiB>> {
    static constexpr std::string_view name = "stm32-qspi"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the chip(s).
};

/// STM32N6 XSPI2 external NOR at 0x70000000, 4K sectors.
template <std::uint64_t FlashSize = 64 * MiB>
struct stm32n6_xspi : mapped_nor<0x70000000, 256 * MiB, 1, uniform_sectors<4 * KiB>> {
    static constexpr std::string_view name = "stm32n6-xspi"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the chip.
};

} // namespace romfs::flash
