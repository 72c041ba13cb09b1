/// @file
/// Bounds check of a `.mpy` file (MicroPython's persistent code, version 6)
/// before MicroPython loads it: the header, the qstr and constant tables and
/// the raw-code tree must lie inside the file's bytes. MicroPython's loader
/// trusts the file: a truncated varuint makes it loop forever, and with
/// `MP_READER_IS_ROM` it keeps pointers to bytes past the end. A ROM image
/// can hold such a file (a build or copy cut short, a bad flash write), so
/// the glue checks before it hands the file over. Needs no MicroPython
/// headers; `embed.hpp` checks the constants against them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace romfs::micropython {

/// What `check_mpy` found.
enum class mpy_shape : std::uint8_t {
    fits,      ///< Every length lies inside the file: MicroPython may load it.
    truncated, ///< Something runs past the end (or a length does not decode).
    too_deep,  ///< Tuples or functions nested deeper than the bound given.
    native,    ///< Native code (or an architecture flag): not checked past the header; MicroPython decides.
};

/// @cond INTERNAL
namespace detail {
// The .mpy format's numbers (py/persistentcode.h, py/emitglue.h).
inline constexpr std::uint32_t obj_fun_table = 0, obj_ellipsis = 4, obj_str = 5, obj_bytes = 6, obj_tuple = 10;

struct mpy_cursor {
    std::span<const std::byte> bytes;
    std::size_t at = 0;
    bool ok = true;

    constexpr std::uint32_t byte() noexcept {
        if (at >= bytes.size()) {
            ok = false;
            return 0;
        }
        return static_cast<std::uint32_t>(bytes[at++]);
    }
    // read_uint's encoding; a value past 32 bits cannot be a length here.
    constexpr std::uint32_t uint() noexcept {
        std::uint32_t v = 0;
        for (;;) {
            const std::uint32_t b = byte();
            if (!ok || (v >> 25) != 0) {
                ok = false;
                return 0;
            }
            v = v << 7 | (b & 0x7f);
            if ((b & 0x80) == 0) return v;
        }
    }
    constexpr void skip(std::uint32_t n) noexcept {
        if (n > bytes.size() - at) ok = false;
        else at += n;
    }
};

// Reads `count` items, each of which may hold items of its own (a tuple's,
// a function's children), depth first, with a stack of the items left at
// each level. `item(c, children)` reads one, sets how many it holds, and
// says `fits` to go on or the shape to stop with.
template <std::size_t MaxDepth, class Item>
constexpr mpy_shape walk(mpy_cursor& c, std::uint32_t count, Item&& item) noexcept {
    std::array<std::uint32_t, MaxDepth + 1> left{};
    std::size_t depth = 0;
    left[0] = count;
    while (c.ok) {
        if (left[depth] == 0) {
            if (depth == 0) return mpy_shape::fits;
            --depth;
            continue;
        }
        --left[depth];
        std::uint32_t children = 0;
        if (const mpy_shape s = item(c, children); s != mpy_shape::fits) return s;
        if (children != 0) {
            if (depth == MaxDepth) return mpy_shape::too_deep;
            left[++depth] = children;
        }
    }
    return mpy_shape::truncated;
}
} // namespace detail
/// @endcond

/// Checks that the `.mpy` file in `bytes` lies inside them, as
/// MicroPython's `mp_raw_code_load` reads it, with nesting (constant tuples,
/// functions in functions) bounded by `max_depth` and a fixed stack.
template <std::size_t MaxDepth = 32>
constexpr mpy_shape check_mpy(std::span<const std::byte> bytes) noexcept {
    detail::mpy_cursor c{bytes};
    c.skip(4); // 'M', version, features, small-int bits (MicroPython checks their values)
    if (!c.ok) return mpy_shape::truncated;
    const auto features = static_cast<std::uint8_t>(bytes[2]);
    // An architecture, or the arch-flags bit (0x40): both above the sub-version's two bits.
    if ((features >> 2) != 0) return mpy_shape::native;
    // The table sizes, then the qstrs: a length whose bit 0 says static (no
    // bytes), else the bytes and a NUL.
    const std::uint32_t qstrs = c.uint();
    const std::uint32_t objects = c.uint();
    for (std::uint32_t n = qstrs; c.ok && n != 0; --n) {
        const std::uint32_t len = c.uint();
        if (c.ok && (len & 1) == 0) c.skip((len >> 1) + 1);
    }
    // Constant objects; a tuple holds objects.
    const mpy_shape objs = detail::walk<MaxDepth>(c, objects, [](detail::mpy_cursor& in, std::uint32_t& held) {
        const std::uint32_t type = in.byte();
        if (!in.ok || type == detail::obj_fun_table || type <= detail::obj_ellipsis) return mpy_shape::fits;
        const std::uint32_t len = in.uint();
        if (type == detail::obj_tuple) {
            held = len;
        } else {
            in.skip(len);
            if (type == detail::obj_str || type == detail::obj_bytes) in.skip(1); // the NUL
        }
        return mpy_shape::fits;
    });
    if (objs != mpy_shape::fits) return objs;
    // The raw-code tree: kind and length, the bytecode, then the children.
    return detail::walk<MaxDepth>(c, 1, [](detail::mpy_cursor& in, std::uint32_t& held) {
        const std::uint32_t kind_len = in.uint();
        if (in.ok && (kind_len & 3) != 0) return mpy_shape::native;
        in.skip(kind_len >> 3);
        if (in.ok && (kind_len & 4) != 0) held = in.uint();
        return mpy_shape::fits;
    });
}

} // namespace romfs::micropython
