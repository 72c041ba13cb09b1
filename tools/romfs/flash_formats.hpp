// Output formats for standard flashers: UF2 (microsoft/uf2), Intel HEX,
// and a raw binary padded to whole erase sectors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <romfs/layout/layout.hpp>

namespace romfs::tool::formats {

inline void put32(std::vector<std::byte>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(std::byte{static_cast<std::uint8_t>(v >> (8 * i))});
}

// UF2: 512-byte blocks of 256 payload bytes each, family ID flag set. The
// last block's payload is padded with 0xFF (bootloaders want 256).
inline std::vector<std::byte> uf2(std::span<const std::byte> data, std::uint32_t address, std::uint32_t family) {
    constexpr std::uint32_t payload = 256;
    const auto blocks = static_cast<std::uint32_t>((data.size() + payload - 1) / payload);
    std::vector<std::byte> out;
    out.reserve(std::size_t{blocks} * 512);
    for (std::uint32_t i = 0; i < blocks; ++i) {
        put32(out, 0x0A324655);              // magic start 0: "UF2\n"
        put32(out, 0x9E5D5157);              // magic start 1
        put32(out, 0x00002000);              // flags: familyID present
        put32(out, address + i * payload);   // target address
        put32(out, payload);                 // payload size
        put32(out, i);                       // block number
        put32(out, blocks);                  // number of blocks
        put32(out, family);                  // family ID
        const std::size_t from = std::size_t{i} * payload;
        for (std::size_t k = 0; k < 476; ++k)
            out.push_back(k < payload ? (from + k < data.size() ? data[from + k] : std::byte{0xff}) : std::byte{0});
        put32(out, 0x0AB16F30);              // magic end
    }
    return out;
}

// Intel HEX: extended linear address records (type 04) where the upper 16
// bits change, 16-byte data records, end of file.
inline std::vector<std::byte> intel_hex(std::span<const std::byte> data, std::uint32_t address) {
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
    for (std::size_t i = 0; i < data.size();) {
        const std::uint32_t at = address + static_cast<std::uint32_t>(i);
        if ((at >> 16) != upper) {
            upper = at >> 16;
            const std::uint8_t ela[2] = {static_cast<std::uint8_t>(upper >> 8), static_cast<std::uint8_t>(upper)};
            record(0x04, 0, ela);
        }
        // 16 bytes, not crossing a 64K boundary.
        std::size_t n = std::min<std::size_t>(16, data.size() - i);
        n = std::min<std::size_t>(n, 0x10000 - (at & 0xffff));
        std::uint8_t buf[16];
        for (std::size_t k = 0; k < n; ++k) buf[k] = std::to_integer<std::uint8_t>(data[i + k]);
        record(0x00, static_cast<std::uint16_t>(at & 0xffff), std::span<const std::uint8_t>(buf, n));
        i += n;
    }
    record(0x01, 0, {});
    const auto* p = reinterpret_cast<const std::byte*>(text.data());
    return std::vector<std::byte>(p, p + text.size());
}

// Bytes from `start` to the end of the erase sector holding the image's
// last byte: what a raw binary is padded to.
inline std::uint64_t erase_padded_size(const romfs::layout::device& d, std::uint64_t start, std::uint64_t size) {
    if (!d.needs_erase || d.sector_at == nullptr || size == 0) return size;
    const romfs::sector last = d.sector_at(static_cast<romfs::address_t>(start + size - 1));
    return std::uint64_t{last.start} + last.size - start;
}

} // namespace romfs::tool::formats
