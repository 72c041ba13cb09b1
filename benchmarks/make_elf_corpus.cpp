// Writes the seed corpus for fuzz_elf into argv[1]: the small ELF files of
// tests/support/elf_writer.hpp (ELF32 and ELF64, little- and big-endian) and
// their truncations, and the files named by further arguments.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "elf_writer.hpp"


int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: make_elf_corpus DIR [ELF...]\n");
        return 2;
    }
    const std::filesystem::path out(argv[1]);
    std::filesystem::create_directories(out);
    int n = 0;
    const auto write = [&](const std::string& name, const std::vector<std::uint8_t>& data) {
        std::ofstream f(out / name, std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
        ++n;
        return static_cast<bool>(f);
    };
    for (bool wide : {false, true})
        for (bool big : {false, true}) {
            const auto e = romfs::test::make_elf(wide, big);
            const std::string name = std::string(wide ? "elf64" : "elf32") + (big ? "be" : "le");
            if (!write(name, e)) return 1;
            write(name + "_truncated", std::vector<std::uint8_t>(e.begin(), e.begin() + static_cast<long>(e.size() / 2)));
        }
    for (int i = 2; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (!write(std::filesystem::path(argv[i]).filename().string(), bytes)) return 1;
    }
    std::printf("make_elf_corpus: %d seeds in %s\n", n, out.c_str());
    return 0;
}
