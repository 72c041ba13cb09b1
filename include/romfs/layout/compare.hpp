/// @file
/// Does the linker script say what the board definition says? Every region
/// of the constexpr layout must appear in the parsed link with the same
/// origin and length (a ROMFS partition may instead be given by the
/// `_micropy_hw_romfs_partN_start/_size` symbols), and where those symbols
/// are defined they must equal the partition.
///
///     static_assert(romfs::layout::check_script<ld_board::script, my_board>());
#pragma once

#include <cstdint>
#include <string_view>

#include "from_script.hpp"
#include "layout.hpp"
#include "rules.hpp"
#include "text.hpp"

namespace romfs::layout {

/// The first difference between a link and a layout.
struct mismatch {
    bool found = false;            ///< False when they agree.
    std::string_view region;       ///< The layout's region.
    std::string_view what;         ///< "origin", "length", "missing", a symbol name...
    std::uint64_t expected = 0;    ///< The layout's value.
    std::uint64_t actual = 0;      ///< The link's value.
};

/// The first difference between `script` and `layout`, if any.
template <class Script, class Layout>
constexpr mismatch compare(const Script& script, const Layout& layout) noexcept {
    for (const auto& r : layout.regions()) {
        const ld::memory_region* m = script.region(r.name);
        if (m != nullptr) {
            if (m->origin != r.origin) return {true, r.name, "origin", r.origin, m->origin};
            if (m->length != r.length) return {true, r.name, "length", r.length, m->length};
        }
        if (r.kind == role::romfs) {
            const auto names = romfs_symbol_names(r.index);
            const bool has_start = script.defined(names.start);
            const bool has_size = script.defined(names.size);
            if (m == nullptr && !(has_start && has_size)) return {true, r.name, "missing", r.origin, 0};
            if (has_start) {
                const auto v = script.symbol(names.start);
                if (!v || *v != r.origin) return {true, r.name, names.start, r.origin, v ? *v : 0};
            }
            if (has_size) {
                const auto v = script.symbol(names.size);
                if (!v || *v != r.length) return {true, r.name, names.size, r.length, v ? *v : 0};
            }
        } else if (m == nullptr) {
            return {true, r.name, "missing", r.origin, 0};
        }
    }
    return {};
}

/// A one-line description of a mismatch.
constexpr message describe(const mismatch& d) noexcept {
    message m;
    if (!d.found) return m << "the linker script matches the layout";
    m << "linker script differs from the layout: region " << d.region << ": ";
    if (d.what == "missing") return m << "missing from the linker script";
    m << d.what << " is ";
    m.hex(d.actual) << " in the script, ";
    m.hex(d.expected) << " in the layout";
    return m;
}

/// Never defined: GCC prints the message given as its argument.
template <message Message>
struct linker_script_differs;

namespace diagnose {
constexpr void linker_script_differs(const char* region, const char* what, address layout_value, address script_value) {
    broken(), (void)region, (void)what, (void)layout_value, (void)script_value;
}
} // namespace diagnose

/// Compile-time check that the parsed link `Script` matches `Layout`; on a
/// difference the compiler names the region, the field and both values.
template <const auto& Script, const auto& Layout>
consteval bool check_script() {
    constexpr mismatch d = compare(Script, Layout);
    if constexpr (d.found) {
#if defined(__clang__)
        diagnose::linker_script_differs(d.region.data(), d.what.data(), diagnose::address{d.expected},
                                        diagnose::address{d.actual});
#else
        constexpr message m = describe(d);
        static_assert(sizeof(linker_script_differs<m>) == 0);
#endif
        return false;
    }
    return true;
}

} // namespace romfs::layout
