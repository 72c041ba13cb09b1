/// @file
/// A constexpr parser for ESP-IDF partition tables (CSV: name, type,
/// subtype, offset, size, flags), with ESP-IDF's placement rules: an empty
/// offset follows the previous partition, rounded up to 64K for app
/// partitions and 4K for data partitions; sizes may use K and M suffixes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "../format/error.hpp"
#include "layout.hpp"

namespace romfs::layout::esp {

/// One partition-table entry.
struct partition {
    std::string_view name;     ///< Label, e.g. "romfs".
    std::string_view type;     ///< "app", "data", or a number.
    std::string_view subtype;  ///< E.g. "factory", "fat", "0x8f".
    std::uint64_t offset = 0;  ///< Flash offset.
    std::uint64_t size = 0;    ///< Bytes.
    std::string_view flags;    ///< E.g. "encrypted".
    std::uint32_t line = 0;    ///< Line in the CSV.

    /// One past the last byte.
    constexpr std::uint64_t end() const noexcept { return offset + size; }
    /// Whether this is an app (firmware) partition.
    constexpr bool app() const noexcept { return type == "app" || type == "0" || type == "0x0" || type == "0x00"; }
};

/// The kind of problem in a partition table (its message says more).
enum class errc : std::uint8_t {
    ok = 0,     ///< No error.
    syntax,     ///< A line lacks fields, or a field is empty or not a number.
    alignment,  ///< An offset is not aligned as ESP-IDF requires (app 64K, data 4K).
    duplicate,  ///< Two partitions share a name.
    capacity,   ///< More partitions than the table type holds.
};

/// A parse problem, with its place in the CSV.
struct error {
    esp::errc code = errc::ok;  ///< The kind of problem (`ok` when there is none).
    std::uint32_t line = 0;     ///< 1-based line.
    std::uint32_t column = 0;   ///< 1-based column of the field.
    std::string_view message;   ///< What.
};

template <std::size_t Max>
class table;

/// A parsed table or the first problem in it.
template <std::size_t Max = 32>
using table_result = romfs::result<table<Max>, esp::error>;

/// The parsed table.
template <std::size_t Max = 32>
class table {
public:
    /// Offset of the partition table itself (ESP-IDF default 0x8000).
    static constexpr std::uint64_t table_offset = 0x8000;
    /// Bytes the table occupies.
    static constexpr std::uint64_t table_size = 0x1000;

    /// Parses CSV text: the table, or the first problem in it.
    static constexpr table_result<Max> parse(std::string_view csv) noexcept {
        table t;
        std::uint64_t next = table_offset + table_size;
        std::uint32_t line_no = 0;
        for (std::size_t pos = 0; pos <= csv.size();) {
            const auto nl = csv.find('\n', pos);
            std::string_view line = csv.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
            pos = nl == std::string_view::npos ? csv.size() + 1 : nl + 1;
            ++line_no;
            const std::size_t line_start = 0;
            (void)line_start;
            if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
            if (trim(line).empty()) continue;
            std::string_view fields[6]{};
            std::uint32_t columns[6]{};
            std::size_t n = 0;
            for (std::size_t f = 0; f <= line.size() && n < 6;) {
                const auto comma = line.find(',', f);
                const auto raw = line.substr(f, comma == std::string_view::npos ? std::string_view::npos : comma - f);
                columns[n] = static_cast<std::uint32_t>(f + 1 + (raw.size() - ltrim(raw).size()));
                fields[n++] = trim(raw);
                if (comma == std::string_view::npos) break;
                f = comma + 1;
            }
            if (n < 5) return fail(errc::syntax, line_no, 1, "expected name, type, subtype, offset, size[, flags]");
            if (fields[0].empty()) return fail(errc::syntax, line_no, columns[0], "empty partition name");
            if (t.count_ == Max) return fail(errc::capacity, line_no, 1, "too many partitions");
            partition p{fields[0], fields[1], fields[2], 0, 0, n > 5 ? fields[5] : std::string_view{}, line_no};
            if (p.type.empty()) return fail(errc::syntax, line_no, columns[1], "empty partition type");
            const std::uint64_t align = p.app() ? 0x10000 : 0x1000;
            if (fields[3].empty()) {
                p.offset = (next + align - 1) / align * align;
            } else if (!number(fields[3], p.offset)) {
                return fail(errc::syntax, line_no, columns[3], "bad offset");
            } else if (p.offset % align != 0) {
                return fail(errc::alignment, line_no, columns[3],
                            p.app() ? "app partition offset not 64K-aligned" : "data partition offset not 4K-aligned");
            }
            if (!number(fields[4], p.size) || p.size == 0) return fail(errc::syntax, line_no, columns[4], "bad size");
            for (std::size_t i = 0; i < t.count_; ++i) {
                if (t.parts_[i].name == p.name) return fail(errc::duplicate, line_no, columns[0], "duplicate partition name");
            }
            next = p.end();
            t.parts_[t.count_++] = p;
        }
        return t;
    }

    /// Number of partitions.
    constexpr std::size_t size() const noexcept { return count_; }
    /// Partition `i`.
    constexpr const partition& operator[](std::size_t i) const noexcept { return parts_[i]; }
    /// The partition labelled `name`, or nullptr.
    constexpr const partition* find(std::string_view name) const noexcept {
        for (std::size_t i = 0; i < count_; ++i)
            if (parts_[i].name == name) return &parts_[i];
        return nullptr;
    }

    /// The table as layout regions on `flash` (an esp32 device): the
    /// bootloader (flash offset 0 up to the table), the table, then every
    /// partition with its role: the `romfs` label is ROMFS partition 0, app
    /// partitions are firmware, fat/spiffs/littlefs data partitions are the
    /// writable filesystem, the rest reserved.
    template <std::size_t R = Max + 2>
    constexpr basic_layout<1, R> to_layout(const device& flash) const noexcept {
        basic_layout<1, R> l;
        l.add(flash);
        l.add(part("bootloader", 0, table_offset, role::bootloader));
        l.add(part("partition-table", table_offset, table_size, role::reserved));
        for (std::size_t i = 0; i < count_; ++i) {
            const partition& p = parts_[i];
            role r = role::reserved;
            if (p.app()) r = role::firmware;
            if (p.subtype == "fat" || p.subtype == "spiffs" || p.subtype == "littlefs") r = role::filesystem;
            if (p.name == "romfs") r = role::romfs;
            l.add(part(p.name, p.offset, p.size, r));
        }
        return l;
    }

private:
    static constexpr std::string_view ltrim(std::string_view s) noexcept {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
        return s;
    }
    static constexpr std::string_view trim(std::string_view s) noexcept {
        s = ltrim(s);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
        return s;
    }
    // Hex (0x...) or decimal, optional K or M suffix.
    static constexpr bool number(std::string_view s, std::uint64_t& out) noexcept {
        std::uint64_t mult = 1;
        if (!s.empty() && (s.back() == 'K' || s.back() == 'k')) {
            mult = 1024;
            s.remove_suffix(1);
        } else if (!s.empty() && (s.back() == 'M' || s.back() == 'm')) {
            mult = 1024 * 1024;
            s.remove_suffix(1);
        }
        if (s.empty()) return false;
        std::uint64_t v = 0;
        const bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
        if (hex) s.remove_prefix(2);
        if (s.empty() || s.size() > 16) return false;
        for (char c : s) {
            int d = -1;
            if (c >= '0' && c <= '9') d = c - '0';
            else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
            if (d < 0) return false;
            v = v * (hex ? 16 : 10) + static_cast<std::uint64_t>(d);
        }
        out = v * mult;
        return true;
    }
    static constexpr esp::error fail(errc code, std::uint32_t line, std::uint32_t column,
                                     std::string_view message) noexcept {
        return {code, line, column, message};
    }

    std::array<partition, Max> parts_{};
    std::size_t count_ = 0;
};

} // namespace romfs::layout::esp
