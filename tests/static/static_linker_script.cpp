// Static tests of the linker-script parser: it passes by compiling.
#include <array>

#include <romfs/flash/nrf.hpp>
#include <romfs/layout/from_script.hpp>
#include <romfs/layout/linker_script.hpp>
using namespace romfs::layout;
constexpr std::string_view stm32 = R"(
/* Memory layout for STM32F722 */
MEMORY
{
    FLASH (rx)      : ORIGIN = 0x08000000, LENGTH = 512K /* entire flash */
    FLASH_ISR (rx)  : ORIGIN = 0x08000000, LENGTH = 16K  /* sector 0 */
    FLASH_FS(r):ORIGIN = 0x08004000, LENGTH = 112K
    FLASH_TEXT (rx) : org = 0x08020000, len = 384k
    RAM : o = 0x20000000, l = 256K
    ID_CODE (R) : ORIGIN = 0x1FF07A10, LENGTH = 0
}
_estack = ORIGIN(RAM) + LENGTH(RAM);
_micropy_hw_romfs_part0_start = ORIGIN(FLASH_TEXT) + LENGTH(FLASH_TEXT) - _romfs_size;
PROVIDE(_romfs_size = 64K);
_romfs_size = DEFINED(__romfs_bytes__) ? __romfs_bytes__ : 32K;
SECTIONS {
  .isr_vector : { . = ALIGN(4); KEEP(*(.isr_vector)) . = ALIGN(4); } >FLASH_ISR
  .text : { *(.text*) _etext = .; } > FLASH_TEXT =0xff
  _sidata = LOADADDR(.data);
  counter = 1; counter += 2; counter <<= 2;
}
ENTRY(Reset_Handler)
INCLUDE "common.ld"
)";
constexpr std::string_view common = "ASSERT(1, \"x\")\nlater = ORIGIN(FLASH_FS) + 3 * 4 - (2 > 1 ? 1 : 0);\n";
constexpr ld::source files[] = {{"stm32.ld", stm32, true}, {"common.ld", common, false}};
constexpr ld::defsym defs[] = {{"__romfs_bytes__", "16K"}};
constexpr auto s = ld::script<>::parse(files, defs);
static_assert(s.ok());
static_assert(s.regions().size() == 6);
static_assert(s.region("FLASH_FS")->origin == 0x08004000 && s.region("FLASH_FS")->length == 112*1024);
static_assert(s.region("FLASH_TEXT")->length == 384*1024 && s.region("RAM")->origin == 0x20000000);
static_assert(s.region("ID_CODE")->length == 0 && s.region("FLASH_ISR")->attributes == "rx");
static_assert(s.symbol("_estack").value() == 0x20040000);
static_assert(s.symbol("_romfs_size").value() == 16*1024);
static_assert(s.symbol("_micropy_hw_romfs_part0_start").value() == 0x08080000 - 16*1024);
static_assert(s.symbol("counter").value() == 12);
static_assert(!s.symbol("_etext").has_value() && !s.symbol("_sidata").has_value() && !s.symbol("nope").has_value());
// What cannot be a constant says where: the file, line and column of its assignment.
static_assert(s.symbol("_etext").error().file == "stm32.ld" && s.symbol("_etext").error().line == 18 &&
              s.symbol("_etext").error().message == "depends on section placement, not a constant");
static_assert(s.symbol("later").value() == 0x08004000 + 11);
constexpr ld::source b1[] = {{"b1.ld", "MEMORY { FLASH : ORIGIN = 0x0800000G, LENGTH = 1K }"}};
constexpr auto bad = ld::script<>::parse(b1);
static_assert(!bad.ok() && bad.error().line == 1);
constexpr ld::source b2[] = {{"b2.ld", "MEMORY {\n  FLASH : ORIGIN = 0, LENGTH = 1K\n  X : ORIGIN = 1/0, LENGTH=1\n}"}};
constexpr auto bad2 = ld::script<>::parse(b2);
static_assert(!bad2.ok() && bad2.error().line == 3 && bad2.error().message == "division by zero");


// Commands real links carry that the parser skips: SEARCH_DIR, GROUP, INPUT,
// OUTPUT_FORMAT, OUTPUT_ARCH, STARTUP, EXTERN, ASSERT, and PROVIDE_HIDDEN.
constexpr std::string_view skipped = R"(
SEARCH_DIR(.) SEARCH_DIR("/usr/lib")
GROUP(-lgcc -lc -lnosys)
INPUT(crt0.o)
OUTPUT_FORMAT("elf32-littlearm", "elf32-bigarm", "elf32-littlearm")
OUTPUT_ARCH(arm)
STARTUP(crt0.o)
EXTERN(Reset_Handler vector_table)
MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 1M }
PROVIDE_HIDDEN(__hidden = ORIGIN(FLASH) + 16);
ASSERT(LENGTH(FLASH) >= 512K, "flash too small")
)";
constexpr ld::source skipped_src[] = {{"skipped.ld", skipped}};
constexpr auto skipped_script = ld::script<>::parse(skipped_src);
static_assert(skipped_script.ok() && skipped_script.regions().size() == 1);
static_assert(skipped_script.symbol("__hidden").value() == 0x08000010);

// GNU ld semantics the real board files rely on.
// nrf's memory.ld: "x = DEFINED(x) ? x : default" is the default idiom, not a
// cycle; DEFINED sees only earlier definitions and --defsym values.
constexpr std::string_view nrf_like = R"(
_flash_size = 1M;
_micropy_hw_romfs_part0_size = 256K;
_head_size = DEFINED(_sd_size) ? _sd_size : 0;
_sd_size = DEFINED(_sd_size) ? _sd_size : 0;
_fs_size = DEFINED(_fs_size) ? _fs_size : 64K;
_never = DEFINED(_never_defined) ? _never_defined : 7;
_app_size = _flash_size - _head_size - _micropy_hw_romfs_part0_size - _fs_size;
_micropy_hw_romfs_part0_start = _head_size + _app_size;
MEMORY { FLASH_TEXT (rx) : ORIGIN = _head_size, LENGTH = _app_size }
)";
constexpr ld::source nrf_src[] = {{"memory.ld", nrf_like}};
constexpr auto nrf_plain = ld::script<>::parse(nrf_src);
static_assert(nrf_plain.ok() && nrf_plain.symbol("_sd_size").value() == 0 && nrf_plain.symbol("_never").value() == 7);
static_assert(nrf_plain.symbol("_micropy_hw_romfs_part0_start").value() == 0xB0000);
// A --defsym before the scripts is DEFINED for them; after them it only sets
// the final value (ld reads the command line in order).
constexpr ld::defsym sd_first[] = {{"_sd_size", "0x27000", 0}, {"_fs_size", "256K", 0}};
constexpr auto nrf_sd = ld::script<>::parse(nrf_src, sd_first);
static_assert(nrf_sd.symbol("_head_size").value() == 0x27000 && nrf_sd.region("FLASH_TEXT")->origin == 0x27000);
static_assert(nrf_sd.symbol("_micropy_hw_romfs_part0_start").value() == 0x100000 - 256 * 1024 - 256 * 1024);
constexpr ld::defsym fs_last[] = {{"_fs_size", "256K", 1}};
constexpr auto nrf_late = ld::script<>::parse(nrf_src, fs_last);
static_assert(nrf_late.symbol("_fs_size").value() == 256 * 1024);
static_assert(nrf_late.symbol("_micropy_hw_romfs_part0_start").value() == 0x100000 - 256 * 1024 - 64 * 1024);

// Input section descriptions are globs, not comments; sections record where
// they go (REGION_ALIAS resolved), their type and what they hold.
constexpr std::string_view placed = R"(
MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 512K
         FLASH_APP (rx) : ORIGIN = 0x08008000, LENGTH = 480K
         FLASH_EXT (rx) : ORIGIN = 0x90000000, LENGTH = 1M
         RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 256K }
REGION_ALIAS("FLASH_ISR", FLASH_APP);
SECTIONS {
  .text_ext : { *py/asmthumb.o(.text* .rodata*) *lib/btstack/*(.text* .rodata*) *crtbegin?.o(.ctors)
                *(EXCLUDE_FILE(*crtend.o *crtend?.o) .dtors) KEEP(*(SORT(.init_array.*))) } >FLASH_EXT
  .isr_vector : { KEEP(*(.isr_vector)) } >FLASH_ISR
  .data : AT(0x08070000) { *(.data*) } > RAM AT> FLASH_APP
  .bss (NOLOAD) : { *(.bss*) *(COMMON) } > RAM
  /DISCARD/ : { *(.ARM.exidx*) libc.a:*(.comment) }
  .fixed 0x90080000 : { LONG(0) } > FLASH_EXT
  _fixed = ADDR(.fixed);
  _data_lma = LOADADDR(.data);
}
)";
constexpr ld::source placed_src[] = {{"placed.ld", placed}};
constexpr auto p = ld::script<>::parse(placed_src);
static_assert(p.ok() && p.sections().size() == 6);
static_assert(p.section(".text_ext")->region == "FLASH_EXT" && p.section(".text_ext")->code);
static_assert(p.section(".isr_vector")->vectors && p.region(p.section(".isr_vector")->region)->name == "FLASH_APP");
static_assert(p.section(".data")->lma_region == "FLASH_APP" && p.section(".data")->has_lma);
static_assert(p.section(".bss")->type == ld::section_type::noload && p.section("/DISCARD/")->type == ld::section_type::discard);
static_assert(p.symbol("_fixed").value() == 0x90080000 && p.symbol("_data_lma").value() == 0x08070000);

// INCLUDE inside MEMORY and inside SECTIONS (the Pico SDK's pico_flash_region.ld).
constexpr ld::source pico[] = {
    {"memmap_default.ld", "MEMORY {\n INCLUDE \"pico_flash_region.ld\"\n RAM(rwx) : ORIGIN = 0x20000000, LENGTH = 256k\n}\n"
                          "SECTIONS { INCLUDE sections.ld }\n"},
    {"pico_flash_region.ld", "FLASH(rx) : ORIGIN = 0x10000000, LENGTH = (2 * 1024 * 1024)", false},
    {"sections.ld", ".text : { *(.text*) } > FLASH", false}};
constexpr auto pico_script = ld::script<>::parse(pico);
static_assert(pico_script.ok() && pico_script.region("FLASH")->length == 2 * 1024 * 1024);
static_assert(pico_script.section(".text")->region == "FLASH");

// Errors name the place: an unterminated comment gives its line; a missing
// INCLUDE names the file for the tool to search; an ASSERT that fails fails.
constexpr ld::source open_comment[] = {{"c.ld", "MEMORY {\n}\n/* never closed\n"}};
static_assert(ld::script<>::parse(open_comment).error().line == 3 &&
              ld::script<>::parse(open_comment).error().message == "unterminated comment");
constexpr ld::source missing[] = {{"m.ld", "SECTIONS {\n  INCLUDE common_isr.ld\n}\n"}};
static_assert(ld::script<>::parse(missing).missing_include() == "common_isr.ld");
constexpr ld::source failing[] = {{"a.ld", "x = 4; ASSERT(x > 8, \"x too small\")"}};
static_assert(!ld::script<>::parse(failing).ok() && ld::script<>::parse(failing).error().subject == "x too small");
// Nesting guards fire: 30 levels of parentheses parse, 70 are an error (no
// unbounded recursion in the compiler or on the host).
template <std::size_t Depth>
struct nested_text {
    std::array<char, 2 * Depth + 8> text{};
    constexpr nested_text() {
        std::size_t i = 0;
        for (char c : std::string_view("x = ")) text[i++] = c;
        for (std::size_t k = 0; k < Depth; ++k) text[i++] = '(';
        text[i++] = '1';
        for (std::size_t k = 0; k < Depth; ++k) text[i++] = ')';
        text[i++] = ';';
    }
    constexpr std::string_view view() const { return {text.data(), 2 * Depth + 5}; }
};
inline constexpr nested_text<30> shallow_text;
inline constexpr nested_text<70> deep_text;
constexpr ld::source shallow[] = {{"s.ld", shallow_text.view()}};
constexpr ld::source deep[] = {{"d.ld", deep_text.view()}};
static_assert(ld::script<>::parse(shallow).ok() && ld::script<>::parse(shallow).symbol("x").value() == 1);
static_assert(!ld::script<>::parse(deep).ok() && ld::script<>::parse(deep).error().message == "expression nested too deeply");
constexpr ld::source cycle[] = {{"cy.ld", "a = b; b = a;"}};
static_assert(ld::script<>::parse(cycle).ok() && !ld::script<>::parse(cycle).symbol("a").has_value());

// A layout too small for what the link declares says so instead of dropping regions.
constexpr ld::source three[] = {{"t.ld", "MEMORY { A : ORIGIN = 0, LENGTH = 4K\n B : ORIGIN = 4K, LENGTH = 4K\n"
                                          " C : ORIGIN = 8K, LENGTH = 4K }"}};
inline constexpr auto three_script = ld::script<>::parse(three);
inline constexpr device one_device[] = {flash_device<romfs::flash::nrf52<>>("internal")};
static_assert(!from_script<1, 3>(three_script, one_device).overflowed);
static_assert(from_script<1, 2>(three_script, one_device).overflowed);
