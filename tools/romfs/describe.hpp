// How the romfs tool words reader errors: with the numbers, once, and
// names made safe to print.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>

#include <romfs/romfs.hpp>

namespace romfs::tool {

// Bytes as lower-case hex digits, `sep` between bytes (0: none).
inline std::string hex(std::string_view bytes, char sep = 0) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (sep && i) out += sep;
        out += digits[static_cast<unsigned char>(bytes[i]) >> 4];
        out += digits[static_cast<unsigned char>(bytes[i]) & 15];
    }
    return out;
}

inline std::string describe(const romfs::error& e) {
    return std::string(romfs::message(e.code)) + " at byte " + std::to_string(e.offset);
}

// The problem with an image that does not open, with the numbers: a
// truncated image says how long its header claims it is and how long it is.
inline std::string describe_open(const romfs::error& e, std::span<const std::byte> bytes) {
    if (e.code == romfs::errc::bad_magic) {
        const auto head = bytes.first(bytes.size() < 3 ? bytes.size() : 3);
        const std::string first = hex(std::string_view(reinterpret_cast<const char*>(head.data()), head.size()), ' ');
        return "not a ROMFS image: it starts with " + (first.empty() ? std::string("nothing (empty file)") : first) +
               ", not d2 cd 31";
    }
    if (e.code == romfs::errc::image_truncated && bytes.size() > 3) {
        if (const auto len = romfs::decode_varuint(bytes.subspan(3))) {
            const std::uint64_t expected = 3 + std::uint64_t{len->length} + len->value;
            return "image truncated: its header says " + std::to_string(expected) + " bytes, the file has " +
                   std::to_string(bytes.size());
        }
    }
    return describe(e);
}

// A failed lookup of `path`: "no such file or directory: /x" (an offset
// means nothing to the user there); corruption met on the way keeps its own.
inline std::string describe_lookup(const std::string& path, const romfs::error& e) {
    const std::string shown = path.empty() || path.front() != '/' ? "/" + path : path;
    switch (e.code) {
    case romfs::errc::not_found:
    case romfs::errc::not_a_directory:
    case romfs::errc::not_a_file: return std::string(romfs::message(e.code)) + ": " + shown;
    default: return shown + ": " + describe(e);
    }
}

// A name as one line of text: control characters, backslash and DEL are
// escaped (\n, \t, \\, \xNN), so a name cannot forge lines or move the
// cursor; other bytes pass through.
inline std::string printable(std::string_view name) {
    std::string out;
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c == '\r') out += "\\r";
        else if (u < 0x20 || u == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", u);
            out += hex;
        } else out += c;
    }
    return out;
}

} // namespace romfs::tool
