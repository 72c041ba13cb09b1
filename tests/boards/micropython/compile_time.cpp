// MicroPython's own board files, parsed by the compiler: it passes by
// compiling. Each link's ROM partition is where the port puts it, and every
// layout rule holds for the regions the link really uses.
#include <romfs/flash/families.hpp>
#include <romfs/layout/from_script.hpp>
#include <romfs/layout/rules.hpp>

#include "mp_esp8266.hpp"
#include "mp_pca10056.hpp"
#include "mp_pybd_sf2.hpp"
#include "mp_teensy40.hpp"

namespace L = romfs::layout;
using namespace romfs::flash;

// PYBD_SF2: f722_qspi.ld INCLUDEs common_bl.ld (-L boards), which INCLUDEs
// common_isr.ld (-L boards/common_isr_rom) inside SECTIONS.
static_assert(mp_pybd_sf2::script.ok());
inline constexpr L::device pybd_devices[] = {L::flash_device<stm32f72x>("internal"),
                                             L::flash_device<stm32_qspi<2 * MiB>>("qspi", 2 * MiB)};
inline constexpr auto pybd = L::from_script(mp_pybd_sf2::script, pybd_devices);
static_assert(pybd.romfs_partition(0)->origin == 0x90100000 && pybd.romfs_partition(0)->length == 1 * MiB);
static_assert(pybd.find("FLASH_APP")->kind == L::role::firmware); // receives .isr_vector through REGION_ALIAS
static_assert(pybd.find("FLASH") == nullptr);                      // the whole-flash region receives nothing
static_assert(L::check<pybd>());

// PCA10056: memory.ld's DEFINED() defaults, partitions from symbols only.
static_assert(mp_pca10056::script.ok());
inline constexpr L::device nrf_devices[] = {L::flash_device<nrf52<1 * MiB>>("internal")};
inline constexpr auto pca10056 = L::from_script(mp_pca10056::script, nrf_devices);
static_assert(pca10056.romfs_partition(0)->origin == 0xB0000 && pca10056.romfs_partition(0)->length == 256 * KiB);
static_assert(pca10056.find("_fs_start")->origin == 0xF0000);
static_assert(L::check<pca10056>());

// TEENSY40: preprocessed as the mimxrt Makefile does; ROMFS in the gap
// between text and vfs, given only by symbols.
static_assert(mp_teensy40::script.ok());
inline constexpr L::device teensy_devices[] = {L::flash_device<imxrt_nor<0x60000000, 2 * MiB>>("flexspi", 2 * MiB)};
inline constexpr auto teensy40 = L::from_script(mp_teensy40::script, teensy_devices);
static_assert(teensy40.romfs_partition(0)->origin == 0x600C0000 && teensy40.romfs_partition(0)->length == 256 * KiB);
static_assert(L::check<teensy40>());

// ESP8266: INCLUDE boards/esp8266_common.ld, a path relative to the port folder.
static_assert(mp_esp8266::script.ok());
inline constexpr L::device esp_devices[] = {L::flash_device<esp8266<2 * MiB>>("spi", 2 * MiB)};
inline constexpr auto esp = L::from_script(mp_esp8266::script, esp_devices);
static_assert(esp.romfs_partition(0)->origin == 0x402B0000 && esp.romfs_partition(0)->length == 320 * KiB);
static_assert(L::check<esp>());
