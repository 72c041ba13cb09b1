// Minimal JSON output for the romfs tool.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace romfs::tool {

// A JSON string literal. Names are raw bytes: valid UTF-8 passes through,
// control characters are escaped, and bytes that are not valid UTF-8 are
// written as \u00XX (their Latin-1 reading) so the output is always valid JSON.
inline std::string json_string(std::string_view s) {
    std::string out = "\"";
    auto hex = [&](unsigned v) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", v);
        out += buf;
    };
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
            ++i;
        } else if (c < 0x20 || c == 0x7f) {
            hex(c);
            ++i;
        } else if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
        } else {
            // Length of a well-formed UTF-8 sequence starting here, or 0.
            std::size_t len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
            if (len > 0 && i + len <= s.size()) {
                for (std::size_t k = 1; k < len; ++k)
                    if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) len = 0;
                // No overlongs or surrogates.
                const auto c1 = len > 1 ? static_cast<unsigned char>(s[i + 1]) : 0;
                if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0) || (c == 0xf0 && c1 < 0x90) ||
                    (c == 0xf4 && c1 >= 0x90))
                    len = 0;
            } else {
                len = 0;
            }
            if (len == 0) {
                hex(c);
                ++i;
            } else {
                out.append(s.substr(i, len));
                i += len;
            }
        }
    }
    out += '"';
    return out;
}

} // namespace romfs::tool
