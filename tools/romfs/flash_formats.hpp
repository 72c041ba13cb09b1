// Formats of standard flashers: UF2 (microsoft/uf2), Intel HEX (written
// and read), and a raw binary padded to whole erase sectors; each written
// from one or more segments (an image, and with --firmware the firmware's).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <romfs/layout/layout.hpp>

namespace romfs::tool::formats {

inline void put32(std::vector<std::byte>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(std::byte{static_cast<std::uint8_t>(v >> (8 * i))});
}

// Bytes at an address.
struct segment {
    std::uint32_t address = 0;
    std::vector<std::byte> data;
};

// UF2: 512-byte blocks of 256 payload bytes each (256-byte aligned pages;
// bytes no segment gives are 0xFF, as bootloaders want whole pages), the
// family ID flag set.
inline std::vector<std::byte> uf2(const std::vector<segment>& segments, std::uint32_t family) {
    constexpr std::uint32_t payload = 256;
    std::map<std::uint32_t, std::array<std::byte, payload>> pages;
    for (const auto& s : segments)
        for (std::size_t i = 0; i < s.data.size(); ++i) {
            const std::uint32_t at = s.address + static_cast<std::uint32_t>(i);
            auto [it, fresh] = pages.try_emplace(at / payload * payload);
            if (fresh) it->second.fill(std::byte{0xff});
            it->second[at % payload] = s.data[i];
        }
    const auto blocks = static_cast<std::uint32_t>(pages.size());
    std::vector<std::byte> out;
    out.reserve(std::size_t{blocks} * 512);
    std::uint32_t i = 0;
    for (const auto& [address, page] : pages) {
        put32(out, 0x0A324655);              // magic start 0: "UF2\n"
        put32(out, 0x9E5D5157);              // magic start 1
        put32(out, 0x00002000);              // flags: familyID present
        put32(out, address);                 // target address
        put32(out, payload);                 // payload size
        put32(out, i++);                     // block number
        put32(out, blocks);                  // number of blocks
        put32(out, family);                  // family ID
        out.insert(out.end(), page.begin(), page.end());
        out.insert(out.end(), 476 - payload, std::byte{0});
        put32(out, 0x0AB16F30);              // magic end
    }
    return out;
}

inline std::vector<std::byte> uf2(std::span<const std::byte> data, std::uint32_t address, std::uint32_t family) {
    return uf2({segment{address, {data.begin(), data.end()}}}, family);
}

// Intel HEX: extended linear address records (type 04) where the upper 16
// bits change, 16-byte data records, end of file.
inline std::vector<std::byte> intel_hex(const std::vector<segment>& segments) {
    std::string text;
    auto record = [&](std::uint8_t type, std::uint16_t offset, std::span<const std::uint8_t> bytes) {
        static constexpr char digits[] = "0123456789ABCDEF";
        auto byte = [&](std::uint8_t b) {
            text += digits[b >> 4];
            text += digits[b & 15];
        };
        std::uint8_t sum = static_cast<std::uint8_t>(bytes.size() + (offset >> 8) + (offset & 0xff) + type);
        text += ':';
        byte(static_cast<std::uint8_t>(bytes.size()));
        byte(static_cast<std::uint8_t>(offset >> 8));
        byte(static_cast<std::uint8_t>(offset & 0xff));
        byte(type);
        for (auto b : bytes) {
            byte(b);
            sum = static_cast<std::uint8_t>(sum + b);
        }
        byte(static_cast<std::uint8_t>(-sum));
        text += '\n';
    };
    std::uint32_t upper = 0xffffffffu;
    for (const auto& s : segments) {
        for (std::size_t i = 0; i < s.data.size();) {
            const std::uint32_t at = s.address + static_cast<std::uint32_t>(i);
            if ((at >> 16) != upper) {
                upper = at >> 16;
                const std::uint8_t ela[2] = {static_cast<std::uint8_t>(upper >> 8), static_cast<std::uint8_t>(upper)};
                record(0x04, 0, ela);
            }
            // 16 bytes, not crossing a 64K boundary.
            std::size_t n = std::min<std::size_t>(16, s.data.size() - i);
            n = std::min<std::size_t>(n, 0x10000 - (at & 0xffff));
            std::uint8_t buf[16];
            for (std::size_t k = 0; k < n; ++k) buf[k] = std::to_integer<std::uint8_t>(s.data[i + k]);
            record(0x00, static_cast<std::uint16_t>(at & 0xffff), std::span<const std::uint8_t>(buf, n));
            i += n;
        }
    }
    record(0x01, 0, {});
    const auto* p = reinterpret_cast<const std::byte*>(text.data());
    return std::vector<std::byte>(p, p + text.size());
}

inline std::vector<std::byte> intel_hex(std::span<const std::byte> data, std::uint32_t address) {
    return intel_hex({segment{address, {data.begin(), data.end()}}});
}

// Reads Intel HEX (record types 00-05, checksums checked) into segments of
// contiguous bytes; on a malformed file, the line number and what is wrong.
struct hex_error {
    std::size_t line = 0;
    std::string what;
};
inline std::vector<segment> read_intel_hex(std::string_view text, std::optional<hex_error>& error) {
    std::vector<segment> out;
    std::uint32_t base = 0;
    std::size_t line_no = 0;
    bool ended = false;
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    for (std::size_t pos = 0; pos < text.size() && !ended;) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        auto fail = [&](std::string what) {
            error = hex_error{line_no, std::move(what)};
            return std::vector<segment>{};
        };
        if (line[0] != ':' || line.size() < 11 || line.size() % 2 == 0) return fail("not a HEX record");
        std::vector<std::uint8_t> b;
        for (std::size_t i = 1; i + 1 < line.size(); i += 2) {
            const int hi = digit(line[i]), lo = digit(line[i + 1]);
            if (hi < 0 || lo < 0) return fail("not a hex digit");
            b.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
        }
        if (b.size() != std::size_t{b[0]} + 5) return fail("the record's length does not match its byte count");
        std::uint8_t sum = 0;
        for (const auto v : b) sum = static_cast<std::uint8_t>(sum + v);
        if (sum != 0) return fail("checksum mismatch");
        const std::uint32_t offset = std::uint32_t{b[1]} << 8 | b[2];
        const std::uint8_t type = b[3];
        switch (type) {
        case 0x00: {
            const std::uint32_t at = base + offset;
            if (out.empty() || out.back().address + out.back().data.size() != at) out.push_back({at, {}});
            for (std::size_t k = 0; k < b[0]; ++k) out.back().data.push_back(std::byte{b[4 + k]});
            break;
        }
        case 0x01: ended = true; break;
        case 0x02:
            if (b[0] != 2) return fail("a segment address record needs 2 bytes");
            base = (std::uint32_t{b[4]} << 8 | b[5]) << 4;
            break;
        case 0x04:
            if (b[0] != 2) return fail("a linear address record needs 2 bytes");
            base = (std::uint32_t{b[4]} << 8 | b[5]) << 16;
            break;
        case 0x03:
        case 0x05: break; // start addresses: not flash contents
        default: return fail("unknown record type " + std::to_string(type));
        }
    }
    if (!ended) {
        error = hex_error{line_no, "no end-of-file record"};
        return {};
    }
    return out;
}

// Bytes from `start` to the end of the erase sector holding the image's
// last byte: what a raw binary is padded to.
inline std::uint64_t erase_padded_size(const romfs::layout::device& d, std::uint64_t start, std::uint64_t size) {
    if (!d.needs_erase || d.sector_at == nullptr || size == 0) return size;
    const romfs::sector last = d.sector_at(static_cast<romfs::address_t>(start + size - 1));
    return std::uint64_t{last.start} + last.size - start;
}

} // namespace romfs::tool::formats
