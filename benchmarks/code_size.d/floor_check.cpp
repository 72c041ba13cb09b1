// Keeps the code-size yardstick honest: floor_reference.cpp must read
// exactly what the library reads. For every seed of the fuzz corpus
// ([n][path][image], as fuzz_reader.cpp takes them) and for single-byte
// mutations of each, both readers open the image, look up paths (the seed's,
// the root's and every path the library walks in the seed) as files and
// list them as directories. They must agree on success or failure, on the
// file's bytes in place, on every listed entry, and on the kind of failure
// (not found, not a directory, corrupt). Run under the sanitizers, this also
// checks the reference never reads outside the image.
//
// Usage: floor_check CORPUS_DIR
#include <romfs/romfs.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "floor_compare.hpp"

using floor_compare::checker;
using floor_compare::paths_of;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: floor_check CORPUS_DIR\n");
        return 2;
    }
    checker check;
    std::error_code ec;
    for (const auto& seed : std::filesystem::directory_iterator(argv[1], ec)) {
        if (!seed.is_regular_file()) continue;
        std::ifstream in(seed.path(), std::ios::binary);
        const std::vector<std::uint8_t> input{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (input.empty()) continue;
        const std::size_t n = input[0] < input.size() - 1 ? input[0] : input.size() - 1;
        const std::string_view seed_path(reinterpret_cast<const char*>(input.data() + 1), n);
        const std::vector<std::uint8_t> image(input.begin() + 1 + static_cast<std::ptrdiff_t>(n), input.end());
        const auto paths = paths_of(image, seed_path);

        check.where = seed.path().filename().string();
        check.compare(image, paths);
        // Single-byte mutations: zeroed, erased, and flipped bits, at up to
        // 512 positions spread over the image.
        const std::size_t step = image.size() / 512 + 1;
        for (std::size_t at = 0; at < image.size(); at += step) {
            const std::uint8_t was = image[at];
            for (const std::uint8_t to : {std::uint8_t(0x00), std::uint8_t(0xff), std::uint8_t(was ^ 0x01),
                                          std::uint8_t(was ^ 0x80), std::uint8_t(was + 1), std::uint8_t(was - 1)}) {
                if (to == was) continue;
                auto mutated = image;
                mutated[at] = to;
                check.where = seed.path().filename().string() + " with byte " + std::to_string(at) + " = " +
                              std::to_string(to);
                check.compare(mutated, paths);
            }
        }
        // Truncations, at the same positions.
        for (std::size_t keep = 0; keep < image.size(); keep += step) {
            check.where = seed.path().filename().string() + " cut to " + std::to_string(keep) + " bytes";
            check.compare(std::vector<std::uint8_t>(image.begin(), image.begin() + static_cast<std::ptrdiff_t>(keep)),
                          paths);
        }
    }
    if (ec || check.images == 0) {
        std::fprintf(stderr, "floor_check: no corpus in %s\n", argv[1]);
        return 2;
    }
    std::printf("floor_check: %zu images, %zu comparisons, %zu disagreements\n", check.images, check.comparisons,
                check.failures);
    return check.failures == 0 ? 0 : 1;
}
