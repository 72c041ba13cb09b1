/// @file
/// What the linker will really use, as a layout: the MEMORY regions of a
/// parsed link that lie on the board's flash devices, with roles inferred
/// from the names MicroPython's ports use, plus ROMFS partitions given only
/// by `_micropy_hw_romfs_partN_start/_size` symbols (the i.MX RT "gap").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
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

/// A writable filesystem given by symbols, as the ports name them: start
/// and size (or start and end).
struct filesystem_symbols {
    std::string_view start; ///< First address.
    std::string_view size;  ///< Bytes, or one past the last byte when `is_end`.
    bool is_end = false;    ///< `size` names the end, not the size.
};

/// The filesystem symbol pairs of MicroPython's ports: mimxrt (`vfs_start`,
/// `vfs_size`), nrf (`_fs_start`, `_fs_size`), samd (`_oflash_fs`,
/// `_sflash_fs`), `__vfs_start`/`__vfs_end`.
inline constexpr filesystem_symbols filesystem_symbol_names[] = {
    {"vfs_start", "vfs_size", false},
    {"_fs_start", "_fs_size", false},
    {"_oflash_fs", "_sflash_fs", false},
    {"__vfs_start", "__vfs_end", true},
};

/// Adds the partitions a link defines by symbols (`value(name)` gives a
/// symbol's value, or nothing): ROMFS part0/part1 from
/// `_micropy_hw_romfs_partN_start/_size` where the layout has no such
/// partition yet, as `romfs_partN` (or, when the symbols name a region of
/// the layout exactly, that region becomes the partition: alif's
/// `ORIGIN(MRAM_FS)`), and the writable filesystem from the first pair of
/// `filesystem_symbol_names` defined, where the layout has none. Shared by
/// the script view and the linked-ELF view, so both find the same.
template <class Layout, class Value>
constexpr void add_symbol_partitions(Layout& l, Value&& value) {
    for (std::uint8_t index = 0; index < 2; ++index) {
        if (l.romfs_partition(index) != nullptr) continue;
        const auto names = romfs_symbol_names(index);
        const auto start = value(names.start);
        const auto size = value(names.size);
        if (!start || !size || *size == 0) continue;
        bool named = false;
        for (std::size_t i = 0; i < l.region_count && !named; ++i) {
            region& r = l.region_storage[i];
            if (r.origin == *start && r.length == *size && r.kind != role::romfs) {
                r.kind = role::romfs;
                r.index = index;
                named = true;
            }
        }
        if (!named) l.add(region{index == 0 ? "romfs_part0" : "romfs_part1", role::romfs, *start, *size, index});
    }
    for (const auto& r : l.regions())
        if (r.kind == role::filesystem) return;
    for (const auto& f : filesystem_symbol_names) {
        const auto start = value(f.start);
        const auto size = value(f.size);
        if (!start || !size || (f.is_end && *size < *start)) continue;
        const std::uint64_t length = f.is_end ? *size - *start : *size;
        if (length == 0) continue;
        l.add(region{f.start, role::filesystem, *start, length, 0});
        return;
    }
}

/// Whether some output section goes to `m` (as `> m` or `AT> m`, through
/// REGION_ALIAS too).
template <class Script>
constexpr bool receives_sections(const Script& s, const ld::memory_region& m) noexcept {
    for (const auto& sec : s.sections()) {
        if (!sec.allocated()) continue;
        const bool vma = !sec.region.empty() && s.region(sec.region) == &m;
        const bool lma = !sec.lma_region.empty() && s.region(sec.lma_region) == &m && sec.loaded();
        if (vma || lma) return true;
    }
    return false;
}

/// Whether the link places output sections in MEMORY regions at all (if
/// not, roles come from the region names alone).
template <class Script>
constexpr bool places_sections(const Script& s) noexcept {
    for (const auto& sec : s.sections())
        if (!sec.region.empty() || !sec.lma_region.empty()) return true;
    return false;
}

/// The layout a link really uses: regions on `devices` (RAM and other
/// regions off the flash devices are left out), ROMFS partitions and the
/// writable filesystem given only by symbols added as `romfs_partN` and
/// `filesystem` regions.
///
/// Roles come from placement where the script has SECTIONS: a region that
/// receives output sections is firmware (it is never a mere container),
/// unless its name makes it a ROMFS or filesystem region (a section placed
/// there is reported by the tool); a region that receives nothing keeps a
/// partition role its name gives (bootloader, ROMFS, filesystem, reserved)
/// and is otherwise left out, as the link does not use it. Without
/// SECTIONS, roles come from the names. `overrides` win over both.
template <std::size_t D = 4, std::size_t R = 40, class Script>
constexpr basic_layout<D, R> from_script(const Script& s, std::span<const device> devices,
                                         std::span<const role_override> overrides = {}) noexcept {
    basic_layout<D, R> l;
    for (const auto& d : devices) l.add(d);
    const bool placed = places_sections(s);
    for (const auto& m : s.regions()) {
        role r = infer_role(m.name);
        bool overridden = false;
        for (const auto& o : overrides)
            if (o.region == m.name) {
                r = o.kind;
                overridden = true;
            }
        if (!overridden && placed) {
            const bool named_partition = r == role::romfs || r == role::filesystem;
            if (receives_sections(s, m)) {
                // (A zero-length region is a marker, such as an ID code.)
                if (!named_partition) r = m.length == 0 ? role::other : role::firmware;
            } else if (r == role::firmware || r == role::other) {
                continue; // unused by this link
            }
        }
        // RAM, peripherals and ID codes are not flash; a ROMFS or filesystem
        // region stays even off the devices, where the rules report it.
        const bool partition = r == role::romfs || r == role::filesystem;
        if (!overridden && !partition && l.device_at(m.origin) == nullptr) continue;
        l.add(region{m.name, r, m.origin, m.length, r == role::romfs ? infer_index(m.name) : std::uint8_t{0}});
    }
    add_symbol_partitions(l, [&s](std::string_view name) -> std::optional<std::uint64_t> {
        const auto v = s.symbol(name);
        return v ? std::optional<std::uint64_t>(*v) : std::nullopt;
    });
    return l;
}

} // namespace romfs::layout
