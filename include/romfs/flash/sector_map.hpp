/// @file
/// Building blocks for flash policies: non-uniform erase-sector maps and the
/// common constants, so each family's policy is a few lines of numbers.
#pragma once

#include <cstdint>
#include <string_view>
#include <type_traits>

#include "../image/flash_traits.hpp"

namespace romfs::flash {

inline constexpr std::uint64_t KiB = 1024;        ///< 1024 bytes.
inline constexpr std::uint64_t MiB = 1024 * KiB;  ///< 1024 KiB.

/// `count` consecutive sectors of `size` bytes.
struct sector_run {
    address_t size = 0;   ///< Bytes per sector.
    address_t count = 0;  ///< Number of sectors.
};

/// A non-uniform erase map starting at `Base`: the runs in address order
/// (e.g. STM32F4: 4 x 16K, 1 x 64K, 7 x 128K). Addresses outside the map get
/// a one-byte "sector" so that alignment checks there pass and the
/// "inside the flash" rule is the one that reports them.
template <address_t Base, sector_run... Runs>
struct sector_map {
    /// Bytes covered by the map.
    static constexpr std::uint64_t size = ((std::uint64_t{Runs.size} * Runs.count) + ... + 0);
    /// The sector holding `address`.
    static constexpr sector sector_at(address_t address) noexcept {
        if (address < Base) return {address, 1};
        std::uint64_t start = Base;
        for (const sector_run& r : {Runs...}) {
            const std::uint64_t end = start + std::uint64_t{r.size} * r.count;
            if (address < end) {
                const std::uint64_t index = (address - start) / r.size;
                return {static_cast<address_t>(start + index * r.size), r.size};
            }
            start = end;
        }
        return {address, 1};
    }
};

/// Fixed-address, memory-mapped NOR flash needing erase: the common case.
/// `Sectors` supplies `sector_at` (uniform_sectors or sector_map).
template <address_t MappedBase, std::uint64_t MappedSize, address_t ProgramUnit, class Sectors>
struct mapped_nor : Sectors {
    static constexpr bool memory_mapped = true;                        ///< XIP: file views are spans.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed;   ///< Always at mapped_base.
    static constexpr address_t mapped_base = MappedBase;               ///< CPU address of flash offset 0.
    static constexpr std::uint64_t mapped_size = MappedSize;           ///< Bytes visible from mapped_base.
    static constexpr address_t program_unit = ProgramUnit;             ///< Smallest programmable unit.
    static constexpr std::uint8_t erased_value = 0xff;                 ///< Erased NOR reads 0xFF.
    static constexpr bool needs_erase = true;                          ///< NOR must be erased first.
    using Sectors::sector_at;
};

} // namespace romfs::flash
