/// @file
/// Compile-time partition layouts: flash devices (one per flash chip or
/// array, each described by a flash policy) and named regions with roles.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "../flash/geometry.hpp"

namespace romfs::layout {

/// What a region is for.
enum class role : std::uint8_t {
    bootloader, ///< A bootloader (or MBR) the firmware must not overwrite.
    firmware,   ///< Firmware code (text, vectors, app).
    romfs,      ///< A ROMFS partition (`index` says which: part0, part1...).
    filesystem, ///< The writable filesystem (FAT/littlefs "vfs").
    reserved,   ///< Kept free (e.g. radio firmware, config).
    other,      ///< Anything else, such as a whole-flash container region.
};

/// The role's name as used on the command line and in messages.
constexpr std::string_view role_name(role r) noexcept {
    switch (r) {
    case role::bootloader: return "bootloader";
    case role::firmware: return "firmware";
    case role::romfs: return "romfs";
    case role::filesystem: return "filesystem";
    case role::reserved: return "reserved";
    case role::other: return "other";
    }
    return "other";
}

/// A flash device: where it is, how big, and its erase geometry.
struct device {
    std::string_view name;            ///< E.g. "internal", "qspi".
    std::string_view family;          ///< The policy's family name, e.g. "stm32f4".
    address_t base = 0;               ///< Address of the device's first byte.
    std::uint64_t size = 0;           ///< Bytes of flash.
    std::uint64_t window = 0;         ///< Bytes readable through the memory map from `base`.
    romfs::mapping mapping = romfs::mapping::fixed; ///< Fixed, run-time, or not mapped.
    bool needs_erase = true;          ///< False for MRAM and RAM.
    address_t mmu_page = 1;           ///< Run-time mapping granularity (ESP32: 64K).
    sector (*sector_at)(address_t) = nullptr; ///< The policy's erase map.

    /// One past the last byte.
    constexpr std::uint64_t end() const noexcept { return std::uint64_t{base} + size; }
    /// Whether `address` lies on this device.
    constexpr bool holds(std::uint64_t address) const noexcept { return address >= base && address < end(); }
};

/// A device for the flash policy `Policy`, `size` bytes (default: the
/// policy's own `flash_size`).
template <flash_geometry Policy>
constexpr device flash_device(std::string_view name, std::uint64_t size = Policy::flash_size) noexcept {
    device d;
    d.name = name;
    d.family = Policy::name;
    d.base = Policy::mapped_base;
    d.size = size;
    // Internal flash maps whole: a size given here widens the window too.
    // Fixed windows (ESP8266's 1 MiB, XIP apertures) stay as the policy says.
    d.window = Policy::mapped_size == Policy::flash_size ? size : Policy::mapped_size;
    d.mapping = Policy::mapping;
    d.needs_erase = Policy::needs_erase;
    if constexpr (requires { Policy::mmu_page; }) d.mmu_page = Policy::mmu_page;
    d.sector_at = &romfs::sector_at<Policy>;
    return d;
}

/// A named address range with a role.
struct region {
    std::string_view name;      ///< As in the linker script, e.g. "FLASH_ROMFS".
    role kind = role::other;    ///< What it is for.
    std::uint64_t origin = 0;   ///< First address.
    std::uint64_t length = 0;   ///< Bytes.
    std::uint8_t index = 0;     ///< ROMFS partition number (part0, part1...).

    /// One past the last byte.
    constexpr std::uint64_t end() const noexcept { return origin + length; }
};

/// A region helper: `part(name, origin, length, role)`.
constexpr region part(std::string_view name, std::uint64_t origin, std::uint64_t length, role kind,
                      std::uint8_t index = 0) noexcept {
    return region{name, kind, origin, length, index};
}

/// A board's flash layout: up to `D` devices and `R` regions. `make_layout`
/// sizes both exactly; parsers fill a larger one and set the counts.
template <std::size_t D, std::size_t R>
struct basic_layout {
    std::array<device, D> device_storage{};  ///< Devices (first `device_count` used).
    std::array<region, R> region_storage{};  ///< Regions (first `region_count` used).
    std::size_t device_count = 0;            ///< Devices in use.
    std::size_t region_count = 0;            ///< Regions in use.
    bool overflowed = false;                 ///< An add() found no room (the layout is incomplete).

    /// The devices in use.
    constexpr std::span<const device> devices() const noexcept { return {device_storage.data(), device_count}; }
    /// The regions in use.
    constexpr std::span<const region> regions() const noexcept { return {region_storage.data(), region_count}; }

    /// Adds a region; false when full.
    constexpr bool add(const region& r) noexcept {
        if (region_count == R) {
            overflowed = true;
            return false;
        }
        region_storage[region_count++] = r;
        return true;
    }
    /// Adds a device; false when full.
    constexpr bool add(const device& d) noexcept {
        if (device_count == D) {
            overflowed = true;
            return false;
        }
        device_storage[device_count++] = d;
        return true;
    }

    /// The region called `name`, or nullptr.
    constexpr const region* find(std::string_view name) const noexcept {
        for (const auto& r : regions())
            if (r.name == name) return &r;
        return nullptr;
    }
    /// ROMFS partition `index`, or nullptr.
    constexpr const region* romfs_partition(std::uint8_t index = 0) const noexcept {
        for (const auto& r : regions())
            if (r.kind == role::romfs && r.index == index) return &r;
        return nullptr;
    }
    /// The device holding `address`, or nullptr.
    constexpr const device* device_at(std::uint64_t address) const noexcept {
        for (const auto& d : devices())
            if (d.holds(address)) return &d;
        return nullptr;
    }
};

/// A layout with exactly these devices and regions.
template <std::size_t D, std::size_t R>
constexpr basic_layout<D, R> make_layout(const device (&devices)[D], const region (&regions)[R]) noexcept {
    basic_layout<D, R> l;
    for (const auto& d : devices) l.add(d);
    for (const auto& r : regions) l.add(r);
    return l;
}

} // namespace romfs::layout
