// A linker script that disagrees with the board definition stops the build,
// naming the region, the field and both values.
#include <romfs/boards/nrf.hpp>
#include <romfs/layout/compare.hpp>

constexpr std::string_view text = R"(
MEMORY {
  FLASH_TEXT (rx) : ORIGIN = 0x00000000, LENGTH = 0x50000
  FLASH_ROMFS (r) : ORIGIN = 0x50000, LENGTH = ROMFS_BYTES
  FLASH_USER (rw) : ORIGIN = 0x70000, LENGTH = 0x10000
}
_micropy_hw_romfs_part0_start = ORIGIN(FLASH_ROMFS);
_micropy_hw_romfs_part0_size = LENGTH(FLASH_ROMFS);
)";
constexpr romfs::layout::ld::source sources[] = {{"pca10040.ld", text}};
#ifdef ROMFS_COMPILE_FAIL
constexpr romfs::layout::ld::defsym defsyms[] = {{"ROMFS_BYTES", "96K"}};
#else
constexpr romfs::layout::ld::defsym defsyms[] = {{"ROMFS_BYTES", "128K"}};
#endif
inline constexpr auto script = romfs::layout::ld::script<>::parse(sources, defsyms);
static_assert(script.ok());
static_assert(romfs::layout::check_script<script, romfs::boards::pca10040>());
