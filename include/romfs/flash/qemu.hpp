/// @file
/// QEMU boards: RAM standing in for flash, read-only in the emulator.
#pragma once

#include <string_view>

#include "geometry.hpp"

namespace romfs::flash {

/// RAM at `Base` standing in for flash (e.g. MPS2-AN385: 0x21000000).
template <address_t Base = 0x21000000, std::uint64_t Size = 16 * MiB>
struct qemu {
    static constexpr std::string_view name = "qemu"; ///< Family name (CLI --family).
    static constexpr std::uint64_t flash_size = Size; ///< Bytes standing in for flash.
    static constexpr romfs::mapping mapping = romfs::mapping::fixed; ///< At Base.
    static constexpr address_t mapped_base = Base; ///< Where the RAM is.
    static constexpr std::uint64_t mapped_size = Size; ///< How much of it.
    static constexpr address_t program_unit = 1; ///< n/a: any byte.
    static constexpr std::uint8_t erased_value = 0xff; ///< Value of fresh partitions.
    static constexpr bool needs_erase = false; ///< RAM.
    static constexpr erase_map sectors = erase_map::uniform(1); ///< No erase: byte "sectors".
};

} // namespace romfs::flash
