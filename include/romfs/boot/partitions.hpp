/// @file
/// ROM partitions from the linker symbols MicroPython's ports define:
/// `_micropy_hw_romfs_partN_start` (its address is the partition's start)
/// and `_micropy_hw_romfs_partN_size` (its address is the size), for
/// partitions 0 and 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

/// @cond INTERNAL
// Weak: a firmware whose linker script defines no part1 links, and its
// part1 is empty (a weak undefined symbol's address is 0).
extern "C" {
[[gnu::weak]] extern const std::byte _micropy_hw_romfs_part0_start[];
[[gnu::weak]] extern const std::byte _micropy_hw_romfs_part0_size[];
[[gnu::weak]] extern const std::byte _micropy_hw_romfs_part1_start[];
[[gnu::weak]] extern const std::byte _micropy_hw_romfs_part1_size[];
}
/// @endcond

namespace romfs::boot {

/// The bytes of a partition given by a start symbol and a size symbol whose
/// address is the size (as MicroPython's linker scripts define them).
inline std::span<const std::byte> partition(const std::byte* start_symbol, const std::byte* size_symbol) noexcept {
    if (start_symbol == nullptr) return {};
    return {start_symbol, static_cast<std::size_t>(reinterpret_cast<std::uintptr_t>(size_symbol))};
}

/// ROMFS partition `index` (0 or 1) from the `_micropy_hw_romfs_partN_*`
/// symbols; empty when the link defines none (or for another index), so
/// mounting it fails cleanly.
inline std::span<const std::byte> linker_partition(std::size_t index) noexcept {
    switch (index) {
    case 0: return partition(_micropy_hw_romfs_part0_start, _micropy_hw_romfs_part0_size);
    case 1: return partition(_micropy_hw_romfs_part1_start, _micropy_hw_romfs_part1_size);
    default: return {};
    }
}

} // namespace romfs::boot
