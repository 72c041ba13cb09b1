/// @file
/// Helpers to spell byte images in constant expressions (std::byte arrays
/// cannot be written as string literals directly).
#pragma once

#include <array>
#include <cstddef>

namespace romfs {

/// Bytes of a string literal without its terminating NUL, as `std::byte`s.
/// `romfs::literal_bytes("\xd2\xcd\x31\x00")` is the empty image.
template <std::size_t N>
constexpr std::array<std::byte, N - 1> literal_bytes(const char (&text)[N]) noexcept {
    std::array<std::byte, N - 1> out{};
    for (std::size_t i = 0; i + 1 < N; ++i) out[i] = static_cast<std::byte>(static_cast<unsigned char>(text[i]));
    return out;
}

/// The given integers (each 0..255) as an array of `std::byte`.
template <class... Ints>
constexpr std::array<std::byte, sizeof...(Ints)> make_bytes(Ints... values) noexcept {
    return {static_cast<std::byte>(static_cast<unsigned char>(values))...};
}

} // namespace romfs
