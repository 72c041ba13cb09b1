/// @file
/// What the linker will really use, as a layout: the MEMORY regions of a
/// parsed link that lie on the board's flash devices, with roles inferred
/// from the names MicroPython's ports use, plus ROMFS partitions given only
/// by `_micropy_hw_romfs_partN_start/_size` symbols (the i.MX RT "gap").
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "layout.hpp"
#include "linker_script.hpp"

namespace romfs::layout {

/// An explicit role for a region (the CLI's `--role REGION=ROLE`).
struct role_override {
    std::string_view region; ///< Region name.
    role kind;               ///< Its role.
};

namespace detail {

constexpr char upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

constexpr bool contains(std::string_view name, std::string_view what) noexcept {
    if (what.size() > name.size()) return false;
    for (std::size_t i = 0; i + what.size() <= name.size(); ++i) {
        bool same = true;
        for (std::size_t k = 0; k < what.size() && same; ++k) same = upper(name[i + k]) == what[k];
        if (same) return true;
    }
    return false;
}

constexpr bool ends_with(std::string_view name, std::string_view what) noexcept {
    return name.size() >= what.size() && contains(name.substr(name.size() - what.size()), what);
}

} // namespace detail

/// The role a region name has in MicroPython's ports: `FLASH_ROMFS` (and
/// `ROMFS1`...) ROMFS; `FLASH_FS`, `*_FS`, `vfs`, `FLASH_USER` filesystem;
/// `BOOT*`, `MBR` bootloader; `TEXT`, `APP`, `ISR`, `IROM`, vectors/interrupts
/// firmware; `CONFIG`, `RESERVED`, `RADIO` reserved; anything else (the
/// whole-flash `FLASH`) other.
constexpr role infer_role(std::string_view name) noexcept {
    using detail::contains;
    if (contains(name, "ROMFS")) return role::romfs;
    if (contains(name, "BOOT") || contains(name, "MBR")) return role::bootloader;
    if (contains(name, "VFS") || detail::ends_with(name, "_FS") || name == "FS" || contains(name, "FILESYSTEM") ||
        contains(name, "FLASH_USER"))
        return role::filesystem;
    if (contains(name, "TEXT") || contains(name, "APP") || contains(name, "ISR") || contains(name, "IROM") ||
        contains(name, "INTERRUPT") || contains(name, "VECTOR") || contains(name, "FIRMWARE"))
        return role::firmware;
    if (contains(name, "CONFIG") || contains(name, "RESERVED") || contains(name, "RADIO") || contains(name, "IVT"))
        return role::reserved;
    return role::other;
}

/// The ROMFS partition number in a name: the digit after "ROMFS" or "PART"
/// ("FLASH_ROMFS1", "romfs_part1"), else 0.
constexpr std::uint8_t infer_index(std::string_view name) noexcept {
    for (std::string_view key : {std::string_view("PART"), std::string_view("ROMFS")}) {
        for (std::size_t i = 0; i + key.size() < name.size(); ++i) {
            bool same = true;
            for (std::size_t k = 0; k < key.size() && same; ++k) same = detail::upper(name[i + k]) == key[k];
            const char d = name[i + key.size()];
            if (same && d >= '0' && d <= '9') return static_cast<std::uint8_t>(d - '0');
        }
    }
    return 0;
}

/// Names of the linker symbols for ROMFS partition `index`.
struct romfs_symbols {
    std::string_view start; ///< `_micropy_hw_romfs_partN_start`.
    std::string_view size;  ///< `_micropy_hw_romfs_partN_size`.
};

/// The symbols MicroPython's ports define for partitions 0 and 1.
constexpr romfs_symbols romfs_symbol_names(std::size_t index) noexcept {
    return index == 0 ? romfs_symbols{"_micropy_hw_romfs_part0_start", "_micropy_hw_romfs_part0_size"}
                      : romfs_symbols{"_micropy_hw_romfs_part1_start", "_micropy_hw_romfs_part1_size"};
}

/// The layout a link really uses: regions on `devices` (RAM and other
/// regions off the flash devices are left out), roles inferred or
/// overridden, and ROMFS partitions defined only by symbols added as
/// `romfs_partN` regions.
template <std::size_t D = 4, std::size_t R = 40, class Script>
constexpr basic_layout<D, R> from_script(const Script& s, std::span<const device> devices,
                                         std::span<const role_override> overrides = {}) noexcept {
    basic_layout<D, R> l;
    for (const auto& d : devices) l.add(d);
    for (const auto& m : s.regions()) {
        role r = infer_role(m.name);
        bool overridden = false;
        for (const auto& o : overrides)
            if (o.region == m.name) {
                r = o.kind;
                overridden = true;
            }
        // RAM, peripherals and ID codes are not flash; a ROMFS or filesystem
        // region stays even off the devices, where the rules report it.
        const bool partition = r == role::romfs || r == role::filesystem;
        if (!overridden && !partition && l.device_at(m.origin) == nullptr) continue;
        l.add(region{m.name, r, m.origin, m.length, r == role::romfs ? infer_index(m.name) : std::uint8_t{0}});
    }
    for (std::uint8_t index = 0; index < 2; ++index) {
        if (l.romfs_partition(index) != nullptr) continue;
        const auto names = romfs_symbol_names(index);
        const auto start = s.symbol(names.start);
        const auto size = s.symbol(names.size);
        if (start.ok && size.ok)
            l.add(region{index == 0 ? "romfs_part0" : "romfs_part1", role::romfs, start.value, size.value, index});
    }
    return l;
}

} // namespace romfs::layout
