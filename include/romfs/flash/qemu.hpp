/// @file
/// QEMU boards: RAM standing in for flash, read-only in the emulator.
#pragma once

#include "sector_map.hpp"

namespace romfs::flash {

/// RAM at `Base` standing in for flash (e.g. MPS2-AN385: 0x21000000).
template <address_t Base = 0x21000000, std::uint64_t Size = 16 * MiB>
struct qemu : uniform_sectors<1> {
    static constexpr std::string_view name = "qemu";                 ///< Family name (CLI --family).
    static constexpr bool memory_mapped = true;                       ///< File views are spans.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed;  ///< At Base.
    static constexpr address_t mapped_base = Base;                    ///< Where the RAM is.
    static constexpr std::uint64_t mapped_size = Size;                ///< How much of it.
    static constexpr address_t program_unit = 1;                      ///< n/a: any byte.
    static constexpr std::uint8_t erased_value = 0xff;                ///< Convention.
    static constexpr bool needs_erase = false;                        ///< RAM.
    static constexpr std::uint64_t flash_size = Size;                 ///< Bytes standing in for flash.
};

} // namespace romfs::flash
