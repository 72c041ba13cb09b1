/// @file
/// NXP i.MX RT FlexSPI flash: serial NOR (4K sectors) and HyperFlash
/// (256K sectors, larger than a typical ROMFS). The mapped base depends on
/// the chip: 0x60000000 (RT10xx), 0x70000000 (RT1064 internal), 0x30000000
/// (RT1176).
#pragma once

#include <string_view>

#include "geometry.hpp"

namespace romfs::flash {

/// i.MX RT FlexSPI serial NOR.
template <address_t Base = 0x60000000, std::uint64_t FlashSize = 8 * MiB>
struct imxrt_nor {
    static constexpr std::string_view name = "imxrt-nor"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the board.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< FlexSPI AHB window.
    static constexpr address_t mapped_base = Base; ///< CPU address of flash offset 0.
    static constexpr std::uint64_t mapped_size = 256 * MiB; ///< The FlexSPI window.
    static constexpr address_t program_unit = 1; ///< Page program, any length.
    static constexpr std::uint8_t erased_value = 0xff; ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true; ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(4 * KiB); ///< 4K sectors.
};

/// i.MX RT FlexSPI HyperFlash: 256K sectors, 512-byte pages.
template <address_t Base = 0x60000000, std::uint64_t FlashSize = 64 * MiB>
struct imxrt_hyperflash {
    static constexpr std::string_view name = "imxrt-hyperflash"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the board.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< FlexSPI AHB window.
    static constexpr address_t mapped_base = Base; ///< CPU address of flash offset 0.
    static constexpr std::uint64_t mapped_size = 256 * MiB; ///< The FlexSPI window.
    static constexpr address_t program_unit = 512; ///< 512-byte pages.
    static constexpr std::uint8_t erased_value = 0xff; ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true; ///< NOR must be erased first.
    static constexpr erase_map sectors = erase_map::uniform(256 * KiB); ///< 256K sectors.
};

} // namespace romfs::flash
