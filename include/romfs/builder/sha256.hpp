/// @file
/// SHA-256 for host tools: the format-level hash plus a hex helper.
#pragma once

#include <string>

#include "../format/sha256.hpp"

namespace romfs::builder {

/// Incremental SHA-256 with a hex formatter for listings.
class sha256 : public romfs::sha256 {
public:
    /// Lower-case hex of a digest.
    static std::string hex(const digest& d) {
        static constexpr char digits[] = "0123456789abcdef";
        std::string s(64, '0');
        for (std::size_t i = 0; i < 32; ++i) {
            s[2 * i] = digits[d[i] >> 4];
            s[2 * i + 1] = digits[d[i] & 15];
        }
        return s;
    }
};

} // namespace romfs::builder
