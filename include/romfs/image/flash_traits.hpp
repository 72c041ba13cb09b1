/// @file
/// The `flash_traits` concept: what a per-MCU-family flash policy provides,
/// and the in-memory policy used on hosts and in constant expressions.
///
/// A policy is a small struct of constants plus a `sector_at` function:
/// - `memory_mapped`: the CPU can read the partition through pointers (fixed
///   XIP window, or mapped at run time as on ESP32). File views are then spans
///   into flash. Otherwise the policy supplies `device_type` and a static
///   `read(device, address, out)` and file views are (offset, size) handles.
/// - `mapping`, `mapped_base`, `mapped_size`: where the flash that can hold a
///   ROMFS partition appears in the address space.
/// - `program_unit`, `erased_value`, `needs_erase`: write rules.
/// - `sector_at(address)`: the erase sector holding `address` (uniform or a
///   non-uniform map such as STM32F4's 16K/64K/128K).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

namespace romfs {

/// A CPU address or an offset in a flash device.
using address_t = std::uint32_t;

/// How a flash device appears in the CPU's address space.
enum class mapping : std::uint8_t {
    fixed,    ///< Always at `mapped_base` (internal flash, XIP windows).
    runtime,  ///< Mapped at run time (ESP32 MMU pages, host memory).
    none,     ///< Not mapped; read through a driver.
};

/// One erase sector: its first address and its size in bytes.
struct sector {
    address_t start = 0; ///< First address of the sector.
    address_t size = 0;  ///< Size in bytes (1 when the memory needs no erase).

    /// Equal when start and size are equal.
    friend constexpr bool operator==(const sector&, const sector&) = default;
};

/// The geometry half of a policy: constants and the erase map.
template <class T>
concept flash_geometry = requires(address_t a) {
    { T::memory_mapped } -> std::convertible_to<bool>;
    { T::mapping } -> std::convertible_to<romfs::mapping>;
    { T::mapped_base } -> std::convertible_to<address_t>;
    { T::mapped_size } -> std::convertible_to<std::uint64_t>;
    { T::program_unit } -> std::convertible_to<address_t>;
    { T::erased_value } -> std::convertible_to<std::uint8_t>;
    { T::needs_erase } -> std::convertible_to<bool>;
    { T::sector_at(a) } -> std::same_as<sector>;
};

/// A policy whose flash is read through a driver: `read` fills `out` from
/// device address `address` and returns false on failure.
template <class T>
concept driver_readable =
    requires(const typename T::device_type& device, address_t address, std::span<std::byte> out) {
        { T::read(device, address, out) } -> std::same_as<bool>;
    };

/// A complete flash policy usable by the reader.
template <class T>
concept flash_traits = flash_geometry<T> && (bool(T::memory_mapped) || driver_readable<T>);

/// Mix-in for policies with one erase-sector size everywhere.
template <address_t SectorSize>
struct uniform_sectors {
    static_assert(SectorSize > 0, "an erase sector has at least one byte");
    /// The sector holding `address`.
    static constexpr sector sector_at(address_t address) noexcept {
        return {static_cast<address_t>(address - address % SectorSize), SectorSize};
    }
};

/// Policy for an image in ordinary memory: host tools, tests, constant
/// expressions, RAM-resident images. No erase, byte-programmable.
struct host_traits : uniform_sectors<1> {
    static constexpr bool memory_mapped = true;                   ///< Pointers are valid.
    static constexpr romfs::mapping mapping = romfs::mapping::runtime; ///< Wherever the bytes are.
    static constexpr address_t mapped_base = 0;                   ///< Not meaningful for host memory.
    static constexpr std::uint64_t mapped_size = 0x1'0000'0000;   ///< The whole 32-bit space.
    static constexpr address_t program_unit = 1;                  ///< Any byte can be written.
    static constexpr std::uint8_t erased_value = 0xff;            ///< Convention for fresh partitions.
    static constexpr bool needs_erase = false;                    ///< RAM needs no erase.
};

/// True when [start, start + length) begins and ends on erase-sector
/// boundaries of `Traits` (always true for memory that needs no erase).
template <flash_geometry Traits>
constexpr bool is_erase_aligned(address_t start, std::uint64_t length) noexcept {
    if (!Traits::needs_erase) return true;
    if (Traits::sector_at(start).start != start) return false;
    if (length == 0) return true;
    const std::uint64_t last = std::uint64_t{start} + length - 1;
    if (last > 0xffff'ffffu) return false;
    const sector s = Traits::sector_at(static_cast<address_t>(last));
    return std::uint64_t{s.start} + s.size - 1 == last;
}

/// The largest erase sector that erasing [start, start + length) touches:
/// what an erase/prepare API must report as its worst case. 0 for an empty
/// range or memory that needs no erase.
template <flash_geometry Traits>
constexpr address_t largest_sector(address_t start, std::uint64_t length) noexcept {
    if (!Traits::needs_erase || length == 0) return 0;
    address_t largest = 0;
    const std::uint64_t end = std::uint64_t{start} + length;
    for (std::uint64_t a = start; a < end && a <= 0xffff'ffffu;) {
        const sector s = Traits::sector_at(static_cast<address_t>(a));
        if (s.size == 0) return 0; // a broken policy: never loop forever
        if (s.size > largest) largest = s.size;
        a = std::uint64_t{s.start} + s.size;
    }
    return largest;
}

/// Calls `visit(sector)` for each erase sector that erasing
/// [start, start + length) touches, in address order; returns how many.
template <flash_geometry Traits, class Visit>
constexpr std::size_t for_each_sector(address_t start, std::uint64_t length, Visit&& visit) noexcept {
    if (!Traits::needs_erase || length == 0) return 0;
    std::size_t n = 0;
    const std::uint64_t end = std::uint64_t{start} + length;
    for (std::uint64_t a = start; a < end && a <= 0xffff'ffffu; ++n) {
        const sector s = Traits::sector_at(static_cast<address_t>(a));
        if (s.size == 0) break; // a broken policy: never loop forever
        visit(s);
        a = std::uint64_t{s.start} + s.size;
    }
    return n;
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
