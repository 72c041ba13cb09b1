// Test-side encoder for writing images record by record, including images
// that are deliberately wrong. Used by tests, the fuzz seed generator and the
// benchmarks; it is not the library's builder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <romfs/format/kinds.hpp>
#include <romfs/format/varuint.hpp>

namespace romfs::test {

using bytes = std::vector<std::byte>;

inline bytes varuint(std::uint64_t v, std::size_t padding = 0) {
    bytes out(romfs::varuint_max_size<std::uint64_t> + padding);
    out.resize(romfs::encode_varuint<std::uint64_t>(v, out, padding));
    return out;
}

// prefix + decimal i + suffix (built with append: GCC 12's -Wrestrict gives a
// false positive on chained std::string operator+ at -O2).
inline std::string numbered(std::string_view prefix, long i, std::string_view suffix = {}) {
    std::string out(prefix);
    out.append(std::to_string(i));
    out.append(suffix);
    return out;
}

inline bytes str(std::string_view s) {
    bytes out;
    for (char c : s) out.push_back(static_cast<std::byte>(static_cast<unsigned char>(c)));
    return out;
}

inline bytes cat(std::initializer_list<bytes> parts) {
    bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

inline bytes raw(std::initializer_list<int> values) {
    bytes out;
    for (int v : values) out.push_back(static_cast<std::byte>(v));
    return out;
}

// A record whose length is computed from the payload.
inline bytes record(std::uint64_t kind, const bytes& payload) {
    return cat({varuint(kind), varuint(payload.size()), payload});
}

inline bytes named(std::uint64_t kind, std::string_view name, const bytes& body) {
    return record(kind, cat({varuint(name.size()), str(name), body}));
}

inline bytes file(std::string_view name, std::string_view contents) {
    return named(romfs::kind::file, name, record(romfs::kind::verbatim, str(contents)));
}

inline bytes file(std::string_view name, const bytes& contents) {
    return named(romfs::kind::file, name, record(romfs::kind::verbatim, contents));
}

inline bytes dir(std::string_view name, std::initializer_list<bytes> entries) {
    return named(romfs::kind::directory, name, cat(entries));
}

inline bytes dir(std::string_view name, const bytes& entries) { return named(romfs::kind::directory, name, entries); }

inline bytes indirect(std::uint64_t size, std::uint64_t offset) {
    return record(romfs::kind::indirect, cat({varuint(size), varuint(offset)}));
}

// A whole image; like mpremote, an odd total is made even by padding the
// length varuint with one 0x80.
inline bytes image(const bytes& payload) {
    bytes out = cat({str("\xd2\xcd\x31"), varuint(payload.size()), payload});
    if (out.size() % 2 != 0) out = cat({str("\xd2\xcd\x31"), varuint(payload.size(), 1), payload});
    return out;
}

inline bytes image(std::initializer_list<bytes> entries) { return image(cat(entries)); }

} // namespace romfs::test
