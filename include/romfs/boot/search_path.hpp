/// @file
/// The search path: an ordered list of places modules and boot scripts come
/// from ("/rom", "/rom/lib", "/rom1", ".frozen", "", "/flash"...), and
/// MicroPython's import resolution over it (`py/builtinimport.c`): for
/// `a.b.c`, the first entry where `a` is a directory or `a.py`/`a.mpy`, then
/// `b` and `c` inside it; a directory is a package (`__init__.py`, then
/// `__init__.mpy`; without either a namespace package), else `.py` before
/// `.mpy`. ROMFS first by default; `micropython_order` is MicroPython's own.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "error.hpp"
#include "place.hpp"

namespace romfs::boot {

/// An ordered list of directories (absolute paths, "" for the current
/// directory, ".frozen" for frozen modules). The strings must outlive it.
template <std::size_t N>
struct search_path {
    std::array<std::string_view, N> entries; ///< In search order.

    /// The number of entries.
    static constexpr std::size_t size() noexcept { return N; }
    /// Iteration over the entries, in order.
    constexpr auto begin() const noexcept { return entries.begin(); }
    /// End of the entries.
    constexpr auto end() const noexcept { return entries.end(); }
};

/// A search path from string literals, in order.
template <class... S>
constexpr search_path<sizeof...(S)> make_search_path(const S&... entries) noexcept {
    return {{std::string_view(entries)...}};
}

/// ROMFS first: both ROM partitions and their `lib`, then frozen modules,
/// the current directory and the writable filesystem. A whole application
/// in ROMFS wins over anything of the same name elsewhere.
inline constexpr auto romfs_first =
    make_search_path("/rom", "/rom/lib", "/rom1", "/rom1/lib", ".frozen", "", "/flash", "/flash/lib");

/// MicroPython's own order (`py/runtime.c`, then the port's `/flash`): the
/// current directory, frozen modules, then `/rom` and `/rom/lib`.
inline constexpr auto micropython_order = make_search_path("", ".frozen", "/rom", "/rom/lib", "/flash", "/flash/lib");

/// What a module resolved to.
enum class module_kind : std::uint8_t {
    source,            ///< A `.py` file.
    bytecode,          ///< A `.mpy` file.
    package,           ///< A directory with `__init__.py` or `__init__.mpy` (`path` names that file).
    namespace_package, ///< A directory without one (`path` names the directory).
};

/// Where a module or script was found: the path MicroPython loads (the
/// file, or a namespace package's directory), which search-path entry, and
/// what it is. `PathMax` bounds the path (MicroPython's `MICROPY_ALLOC_PATH_MAX`).
template <std::size_t PathMax = 128>
struct location {
    std::array<char, PathMax> buffer{}; ///< The path's characters.
    std::size_t length = 0;              ///< Its length.
    std::size_t entry = 0;               ///< Index of the search-path entry it was found under.
    module_kind kind = module_kind::source; ///< What it is.

    /// The path.
    constexpr std::string_view path() const noexcept { return {buffer.data(), length}; }
    /// True for `.mpy` code: a bytecode file, or a package whose `__init__` is one.
    constexpr bool is_bytecode() const noexcept {
        return detail::ends_with(path(), ".mpy");
    }
};

/// @cond INTERNAL
namespace detail {

// A path being built in a fixed buffer; overflow sticks.
template <std::size_t PathMax>
struct path_builder {
    location<PathMax>& out;
    bool overflow = false;

    constexpr void append(std::string_view s) noexcept {
        if (out.length + s.size() > PathMax) {
            overflow = true;
            return;
        }
        for (char c : s) out.buffer[out.length++] = c;
    }
    constexpr void join(std::string_view name) noexcept {
        if (out.length != 0) append("/");
        append(name);
    }
    // Starts over at search-path entry `entry`: "<entry>/<name>" ("" is the
    // current directory, so just "<name>"). False when it does not fit.
    constexpr bool start(std::string_view entry, std::string_view name) noexcept {
        out.length = 0;
        overflow = false;
        append(entry);
        join(name);
        return !overflow;
    }
};

// MicroPython's stat_module on `out` (a path without extension): a
// directory, else the path with ".py", else ".mpy" (`out` then names it).
template <searchable P, std::size_t PathMax>
constexpr node stat_module(const P& fs, path_builder<PathMax>& b) noexcept {
    const std::size_t base = b.out.length;
    if (fs.stat(b.out.path()) == node::directory) return node::directory;
    for (std::string_view ext : {std::string_view(".py"), std::string_view(".mpy")}) {
        b.out.length = base;
        b.append(ext);
        if (!b.overflow && fs.stat(b.out.path()) == node::file) {
            b.out.kind = ext == ".py" ? module_kind::source : module_kind::bytecode;
            return node::file;
        }
    }
    b.out.length = base;
    return node::none;
}

constexpr bool valid_module_name(std::string_view dotted) noexcept {
    if (dotted.empty() || dotted.front() == '.' || dotted.back() == '.') return false;
    for (std::size_t i = 0; i < dotted.size(); ++i) {
        if (dotted[i] == '/' || dotted[i] == '\0') return false;
        if (dotted[i] == '.' && dotted[i + 1] == '.') return false;
    }
    return true;
}

} // namespace detail
/// @endcond

/// Resolves the dotted module name `dotted` ("a.b.c") over `path` in `fs`,
/// as MicroPython's `import` does. `not_found` when no entry has it,
/// `not_a_package` when a component before the last is a file,
/// `bad_module_name`, `path_too_long`.
template <std::size_t PathMax = 128, searchable P, std::size_t N>
constexpr result<location<PathMax>, error> find_module(const P& fs, const search_path<N>& path,
                                                       std::string_view dotted) noexcept {
    if (!detail::valid_module_name(dotted)) return error{errc::bad_module_name};
    location<PathMax> out;
    detail::path_builder<PathMax> b{out};
    const auto dot = dotted.find('.');
    const auto top = detail::head(dotted, dot);
    node found = node::none;
    for (std::size_t i = 0; i < N && found == node::none; ++i) {
        if (!b.start(path.entries[i], top)) continue; // MicroPython's fixed path buffer would not hold it either
        found = detail::stat_module(fs, b);
        out.entry = i;
    }
    if (found == node::none) return error{b.overflow ? errc::path_too_long : errc::not_found};
    // The rest, component by component, inside what was found.
    for (auto rest = dot == std::string_view::npos ? std::string_view{} : detail::tail(dotted, dot + 1); !rest.empty();) {
        if (found != node::directory) return error{errc::not_a_package};
        const auto next = rest.find('.');
        b.join(detail::head(rest, next));
        if (b.overflow) return error{errc::path_too_long};
        found = detail::stat_module(fs, b);
        if (found == node::none) return error{b.overflow ? errc::path_too_long : errc::not_found};
        rest = next == std::string_view::npos ? std::string_view{} : detail::tail(rest, next + 1);
    }
    if (found == node::file) return out;
    // A package: its __init__.py, then __init__.mpy, else a namespace package.
    const std::size_t dir = out.length;
    for (std::string_view init : {std::string_view("/__init__.py"), std::string_view("/__init__.mpy")}) {
        out.length = dir;
        b.append(init);
        if (b.overflow) return error{errc::path_too_long};
        if (fs.stat(out.path()) == node::file) {
            out.kind = module_kind::package;
            return out;
        }
    }
    out.length = dir;
    out.kind = module_kind::namespace_package;
    return out;
}

/// Finds a script by file name ("boot.py", "main.py") in the first entry of
/// `path` that holds it as a file: the boot scripts follow the same order as
/// imports.
template <std::size_t PathMax = 128, searchable P, std::size_t N>
constexpr result<location<PathMax>, error> find_script(const P& fs, const search_path<N>& path,
                                                       std::string_view name) noexcept {
    if (name.empty() || name.find('/') != std::string_view::npos) return error{errc::bad_module_name};
    location<PathMax> out;
    detail::path_builder<PathMax> b{out};
    bool too_long = false;
    for (std::size_t i = 0; i < N; ++i) {
        if (!b.start(path.entries[i], name)) {
            too_long = true;
            continue;
        }
        if (fs.stat(out.path()) == node::file) {
            out.entry = i;
            out.kind = detail::ends_with(name, ".mpy") ? module_kind::bytecode : module_kind::source;
            return out;
        }
    }
    return error{too_long ? errc::path_too_long : errc::not_found};
}

} // namespace romfs::boot
