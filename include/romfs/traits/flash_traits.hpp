/// @file
/// The `flash_traits` concept: what a per-MCU-family flash policy provides,
/// the erase-map constant type policies are written with, and the in-memory
/// policy used on hosts and in constant expressions. The bottom of the stack
/// beside `format/`: the reader needs it, and it needs nothing.
///
/// A policy is a plain struct of constants:
/// - `name`: the family name (`romfs layout --family`).
/// - `flash_size`: the capacity, bytes of flash on the part.
/// - `mapping`, `mapped_base`, `mapped_size`: whether and where the flash
///   that can hold a ROMFS partition appears in the address space. A policy
///   that is not mapped (`mapping::none`) supplies `device_type` and a static
///   `read(device, address, out)`; file views are then (offset, size)
///   handles instead of spans into flash (`memory_mapped<T>`).
/// - `program_unit`, `erased_value`, `needs_erase`: write rules.
/// - `sectors`: the erase map, an `erase_map` constant (uniform, or runs such
///   as STM32F4's 16K/64K/128K). The geometry that follows from it (alignment,
///   sectors an erase touches) is in `romfs/flash/geometry.hpp`.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

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

/// `count` consecutive erase sectors of `size` bytes.
struct sector_run {
    /// A count that repeats the run to the end of the address space.
    static constexpr address_t forever = 0xffff'ffff;
    address_t size = 0;  ///< Bytes per sector.
    address_t count = 0; ///< Number of sectors (`forever`: without end).
};

/// An erase map as a constant: runs of equal sectors from `base`, in address
/// order. Addresses below `base` or past the last run get a one-byte
/// "sector", so alignment checks there pass and the "inside the flash" rule
/// is the one that reports them.
struct erase_map {
    /// The most runs a map holds (STM32F4 with two banks has six).
    static constexpr std::size_t max_runs = 8;

    address_t base = 0;                       ///< Address of the first sector.
    std::array<sector_run, max_runs> runs{};  ///< The runs; unused ones are {0, 0}.
    std::size_t count = 0;                    ///< Runs in use.

    /// One sector size everywhere.
    static constexpr erase_map uniform(address_t size) noexcept { return {0, {sector_run{size, sector_run::forever}}, 1}; }
    /// Runs from `base`, in address order.
    static constexpr erase_map of(address_t first, std::initializer_list<sector_run> list) noexcept {
        erase_map m{first, {}, 0};
        for (const sector_run& r : list)
            if (m.count < max_runs) m.runs[m.count++] = r;
        return m;
    }

    /// The sector holding `address`.
    constexpr sector at(address_t address) const noexcept {
        if (address < base) return {address, 1};
        std::uint64_t start = base;
        for (std::size_t i = 0; i < count; ++i) {
            const sector_run& r = runs[i];
            if (r.size == 0) break;
            if (address < start) break;
            const std::uint64_t index = (address - start) / r.size;
            if (r.count == sector_run::forever || index < r.count) return {static_cast<address_t>(start + index * r.size), r.size};
            start += std::uint64_t{r.size} * r.count;
        }
        return {address, 1};
    }
    /// Bytes covered by the runs (0 when a run repeats without end).
    constexpr std::uint64_t size() const noexcept {
        std::uint64_t n = 0;
        for (std::size_t i = 0; i < count; ++i) {
            if (runs[i].count == sector_run::forever) return 0;
            n += std::uint64_t{runs[i].size} * runs[i].count;
        }
        return n;
    }
};

/// The geometry half of a policy: its constants and its erase map.
template <class T>
concept flash_geometry = requires(address_t a) {
    { T::name } -> std::convertible_to<std::string_view>;
    { T::flash_size } -> std::convertible_to<std::uint64_t>;
    { T::mapping } -> std::convertible_to<romfs::mapping>;
    { T::mapped_base } -> std::convertible_to<address_t>;
    { T::mapped_size } -> std::convertible_to<std::uint64_t>;
    { T::program_unit } -> std::convertible_to<address_t>;
    { T::erased_value } -> std::convertible_to<std::uint8_t>;
    { T::needs_erase } -> std::convertible_to<bool>;
    { T::sectors.at(a) } -> std::same_as<sector>;
};

/// True when the CPU reads the policy's flash through pointers (a fixed XIP
/// window, or mapped at run time as on ESP32): file views are spans. Derived
/// from `mapping`, so the two cannot disagree.
template <class T>
inline constexpr bool memory_mapped = T::mapping != romfs::mapping::none;

/// A policy whose flash is read through a driver: `read` fills `out` from
/// device address `address` and returns false on failure.
template <class T>
concept driver_readable =
    requires(const typename T::device_type& device, address_t address, std::span<std::byte> out) {
        { T::read(device, address, out) } -> std::same_as<bool>;
    };

/// A complete flash policy usable by the reader.
template <class T>
concept flash_traits = flash_geometry<T> && (memory_mapped<T> || driver_readable<T>);

/// Policy for an image in ordinary memory: host tools, tests, constant
/// expressions, RAM-resident images. No erase, byte-programmable.
struct host_traits {
    static constexpr std::string_view name = "host";                   ///< Host memory.
    static constexpr std::uint64_t flash_size = 0x1'0000'0000;         ///< The whole 32-bit space.
    static constexpr romfs::mapping mapping = romfs::mapping::runtime; ///< Wherever the bytes are.
    static constexpr address_t mapped_base = 0;                        ///< Not meaningful for host memory.
    static constexpr std::uint64_t mapped_size = 0x1'0000'0000;        ///< The whole 32-bit space.
    static constexpr address_t program_unit = 1;                       ///< Any byte can be written.
    static constexpr std::uint8_t erased_value = 0xff;                 ///< Convention for fresh partitions.
    static constexpr bool needs_erase = false;                         ///< RAM needs no erase.
    static constexpr erase_map sectors = erase_map::uniform(1);        ///< Byte "sectors".
};

} // namespace romfs
