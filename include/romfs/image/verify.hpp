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
constexpr result<void> check_name(const Src& src, const raw_entry& e) noexcept {
    const error bad{errc::bad_name, e.record};
    if (e.name_size == 0) return bad;
    std::byte chunk[16]{};
    std::size_t dots = 0;
    for (offset_t done = 0; done < e.name_size;) {
        const offset_t n = e.name_size - done < 16 ? e.name_size - done : 16;
        if (!src.read(e.name + done, std::span<std::byte>(chunk, n))) return error{errc::io_error, e.name};
        for (offset_t i = 0; i < n; ++i) {
            if (chunk[i] == std::byte{'/'} || chunk[i] == std::byte{0}) return bad;
            if (chunk[i] == std::byte{'.'}) ++dots;
        }
        done += n;
    }
    if (dots == e.name_size && dots <= 2) return bad;
    return {};
}

// Every record nested in a file must be well-formed; the first data record
// must exist; every indirect record must stay inside the filesystem.
template <class Src>
constexpr result<void> check_file(const Src& src, const raw_entry& e, fs_span fs) noexcept {
    bool has_data = false;
    for (offset_t pos = e.body; pos < e.end;) {
        const auto r = read_record(src, pos, e.end);
        if (!r) return r.error();
        if (r->kind == kind::unused) return error{errc::kind_zero, pos};
        if (r->kind == kind::indirect) {
            if (const auto d = decode_indirect(src, *r, fs); !d) return d.error();
        }
        has_data = has_data || r->kind == kind::verbatim || r->kind == kind::indirect;
        pos = r->end;
    }
    if (!has_data) return error{errc::file_without_data, e.record};
    return {};
}

} // namespace detail

/// Checks the whole image: every record inside its parent, every name inside
/// its record and valid, every file with data, every indirect range inside
/// the filesystem, no kind-0 record, every varuint well-formed, directories
/// nested at most `MaxDepth` deep. Returns the first problem in image order.
/// Bytes after the filesystem record (the rest of the partition) are ignored.
template <std::size_t MaxDepth = 32, flash_traits Traits>
constexpr result<void> verify(const basic_image<Traits>& image) noexcept {
    struct level {
        offset_t pos;
        offset_t end;
    };
    const auto& ctx = image.context();
    std::array<level, MaxDepth + 1> stack{};
    stack[0] = level{ctx.fs.base, ctx.fs.end};
    std::size_t depth = 1;
    while (depth > 0) {
        level& at = stack[depth - 1];
        if (at.pos >= at.end) {
            --depth;
            continue;
        }
        const offset_t start = at.pos;
        const auto r = detail::read_record(ctx.src, start, at.end);
        if (!r) return r.error();
        if (r->kind == kind::unused) return error{errc::kind_zero, start};
        if (r->kind != kind::directory && r->kind != kind::file) {
            at.pos = r->end;
            continue;
        }
        // next_entry re-reads this record's header and decodes its name.
        offset_t pos = start;
        const auto e = detail::next_entry(ctx.src, pos, at.end);
        if (!e) return e.error();
        at.pos = pos;
        if (const auto n = detail::check_name(ctx.src, *e); !n) return n.error();
        if (e->kind == kind::file) {
            if (const auto f = detail::check_file(ctx.src, *e, ctx.fs); !f) return f.error();
        } else {
            if (depth > MaxDepth) return error{errc::too_deep, start};
            stack[depth++] = level{e->body, e->end};
        }
    }
    return {};
}

} // namespace romfs
