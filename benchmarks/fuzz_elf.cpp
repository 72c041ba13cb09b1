// libFuzzer harness for the ELF reader `romfs layout check --elf` runs on a
// linked firmware. Beyond "no crash, no read outside the input": whatever
// parses keeps its promises (every section's and segment's bytes lie in the
// file) and answers every query.
#include <romfs/layout/elf.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

#define ROMFS_FUZZ_CHECK(cond)          \
    do {                                \
        if (!(cond)) __builtin_trap();  \
    } while (0)

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace elf = romfs::layout::elf;
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    const auto f = elf::file::parse(bytes);
    if (!f) {
        ROMFS_FUZZ_CHECK(!elf::message(f.error()).empty());
        return 0;
    }
    const auto& e = (*f);
    for (std::size_t i = 0; i < e.segment_count(); ++i) {
        const auto p = e.segment_at(i);
        ROMFS_FUZZ_CHECK(p.offset <= size && p.filesz <= size - p.offset);
    }
    for (std::size_t i = 0; i < e.section_count(); ++i) {
        const auto s = e.section_at(i);
        if (!s) continue; // a bad name: reported, not read
        if (s->type != elf::section::nobits)
            ROMFS_FUZZ_CHECK(s->offset <= size && s->size <= size - s->offset);
        // A name is a view into the input.
        if (!s->name.empty())
            ROMFS_FUZZ_CHECK(reinterpret_cast<const std::uint8_t*>(s->name.data()) >= data &&
                             reinterpret_cast<const std::uint8_t*>(s->name.data()) + s->name.size() <=
                                 data + size);
        (void)e.load_address((*s));
    }
    ROMFS_FUZZ_CHECK(e.section_at(e.section_count()).code() == elf::errc::not_found);
    for (auto name : {"_micropy_hw_romfs_part0_start", "_micropy_hw_romfs_part0_size", "vfs_start", ""})
        (void)e.symbol(name);
    return 0;
}
