// Layouts at run time: the same rules the compiler checks, the boot-path
// symbol check, and devices made from family names.
#include <catch2/catch.hpp>

#include <span>
#include <string>
#include <vector>

#include <romfs/boards/all.hpp>
#include <romfs/layout.hpp>
#include <romfs/layout/elf.hpp>

#include "elf_writer.hpp"

using namespace romfs::layout;

TEST_CASE("the boot path checks the ROMFS linker symbols against the layout", "[layout]") {
    // Symbols' addresses are their values: stand-ins with those addresses.
    const auto* start = reinterpret_cast<const void*>(std::uintptr_t{0x50000});
    const auto* size = reinterpret_cast<const void*>(std::uintptr_t{0x20000});
    auto c = check_romfs_symbols(romfs::boards::pca10040, 0, start, size);
    CHECK(c.ok);
    const auto* wrong = reinterpret_cast<const void*>(std::uintptr_t{0x18000});
    c = check_romfs_symbols(romfs::boards::pca10040, 0, start, wrong);
    CHECK_FALSE(c.ok);
    CHECK(c.expected_size == 0x20000);
    CHECK(c.actual_size == 0x18000);
    CHECK_FALSE(check_romfs_symbols(romfs::boards::pca10040, 1, start, size).ok); // no part1
    CHECK(check_romfs_symbols(romfs::boards::alif_ensemble, 1, reinterpret_cast<const void*>(std::uintptr_t{0x8047E000}),
                              reinterpret_cast<const void*>(std::uintptr_t{0x100000}))
              .ok);
}

TEST_CASE("every violation is reported at run time, in order", "[layout]") {
    const auto l = make_layout({find_family("samd51")->make(512 * 1024)},
                               {part("FLASH_BOOTLOADER", 0x0, 0x4000, role::bootloader),
                                part("FLASH_FIRMWARE", 0x2000, 0x6E000, role::firmware),
                                part("FLASH_ROMFS", 0x70100, 0x20000, role::romfs),
                                part("FLASH_FS", 0x90000, 0, role::filesystem)});
    std::vector<std::string> messages;
    for_each_violation(l, [&](const violation& v) { messages.emplace_back(describe(l, v).view()); });
    // (The ROMFS alignment is not judged once it is outside the flash.)
    REQUIRE(messages.size() == 3);
    CHECK(messages[0] == "layout rule 'no zero-length partition' broken: filesystem region FLASH_FS at 0x00090000 has length 0");
    CHECK(messages[1] == "layout rule 'regions inside flash' broken: FLASH_ROMFS [0x00070100, 0x00090100) runs past the "
                         "end of samd51 (samd51) at 0x00080000");
    CHECK(messages[2] == "layout rule 'firmware clear of the bootloader' broken: firmware FLASH_FIRMWARE [0x00002000, "
                         "0x00070000) overlaps bootloader FLASH_BOOTLOADER [0x00000000, 0x00004000)");
    CHECK(first_violation(l).kind == rule::zero_length_partition);
}

TEST_CASE("families make devices of the requested size", "[layout]") {
    for (const auto& f : families) {
        const device d = f.make(f.default_size);
        CHECK(d.family == f.name);
        CHECK(d.size == f.default_size);
        REQUIRE(d.sector_at != nullptr);
        CHECK(d.sector_at(d.base).start == d.base);
    }
    // The nRF52840's 1M: the window grows with the flash (internal flash).
    CHECK(find_family("nrf52")->make(1024 * 1024).window == 1024 * 1024);
    // ESP8266's window stays 1 MiB whatever the flash size.
    CHECK(find_family("esp8266")->make(4 * 1024 * 1024).window == 1024 * 1024);
}

TEST_CASE("a parsed script becomes the layout the linker uses", "[layout]") {
    static constexpr std::string_view text = R"(
MEMORY {
  FLASH_TEXT (rx) : ORIGIN = 0, LENGTH = 0x50000
  RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 64K
}
_micropy_hw_romfs_part0_start = 0x50000;
_micropy_hw_romfs_part0_size = 128K;
)";
    static const ld::source sources[] = {{"x.ld", text}};
    static const auto script = ld::script<>::parse(sources);
    REQUIRE(script.ok());
    const device devices[] = {find_family("nrf52")->make(512 * 1024)};
    const auto l = from_script(script, devices);
    REQUIRE(l.regions().size() == 2); // RAM left out, romfs_part0 from the symbols
    CHECK(l.romfs_partition(0)->name == "romfs_part0");
    CHECK(l.romfs_partition(0)->length == 128 * 1024);
    CHECK(valid(l));
}

TEST_CASE("elf::file reads sections, segments and symbols in every class and byte order", "[layout][elf]") {
    namespace elf = romfs::layout::elf;
    for (bool wide : {false, true})
        for (bool big : {false, true}) {
            const auto bytes = romfs::test::make_elf(wide, big);
            const std::span<const std::byte> data(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size());
            INFO("ELF" << (wide ? 64 : 32) << (big ? " big" : " little") << "-endian");
            const auto f = elf::file::parse(data);
            REQUIRE(f);
            CHECK(f->is_64() == wide);
            CHECK(f->section_count() == 6);
            REQUIRE(f->segment_count() == 1);
            CHECK(f->segment_at(0).type == elf::segment::load);
            CHECK(f->segment_at(0).paddr == 0x1000);
            const auto text = f->section_at(1);
            REQUIRE(text);
            CHECK(text->name == ".text");
            CHECK(text->has_contents());
            CHECK(f->load_address(*text) == 0x1000);
            const auto bss = f->section_at(2);
            REQUIRE(bss);
            CHECK((bss->name == ".bss" && !bss->has_contents()));
            CHECK(f->symbol("_micropy_hw_romfs_part0_start").value() == 0x2d000);
            CHECK(f->symbol("_micropy_hw_romfs_part0_size").value() == 0x3000);
            CHECK(f->symbol("_micropy_hw_romfs_part0").code() == elf::errc::not_found);
            // Every cut of the file is an error value, never a read past it.
            for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
                const auto t = elf::file::parse(data.first(cut));
                if (t) (void)t->symbol("_micropy_hw_romfs_part0_start");
            }
            CHECK(elf::file::parse(data.first(10)).code() == elf::errc::not_elf);
            CHECK(elf::file::parse(data.first(bytes.size() - 1)).code() == elf::errc::truncated);
        }
}
