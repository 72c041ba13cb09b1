/// @file
/// `verify()`: a strict, whole-image structural check that reports the first
/// problem and its byte offset.
#pragma once

#include <array>
#include <cstddef>

#include "../format/error.hpp"
#include "../format/kinds.hpp"
#include "image.hpp"
#include "parse.hpp"

namespace romfs {

namespace detail {

// Names that a path could not reach or that would escape a directory when
// extracted: empty, ".", "..", or holding '/' or NUL.
template <class Src>
constexpr void check_name(reader<Src>& r, const raw_entry& e) noexcept {
    if (e.name_size == 0) return r.fail(errc::bad_name, e.record);
    offset_t dots = 0;
    bool bad = false;
    r.chunks(e.name, e.name_size, [&](std::span<const std::byte> chunk, offset_t) {
        for (const std::byte b : chunk) {
            bad = bad || b == std::byte{'/'} || b == std::byte{0};
            dots += b == std::byte{'.'};
        }
        return !bad;
    });
    if (bad || (dots == e.name_size && dots <= 2)) r.fail(errc::bad_name, e.record);
}

// Every record nested in a file must be well-formed; a data record must
// exist; every indirect record must stay inside the filesystem. Readers stop
// at the first data record; verify reads them all.
template <class Src>
constexpr void check_file(reader<Src>& r, const raw_entry& e) noexcept {
    cursor records = e.nested();
    bool has_data = false;
    while (r.next(records, want::data) != 0) has_data = true;
    if (!has_data) r.fail(errc::file_without_data, e.record);
}

} // namespace detail

/// Checks the whole image: every record inside its parent, every name inside
/// its record and valid, every file with data, every indirect range inside
/// the filesystem, no kind-0 record, every varuint well-formed, directories
/// nested at most `MaxDepth` deep, and the integrity record's hash when the
/// image has one. Returns the first problem in image order.
/// Bytes after the filesystem record (the rest of the partition) are ignored.
template <std::size_t MaxDepth = 32, flash_traits Traits>
constexpr result<void> verify(const basic_image<Traits>& img) noexcept {
    const auto& ctx = detail::image_access::of(img);
    detail::reader<detail::source<Traits>> r(ctx.src, ctx.fs);
    std::array<detail::cursor, MaxDepth + 1> stack{};
    stack[0] = detail::root_entry(ctx.fs).nested();
    std::size_t depth = 1;
    while (depth > 0 && r.ok()) {
        detail::cursor& at = stack[depth - 1];
        // next() checks every record on the way, kind 0 included.
        if (r.next(at, detail::want::entries) == 0) {
            --depth;
            continue;
        }
        const detail::raw_entry e = r.entry(); // check_file's next() overwrites r.entry()'s data
        detail::check_name(r, e);
        if (e.kind == kind::file) {
            detail::check_file(r, e);
        } else if (depth > MaxDepth) {
            r.fail(errc::too_deep, e.record);
        } else {
            stack[depth++] = e.nested();
        }
    }
    if (!r.ok()) return r.error();
    // An integrity record, when there is one, must match.
    return img.check_integrity(integrity::check_if_present);
}

} // namespace romfs
