// Images composed in constant expressions from files and directories, so
// constexpr tests can state a tree instead of spelling bytes:
//   constexpr auto bytes = tree_image(file("main.py", "print(1)"), dir("lib", file("a.py", "")));
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace romfs::test {

// Up to 1 KiB of record bytes.
struct tree_bytes {
    std::array<std::byte, 1024> data{};
    std::size_t size = 0;

    constexpr void put(std::uint8_t b) { data[size++] = std::byte{b}; }
    // MicroPython's varuint: 7-bit groups, most significant first.
    constexpr void varuint(std::uint32_t v) {
        int shift = 28;
        while (shift > 0 && (v >> shift) == 0) shift -= 7;
        for (; shift > 0; shift -= 7) put(static_cast<std::uint8_t>(0x80 | ((v >> shift) & 0x7f)));
        put(static_cast<std::uint8_t>(v & 0x7f));
    }
    constexpr void text(std::string_view s) {
        for (char c : s) put(static_cast<std::uint8_t>(c));
    }
    constexpr void append(const tree_bytes& o) {
        for (std::size_t i = 0; i < o.size; ++i) data[size++] = o.data[i];
    }
    constexpr void record(std::uint32_t kind, const tree_bytes& payload) {
        varuint(kind);
        varuint(static_cast<std::uint32_t>(payload.size));
        append(payload);
    }
    constexpr std::span<const std::byte> bytes() const { return {data.data(), size}; }
};

// A file holding `contents` (composed bytes: an image, say).
constexpr tree_bytes file(std::string_view name, const tree_bytes& contents) {
    tree_bytes body;
    body.varuint(static_cast<std::uint32_t>(name.size()));
    body.text(name);
    body.record(2, contents);
    tree_bytes out;
    out.record(5, body);
    return out;
}

// A file holding `contents` as text.
constexpr tree_bytes file(std::string_view name, std::string_view contents) {
    tree_bytes data;
    data.text(contents);
    return file(name, data);
}

template <class... Children>
constexpr tree_bytes dir(std::string_view name, const Children&... children) {
    tree_bytes body;
    body.varuint(static_cast<std::uint32_t>(name.size()));
    body.text(name);
    (body.append(children), ...);
    tree_bytes out;
    out.record(4, body);
    return out;
}

template <class... Children>
constexpr tree_bytes tree_image(const Children&... children) {
    tree_bytes payload;
    (payload.append(children), ...);
    tree_bytes out;
    out.record(0x14a6b1, payload);
    return out;
}

} // namespace romfs::test
