/// @file
/// Fixed-capacity text for compile-time messages (no heap): the rule
/// diagnostics that the compiler prints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace romfs::layout {

/// A message in a fixed buffer; a structural type, so it can be a template
/// argument and the compiler prints it in diagnostics.
struct message {
    char text[240]{};     ///< NUL-terminated text.
    std::size_t size = 0; ///< Characters used.

    /// Appends text (truncating at the capacity).
    constexpr message& operator<<(std::string_view s) noexcept {
        for (char c : s)
            if (size + 1 < sizeof text) text[size++] = c;
        return *this;
    }
    /// Appends `0x` and 8 (or, above 32 bits, 16) hex digits.
    constexpr message& hex(std::uint64_t v) noexcept {
        constexpr char digits[] = "0123456789abcdef";
        *this << "0x";
        const int width = v > 0xffffffffu ? 16 : 8;
        for (int i = width - 1; i >= 0; --i) {
            const char d[1] = {digits[(v >> (4 * i)) & 15]};
            *this << std::string_view(d, 1);
        }
        return *this;
    }
    /// Appends a decimal number.
    constexpr message& dec(std::uint64_t v) noexcept {
        char buf[20]{};
        int n = 0;
        do {
            buf[n++] = static_cast<char>('0' + v % 10);
            v /= 10;
        } while (v != 0);
        while (n > 0) {
            const char d[1] = {buf[--n]};
            *this << std::string_view(d, 1);
        }
        return *this;
    }
    /// The text.
    constexpr std::string_view view() const noexcept { return {text, size}; }
};

} // namespace romfs::layout
