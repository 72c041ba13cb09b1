// Small ELF files built byte by byte for the ELF reader's tests and fuzz
// seeds: ELF32 or ELF64, little- or big-endian, with .text (PROGBITS, in a
// PT_LOAD at 0x1000), .bss (NOBITS), .symtab, .strtab and .shstrtab, and the
// symbols _micropy_hw_romfs_part0_start = 0x2d000, _size = 0x3000.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace romfs::test {

struct writer {
    std::vector<std::uint8_t> b;
    bool big = false;
    void put(std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * (big ? n - 1 - i : i))));
    }
    void at(std::size_t pos, std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i) b[pos + i] = static_cast<std::uint8_t>(v >> (8 * (big ? n - 1 - i : i)));
    }
};

// An ELF with .text (PROGBITS), .bss (NOBITS), .symtab, .strtab, .shstrtab
// and one PT_LOAD, whose symbols put ROMFS partition 0 at 0x2d000 + 12K.
inline std::vector<std::uint8_t> make_elf(bool wide, bool big) {
    writer w;
    w.big = big;
    const int word = wide ? 8 : 4;
    const std::size_t ehsize = wide ? 64 : 52, phentsize = wide ? 56 : 32, shentsize = wide ? 64 : 40;
    w.b = {0x7f, 'E', 'L', 'F', static_cast<std::uint8_t>(wide ? 2 : 1), static_cast<std::uint8_t>(big ? 2 : 1), 1};
    w.b.resize(16, 0);
    w.put(2, 2);                  // ET_EXEC
    w.put(wide ? 62 : 40, 2);     // x86-64 / ARM
    w.put(1, 4);
    w.put(0, word);               // entry
    const std::size_t phoff_at = w.b.size();
    w.put(0, word);               // phoff
    const std::size_t shoff_at = w.b.size();
    w.put(0, word);               // shoff
    w.put(0, 4);                  // flags
    w.put(ehsize, 2);
    w.put(phentsize, 2);
    w.put(1, 2);                  // phnum
    w.put(shentsize, 2);
    w.put(6, 2);                  // shnum
    w.put(5, 2);                  // shstrndx
    const std::size_t text = w.b.size();
    for (int i = 0; i < 16; ++i) w.b.push_back(static_cast<std::uint8_t>(i));
    const std::string strtab = std::string("\0_micropy_hw_romfs_part0_start\0_micropy_hw_romfs_part0_size\0", 61);
    const std::size_t str = w.b.size();
    w.b.insert(w.b.end(), strtab.begin(), strtab.end());
    const std::string shstr = std::string("\0.text\0.bss\0.symtab\0.strtab\0.shstrtab\0", 38);
    const std::size_t shs = w.b.size();
    w.b.insert(w.b.end(), shstr.begin(), shstr.end());
    while (w.b.size() % 8) w.b.push_back(0);
    const std::size_t sym = w.b.size();
    const std::uint64_t values[] = {0, 0x2d000, 0x3000};
    const std::uint32_t names[] = {0, 1, 31};
    for (int i = 0; i < 3; ++i) {
        if (wide) {
            w.put(names[i], 4);
            w.put(0, 1);
            w.put(0, 1);
            w.put(0xfff1, 2); // SHN_ABS
            w.put(values[i], 8);
            w.put(0, 8);
        } else {
            w.put(names[i], 4);
            w.put(values[i], 4);
            w.put(0, 4);
            w.put(0, 1);
            w.put(0, 1);
            w.put(0xfff1, 2);
        }
    }
    const std::size_t ph = w.b.size();
    w.at(phoff_at, ph, word);
    w.put(1, 4); // PT_LOAD
    if (wide) {
        w.put(5, 4);
        w.put(text, 8);
        w.put(0x1000, 8);
        w.put(0x1000, 8);
        w.put(16, 8);
        w.put(16, 8);
        w.put(4, 8);
    } else {
        w.put(text, 4);
        w.put(0x1000, 4);
        w.put(0x1000, 4);
        w.put(16, 4);
        w.put(16, 4);
        w.put(5, 4);
        w.put(4, 4);
    }
    const std::size_t sh = w.b.size();
    w.at(shoff_at, sh, word);
    struct header {
        std::uint32_t name, type;
        std::uint64_t flags, addr, offset, size;
        std::uint32_t link;
        std::uint64_t entsize;
    };
    const header hs[] = {
        {0, 0, 0, 0, 0, 0, 0, 0},
        {1, 1, 6, 0x1000, text, 16, 0, 0},
        {7, 8, 3, 0x20000000, 0, 64, 0, 0},
        {12, 2, 0, 0, sym, static_cast<std::uint64_t>(3 * (wide ? 24 : 16)), 4, static_cast<std::uint64_t>(wide ? 24 : 16)},
        {20, 3, 0, 0, str, strtab.size(), 0, 0},
        {28, 3, 0, 0, shs, shstr.size(), 0, 0},
    };
    for (const auto& h : hs) {
        w.put(h.name, 4);
        w.put(h.type, 4);
        w.put(h.flags, word);
        w.put(h.addr, word);
        w.put(h.offset, word);
        w.put(h.size, word);
        w.put(h.link, 4);
        w.put(0, 4);          // info
        w.put(word, word);    // addralign
        w.put(h.entsize, word);
    }
    return w.b;
}

} // namespace romfs::test
