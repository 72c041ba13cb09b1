// Writes the seed corpus for fuzz_layout into argv[1]: the board linker
// scripts and partition tables written in tests/boards and MicroPython's own
// (their paths are passed as further arguments), plus small hand-made cases.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: make_layout_corpus DIR [FILE...]\n");
        return 2;
    }
    const std::filesystem::path out(argv[1]);
    std::filesystem::create_directories(out);
    int n = 0;
    auto write = [&](const std::string& name, const std::string& data) {
        std::ofstream f(out / name, std::ios::binary | std::ios::trunc);
        f.write(data.data(), static_cast<std::streamsize>(data.size()));
        ++n;
        return static_cast<bool>(f);
    };
    for (int i = 2; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        // Named by their last folders too: real ports have many a common.ld.
        const std::filesystem::path p(argv[i]);
        const std::string name = p.parent_path().parent_path().filename().string() + "_" +
                                 p.parent_path().filename().string() + "_" + p.filename().string();
        if (!write(name, text)) return 1;
    }
    const std::string nul(1, '\0');
    write("include_defsym", "MEMORY { FLASH_ROMFS : ORIGIN = 0x10000000, LENGTH = __micropy_romfs_bytes__ }\n"
                            "INCLUDE common.ld\n" + nul + "x = DEFINED(y) ? 1 : 2;\nPROVIDE(y = x + 1);\n" + nul +
                            "64K");
    write("expressions", "a = ((1 + 2) * 3 - 4 / 2) << 2 | 1 & 3 ^ 7;\nb = a > 2 && a <= 40 || !a;\n"
                         "c = MAX(a, b) + MIN(1, 2) + ALIGN(13, 8) + ABSOLUTE(4);\nREGION_ALIAS(\"R\", FLASH);\n");
    write("sections", "MEMORY { FLASH (rx) : ORIGIN = 0, LENGTH = 1M }\nSECTIONS { .text : { *(.text*) _etext = .; } "
                      "> FLASH =0xff\n _sidata = LOADADDR(.data); }\n");
    write("csv", "nvs, data, nvs, , 24K\nfactory, app, factory, , 1M\nromfs, data, 0x8f, , 128K\n");
    std::printf("make_layout_corpus: %d seeds in %s\n", n, out.c_str());
    return 0;
}
