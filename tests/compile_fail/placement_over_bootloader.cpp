// Roles come from placement at compile time too: ARDUINO_PORTENTA_C33's
// layout as first submitted (FLASH at 0x0 over the 64K FLASH_BOOT) reads as
// a container by name, but .text is placed `> FLASH`, so FLASH is firmware
// and the build stops on the overlap. The control is the fixed layout.
#include <romfs/flash/renesas.hpp>
#include <romfs/layout/from_script.hpp>
#include <romfs/layout/rules.hpp>

#ifdef ROMFS_COMPILE_FAIL
#define FLASH_ORIGIN "0x00000000"
#else
#define FLASH_ORIGIN "0x00010000"
#endif

constexpr std::string_view text = "MEMORY {\n"
                                  "  FLASH_BOOT (r) : ORIGIN = 0x00000000, LENGTH = 0x00010000\n"
                                  "  FLASH (rx)     : ORIGIN = " FLASH_ORIGIN ", LENGTH = 0x000B0000\n"
                                  "  FLASH_ROMFS (r): ORIGIN = 0x000C0000, LENGTH = 0x00040000\n"
                                  "  RAM (rwx)      : ORIGIN = 0x20000000, LENGTH = 0x00080000\n"
                                  "}\n"
                                  "SECTIONS {\n"
                                  "  .text : { KEEP(*(.fixed_vectors*)) *(.text*) *(.rodata*) } > FLASH\n"
                                  "  .data : { *(.data*) } > RAM AT > FLASH\n"
                                  "}\n";
constexpr romfs::layout::ld::source sources[] = {{"ra6m5.ld", text}};
inline constexpr auto script = romfs::layout::ld::script<>::parse(sources);
static_assert(script.ok());
inline constexpr romfs::layout::device devices[] = {
    romfs::layout::flash_device<romfs::flash::renesas_ra6<2 * romfs::flash::MiB>>("internal",
                                                                                    2 * romfs::flash::MiB)};
inline constexpr auto linked = romfs::layout::from_script(script, devices);
static_assert(romfs::layout::check<linked>());
