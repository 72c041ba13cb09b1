/// @file
/// The record parser every view shares: record headers checked against
/// their parent, directory entries with their data, and MicroPython path
/// lookup. Every byte offset is checked against the enclosing record before
/// it is read, so no input can make the parser read outside the image.
///
/// Errors are sticky: the first one is kept. A varuint that fails reads as
/// ~0, so the bounds check that follows it fails too, and every step that
/// fails returns 0, so loops end by themselves. One record loop (`next`)
/// serves directories and file data alike. That keeps the checks few and the
/// code small on a Cortex-M0 (benchmarks/code_size).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <type_traits>

#include "../detail/attributes.hpp"
#include "../detail/chunks.hpp"
#include "../format/error.hpp"
#include "../format/kinds.hpp"
#include "source.hpp"

namespace romfs::detail {

// A range of records still to read: [pos, end). No default member values,
// so a cursor that is written before it is read costs no stores.
struct cursor {
    offset_t pos;
    offset_t end;
};

// The filesystem payload: base for indirect data offsets, and its end.
// No default member values (see cursor); value-initialise to get zeros.
struct fs_span {
    offset_t base;
    offset_t end;
};

// A directory (kind 4) or file (kind 5) record, decoded. [`data`, `end`) is
// a file's contents once found (data(), next_listed(), lookup()), or else the
// entry's nested records: MicroPython's "size" is size() for both.
// No default member values: next() writes every field of an entry it
// returns, and zeroing a local costs code on a Cortex-M0.
struct raw_entry {
    std::uint32_t kind;
    offset_t record;
    offset_t name;
    offset_t name_size;
    offset_t data;
    offset_t end; // of `data`: kept rather than the size, which fewer steps need

    // MicroPython's "size": a file's data length, a directory's payload.
    constexpr offset_t size() const noexcept { return end - data; }
    // The nested records after the name (a directory, or a file whose data
    // has not been looked for).
    constexpr cursor nested() const noexcept { return {data, end}; }
};

// The root directory as an entry.
constexpr raw_entry root_entry(fs_span fs) noexcept {
    return raw_entry{kind::directory, 0, fs.base, 0, fs.base, fs.end};
}

// The read-ahead window of a reader over a driver source: bytes
// [at, at + len) of the image. Empty (no storage) when there is none.
template <std::size_t N>
struct read_window {
    std::array<std::byte, N> bytes{};
    offset_t at = 0;
    offset_t len = 0;
    offset_t limit = 0; // the image's end: never read past it (0: no window)
};
template <>
struct read_window<0> {};

// What next() looks for: the kinds to match without their bit 0 (2 matches
// kinds 4 and 5; 1 matches 2 and 3), so one shift and compare at run time.
enum class want : std::uint8_t {
    entries = kind::directory >> 1, // directories and files; a file's data is not looked for
    data = kind::verbatim >> 1,     // a file's data record (verbatim or indirect)
};

template <class Src>
class reader {
public:
    // `src` is a copy: one or two words, kept in registers.
    constexpr reader(const Src& src, fs_span fs) noexcept : src_(src), fs_(fs) {
        if constexpr (Src::read_ahead > 0) window_.limit = fs.end;
        settle();
    }
    // A reader for the header, or for bytes whose filesystem is not needed
    // (no indirect data): fs() is set by header().
    constexpr explicit reader(const Src& src) noexcept : src_(src) { settle(); }

    // An empty reader (end iterators): every member zero.
    constexpr reader() noexcept : src_(), fs_{}, pos_(0), entry_{}, end_(0), lim_(0) {}

    constexpr bool ok() const noexcept { return error_.code == errc::ok; }
    constexpr const Src& source() const noexcept { return src_; }
    constexpr romfs::error error() const noexcept { return error_; }
    constexpr fs_span fs() const noexcept { return fs_; }
    // Records `code` at `at` unless an earlier error is already recorded.
    // Cold: GCC then lays the paths that call it out of the way (2 bytes
    // less on a Cortex-M0+; speed builds are no slower: vs_micropython).
    ROMFS_DETAIL_OUTLINE_IF_SIZE [[gnu::cold]] constexpr void fail(errc code, offset_t at) noexcept {
        if (ok()) error_ = {code, at};
    }

    // The reader's own cursor: the records still to read, [pos(), end).
    // next(), lookup() and the varuints read from it, so no cursor is
    // passed or copied on the way (on a Cortex-M0 each one costs stores and
    // reloads); the functions taking a cursor are for callers that keep
    // several (the walker, verify, iterators).
    constexpr void seek(cursor c) noexcept {
        pos_ = c.pos;
        end_ = c.end;
    }
    constexpr offset_t& pos() noexcept { return pos_; }
    constexpr offset_t pos() const noexcept { return pos_; }

    // The varuint at pos(), not reading at or past `end`. On failure the
    // error names the varuint's first byte, pos() is `end` and the
    // result is ~0: larger than any room left, so the caller's next bounds
    // check fails too and no caller needs an error check of its own.
    ROMFS_DETAIL_INLINE_IF_SPEED constexpr offset_t varuint(offset_t end) noexcept {
        bound(end);
        return field(end);
    }

    // The varuints of a record (its header, then its body's fields) are read
    // by field(end), inside the bound last set by bound(end). Size builds
    // keep that bound in a member, set once for the header and once for the
    // body, so no call passes it (6 bytes less on a Cortex-M0+); speed
    // builds pass it, which needs no store per record (2 instructions less
    // per record at -O2: benchmarks/vs_micropython). `end` is always the
    // bound last set; tests/ runs both forms.
#if defined(__OPTIMIZE_SIZE__)
    constexpr void bound(offset_t end) noexcept { lim_ = end; }
    constexpr offset_t field(offset_t) noexcept { return bounded(); }
    [[gnu::noinline]] constexpr offset_t bounded() noexcept { return decode(lim_); }
#else
    constexpr void bound(offset_t) noexcept {}
    ROMFS_DETAIL_INLINE_IF_SPEED constexpr offset_t field(offset_t end) noexcept { return decode(end); }
#endif

    // The varuint decoder behind field().
    ROMFS_DETAIL_INLINE_IF_SPEED constexpr offset_t decode(offset_t end) noexcept {
#if !defined(__OPTIMIZE_SIZE__)
        // One or two bytes, the common cases (kinds, names, lengths below
        // 16K): no loop, and no overflow check, which two bytes cannot
        // need. Outside size builds only: at -Os the loop alone is smaller.
        if (pos_ < end) {
            std::byte b{};
            if (fetch(pos_, b)) {
                if ((b & std::byte{0x80}) == std::byte{0}) {
                    ++pos_;
                    return static_cast<offset_t>(b);
                }
                std::byte b1{};
                if (end - pos_ >= 2 && fetch(pos_ + 1, b1) && (b1 & std::byte{0x80}) == std::byte{0}) {
                    pos_ += 2;
                    return (static_cast<offset_t>(b & std::byte{0x7f}) << 7) | static_cast<offset_t>(b1);
                }
            }
        }
#endif
        offset_t p = pos_; // a local position: no store per byte
        offset_t value = 0;
        errc problem = errc::varuint_truncated;
        while (p < end) {
            std::byte b{};
            if (!fetch(p, b)) {
                problem = errc::io_error;
                break;
            }
            ++p;
            // 7 more bits must fit: refuse rather than wrap.
            if (value >> (std::numeric_limits<offset_t>::digits - 7)) {
                problem = errc::varuint_overflow;
                break;
            }
#if defined(__OPTIMIZE_SIZE__)
            // The byte added whole, and bit 7 taken off again if it is set:
            // no mask to keep in a register (6 bytes less on a Cortex-M0+;
            // speed builds keep the mask: without it GCC's -O2 lookups cost
            // 4 instructions more per record, benchmarks/vs_micropython).
            const offset_t v = static_cast<offset_t>(b);
            value = (value << 7) + v;
            const bool last = v < 0x80;
            if (!last) value -= 0x80;
#else
            value = (value << 7) | static_cast<offset_t>(b & std::byte{0x7f});
            const bool last = (b & std::byte{0x80}) == std::byte{0};
#endif
            if (last) {
                pos_ = p;
                return value;
            }
        }
        fail(problem, pos_);
        pos_ = end;
        return offset_t(-1);
    }
    // The varuint at `c.pos`, not reading at or past `c.end`; `c.pos` moves
    // past it (as varuint(end) moves pos()).
    constexpr offset_t varuint(cursor& c) noexcept {
        pos_ = c.pos;
        const offset_t value = varuint(c.end);
        c.pos = pos_;
        return value;
    }

    // The header of the record at pos(), which must end by the cursor's
    // end: returns its kind, sets `body_end` and leaves pos() at its body.
    // Compares the length with the room left (never adds first), so a huge
    // length cannot wrap. Returns 0 at the end of the range, on failure and
    // for a record of kind 0 (corrupt: erased or zeroed flash); see ok().
    [[gnu::always_inline]] constexpr std::uint32_t record(offset_t& body_end) noexcept {
        const offset_t start = pos_;
        const offset_t end = end_;
        if (start >= end) return 0;
        std::uint32_t k = 0;
        errc problem = errc::ok;
        if (record_header(end, k, body_end, problem)) return k;
        fail(problem, start);
        return 0;
    }

    // record() on a range with a record left, leaving the error to the
    // caller: false for a bad record, with `problem` saying why, so that
    // next() records every problem it meets with one call.
    [[gnu::always_inline]] constexpr bool record_header(offset_t end, std::uint32_t& k, offset_t& body_end,
                                                        errc& problem) noexcept {
        bound(end);
        k = field(end);
        const offset_t length = field(end); // ~0 if either varuint failed
        problem = errc::record_past_parent;
        if (length > end - pos_) return false;
        body_end = pos_ + length;
        bound(body_end); // the body's fields: entry_name(), indirect data
        problem = errc::kind_zero;
        return k != kind::unused;
    }

    // The next record at the cursor that `w` asks for, skipping padding
    // and unknown kinds; kind 0 ends the range as corrupt. Returns its kind,
    // or 0 at the end of the range or on an error (see ok()); pos() is then
    // past it. An entry found lands in `entry()` with its name and nested
    // records; a data record found sets only `entry_.data`/`entry_.end`
    // (the file's contents).
    // It reads headers and names with record_header() and name_length(),
    // which leave errors to it: every check leaves the loop with its
    // problem and the byte it names, and one call records it (4 bytes less
    // on a Cortex-M0+ than a call per check; the same instructions per
    // lookup at -O2).
    ROMFS_DETAIL_INLINE_IF_SPEED constexpr std::uint32_t next(want w) noexcept {
        offset_t at = 0;
        errc problem = errc::ok;
        for (;;) {
            const offset_t start = at = pos_;
            const offset_t end = end_;
            if (start >= end) return 0;
            offset_t body_end = 0;
            std::uint32_t k = 0;
            if (!record_header(end, k, body_end, problem)) break;
            if ((k >> 1) == static_cast<std::uint32_t>(w)) {
                if (w == want::entries) {
                    at = pos_;
                    offset_t n = 0;
                    problem = errc::name_past_record;
                    if (!name_length(body_end, n)) break;
                    set_entry(k, start, n, body_end);
                } else if (k == kind::indirect) {
                    // Size, then offset from the payload; inside the payload.
                    const offset_t size = field(body_end);
                    const offset_t offset = field(body_end);
                    const offset_t room = fs_.end - fs_.base;
                    problem = errc::indirect_out_of_range;
                    if (offset > room || size > room - offset) break;
                    entry_.data = fs_.base + offset;
                    entry_.end = entry_.data + size;
                } else {
                    entry_.data = pos_;
                    entry_.end = body_end;
                }
                pos_ = body_end;
                return k;
            }
            pos_ = body_end;
        }
        fail(problem, at);
        return 0;
    }
    // next() on the records of `c` (callers that keep cursors of their own).
    constexpr std::uint32_t next(cursor& c, want w) noexcept {
        seek(c);
        const std::uint32_t k = next(w);
        c.pos = pos_;
        return k;
    }

    // The name at pos(), at the start of an entry record's body that ends
    // at `body_end`: its length, checked against the body, into `n`; pos()
    // is then the name's first byte. Record parsing (record())
    // and name parsing are apart, so a lookup compares names without
    // building an entry for each record it passes. `body_end` is the bound
    // record() set.
    ROMFS_DETAIL_INLINE_IF_SPEED constexpr bool entry_name(offset_t body_end, offset_t& n) noexcept {
        const offset_t name_at = pos_;
        if (name_length(body_end, n)) return true;
        fail(errc::name_past_record, name_at);
        return false;
    }
    // entry_name() leaving the error (name_past_record at the byte pos()
    // was at) to the caller, as next() does.
    [[gnu::always_inline]] constexpr bool name_length(offset_t body_end, offset_t& n) noexcept {
        n = field(body_end);
        return n <= body_end - pos_;
    }

    // `entry_` becomes the entry of kind `k` whose record starts at `start`
    // and ends at `body_end`, with the `n`-byte name at pos() and its
    // nested records after it.
    constexpr void set_entry(std::uint32_t k, offset_t start, offset_t n, offset_t body_end) noexcept {
        entry_.kind = k;
        entry_.record = start;
        entry_.name = pos_;
        entry_.name_size = n;
        entry_.data = pos_ + n;
        entry_.end = body_end;
    }

    // The next entry at the cursor as a listing shows it: a file with its data.
    // Its kind, or 0 at the end or on an error.
    constexpr std::uint32_t next_listed() noexcept {
        const std::uint32_t k = next(want::entries);
        return k == kind::file ? (data() != 0 ? k : 0) : k;
    }
    // next_listed() on the records of `c`.
    constexpr std::uint32_t next_listed(cursor& c) noexcept {
        seek(c);
        const std::uint32_t k = next_listed();
        c.pos = pos_;
        return k;
    }

    // The contents of the file in `entry()`: the first data record among its
    // nested records, into `entry_.data`/`entry_.end`. The cursor is then
    // just after the file's record (where next() leaves it), so a listing
    // goes on after the file. Returns the data record's kind (2 or 3), or
    // 0 on an error (see ok()).
    ROMFS_DETAIL_OUTLINE_IF_SIZE constexpr std::uint32_t data() noexcept {
        // Only the range's end is saved: the search ends inside the file's
        // record, whose end is where the cursor goes back to. Field by
        // field, and end_ does not sit beside pos_: a cursor copied whole is
        // one wide load of two narrow stores, which x86 cannot forward
        // (listings ran at half speed).
        const offset_t end = end_;
        pos_ = entry_.data;
        end_ = entry_.end;
        const std::uint32_t k = next(want::data);
        pos_ = end_;
        end_ = end;
        // The data record's kind rather than a bool: no 0 or 1 to make
        // (4 bytes less on a Cortex-M0+; listings cost one instruction
        // more per record at -O2, still 0.86x MicroPython's).
        if (k == 0) fail(errc::file_without_data, entry_.record);
        return k;
    }

    // Whether the `size` name bytes at `name` equal the `size` chars at `text`.
    constexpr bool name_equals(offset_t name, offset_t size, const char* text) noexcept {
        if constexpr (requires { src_.data(); }) {
            const std::byte* p = src_.data() + name;
#if !defined(__OPTIMIZE_SIZE__) && defined(__GNUC__)
            // At run time, outside size builds, the library's memcmp (at -Os
            // it would pull libc's memcmp into firmware).
            // The first byte inline: most names of the right length differ
            // there, and then no call is made.
            if (!std::is_constant_evaluated())
                return size == 0 || (p[0] == static_cast<std::byte>(text[0]) && __builtin_memcmp(p, text, size) == 0);
#endif
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
        for_each_chunk<offset_t>(0, size, 16, [&](offset_t done, offset_t n) {
            if (read(at + done, std::span<std::byte>(chunk, n))) return visit(std::span<const std::byte>(chunk, n), done);
            fail(errc::io_error, at);
            return false;
        });
    }

    // MicroPython's lookup below the directory in `entry()`, in one loop
    // (constant stack for any depth): an optional leading '/', "" is the
    // directory itself, a name matches a whole component, first match wins,
    // a file met before the last component is "not found", and one slash
    // after the last directory is allowed ("lib/"). On success `entry()` is
    // the entry found, a file with its data, and the cursor a directory's
    // records.
    // (Always inlined: it has one caller, basic_image::find_kind(), and GCC's -Os heuristics
    // otherwise keep it apart at a cost of 38 bytes on a Cortex-M0+.)
    [[gnu::always_inline]] constexpr bool lookup(std::string_view path) noexcept {
        const char* p = path.data();
        offset_t n = static_cast<offset_t>(path.size());
        if (n != 0 && *p == '/') {
            ++p;
            --n;
        }
        seek(entry_.nested());
        offset_t parent = entry_.record;
        while (n != 0) {
#if defined(__OPTIMIZE_SIZE__)
            // Size builds: the one record loop, next(), builds each entry,
            // and every not_found is one call.
            if (next(want::entries) != 0) {
                const offset_t len = entry_.name_size;
                if (len > n || (len < n && p[len] != '/') || !name_equals(entry_.name, len, p)) continue;
                parent = entry_.record;
                if (entry_.kind == kind::directory) {
                    if (enter(len, p, n)) continue;
                    break;
                }
                if (len == n) return data() != 0;
            }
            fail(errc::not_found, parent);
            return false;
#else
            // Otherwise records and names are parsed apart and the entry is
            // built only for the name that matches: a lookup then costs no
            // more instructions than MicroPython's unchecked one
            // (benchmarks/vs_micropython). tests/ runs both forms (-Os too).
            const offset_t start = pos_;
            offset_t body_end = 0;
            const std::uint32_t k = record(body_end);
            if (k == 0) {
                fail(errc::not_found, parent);
                return false;
            }
            if ((k & ~1u) != kind::directory) {
                pos_ = body_end; // padding, data, unknown kinds
                continue;
            }
            offset_t len = 0;
            if (!entry_name(body_end, len)) return false;
            if (len > n || (len < n && p[len] != '/') || !name_equals(pos_, len, p)) {
                pos_ = body_end;
                continue;
            }
            // A directory on the way is entered without building its entry.
            if (len < n && k == kind::directory && n - len > 1) {
                p += len + 1;
                n -= len + 1;
                seek({pos_ + len, body_end});
                parent = start;
                continue;
            }
            set_entry(k, start, len, body_end);
            // A file ends the path, or the lookup.
            if (entry_.kind == kind::file) {
                if (len == n) return data() != 0;
                fail(errc::not_found, entry_.record);
                return false;
            }
            parent = entry_.record;
            if (!enter(len, p, n)) break;
#endif
        }
        return true;
    }

    // lookup() enters the directory in `entry()`, whose `len`-byte name
    // matched the path [p, p + n): the cursor becomes its records. What is
    // left of the path after the name is nothing, or one slash ("lib/" names
    // the directory too), or a slash and more components: true for those,
    // with [p, p + n) the rest.
    [[gnu::always_inline]] constexpr bool enter(offset_t len, const char*& p, offset_t& n) noexcept {
        seek(entry_.nested());
        n -= len;
        if (n <= 1) return false;
        --n;
        p += len + 1;
        return true;
    }

    // The image header in the source's first `size` bytes: kind 0x14a6b1 as
    // a varuint, then the filesystem payload's length. Sets fs(). A read
    // failure stays io_error; a wrong kind is bad_magic at 0; a length that
    // does not fit in the bytes given (or does not decode) is
    // image_truncated at the length.
    constexpr bool header(offset_t size) noexcept {
        // Exactly d2 cd 31, as MicroPython requires: the kind padded to more
        // bytes (80 d2 cd 31) decodes to the same value but does not mount.
        // Three byte compares, in order: smaller than decoding the kind
        // (4 bytes less on a Cortex-M0+).
        if (size < 3) return header_error(errc::bad_magic, 0);
        if (!magic(0, 0xd2) || !magic(1, 0xcd) || !magic(2, 0x31)) return false;
        pos_ = 3;
        const offset_t length = varuint(size);
        if (length > size - pos_) return header_error(errc::image_truncated, 3);
        fs_ = {pos_, pos_ + length};
        return true;
    }

    // The entry next() and lookup() found (lookup() starts from it).
    constexpr raw_entry& entry() noexcept { return entry_; }
    constexpr const raw_entry& entry() const noexcept { return entry_; }

private:
    // One byte through the source, or from the read-ahead window.
    ROMFS_DETAIL_INLINE_IF_SPEED constexpr bool fetch(offset_t at, std::byte& out) noexcept {
        if constexpr (Src::read_ahead == 0) {
            return src_.fetch(at, out);
        } else {
            if (at - window_.at >= window_.len && !refill(at)) return src_.fetch(at, out);
            out = window_.bytes[at - window_.at];
            return true;
        }
    }
    // Bytes through the source, or from the window when it holds them all.
    constexpr bool read(offset_t at, std::span<std::byte> out) noexcept {
        if constexpr (Src::read_ahead > 0) {
            const offset_t in = at - window_.at;
            if (in < window_.len && out.size() <= window_.len - in) {
                for (std::size_t i = 0; i < out.size(); ++i) out[i] = window_.bytes[in + i];
                return true;
            }
        }
        return src_.read(at, out);
    }
    // Fills the window from `at`, up to the image's end. A failed read leaves
    // it empty: the caller then reads the one byte it needs, so a bad byte
    // later in the window is an error only if it is ever needed.
    constexpr bool refill(offset_t at) noexcept {
        if constexpr (Src::read_ahead > 0) {
            window_.len = 0;
            if (at >= window_.limit) return false;
            const offset_t room = window_.limit - at;
            const offset_t n = room < Src::read_ahead ? room : static_cast<offset_t>(Src::read_ahead);
            if (!src_.read(at, std::span<std::byte>(window_.bytes.data(), n))) return false;
            window_.at = at;
            window_.len = n;
            return true;
        } else {
            (void)at;
            return false;
        }
    }

    // A constant expression that copies a reader reads every member, and
    // lim_ may not have been written (speed builds never write it; a lookup
    // of "" reads no record). At run time nothing reads it before bound()
    // writes it, so no store is spent there.
    constexpr void settle() noexcept {
        if (std::is_constant_evaluated()) lim_ = 0;
    }

    // Whether header byte `at` is `expected`: if not, bad_magic at 0; a read
    // failure is io_error at 0 (the kind's first byte, as a varuint's is).
    [[gnu::always_inline]] constexpr bool magic(offset_t at, std::uint8_t expected) noexcept {
        std::byte b{};
        if (!fetch(at, b)) {
            fail(errc::io_error, 0);
            return false;
        }
        return b == static_cast<std::byte>(expected) || header_error(errc::bad_magic, 0);
    }

    // A header problem replaces a varuint's own error, except a read failure.
    constexpr bool header_error(errc code, offset_t at) noexcept {
        if (!Src::can_fail || error_.code != errc::io_error) error_ = {code, at};
        return false;
    }

    Src src_;
    fs_span fs_;
    romfs::error error_{};
    [[no_unique_address]] read_window<Src::read_ahead> window_{};
    // Not initialised: zeroing them costs code on a Cortex-M0, and every
    // path writes the fields it later reads.
    offset_t pos_;
    raw_entry entry_;
    offset_t end_; // not beside pos_: see data()
    // Size builds: the bound of field() (see bound()). Speed builds leave it
    // unused but keep it, so the reader has one layout in every translation
    // unit whatever each is optimised for.
    offset_t lim_;
};

} // namespace romfs::detail

namespace romfs {

/// A varuint decoded by `decode_varuint`.
struct varuint_value {
    offset_t value = 0;  ///< The value.
    offset_t length = 0; ///< Bytes it took, padding included.
};

/// Decodes the varuint at the start of `bytes` with the parser's own decoder
/// (the one every lookup uses): padded forms are accepted; a value over 32
/// bits is `varuint_overflow` and running off `bytes` `varuint_truncated`,
/// both at offset 0.
constexpr result<varuint_value> decode_varuint(std::span<const std::byte> bytes) noexcept {
    const offset_t size = bytes.size() > offset_t(-1) ? offset_t(-1) : static_cast<offset_t>(bytes.size());
    detail::reader<detail::source<host_traits>> r(detail::source<host_traits>(bytes.data()));
    detail::cursor c{0, size};
    const offset_t value = r.varuint(c);
    if (!r.ok()) return r.error();
    return varuint_value{value, c.pos};
}

} // namespace romfs
