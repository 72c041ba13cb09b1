// libFuzzer harness for the text parsers the CLI runs on user files: GNU ld
// scripts (with a --defsym and an INCLUDEd second file taken from the input)
// and ESP-IDF partition tables, then the layout rules on what they describe.
// Beyond "no crash, no hang": a parsed script answers every query, and the
// rules give the same first violation as the full list.
#include <romfs/layout.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#define ROMFS_FUZZ_CHECK(cond)          \
    do {                                \
        if (!(cond)) __builtin_trap();  \
    } while (0)

namespace {

// Most inputs fit the small parser, which is cheaper to set up; what does not
// (MicroPython's biggest links: ESP8266's 380 assignments) is parsed again
// with room for it.
using small_script = romfs::layout::ld::script<32, 256, 4096>;
using big_script = romfs::layout::ld::script<64, 1024, 8192, 128>;

template <class Layout>
void rules(const Layout& l) {
    std::size_t n = 0;
    romfs::layout::violation first{};
    romfs::layout::for_each_violation(l, [&](const romfs::layout::violation& v) {
        if (n++ == 0) first = v;
        (void)romfs::layout::describe(l, v);
    });
    ROMFS_FUZZ_CHECK(romfs::layout::first_violation(l).kind == first.kind);
    ROMFS_FUZZ_CHECK((n == 0) == romfs::layout::valid(l));
}

// Every query of a parsed link, and the rules on what it describes.
template <class Script>
void links(const Script& s) {
    if (!s.ok()) {
        ROMFS_FUZZ_CHECK(!s.error().message.empty());
        return;
    }
    for (const auto& r : s.regions()) ROMFS_FUZZ_CHECK(s.region(r.name) != nullptr);
    for (const auto& sec : s.sections()) {
        ROMFS_FUZZ_CHECK(s.section(sec.name) != nullptr);
        if (!sec.region.empty()) (void)s.region(sec.region);
    }
    s.for_each_symbol([&](std::string_view name) { (void)s.symbol(name); });
    for (auto name : {"_micropy_hw_romfs_part0_start", "_micropy_hw_romfs_part0_size", "_estack", "x"})
        (void)s.symbol(name);
    for (const char* family : {"stm32f4", "nrf52", "esp8266", "renesas-ra6", "imxrt-hyperflash"}) {
        const romfs::layout::device d[] = {romfs::layout::find_family(family)->make(2 * 1024 * 1024)};
        rules(romfs::layout::from_script<1, 40>(s, d));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // Input: SCRIPT [\0 INCLUDED [\0 DEFSYM_VALUE]]
    const auto z1 = text.find('\0');
    const std::string_view main_text = text.substr(0, z1);
    const std::string_view rest = z1 == std::string_view::npos ? std::string_view{} : text.substr(z1 + 1);
    const auto z2 = rest.find('\0');
    const std::string_view included = rest.substr(0, z2);
    const std::string_view value = z2 == std::string_view::npos ? std::string_view("0x1000") : rest.substr(z2 + 1);

    const romfs::layout::ld::source sources[] = {{"board.ld", main_text, true}, {"common.ld", included, false}};
    const romfs::layout::ld::defsym defsyms[] = {{"__micropy_romfs_bytes__", value}};
    const auto small = std::make_unique<small_script>(small_script::parse(sources, defsyms));
    if (!small->ok() && small->error().message.find("capacity") != std::string_view::npos)
        links(*std::make_unique<big_script>(big_script::parse(sources, defsyms)));
    else
        links(*small);

    const auto table = romfs::layout::esp::table<32>::parse(text);
    if (table) {
        const auto flash = romfs::layout::find_family("esp32")->make(4 * 1024 * 1024);
        rules(table->to_layout<34>(flash));
    } else {
        ROMFS_FUZZ_CHECK(table.error().line >= 1);
    }
    return 0;
}
