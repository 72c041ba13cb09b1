/// @file
/// The layout rules, usable at run time (every problem, for the CLI) and in
/// `static_assert` (the first problem, as a compiler diagnostic that names
/// the rule, the regions and their addresses).
///
///     inline constexpr auto board = romfs::layout::make_layout({...}, {...});
///     static_assert(romfs::layout::check<board>());
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "layout.hpp"
#include "text.hpp"

namespace romfs::layout {

/// The rules, in the order they are checked.
enum class rule : std::uint8_t {
    none,                            ///< No problem.
    zero_length_partition,           ///< A partition (bootloader/firmware/romfs/filesystem) of length 0.
    region_outside_flash,            ///< A region on no flash device.
    region_past_end_of_flash,        ///< A region running past the end of its device.
    firmware_overlaps_bootloader,    ///< Firmware overlapping the bootloader.
    regions_overlap,                 ///< Two regions overlapping (containers of role `other` excepted).
    romfs_not_memory_mapped,         ///< A ROMFS partition on a device that is not memory-mapped.
    romfs_outside_mapped_window,     ///< A ROMFS partition outside the device's memory-mapped window.
    romfs_not_on_mmu_page,           ///< A run-time mapped ROMFS partition not on an MMU page boundary.
    romfs_smaller_than_erase_sector, ///< A ROMFS partition shorter than the erase sector at its start.
    partition_not_erase_aligned,     ///< ROMFS/filesystem start or end inside an erase sector.
};

/// The rule's name, as printed in diagnostics and by the CLI.
constexpr std::string_view rule_name(rule r) noexcept {
    switch (r) {
    case rule::none: return "none";
    case rule::zero_length_partition: return "no zero-length partition";
    case rule::region_outside_flash: return "regions inside flash";
    case rule::region_past_end_of_flash: return "regions inside flash";
    case rule::firmware_overlaps_bootloader: return "firmware clear of the bootloader";
    case rule::regions_overlap: return "no overlapping regions";
    case rule::romfs_not_memory_mapped: return "ROMFS memory-mapped";
    case rule::romfs_outside_mapped_window: return "ROMFS inside the mapped window";
    case rule::romfs_not_on_mmu_page: return "ROMFS on an MMU page boundary";
    case rule::romfs_smaller_than_erase_sector: return "ROMFS at least one erase sector";
    case rule::partition_not_erase_aligned: return "erase-aligned partitions";
    }
    return "unknown";
}

/// One broken rule: which, the region(s) involved (indices), and a detail
/// (an address or a sector size, depending on the rule).
struct violation {
    rule kind = rule::none;   ///< Which rule.
    std::size_t a = 0;        ///< Index of the first region.
    std::size_t b = 0;        ///< Index of the second region (overlaps).
    std::uint64_t at = 0;     ///< The offending address (alignment, window).
    std::uint64_t sector = 0; ///< The erase sector size involved.
};

namespace detail {

constexpr bool is_partition(role r) noexcept {
    return r == role::bootloader || r == role::firmware || r == role::romfs || r == role::filesystem;
}

constexpr bool intersect(const region& x, const region& y) noexcept {
    return x.length != 0 && y.length != 0 && x.origin < y.end() && y.origin < x.end();
}

constexpr bool contains(const region& outer, const region& inner) noexcept {
    return outer.origin <= inner.origin && inner.end() <= outer.end();
}

} // namespace detail

/// Calls `visit(violation)` for every broken rule, in rule order, then
/// region order. Returns the number found.
template <class Layout, class Visit>
constexpr std::size_t for_each_violation(const Layout& l, Visit&& visit) {
    std::size_t found = 0;
    auto report = [&](const violation& v) {
        ++found;
        visit(v);
    };
    const auto regions = l.regions();
    const std::size_t n = regions.size();

    for (std::size_t i = 0; i < n; ++i)
        if (regions[i].length == 0 && detail::is_partition(regions[i].kind))
            report({rule::zero_length_partition, i, i, regions[i].origin, 0});

    for (std::size_t i = 0; i < n; ++i) {
        const region& r = regions[i];
        if (r.length == 0) continue; // zero-length markers (ID_CODE) sit anywhere
        const device* d = l.device_at(r.origin);
        if (d == nullptr) {
            report({rule::region_outside_flash, i, i, r.origin, 0});
        } else if (r.end() > d->end()) {
            report({rule::region_past_end_of_flash, i, i, d->end(), 0});
        }
    }

    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            if (regions[i].kind == role::firmware && regions[j].kind == role::bootloader &&
                detail::intersect(regions[i], regions[j]))
                report({rule::firmware_overlaps_bootloader, i, j, regions[i].origin, 0});

    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            const region& x = regions[i];
            const region& y = regions[j];
            if (!detail::intersect(x, y)) continue;
            const bool fw_bl = (x.kind == role::firmware && y.kind == role::bootloader) ||
                               (y.kind == role::firmware && x.kind == role::bootloader);
            if (fw_bl) continue; // reported by its own rule above
            // A region of role `other` around others (the whole-flash FLASH
            // region) is a container, not an overlap.
            const bool container = (x.kind == role::other && detail::contains(x, y)) ||
                                   (y.kind == role::other && detail::contains(y, x));
            if (!container) report({rule::regions_overlap, i, j, y.origin, 0});
        }

    for (std::size_t i = 0; i < n; ++i) {
        const region& r = regions[i];
        if (r.length == 0) continue;
        const device* d = l.device_at(r.origin);
        if (d == nullptr || r.end() > d->end()) continue; // reported above
        const bool rom = r.kind == role::romfs;
        if (rom) {
            if (d->mapping == romfs::mapping::none) {
                report({rule::romfs_not_memory_mapped, i, i, r.origin, 0});
                continue;
            }
            if (r.end() > std::uint64_t{d->base} + d->window) {
                report({rule::romfs_outside_mapped_window, i, i, std::uint64_t{d->base} + d->window, 0});
                continue;
            }
            if (d->mmu_page > 1 && (r.origin - d->base) % d->mmu_page != 0) {
                report({rule::romfs_not_on_mmu_page, i, i, r.origin, d->mmu_page});
                continue;
            }
        }
        if (!d->needs_erase || !(rom || r.kind == role::filesystem)) continue;
        const sector first = d->sector_at(static_cast<address_t>(r.origin));
        if (rom && r.length < first.size) {
            report({rule::romfs_smaller_than_erase_sector, i, i, r.origin, first.size});
            continue;
        }
        if (first.start != r.origin) {
            report({rule::partition_not_erase_aligned, i, i, r.origin, first.size});
            continue;
        }
        const sector last = d->sector_at(static_cast<address_t>(r.end() - 1));
        if (std::uint64_t{last.start} + last.size != r.end())
            report({rule::partition_not_erase_aligned, i, i, r.end(), last.size});
    }
    return found;
}

/// The first broken rule, or a violation of kind `rule::none`.
template <class Layout>
constexpr violation first_violation(const Layout& l) {
    violation first{};
    bool seen = false;
    for_each_violation(l, [&](const violation& v) {
        if (!seen) first = v;
        seen = true;
    });
    return first;
}

namespace detail {
inline constexpr void range(message& m, const region& r) {
    m << r.name << " [";
    m.hex(r.origin) << ", ";
    m.hex(r.end()) << ")";
}
} // namespace detail

/// A one-line description: the rule, the regions and their addresses.
template <class Layout>
constexpr message describe(const Layout& l, const violation& v) {
    message m;
    if (v.kind == rule::none) return m << "no rule broken";
    const auto regions = l.regions();
    const region& a = regions[v.a];
    const region& b = regions[v.b];
    m << "layout rule '" << rule_name(v.kind) << "' broken: ";
    switch (v.kind) {
    case rule::none: break;
    case rule::zero_length_partition:
        m << role_name(a.kind) << " region " << a.name << " at ";
        m.hex(a.origin) << " has length 0";
        break;
    case rule::region_outside_flash:
        detail::range(m, a);
        m << " is on no flash device";
        break;
    case rule::region_past_end_of_flash: {
        detail::range(m, a);
        const device* d = l.device_at(a.origin);
        m << " runs past the end of " << d->name << " (" << d->family << ") at ";
        m.hex(v.at);
        break;
    }
    case rule::firmware_overlaps_bootloader:
        m << "firmware ";
        detail::range(m, a);
        m << " overlaps bootloader ";
        detail::range(m, b);
        break;
    case rule::regions_overlap:
        detail::range(m, a);
        m << " overlaps ";
        detail::range(m, b);
        break;
    case rule::romfs_not_memory_mapped:
        detail::range(m, a);
        m << " is on " << l.device_at(a.origin)->name << ", which is not memory-mapped";
        break;
    case rule::romfs_outside_mapped_window:
        detail::range(m, a);
        m << " ends past the memory-mapped window, which ends at ";
        m.hex(v.at);
        break;
    case rule::romfs_not_on_mmu_page:
        detail::range(m, a);
        m << " does not start on a ";
        m.dec(v.sector) << "-byte MMU page";
        break;
    case rule::romfs_smaller_than_erase_sector:
        detail::range(m, a);
        m << " is ";
        m.dec(a.length) << " bytes, smaller than the ";
        m.dec(v.sector) << "-byte erase sector at ";
        m.hex(a.origin);
        break;
    case rule::partition_not_erase_aligned:
        detail::range(m, a);
        m << (v.at == a.origin ? ": start " : ": end ");
        m.hex(v.at) << " is inside a ";
        m.dec(v.sector) << "-byte erase sector";
        break;
    }
    return m;
}

/// Never defined: naming it with the message as its argument makes GCC
/// print the message in full.
template <message Message>
struct layout_rule_violated;

namespace diagnose {
// clang prints the arguments of the constexpr calls that led to a failure:
// each rule is a function named after it, taking region names and addresses.
enum class address : std::uint64_t {};
void rule_broken(); // not constexpr: reaching it ends constant evaluation
constexpr void broken(bool yes = true) {
    if (yes) rule_broken();
}
constexpr void zero_length_partition(const char* region, address origin) { broken(), (void)region, (void)origin; }
constexpr void region_outside_flash(const char* region, address origin, address end) { broken(), (void)region, (void)origin, (void)end; }
constexpr void region_past_end_of_flash(const char* region, address origin, address end, address flash_end) { broken(), (void)region, (void)origin, (void)end, (void)flash_end; }
constexpr void firmware_overlaps_bootloader(const char* firmware, address origin, address end, const char* bootloader, address bl_origin, address bl_end) { broken(), (void)firmware, (void)origin, (void)end, (void)bootloader, (void)bl_origin, (void)bl_end; }
constexpr void regions_overlap(const char* a, address a_origin, address a_end, const char* b, address b_origin, address b_end) { broken(), (void)a, (void)a_origin, (void)a_end, (void)b, (void)b_origin, (void)b_end; }
constexpr void romfs_not_memory_mapped(const char* region, address origin, address end) { broken(), (void)region, (void)origin, (void)end; }
constexpr void romfs_outside_mapped_window(const char* region, address origin, address end, address window_end) { broken(), (void)region, (void)origin, (void)end, (void)window_end; }
constexpr void romfs_not_on_mmu_page(const char* region, address origin, address page) { broken(), (void)region, (void)origin, (void)page; }
constexpr void romfs_smaller_than_erase_sector(const char* region, address origin, address length, address sector) { broken(), (void)region, (void)origin, (void)length, (void)sector; }
constexpr void partition_not_erase_aligned(const char* region, address origin, address end, address at, address sector) { broken(), (void)region, (void)origin, (void)end, (void)at, (void)sector; }

template <class Layout>
constexpr void report(const Layout& l, const violation& v) {
    const region& a = l.regions()[v.a];
    const region& b = l.regions()[v.b];
    const auto o = [](std::uint64_t x) { return address{x}; };
    switch (v.kind) {
    case rule::none: return;
    case rule::zero_length_partition: return zero_length_partition(a.name.data(), o(a.origin));
    case rule::region_outside_flash: return region_outside_flash(a.name.data(), o(a.origin), o(a.end()));
    case rule::region_past_end_of_flash: return region_past_end_of_flash(a.name.data(), o(a.origin), o(a.end()), o(v.at));
    case rule::firmware_overlaps_bootloader: return firmware_overlaps_bootloader(a.name.data(), o(a.origin), o(a.end()), b.name.data(), o(b.origin), o(b.end()));
    case rule::regions_overlap: return regions_overlap(a.name.data(), o(a.origin), o(a.end()), b.name.data(), o(b.origin), o(b.end()));
    case rule::romfs_not_memory_mapped: return romfs_not_memory_mapped(a.name.data(), o(a.origin), o(a.end()));
    case rule::romfs_outside_mapped_window: return romfs_outside_mapped_window(a.name.data(), o(a.origin), o(a.end()), o(v.at));
    case rule::romfs_not_on_mmu_page: return romfs_not_on_mmu_page(a.name.data(), o(a.origin), o(v.sector));
    case rule::romfs_smaller_than_erase_sector: return romfs_smaller_than_erase_sector(a.name.data(), o(a.origin), o(a.length), o(v.sector));
    case rule::partition_not_erase_aligned: return partition_not_erase_aligned(a.name.data(), o(a.origin), o(a.end()), o(v.at), o(v.sector));
    }
}
} // namespace diagnose

/// Checks every rule on the layout `Layout` (a constexpr variable) at
/// compile time: `static_assert(romfs::layout::check<board>())`. A broken
/// rule is a compile error naming the rule, the regions and their addresses
/// (GCC: the whole sentence as a template argument of
/// `layout_rule_violated`; clang: a call to a function named after the rule,
/// with the region names and addresses as arguments).
template <const auto& Layout>
consteval bool check() {
    constexpr violation v = first_violation(Layout);
    if constexpr (v.kind != rule::none) {
#if defined(__clang__)
        diagnose::report(Layout, v);
#else
        constexpr message m = describe(Layout, v);
        static_assert(sizeof(layout_rule_violated<m>) == 0);
#endif
        return false;
    }
    return true;
}

/// True when no rule is broken (for run time, or a plain `static_assert`
/// without the detailed diagnostic).
template <class Layout>
constexpr bool valid(const Layout& l) {
    return first_violation(l).kind == rule::none;
}

} // namespace romfs::layout
