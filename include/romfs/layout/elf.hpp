/// @file
/// A small, bounds-checked reader for the linked firmware (ELF32 and ELF64,
/// either byte order): section headers, program headers and the symbol
/// table, which is what the linker finally decided. Every offset and size
/// read from the file is checked against the file before use; a corrupt or
/// truncated file is an error value, never a read outside `bytes`.
/// constexpr (section names are read at run time only), no heap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "../format/error.hpp"

namespace romfs::layout::elf {

/// What is wrong with a file.
enum class errc : std::uint8_t {
    ok,                 ///< No error.
    not_elf,            ///< No ELF magic, or an unknown class or byte order.
    truncated,          ///< A header or table runs past the end of the file.
    bad_table,          ///< A table entry size that does not fit the format.
    bad_string,         ///< A name outside its string table, or not terminated.
    no_symbol_table,    ///< No SHT_SYMTAB section (a stripped file).
    not_found,          ///< No such symbol or section.
};

/// A one-line description of `e`.
constexpr std::string_view message(errc e) noexcept {
    switch (e) {
    case errc::ok: return "no error";
    case errc::not_elf: return "not an ELF file";
    case errc::truncated: return "ELF file truncated (a header or table runs past its end)";
    case errc::bad_table: return "ELF table entry size does not match the format";
    case errc::bad_string: return "ELF name outside its string table";
    case errc::no_symbol_table: return "ELF file has no symbol table (stripped?)";
    case errc::not_found: return "not found in the ELF file";
    }
    return "unknown ELF error";
}

/// An ELF reading error.
struct error {
    errc code = errc::ok; ///< What went wrong.
    /// Equal when the codes are equal.
    friend constexpr bool operator==(const error&, const error&) = default;
};

/// What `e` means, in words.
constexpr std::string_view message(const error& e) noexcept { return message(e.code); }

/// A value or an `elf::error`.
template <class T>
using result = romfs::result<T, elf::error>;

/// A section header.
struct section {
    std::string_view name;  ///< From the section name string table.
    std::uint32_t type = 0; ///< SHT_*.
    std::uint64_t flags = 0; ///< SHF_*.
    std::uint64_t addr = 0; ///< Run address (VMA).
    std::uint64_t offset = 0; ///< File offset.
    std::uint64_t size = 0; ///< Bytes.

    static constexpr std::uint32_t progbits = 1;  ///< SHT_PROGBITS.
    static constexpr std::uint32_t symtab = 2;    ///< SHT_SYMTAB.
    static constexpr std::uint32_t nobits = 8;    ///< SHT_NOBITS.
    static constexpr std::uint64_t alloc = 2;     ///< SHF_ALLOC.
    /// Whether it occupies memory at run time.
    constexpr bool allocated() const noexcept { return (flags & alloc) != 0; }
    /// Whether the file holds its contents (what is programmed to flash).
    constexpr bool has_contents() const noexcept { return allocated() && type != nobits && size != 0; }
};

/// A program header.
struct segment {
    std::uint32_t type = 0;   ///< PT_*.
    std::uint64_t offset = 0; ///< File offset.
    std::uint64_t vaddr = 0;  ///< Run address.
    std::uint64_t paddr = 0;  ///< Load address (LMA).
    std::uint64_t filesz = 0; ///< Bytes in the file (programmed).
    std::uint64_t memsz = 0;  ///< Bytes in memory.

    static constexpr std::uint32_t load = 1; ///< PT_LOAD.
};

/// A parsed ELF file; views into `bytes`, which must outlive it.
class file {
public:
    /// Checks the ELF header and the section and program header tables.
    static constexpr result<file> parse(std::span<const std::byte> bytes) noexcept {
        file f;
        f.b_ = bytes;
        if (bytes.size() < 16 || u8(bytes, 0) != 0x7f || u8(bytes, 1) != 'E' || u8(bytes, 2) != 'L' ||
            u8(bytes, 3) != 'F')
            return error{errc::not_elf};
        const auto cls = u8(bytes, 4), data = u8(bytes, 5);
        if ((cls != 1 && cls != 2) || (data != 1 && data != 2)) return error{errc::not_elf};
        f.wide_ = cls == 2;
        f.big_ = data == 2;
        const std::uint64_t header = f.wide_ ? 64 : 52;
        if (bytes.size() < header) return error{errc::truncated};
        f.phoff_ = f.word(f.wide_ ? 32 : 28);
        f.shoff_ = f.word(f.wide_ ? 40 : 32);
        const std::uint64_t at = f.wide_ ? 54 : 42;
        f.phentsize_ = f.get(at, 2);
        f.phnum_ = f.get(at + 2, 2);
        f.shentsize_ = f.get(at + 4, 2);
        f.shnum_ = f.get(at + 6, 2);
        f.shstrndx_ = f.get(at + 8, 2);
        if (f.phnum_ != 0 && f.phentsize_ != (f.wide_ ? 56u : 32u)) return error{errc::bad_table};
        if (f.shnum_ != 0 && f.shentsize_ != (f.wide_ ? 64u : 40u)) return error{errc::bad_table};
        if (!f.fits(f.phoff_, f.phnum_ * f.phentsize_) || !f.fits(f.shoff_, f.shnum_ * f.shentsize_))
            return error{errc::truncated};
        if (f.shnum_ != 0 && f.shstrndx_ >= f.shnum_) return error{errc::bad_table};
        // Every section's contents, and every segment's, lie in the file.
        for (std::uint64_t i = 0; i < f.shnum_; ++i) {
            const auto s = f.raw_section(i);
            if (s.type != section::nobits && !f.fits(s.offset, s.size)) return error{errc::truncated};
        }
        for (std::uint64_t i = 0; i < f.phnum_; ++i) {
            const auto p = f.program_header(i);
            if (!f.fits(p.offset, p.filesz)) return error{errc::truncated};
        }
        return f;
    }

    /// Whether the file is ELF64.
    constexpr bool is_64() const noexcept { return wide_; }
    /// Number of sections.
    constexpr std::size_t section_count() const noexcept { return static_cast<std::size_t>(shnum_); }
    /// Number of program headers.
    constexpr std::size_t segment_count() const noexcept { return static_cast<std::size_t>(phnum_); }

    /// Section `i` (with its name).
    constexpr result<section> section_at(std::size_t i) const noexcept {
        if (i >= shnum_) return error{errc::not_found};
        section s = raw_section(i);
        const auto n = name_in(raw_section(shstrndx_), get(shoff_ + i * shentsize_, 4));
        if (!n) return n.error();
        s.name = *n;
        return s;
    }

    /// Program header `i`.
    constexpr segment segment_at(std::size_t i) const noexcept { return program_header(i); }

    /// The load address (LMA) of an allocated section: its run address moved
    /// by the PT_LOAD segment that holds it (the address itself when none does).
    constexpr std::uint64_t load_address(const section& s) const noexcept {
        for (std::uint64_t i = 0; i < phnum_; ++i) {
            const segment p = program_header(i);
            if (p.type != segment::load) continue;
            if (s.addr >= p.vaddr && s.addr - p.vaddr < (p.memsz ? p.memsz : 1) && s.offset >= p.offset &&
                s.offset - p.offset <= p.filesz)
                return p.paddr + (s.addr - p.vaddr);
        }
        return s.addr;
    }

    /// The value of symbol `name` (for a linker-script symbol: its address).
    constexpr result<std::uint64_t> symbol(std::string_view name) const noexcept {
        bool any = false;
        for (std::uint64_t i = 0; i < shnum_; ++i) {
            const section t = raw_section(i);
            if (t.type != section::symtab) continue;
            any = true;
            const std::uint64_t entsize = wide_ ? 24 : 16;
            const std::uint64_t link = get(shoff_ + i * shentsize_ + (wide_ ? 40 : 24), 4);
            if (link >= shnum_) return error{errc::bad_table};
            const section strings = raw_section(link);
            for (std::uint64_t k = 1; k < t.size / entsize; ++k) {
                const std::uint64_t e = t.offset + k * entsize;
                const auto same = name_is(strings, get(e, 4), name);
                if (!same) return same.error();
                if (*same) return wide_ ? get(e + 8, 8) : get(e + 4, 4);
            }
        }
        return error{any ? errc::not_found : errc::no_symbol_table};
    }

private:
    static constexpr unsigned u8(std::span<const std::byte> b, std::size_t i) noexcept {
        return static_cast<unsigned>(b[i]);
    }
    constexpr bool fits(std::uint64_t offset, std::uint64_t size) const noexcept {
        return offset <= b_.size() && size <= b_.size() - offset;
    }
    // An n-byte integer at `at`; callers have checked the range.
    constexpr std::uint64_t get(std::uint64_t at, unsigned n) const noexcept {
        if (!fits(at, n)) return 0;
        std::uint64_t v = 0;
        for (unsigned i = 0; i < n; ++i) {
            const unsigned byte = u8(b_, static_cast<std::size_t>(at + (big_ ? i : n - 1 - i)));
            v = (v << 8) | byte;
        }
        return v;
    }
    constexpr std::uint64_t word(std::uint64_t at) const noexcept { return get(at, wide_ ? 8 : 4); }

    // ELF32 and ELF64 headers hold the same fields in the same order, each
    // address-sized field a word (4 or 8 bytes) wide; only where the words
    // start differs.
    constexpr section raw_section(std::uint64_t i) const noexcept {
        const std::uint64_t h = shoff_ + i * shentsize_;
        const std::uint64_t w = wide_ ? 8 : 4;
        section s;
        s.type = static_cast<std::uint32_t>(get(h + 4, 4));
        s.flags = word(h + 8);
        s.addr = word(h + 8 + w);
        s.offset = word(h + 8 + 2 * w);
        s.size = word(h + 8 + 3 * w);
        return s;
    }
    constexpr segment program_header(std::uint64_t i) const noexcept {
        const std::uint64_t h = phoff_ + i * phentsize_;
        const std::uint64_t w = wide_ ? 8 : 4;
        const std::uint64_t first = wide_ ? 8 : 4; // ELF64 puts p_flags before p_offset
        segment p;
        p.type = static_cast<std::uint32_t>(get(h, 4));
        p.offset = word(h + first);
        p.vaddr = word(h + first + w);
        p.paddr = word(h + first + 2 * w);
        p.filesz = word(h + first + 3 * w);
        p.memsz = word(h + first + 4 * w);
        return p;
    }
    // The NUL-terminated name at `index` in string table `t`.
    constexpr result<std::string_view> name_in(const section& t, std::uint64_t index) const noexcept {
        if (t.type == section::nobits || !fits(t.offset, t.size) || index >= t.size) return error{errc::bad_string};
        const std::size_t start = static_cast<std::size_t>(t.offset + index);
        const std::size_t end = static_cast<std::size_t>(t.offset + t.size);
        for (std::size_t i = start; i < end; ++i)
            if (b_[i] == std::byte{0}) {
                // Names are bytes of the file viewed as characters; a
                // string_view over them needs a char pointer, which only a
                // run-time cast gives.
                if (std::is_constant_evaluated()) return std::string_view{};
                return std::string_view(reinterpret_cast<const char*>(b_.data()) + start, i - start);
            }
        return error{errc::bad_string};
    }

    // Whether the NUL-terminated name at `index` in `t` is `name` (byte by
    // byte, so it works in constant evaluation too).
    constexpr result<bool> name_is(const section& t, std::uint64_t index, std::string_view name) const noexcept {
        if (t.type == section::nobits || !fits(t.offset, t.size) || index >= t.size) return error{errc::bad_string};
        const std::uint64_t room = t.size - index;
        const std::size_t start = static_cast<std::size_t>(t.offset + index);
        for (std::size_t i = 0; i < room; ++i) {
            const unsigned c = u8(b_, start + i);
            if (c == 0) return i == name.size();
            if (i >= name.size() || static_cast<unsigned char>(name[i]) != c) {
                for (std::size_t k = i; k < room; ++k) // still a terminated name?
                    if (u8(b_, start + k) == 0) return false;
                return error{errc::bad_string};
            }
        }
        return error{errc::bad_string};
    }

    std::span<const std::byte> b_{};
    bool wide_ = false;
    bool big_ = false;
    std::uint64_t phoff_ = 0, shoff_ = 0;
    std::uint64_t phentsize_ = 0, phnum_ = 0, shentsize_ = 0, shnum_ = 0, shstrndx_ = 0;
};

} // namespace romfs::layout::elf
