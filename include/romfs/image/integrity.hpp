/// @file
/// The integrity record (a romfs extension, docs/integrity-record.md): the
/// last record of the root directory, of kind `kind::integrity`, holding a
/// SHA-256 of the filesystem payload bytes in front of it. Readers that skip
/// unknown kinds (MicroPython's does) see the same tree with or without it.
#pragma once

#include <array>
#include <cstddef>

#include "../detail/chunks.hpp"
#include "../format/error.hpp"
#include "../format/kinds.hpp"
#include "../format/sha256.hpp"
#include "parse.hpp"

namespace romfs {

/// What opening an image does about the integrity record.
enum class integrity : std::uint8_t {
    ignore,           ///< Do not look for it (the default: open checks the header only).
    check_if_present, ///< Check the hash when the image has the record.
    require,          ///< Fail with `errc::no_integrity_record` when it is missing.
};

namespace detail {

// Where an integrity record sits: its first byte and its payload.
struct integrity_span {
    offset_t record = 0;
    offset_t body = 0;
    offset_t end = 0;
};

// Finds the integrity record: the last record of the root, when it has
// the integrity kind. Scans only the root's record headers.
template <class Src>
constexpr bool find_integrity(reader<Src>& r, fs_span fs, integrity_span& found) noexcept {
    r.seek({fs.base, fs.end});
    offset_t& pos = r.pos();
    bool seen = false;
    while (pos < fs.end && r.ok()) {
        const offset_t start = pos;
        offset_t body_end = 0;
        seen = r.record(body_end) == kind::integrity;
        if (seen) found = integrity_span{start, pos, body_end};
        pos = body_end;
    }
    return seen && r.ok();
}

// Checks the integrity record of the image `src`/`fs` as `mode` asks.
template <class Src>
constexpr romfs::error check_integrity(const Src& src, fs_span fs, integrity mode) noexcept {
    if (mode == integrity::ignore) return {};
    reader<Src> r(src);
    integrity_span at;
    if (!find_integrity(r, fs, at)) {
        if (!r.ok()) return r.error();
        if (mode == integrity::require) return {errc::no_integrity_record, fs.base};
        return {};
    }
    cursor payload{at.body, at.end};
    const offset_t algorithm = r.varuint(payload);
    const offset_t pos = payload.pos;
    if (!r.ok() || algorithm != hash_algorithm::sha256 || at.end - pos != 32)
        return {errc::bad_integrity_record, at.record};
    // Hash the payload in front of the record, a small block at a time so
    // that a driver-backed image needs no large buffer.
    sha256 h;
    std::array<std::byte, 64> block{};
    offset_t failed_at = 0;
    const bool read_all = for_each_chunk(fs.base, at.record, offset_t(block.size()), [&](offset_t p, offset_t n) {
        failed_at = p;
        if (!src.read(p, std::span<std::byte>(block.data(), n))) return false;
        h.update(std::span<const std::byte>(block.data(), n));
        return true;
    });
    if (!read_all) return {errc::io_error, failed_at};
    const sha256::digest expected = h.finish();
    if (!src.read(pos, std::span<std::byte>(block.data(), 32))) return {errc::io_error, pos};
    for (std::size_t i = 0; i < 32; ++i)
        if (static_cast<std::uint8_t>(block[i]) != expected[i]) return {errc::hash_mismatch, at.record};
    return {};
}

} // namespace detail
} // namespace romfs
