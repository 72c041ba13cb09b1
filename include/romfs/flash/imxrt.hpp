/// @file
/// NXP i.MX RT FlexSPI flash: serial NOR (4K sectors) and HyperFlash
/// (256K sectors, larger than a typical ROMFS). The mapped base depends on
/// the chip: 0x60000000 (RT10xx), 0x70000000 (RT1064 internal), 0x30000000
/// (RT1176).
#pragma once

#include "sector_map.hpp"

namespace romfs::flash {

/// i.MX RT FlexSPI serial NOR.
template <address_t Base = 0x60000000, std::uint64_t FlashSize = 8 * MiB>
struct imxrt_nor : mapped_nor<Base, 256 * MiB, 1, uniform_sectors<4 * KiB>> {
    static constexpr std::string_view name = "imxrt-nor"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the board.
};

/// i.MX RT FlexSPI HyperFlash: 256K sectors, 512-byte pages.
template <address_t Base = 0x60000000, std::uint64_t FlashSize = 64 * MiB>
struct imxrt_hyperflash : mapped_nor<Base, 256 * MiB, 512, uniform_sectors<256 * KiB>> {
    static constexpr std::string_view name = "imxrt-hyperflash"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = FlashSize; ///< Bytes of flash on the board.
};

} // namespace romfs::flash
