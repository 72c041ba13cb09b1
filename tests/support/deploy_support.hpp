// Shared by the deploy and power-cut tests: images built by the real
// builder from generated trees, and a classifier that says what a reader
// opening a partition sees.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <romfs/builder/builder.hpp>
#include <romfs/romfs.hpp>

namespace romfs::test {

// Deterministic file contents: `size` bytes from `seed`.
inline std::string pattern(std::size_t size, std::uint32_t seed) {
    std::string s(size, '\0');
    std::uint32_t x = seed * 2654435761u + 1;
    for (auto& c : s) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = static_cast<char>(x);
    }
    return s;
}

// An app-like tree of about `total` bytes: boot.py, main.py, lib/*.py and
// a few assets. `variant` changes every file's bytes; `changed_file` >= 0
// changes only that file (same size), like editing one module.
inline std::vector<std::byte> make_image(std::size_t total, std::uint32_t variant, int changed_file = -1,
                                         bool hash = false) {
    using namespace romfs::builder;
    const std::size_t sizes[] = {total / 40 + 20, total / 10, total / 5, total / 8, total / 4, total / 6,
                                 total / 16 + 7};
    const char* names[] = {"boot.py", "main.py", "lib/net.py", "lib/ui.py", "assets/logo.bin", "assets/font.bin",
                           "README.txt"};
    node root = directory("");
    node lib = directory("lib");
    node assets = directory("assets");
    for (int i = 0; i < 7; ++i) {
        const std::uint32_t seed = variant * 100 + static_cast<std::uint32_t>(i) + (i == changed_file ? 7777 : 0);
        std::string name = names[i];
        node f = memory_file(name.substr(name.find('/') + 1), pattern(sizes[i], seed));
        if (name.rfind("lib/", 0) == 0)
            lib.children.push_back(f);
        else if (name.rfind("assets/", 0) == 0)
            assets.children.push_back(f);
        else
            root.children.push_back(f);
    }
    root.children.push_back(lib);
    root.children.push_back(assets);
    sort_tree(root);
    options opts;
    opts.integrity = hash;
    auto out = build_to_memory(root, opts);
    if (!out) return {};
    return *std::move(out);
}

// What opening a partition gives.
enum class seen { none, old_image, new_image, other };

inline const char* name(seen s) {
    switch (s) {
    case seen::none: return "no image";
    case seen::old_image: return "old image";
    case seen::new_image: return "new image";
    case seen::other: return "OTHER";
    }
    return "?";
}

// Opens `partition` as MicroPython would at start-up: no valid header is
// "no image"; a header whose image verifies and equals `before` or `after`
// byte for byte is that image; anything else is `other`.
inline seen classify(std::span<const std::byte> partition, std::span<const std::byte> before,
                     std::span<const std::byte> after) {
    const auto img = romfs::image::open(partition);
    if (!img) return seen::none;
    if (!romfs::verify(*img)) return seen::other;
    const auto bytes = img->bytes();
    auto equal = [&](std::span<const std::byte> want) {
        return !want.empty() && bytes.size() == want.size() &&
               std::equal(bytes.begin(), bytes.end(), want.begin());
    };
    if (equal(after)) return seen::new_image;
    if (equal(before)) return seen::old_image;
    return seen::other;
}

} // namespace romfs::test
