/// @file
/// The ROMFS varuint: big-endian base-128, top bit set on every byte but the
/// last. Encoding (the builder's); the one decoder is the parser's
/// (`romfs::decode_varuint` in `image/parse.hpp`), which accepts padded
/// forms (leading 0x80 bytes) and refuses values that overflow 32 bits or
/// run past the allowed bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>


namespace romfs {

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
