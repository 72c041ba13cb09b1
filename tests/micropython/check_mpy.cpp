// romfs::micropython::check_mpy on real .mpy files (MicroPython's mpy-cross
// on micropython-lib): every file fits, no truncation of one fits, and
// one-byte mutations give an answer without reading outside (the sanitizers
// watch). Usage: check_mpy DIR (of .mpy files)
#include <romfs/micropython/mpy.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <vector>

int main(int argc, char** argv) {
    using romfs::micropython::check_mpy;
    using romfs::micropython::mpy_shape;
    if (argc != 2) {
        std::fprintf(stderr, "usage: check_mpy DIR\n");
        return 2;
    }
    std::size_t files = 0, truncations = 0, mutations = 0, failures = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(argv[1])) {
        if (!e.is_regular_file() || e.path().extension() != ".mpy") continue;
        std::ifstream in(e.path(), std::ios::binary);
        const std::vector<std::byte> bytes = [&] {
            const std::vector<char> c{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            return std::vector<std::byte>(reinterpret_cast<const std::byte*>(c.data()),
                                          reinterpret_cast<const std::byte*>(c.data()) + c.size());
        }();
        ++files;
        if (check_mpy(bytes) != mpy_shape::fits) {
            ++failures;
            std::fprintf(stderr, "check_mpy: %s does not fit\n", e.path().c_str());
        }
        for (std::size_t keep = 0; keep < bytes.size(); ++keep) {
            // Each truncation in a buffer of exactly its size.
            const std::vector<std::byte> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(keep));
            ++truncations;
            if (check_mpy(cut) == mpy_shape::fits) {
                ++failures;
                std::fprintf(stderr, "check_mpy: %s cut to %zu bytes fits\n", e.path().c_str(), keep);
            }
        }
        const std::size_t step = bytes.size() / 64 + 1;
        for (std::size_t at = 0; at < bytes.size(); at += step)
            for (const unsigned v : {0x00u, 0xffu, 0x80u}) {
                auto m = bytes;
                m[at] = std::byte(v);
                ++mutations;
                (void)check_mpy(m);
            }
    }
    std::printf("check_mpy: %zu files, %zu truncations, %zu mutations, %zu failures\n", files, truncations, mutations,
                failures);
    return files != 0 && failures == 0 ? 0 : 1;
}
