/// @file
/// What follows from a policy's erase map: alignment of a range, the sectors
/// erasing it touches, the largest of them. Used by the layout rules and the
/// deploy writer; the reader never needs it. Also the size units policies
/// are written in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "../traits/flash_traits.hpp"

namespace romfs::flash {

inline constexpr std::uint64_t KiB = 1024;        ///< 1024 bytes.
inline constexpr std::uint64_t MiB = 1024 * KiB;  ///< 1024 KiB.

} // namespace romfs::flash

namespace romfs {

/// The erase sector of `Traits` holding `address`.
template <flash_geometry Traits>
constexpr sector sector_at(address_t address) noexcept {
    return Traits::sectors.at(address);
}

/// True when [start, start + length) begins and ends on erase-sector
/// boundaries of `Traits` (always true for memory that needs no erase).
template <flash_geometry Traits>
constexpr bool is_erase_aligned(address_t start, std::uint64_t length) noexcept {
    if (!Traits::needs_erase) return true;
    if (Traits::sectors.at(start).start != start) return false;
    if (length == 0) return true;
    const std::uint64_t last = std::uint64_t{start} + length - 1;
    if (last > 0xffff'ffffu) return false;
    const sector s = Traits::sectors.at(static_cast<address_t>(last));
    return std::uint64_t{s.start} + s.size - 1 == last;
}

/// Calls `visit(sector)` for each erase sector that erasing
/// [start, start + length) touches, in address order; returns how many.
template <flash_geometry Traits, class Visit>
constexpr std::size_t for_each_sector(address_t start, std::uint64_t length, Visit&& visit) noexcept {
    if (!Traits::needs_erase || length == 0) return 0;
    std::size_t n = 0;
    const std::uint64_t end = std::uint64_t{start} + length;
    for (std::uint64_t a = start; a < end && a <= 0xffff'ffffu; ++n) {
        const sector s = Traits::sectors.at(static_cast<address_t>(a));
        if (s.size == 0) break; // a broken policy: never loop forever
        visit(s);
        a = std::uint64_t{s.start} + s.size;
    }
    return n;
}

/// The largest erase sector that erasing [start, start + length) touches:
/// what an erase/prepare API must report as its worst case. 0 for an empty
/// range or memory that needs no erase.
template <flash_geometry Traits>
constexpr address_t largest_sector(address_t start, std::uint64_t length) noexcept {
    address_t largest = 0;
    for_each_sector<Traits>(start, length, [&](const sector& s) {
        if (s.size > largest) largest = s.size;
    });
    return largest;
}

/// The sectors erasing [start, start + length) needs, written to `out`
/// (at most `out.size()`); returns how many there are in all.
template <flash_geometry Traits>
constexpr std::size_t sectors_to_erase(address_t start, std::uint64_t length, std::span<sector> out) noexcept {
    std::size_t i = 0;
    return for_each_sector<Traits>(start, length, [&](const sector& s) {
        if (i < out.size()) out[i] = s;
        ++i;
    });
}

} // namespace romfs
