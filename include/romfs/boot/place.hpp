/// @file
/// A place modules and scripts can come from: anything that answers "what is
/// at this absolute path" and hands out a file's bytes. The mount table of
/// ROMFS images is one; firmware adds its own (frozen modules, a writable
/// filesystem) by writing a small struct with these two functions, and
/// `places` puts several behind one.
#pragma once

#include <concepts>
#include <cstddef>
#include <span>
#include <string_view>
#include <tuple>

#include "../format/error.hpp"
#include "error.hpp"

namespace romfs::boot {

/// @cond INTERNAL
namespace detail {
// string_view's substr() throws (or, built without exceptions, pulls in
// libstdc++'s throw helpers) when out of range; these clamp instead.
constexpr std::string_view head(std::string_view s, std::size_t n) noexcept {
    return {s.data(), n < s.size() ? n : s.size()};
}
constexpr std::string_view tail(std::string_view s, std::size_t from) noexcept {
    return from < s.size() ? std::string_view{s.data() + from, s.size() - from} : std::string_view{};
}
constexpr std::string_view slice(std::string_view s, std::size_t from, std::size_t n) noexcept {
    return head(tail(s, from), n);
}
constexpr bool ends_with(std::string_view s, std::string_view end) noexcept {
    return s.size() >= end.size() && tail(s, s.size() - end.size()) == end;
}
} // namespace detail
/// @endcond

/// What a path names.
enum class node : std::uint8_t {
    none,      ///< Nothing (or something that cannot be read: a corrupt image).
    file,      ///< A file.
    directory, ///< A directory.
};

/// A file's bytes as a place hands them out.
struct source {
    std::span<const std::byte> bytes; ///< The whole file.
    /// True when `bytes` stay valid and unchanged for as long as the firmware
    /// runs (memory-mapped flash): MicroPython may then run `.mpy` bytecode
    /// and use its constants in place instead of copying them to RAM.
    bool in_place = false;
};

/// Something the search path can resolve over: `stat(path)` says what an
/// absolute path names (`node::none` for nothing, never an error). Paths are
/// as MicroPython's import builds them ("/rom/lib/a.py").
template <class P>
concept searchable = requires(const P& p, std::string_view path) {
    { p.stat(path) } -> std::same_as<node>;
};

/// A place: searchable, and `open(path)` hands out a file's bytes or an
/// error (what MicroPython's readers need); `not_found` means "not here",
/// so `places` asks the next one.
template <class P>
concept place = searchable<P> && requires(const P& p, std::string_view path) {
    { p.open(path) } -> std::same_as<result<source, error>>;
};

/// Several places behind one, asked in order: the first that knows a path
/// answers. Holds references; the places must outlive it.
template <place... Ps>
class places {
public:
    /// Refers to `ps`, asked in the order given.
    constexpr explicit places(const Ps&... ps) noexcept : ps_(ps...) {}

    /// The first answer other than `node::none`.
    constexpr node stat(std::string_view path) const noexcept {
        node n = node::none;
        std::apply([&](const auto&... p) { ((n == node::none ? (n = p.stat(path), 0) : 0), ...); }, ps_);
        return n;
    }

    /// The file from the first place whose `open` does not answer
    /// `not_found` (one lookup per place, not a `stat` and then an `open`).
    constexpr result<source, error> open(std::string_view path) const noexcept {
        result<source, error> r = error{errc::not_found};
        each([&](const auto& p) {
            if (r.code() == errc::not_found) r = p.open(path);
        });
        return r;
    }

    /// Calls `f(p)` for each place, in order.
    template <class F>
    constexpr void each(F&& f) const {
        std::apply([&](const auto&... p) { (f(p), ...); }, ps_);
    }

private:
    std::tuple<const Ps&...> ps_;
};

} // namespace romfs::boot
