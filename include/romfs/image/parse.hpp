/// @file
/// The record parser every view shares: record headers clamped to their
/// parent, directory entries with their data, and MicroPython path lookup.
/// Every byte offset is checked against the enclosing record before it is
/// read, so no input can make the parser read outside the image.
///
/// Errors are sticky: the first one is kept, and a failing step moves its
/// cursor to the cursor's end so loops end by themselves. One record loop
/// (`next`) serves directories and file data alike. That keeps the checks
/// few and the code small on a Cortex-M0 (benchmarks/code_size).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "../format/error.hpp"
#include "../format/kinds.hpp"
#include "source.hpp"

namespace romfs::detail {

// A range of records still to read: [pos, end).
struct cursor {
    offset_t pos = 0;
    offset_t end = 0;
};

// The filesystem payload: base for indirect data offsets, and its end.
struct fs_span {
    offset_t base = 0;
    offset_t end = 0;
};

// A directory (kind 4) or file (kind 5) record, decoded. `data`/`size` are
// a file's contents once found (next() with `with_data`), or a directory's
// nested records: MicroPython's "size" is `size` for both.
// No default member values: next() writes every field of an entry it
// returns, and zeroing 28 bytes per local costs code on a Cortex-M0.
struct raw_entry {
    std::uint32_t kind;
    offset_t record;
    offset_t name;
    offset_t name_size;
    offset_t end;
    offset_t data;
    offset_t size;

    // The nested records after the name.
    constexpr cursor nested() const noexcept { return {name + name_size, end}; }
};

// The root directory as an entry.
constexpr raw_entry root_entry(fs_span fs) noexcept {
    return raw_entry{kind::directory, 0, fs.base, 0, fs.end, fs.base, fs.end - fs.base};
}

// What next() looks for.
enum class want : std::uint8_t {
    entries,   // directories and files; a file's data is not looked for
    with_data, // directories and files, each file with its data
    data,      // a file's data record (verbatim or indirect)
};

template <class Src>
class reader {
public:
    // `src` is a copy: one or two words, kept in registers.
    constexpr explicit reader(const Src& src, fs_span fs = {}) noexcept : src_(src), fs_(fs) {}

    constexpr bool ok() const noexcept { return error_.code == errc::ok; }
    constexpr romfs::error error() const noexcept { return error_; }
    constexpr fs_span fs() const noexcept { return fs_; }
    // Records `code` at `at` unless an earlier error is already recorded.
    ROMFS_DETAIL_OUTLINE_IF_SIZE constexpr void fail(errc code, offset_t at) noexcept {
        if (ok()) error_ = {code, at};
    }

    // The varuint at `c.pos`, not reading at or past `c.end`. On failure the
    // error names the varuint's first byte, the result is 0 and `c.pos` is
    // `c.end`.
    constexpr offset_t varuint(cursor& c) noexcept {
        offset_t p = c.pos; // a local cursor: no store per byte
        offset_t value = 0;
        errc problem = errc::varuint_truncated;
        while (p < c.end) {
            std::byte b{};
            if (!src_.fetch(p, b)) {
                problem = errc::io_error;
                break;
            }
            ++p;
            // 7 more bits must fit: refuse rather than wrap.
            if (value > (offset_t(-1) >> 7)) {
                problem = errc::varuint_overflow;
                break;
            }
            value = (value << 7) | static_cast<offset_t>(b & std::byte{0x7f});
            if ((b & std::byte{0x80}) == std::byte{0}) {
                c.pos = p;
                return value;
            }
        }
        fail(problem, c.pos);
        c.pos = c.end;
        return 0;
    }

    // The record at `c.pos`, which must end by `c.end`: returns its kind,
    // sets `body` to its payload and moves `c` past it. Compares the length
    // with the room left (never adds first), so a huge length cannot wrap.
    // On failure (see ok()) `body` is what is left of `c` and `c` is at its end.
    constexpr std::uint32_t record(cursor& c, cursor& body) noexcept {
        const offset_t start = c.pos;
        const std::uint32_t k = varuint(c);
        offset_t length = varuint(c);
        if (length > c.end - c.pos) {
            fail(errc::record_past_parent, start);
            length = c.end - c.pos; // the error stands; parsing on stays in bounds
        }
        body = {c.pos, c.pos + length};
        c.pos = body.end;
        return k;
    }

    // The next record in `c` that `w` asks for, skipping padding and unknown
    // kinds; kind 0 ends the range as corrupt. Returns its kind, or 0 at the
    // end of the range or on an error (see ok()). Entries get their name and
    // size; data records (and, with `with_data`, files) get `data`/`size`.
    // Looking for a file's data nests one level, never more.
    constexpr std::uint32_t next(cursor& c, want w, raw_entry& x) noexcept {
        while (c.pos < c.end) {
            const offset_t start = c.pos;
            cursor body;
            const std::uint32_t k = record(c, body);
            if (k == kind::unused) {
                fail(errc::kind_zero, start);
                return 0;
            }
            if ((k & ~1u) != (w == want::data ? kind::verbatim : kind::directory)) continue;
            x.kind = k;
            x.record = start;
            x.end = body.end;
            if (w != want::data) {
                const offset_t name_at = body.pos;
                const offset_t n = varuint(body);
                if (n > body.end - body.pos) {
                    fail(errc::name_past_record, name_at);
                    return 0;
                }
                x.name = body.pos;
                x.name_size = n;
                body.pos += n;
                if (k == kind::file && w == want::with_data) {
                    if (!data(body, x)) return 0;
                } else {
                    x.data = body.pos;
                    x.size = body.end - body.pos;
                }
            } else if (k == kind::verbatim) {
                x.data = body.pos;
                x.size = body.end - body.pos;
            } else {
                // Indirect: size, then offset from the payload; inside the payload.
                x.size = varuint(body);
                const offset_t offset = varuint(body);
                const offset_t room = fs_.end - fs_.base;
                if (offset > room || x.size > room - offset) {
                    fail(errc::indirect_out_of_range, start);
                    return 0;
                }
                x.data = fs_.base + offset;
            }
            return ok() ? k : 0;
        }
        return 0;
    }

    // A file's contents: the first data record among the records in `nested`
    // (a file entry's body). Sets `e.data`/`e.size`.
    constexpr bool data(cursor nested, raw_entry& e) noexcept {
        raw_entry d;
        if (next(nested, want::data, d) == 0) {
            fail(errc::file_without_data, e.record);
            return false;
        }
        e.data = d.data;
        e.size = d.size;
        return true;
    }

    // Whether the `size` name bytes at `name` equal the `size` chars at `text`.
    constexpr bool name_equals(offset_t name, offset_t size, const char* text) noexcept {
        if constexpr (requires { src_.data(); }) {
            const std::byte* p = src_.data() + name;
            for (offset_t i = 0; i < size; ++i)
                if (p[i] != static_cast<std::byte>(text[i])) return false;
            return true;
        } else {
            bool same = true;
            chunks(name, size, [&](std::span<const std::byte> chunk, offset_t done) {
                for (std::size_t i = 0; i < chunk.size() && same; ++i)
                    same = chunk[i] == static_cast<std::byte>(text[done + i]);
                return same;
            });
            return same && ok();
        }
    }

    // Reads `size` bytes at `at` through the source, 16 at a time (names
    // behind a driver), calling visit(chunk, offset of the chunk) until it
    // returns false. A read failure is recorded as io_error at `at`.
    template <class Visit>
    constexpr void chunks(offset_t at, offset_t size, Visit&& visit) noexcept {
        std::byte chunk[16]{};
        for (offset_t done = 0; done < size;) {
            const offset_t n = size - done < 16 ? size - done : 16;
            if (!src_.read(at + done, std::span<std::byte>(chunk, n))) return fail(errc::io_error, at);
            if (!visit(std::span<const std::byte>(chunk, n), done)) return;
            done += n;
        }
    }

    // MicroPython's lookup below the directory `x`, in one loop (constant
    // stack for any depth): an optional leading '/', "" is `x` itself, a
    // name matches a whole component, first match wins, a file met before
    // the last component is "not found". On success `x` is the entry found,
    // a file with its data.
    constexpr bool lookup(raw_entry& x, std::string_view path) noexcept {
        const char* p = path.data();
        offset_t n = static_cast<offset_t>(path.size());
        if (n != 0 && *p == '/') {
            ++p;
            --n;
        }
        if (n == 0) return true;
        cursor c = x.nested();
        offset_t parent = x.record;
        for (;;) {
            if (next(c, want::entries, x) == 0) {
                fail(errc::not_found, parent);
                return false;
            }
            const offset_t len = x.name_size;
            if (len > n || (len < n && p[len] != '/') || !name_equals(x.name, len, p)) continue;
            if (len == n) return x.kind != kind::file || data(x.nested(), x);
            if (x.kind != kind::directory) {
                fail(errc::not_found, x.record);
                return false;
            }
            p += len + 1;
            n -= len + 1;
            c = x.nested();
            parent = x.record;
        }
    }

    // The image header in the source's first `size` bytes: kind 0x14a6b1 as
    // a varuint, then the filesystem payload's length. Sets fs().
    constexpr bool header(offset_t size) noexcept {
        cursor c{0, size};
        if (varuint(c) != kind::filesystem) {
            error_ = {error_.code == errc::io_error ? errc::io_error : errc::bad_magic, 0};
            return false;
        }
        const offset_t length_at = c.pos;
        const offset_t length = varuint(c);
        if (length > c.end - c.pos) fail(errc::image_truncated, length_at);
        if (error_.code == errc::varuint_truncated) error_.code = errc::image_truncated;
        fs_ = {c.pos, c.pos + length};
        return ok();
    }

private:
    Src src_;
    fs_span fs_;
    romfs::error error_{};
};

} // namespace romfs::detail
