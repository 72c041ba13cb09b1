/// @file
/// The record parser every view shares: record headers clamped to their
/// parent, entry headers, file data resolution and MicroPython path lookup.
/// Every byte offset is checked against the enclosing record before it is
/// read, so no input can make the parser read outside the image.
///
/// Errors are sticky: the first one is kept, and a failing step moves the
/// cursor to its limit so loops end by themselves. That keeps the checks
/// few and the code small on a Cortex-M0.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "../format/error.hpp"
#include "../format/kinds.hpp"
#include "source.hpp"

namespace romfs::detail {

// The filesystem payload: base for indirect data offsets, and its end.
struct fs_span {
    offset_t base = 0;
    offset_t end = 0;
};

// A directory (kind 4) or file (kind 5) record, decoded. For files, `data`
// and `data_size` are filled by resolve().
struct raw_entry {
    std::uint32_t kind = 0;
    offset_t record = 0;
    offset_t name = 0;
    offset_t name_size = 0;
    offset_t end = 0;
    offset_t data = 0;
    offset_t data_size = 0;

    // First byte after the name: the nested records.
    constexpr offset_t body() const noexcept { return name + name_size; }
};

// The root directory as an entry.
constexpr raw_entry root_entry(fs_span fs) noexcept { return raw_entry{kind::directory, 0, fs.base, 0, fs.end, 0, 0}; }

template <class Src>
class reader {
public:
    constexpr explicit reader(const Src& src) noexcept : src_(src) {}  // a copy: two words, kept in registers

    constexpr bool ok() const noexcept { return error_.code == errc::ok; }
    constexpr romfs::error error() const noexcept { return error_; }
    // Records `code` at `at` unless an earlier error is already recorded.
    constexpr void fail(errc code, offset_t at) noexcept {
        if (ok()) error_ = {code, at};
    }

    // A varuint at `pos`, not reading at or past `limit`. On failure the error
    // names the varuint's first byte, the result is 0 and `pos` is `limit`.
    constexpr offset_t varuint(offset_t& pos, offset_t limit) noexcept {
        offset_t p = pos; // a local cursor: no store through `pos` per byte
        offset_t value = 0;
        errc problem = errc::varuint_truncated;
        while (p < limit) {
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
                pos = p;
                return value;
            }
        }
        fail(problem, pos);
        pos = limit;
        return 0;
    }

    // The record at `pos`, which must end by `limit`: returns its kind, moves
    // `pos` to its payload and sets `end`. Compares the length with the room
    // left (never adds first), so a huge length cannot wrap to a position
    // before the record. On failure returns kind::unused with `pos` = `end` =
    // `limit`; kind 0 itself is reported by the caller, which knows what it
    // ends.
    constexpr std::uint32_t record(offset_t& pos, offset_t limit, offset_t& end) noexcept {
        const offset_t start = pos;
        const std::uint32_t k = varuint(pos, limit);
        const offset_t length = varuint(pos, limit);
        end = limit;
        if (!ok()) return kind::unused;
        if (length > limit - pos) {
            fail(errc::record_past_parent, start);
            pos = limit;
            return kind::unused;
        }
        end = pos + length;
        return k;
    }

    // The next directory or file record in [pos, end), skipping padding and
    // unknown kinds; kind 0 ends the directory as corrupt. False at the end
    // of the directory or on an error (see ok()).
    constexpr bool next_entry(offset_t& pos, offset_t end, raw_entry& e) noexcept {
        while (pos < end) {
            const offset_t start = pos;
            offset_t record_end = 0;
            const std::uint32_t k = record(pos, end, record_end);
            if (k == kind::unused) {
                fail(errc::kind_zero, start);
                return false;
            }
            if (k == kind::directory || k == kind::file) {
                const offset_t name_at = pos;
                const offset_t n = varuint(pos, record_end);
                if (!ok()) return false;
                if (n > record_end - pos) {
                    fail(errc::name_past_record, name_at);
                    return false;
                }
                e = raw_entry{k, start, pos, n, record_end, 0, 0};
                pos = record_end;
                return true;
            }
            pos = record_end;
        }
        return false;
    }

    // An indirect data record's range (size, then offset from the filesystem
    // payload), which must lie inside the payload. `pos` is its payload.
    constexpr bool indirect(offset_t pos, offset_t end, offset_t start, fs_span fs, offset_t& data,
                            offset_t& size) noexcept {
        size = varuint(pos, end);
        const offset_t offset = varuint(pos, end);
        if (!ok()) return false;
        const offset_t room = fs.end - fs.base;
        if (offset > room || size > room - offset) {
            fail(errc::indirect_out_of_range, start);
            return false;
        }
        data = fs.base + offset;
        return true;
    }

    // A file's contents: the first data record (kind 2 or 3) among its
    // nested records.
    constexpr bool resolve(raw_entry& e, fs_span fs) noexcept {
        for (offset_t pos = e.body(); pos < e.end;) {
            const offset_t start = pos;
            offset_t record_end = 0;
            const std::uint32_t k = record(pos, e.end, record_end);
            if (k == kind::unused) {
                fail(errc::kind_zero, start);
                return false;
            }
            if (k == kind::verbatim) {
                e.data = pos;
                e.data_size = record_end - pos;
                return true;
            }
            if (k == kind::indirect) return indirect(pos, record_end, start, fs, e.data, e.data_size);
            pos = record_end;
        }
        fail(errc::file_without_data, e.record);
        return false;
    }

    // Whether the `size` name bytes at `name` equal `text`.
    constexpr bool name_equals(offset_t name, offset_t size, std::string_view text) noexcept {
        if (size != text.size()) return false;
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

    // MicroPython's lookup below `dir`, iteratively (constant stack for any
    // depth): an optional leading '/', "" is `dir` itself, whole-component
    // match, first match wins, a file met before the last component is
    // "not found". On success `dir` is the entry found.
    constexpr bool lookup(fs_span fs, raw_entry& dir, std::string_view path) noexcept {
        if (!path.empty() && path.front() == '/') path.remove_prefix(1);
        if (path.empty()) return true;
        // `dir` becomes each candidate in turn: no copies of entries.
        offset_t pos = dir.body();
        offset_t end = dir.end;
        offset_t parent = dir.record;
        for (;;) {
            const auto slash = path.find('/');
            const std::string_view component(path.data(), slash == std::string_view::npos ? path.size() : slash);
            do {
                if (!next_entry(pos, end, dir)) {
                    fail(errc::not_found, parent);
                    return false;
                }
            } while (!name_equals(dir.name, dir.name_size, component) && ok());
            if (!ok()) return false;
            if (slash == std::string_view::npos) return dir.kind != kind::file || resolve(dir, fs);
            if (dir.kind != kind::directory) {
                fail(errc::not_found, dir.record);
                return false;
            }
            parent = dir.record;
            pos = dir.body();
            end = dir.end;
            path.remove_prefix(slash + 1);
        }
    }

    // The image header at the start of the source's `size` bytes: kind
    // 0x14a6b1 as a varuint, then the payload length. Sets `fs` on success.
    constexpr bool header(offset_t size, fs_span& fs) noexcept {
        offset_t pos = 0;
        const std::uint32_t k = varuint(pos, size);
        if (!ok() || k != kind::filesystem) {
            const errc code = error_.code == errc::io_error ? errc::io_error : errc::bad_magic;
            error_ = {code, 0};
            return false;
        }
        const offset_t length_at = pos;
        const offset_t length = varuint(pos, size);
        if (ok() && length > size - pos) fail(errc::image_truncated, length_at);
        if (error_.code == errc::varuint_truncated) error_.code = errc::image_truncated;
        if (!ok()) return false;
        fs = fs_span{pos, pos + length};
        return true;
    }

private:
    Src src_;
    romfs::error error_{};
};

} // namespace romfs::detail
