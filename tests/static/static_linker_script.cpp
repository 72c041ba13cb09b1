// Static tests of the linker-script parser: it passes by compiling.
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
static_assert(s.symbol("_estack").value == 0x20040000);
static_assert(s.symbol("_romfs_size").value == 16*1024);
static_assert(s.symbol("_micropy_hw_romfs_part0_start").value == 0x08080000 - 16*1024);
static_assert(s.symbol("counter").value == 12);
static_assert(!s.symbol("_etext").ok && !s.symbol("_sidata").ok && !s.symbol("nope").ok);
static_assert(s.symbol("later").value == 0x08004000 + 11);
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
static_assert(skipped_script.symbol("__hidden").value == 0x08000010);
