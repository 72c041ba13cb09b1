// The inputs the code-size yardsticks are held to the library with: every
// seed of the fuzz corpus ([n][path][image], as fuzz_reader.cpp takes
// them), single-byte mutations of each (zeroed, erased, flipped bits, +-1 at
// up to 512 positions spread over the image) and truncations at the same
// positions, with the paths worth looking up in each (paths_of), and the
// listing collector. Shared by floor_check, fuzz_floor and cursor_check.
#pragma once

#include <romfs/romfs.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corpus_variants {

// One listed entry, as the yardsticks' listing callbacks report it, and the
// callback that collects them into `*emitted`.
struct listed {
    const void* name;
    std::uint32_t name_length;
    int is_dir;
    std::uint32_t size;
    bool operator==(const listed&) const = default;
};
inline std::vector<listed>* emitted = nullptr;
inline void emit(const std::uint8_t* name, std::uint32_t name_length, int is_dir, std::uint32_t size) {
    emitted->push_back({name, name_length, is_dir, size});
}

// Paths worth looking up in `bytes`: the seed's, the root's, a miss, and
// every path the library walks (with a trailing '/' variant), at most 40.
inline std::vector<std::string> paths_of(const std::vector<std::uint8_t>& bytes, std::string_view seed_path) {
    std::vector<std::string> paths{std::string(seed_path), "", "/", "missing", "//"};
    const auto img = romfs::image::open(std::as_bytes(std::span(bytes)));
    if (!img) return paths;
    char buf[512];
    romfs::basic_walker<romfs::host_traits, 32> walk(*img, buf);
    for (const auto& item : walk) {
        if (!item || paths.size() >= 40) break;
        paths.emplace_back(item->path);
        paths.emplace_back(std::string(item->path.substr(1)) + "/");
    }
    return paths;
}

// Calls compare(where, image, paths) for every seed in `dir` and its
// variants; false when the directory holds no seed.
template <class Compare>
bool for_each_variant(const char* dir, Compare&& compare) {
    std::error_code ec;
    bool any = false;
    for (const auto& seed : std::filesystem::directory_iterator(dir, ec)) {
        if (!seed.is_regular_file()) continue;
        std::ifstream in(seed.path(), std::ios::binary);
        const std::vector<std::uint8_t> input{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (input.empty()) continue;
        any = true;
        const std::size_t n = input[0] < input.size() - 1 ? input[0] : input.size() - 1;
        const std::string_view seed_path(reinterpret_cast<const char*>(input.data() + 1), n);
        const std::vector<std::uint8_t> image(input.begin() + 1 + static_cast<std::ptrdiff_t>(n), input.end());
        const auto paths = paths_of(image, seed_path);
        const std::string name = seed.path().filename().string();
        compare(name, image, paths);
        const std::size_t step = image.size() / 512 + 1;
        for (std::size_t at = 0; at < image.size(); at += step) {
            const std::uint8_t was = image[at];
            for (const std::uint8_t to : {std::uint8_t(0x00), std::uint8_t(0xff), std::uint8_t(was ^ 0x01),
                                          std::uint8_t(was ^ 0x80), std::uint8_t(was + 1), std::uint8_t(was - 1)}) {
                if (to == was) continue;
                auto mutated = image;
                mutated[at] = to;
                compare(name + " with byte " + std::to_string(at) + " = " + std::to_string(to), mutated, paths);
            }
        }
        for (std::size_t keep = 0; keep < image.size(); keep += step)
            compare(name + " cut to " + std::to_string(keep) + " bytes",
                    std::vector<std::uint8_t>(image.begin(), image.begin() + static_cast<std::ptrdiff_t>(keep)), paths);
    }
    return !ec && any;
}

} // namespace corpus_variants
