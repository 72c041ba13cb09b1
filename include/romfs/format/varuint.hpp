/// @file
/// The ROMFS varuint: big-endian base-128, top bit set on every byte but the
/// last. Decoding accepts padded forms (leading 0x80 bytes) and refuses values
/// that overflow the target type or run past the allowed bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>

#include "error.hpp"

namespace romfs {

/// The outcome of decoding one varuint from a byte sequence.
template <class UInt>
struct varuint_decoded {
    errc code = errc::ok;    ///< `ok`, `varuint_truncated` or `varuint_overflow`.
    UInt value = 0;          ///< The decoded value (valid when `code == ok`).
    std::size_t length = 0;  ///< Bytes consumed (valid when `code == ok`).
};

/// Decodes a varuint of at most `max_bytes` bytes, fetching byte `i` with
/// `fetch(i, out)` (which returns false when the byte cannot be read, giving
/// `errc::io_error`). This is the one decoder; the parser and the span
/// overload below both use it.
template <class UInt = std::uint32_t, class Fetch>
constexpr varuint_decoded<UInt> decode_varuint_with(Fetch&& fetch, std::size_t max_bytes) noexcept {
    static_assert(std::is_unsigned_v<UInt>, "varuints decode into unsigned integers");
    UInt value = 0;
    for (std::size_t i = 0; i < max_bytes; ++i) {
        std::byte raw{};
        if (!fetch(i, raw)) return {errc::io_error, 0, 0};
        const auto b = static_cast<std::uint8_t>(raw);
        // Shifting in 7 more bits must not lose any: refuse rather than wrap.
        if (value > (std::numeric_limits<UInt>::max() >> 7)) return {errc::varuint_overflow, 0, 0};
        value = static_cast<UInt>((value << 7) | (b & 0x7fu));
        if ((b & 0x80u) == 0) return {errc::ok, value, i + 1};
    }
    return {errc::varuint_truncated, 0, 0};
}

/// Decodes a varuint from `bytes`, reading at most `bytes.size()` bytes.
template <class UInt = std::uint32_t>
constexpr varuint_decoded<UInt> decode_varuint(std::span<const std::byte> bytes) noexcept {
    return decode_varuint_with<UInt>(
        [bytes](std::size_t i, std::byte& out) {
            out = bytes[i];
            return true;
        },
        bytes.size());
}

/// Number of bytes the minimal encoding of `value` takes.
template <class UInt>
constexpr std::size_t varuint_size(UInt value) noexcept {
    std::size_t n = 1;
    while (value >>= 7) ++n;
    return n;
}

/// Longest minimal encoding of any value of `UInt`.
template <class UInt>
inline constexpr std::size_t varuint_max_size = (std::numeric_limits<UInt>::digits + 6) / 7;

/// Encodes `value` into `out` with `padding` leading 0x80 bytes. Returns the
/// number of bytes written, or 0 if `out` is too small.
template <class UInt>
constexpr std::size_t encode_varuint(UInt value, std::span<std::byte> out, std::size_t padding = 0) noexcept {
    static_assert(std::is_unsigned_v<UInt>, "varuints encode unsigned integers");
    const std::size_t digits = varuint_size(value);
    const std::size_t total = digits + padding;
    if (total > out.size()) return 0;
    for (std::size_t i = 0; i < padding; ++i) out[i] = std::byte{0x80};
    for (std::size_t i = 0; i < digits; ++i) {
        const std::size_t shift = 7 * (digits - 1 - i);
        auto b = static_cast<std::uint8_t>((value >> shift) & 0x7fu);
        if (i + 1 < digits) b |= 0x80u;
        out[padding + i] = std::byte{b};
    }
    return total;
}

} // namespace romfs
