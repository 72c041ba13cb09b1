/// @file
/// The record parser every view shares: record headers clamped to their
/// parent, entry headers, file data resolution and MicroPython path lookup.
/// Every byte offset is checked against the enclosing record before it is
/// read, so no input can make the parser read outside the image.
#pragma once

#include <cstdint>
#include <string_view>

#include "../format/error.hpp"
#include "../format/kinds.hpp"
#include "../format/varuint.hpp"
#include "source.hpp"

namespace romfs::detail {

// One record: its kind, where it starts, where its payload starts and ends.
struct record {
    std::uint32_t kind = 0;
    offset_t start = 0;
    offset_t payload = 0;
    offset_t end = 0;
};

// The filesystem payload: base for indirect data offsets, and its end.
struct fs_span {
    offset_t base = 0;
    offset_t end = 0;
};

// A directory (kind 4) or file (kind 5) record, decoded. `kind == 0` means
// "no more entries". For files, `data`/`data_size` are filled by
// resolve_data().
struct raw_entry {
    std::uint32_t kind = 0;
    offset_t record = 0;
    offset_t name = 0;
    offset_t name_size = 0;
    offset_t body = 0;
    offset_t end = 0;
    offset_t data = 0;
    offset_t data_size = 0;
};

// Decodes a varuint at `pos`, not reading at or past `limit`; advances `pos`.
template <class Src>
constexpr errc read_varuint(const Src& src, offset_t& pos, offset_t limit, offset_t& value) noexcept {
    const auto d = decode_varuint_with<offset_t>(
        [&src, pos](std::size_t i, std::byte& out) { return src.fetch(pos + static_cast<offset_t>(i), out); },
        pos < limit ? limit - pos : 0);
    if (d.code == errc::ok) {
        value = d.value;
        pos += static_cast<offset_t>(d.length);
    }
    return d.code;
}

// Reads the record header at `pos`; the whole record must end by `limit`.
template <class Src>
constexpr result<record> read_record(const Src& src, offset_t pos, offset_t limit) noexcept {
    record r{0, pos, pos, pos};
    offset_t p = pos;
    offset_t length = 0;
    if (const errc e = read_varuint(src, p, limit, r.kind); e != errc::ok) return error{e, pos};
    const offset_t length_at = p;
    if (const errc e = read_varuint(src, p, limit, length); e != errc::ok) return error{e, length_at};
    // Compare against the room left, never compute p + length first: a huge
    // length must not wrap around to a position before this record.
    if (length > limit - p) return error{errc::record_past_parent, pos};
    r.payload = p;
    r.end = p + length;
    return r;
}

// Finds the next directory or file record in [pos, end), skipping padding
// and unknown kinds, and advances `pos` past it. Kind 0 ends the directory as
// corrupt. Returns an entry with kind 0 when the directory is exhausted.
template <class Src>
constexpr result<raw_entry> next_entry(const Src& src, offset_t& pos, offset_t end) noexcept {
    while (pos < end) {
        const auto r = read_record(src, pos, end);
        if (!r) return r.error();
        if (r->kind == kind::unused) return error{errc::kind_zero, pos};
        const offset_t at = pos;
        pos = r->end;
        if (r->kind == kind::directory || r->kind == kind::file) {
            offset_t p = r->payload;
            offset_t name_size = 0;
            if (const errc e = read_varuint(src, p, r->end, name_size); e != errc::ok) return error{e, r->payload};
            if (name_size > r->end - p) return error{errc::name_past_record, r->payload};
            return raw_entry{r->kind, at, p, name_size, p + name_size, r->end, 0, 0};
        }
    }
    return raw_entry{};
}

// Decodes an indirect data record (size, then offset from the filesystem
// payload) into the absolute range it names, which must lie inside the
// filesystem payload.
template <class Src>
constexpr result<fs_span> decode_indirect(const Src& src, const record& r, fs_span fs) noexcept {
    offset_t p = r.payload;
    offset_t size = 0;
    offset_t offset = 0;
    if (const errc c = read_varuint(src, p, r.end, size); c != errc::ok) return error{c, p};
    if (const errc c = read_varuint(src, p, r.end, offset); c != errc::ok) return error{c, p};
    const offset_t room = fs.end - fs.base;
    if (offset > room || size > room - offset) return error{errc::indirect_out_of_range, r.start};
    return fs_span{fs.base + offset, fs.base + offset + size};
}

// Locates a file's contents: the first data record (kind 2 or 3) among its
// nested records. Indirect data must lie inside the filesystem payload.
template <class Src>
constexpr result<raw_entry> resolve_data(const Src& src, raw_entry e, fs_span fs) noexcept {
    for (offset_t pos = e.body; pos < e.end;) {
        const auto r = read_record(src, pos, e.end);
        if (!r) return r.error();
        if (r->kind == kind::unused) return error{errc::kind_zero, pos};
        if (r->kind == kind::verbatim) {
            e.data = r->payload;
            e.data_size = r->end - r->payload;
            return e;
        }
        if (r->kind == kind::indirect) {
            const auto d = decode_indirect(src, *r, fs);
            if (!d) return d.error();
            e.data = d->base;
            e.data_size = d->end - d->base;
            return e;
        }
        pos = r->end;
    }
    return error{errc::file_without_data, e.record};
}

// Whether the `size` name bytes at `name` equal `text`.
template <class Src>
constexpr result<bool> name_equals(const Src& src, offset_t name, offset_t size, std::string_view text) noexcept {
    if (size != text.size()) return false;
    if constexpr (requires { src.data(); }) {
        const std::byte* p = src.data() + name;
        for (offset_t i = 0; i < size; ++i)
            if (p[i] != static_cast<std::byte>(static_cast<unsigned char>(text[i]))) return false;
        return true;
    } else {
        std::byte chunk[16]{};
        for (offset_t done = 0; done < size;) {
            const offset_t n = size - done < 16 ? size - done : 16;
            if (!src.read(name + done, std::span<std::byte>(chunk, n))) return error{errc::io_error, name};
            for (offset_t i = 0; i < n; ++i)
                if (chunk[i] != static_cast<std::byte>(static_cast<unsigned char>(text[done + i]))) return false;
            done += n;
        }
        return true;
    }
}

// The root directory as an entry.
constexpr raw_entry root_entry(fs_span fs) noexcept {
    return raw_entry{kind::directory, 0, fs.base, 0, fs.base, fs.end, 0, 0};
}

// MicroPython's lookup, iteratively (constant stack for any depth): an
// optional leading '/', "" is the directory itself, whole-component match,
// first match wins, a file met before the last component is "not found".
template <class Src>
constexpr result<raw_entry> lookup(const Src& src, fs_span fs, raw_entry dir, std::string_view path) noexcept {
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    if (path.empty()) return dir;
    offset_t pos = dir.body;
    offset_t end = dir.end;
    for (;;) {
        const auto slash = path.find('/');
        const bool last = slash == std::string_view::npos;
        const std::string_view component = path.substr(0, slash);
        for (;;) {
            const auto e = next_entry(src, pos, end);
            if (!e) return e.error();
            if (e->kind == 0) return error{errc::not_found, dir.record};
            const auto same = name_equals(src, e->name, e->name_size, component);
            if (!same) return same.error();
            if (!*same) continue;
            if (last) return e->kind == kind::file ? resolve_data(src, *e, fs) : e;
            if (e->kind != kind::directory) return error{errc::not_found, e->record};
            dir = *e;
            pos = e->body;
            end = e->end;
            path.remove_prefix(slash + 1);
            break;
        }
    }
}

} // namespace romfs::detail
