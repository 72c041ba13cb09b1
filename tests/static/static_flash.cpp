// Static tests of every flash policy: it passes by compiling.
#include <romfs/flash/families.hpp>
#include <romfs/layout/families.hpp>
#include <romfs/romfs.hpp>

namespace {

using namespace romfs;
using namespace romfs::flash;

// Every policy satisfies the concept, so the reader works with each.
static_assert(flash_traits<stm32f4<>> && flash_traits<stm32f4<2 * MiB>> && flash_traits<stm32f4<512 * KiB>>);
static_assert(flash_traits<stm32f72x> && flash_traits<stm32f76x<>> && flash_traits<stm32f76x<1 * MiB>>);
static_assert(flash_traits<stm32h7<>> && flash_traits<stm32h7<2 * MiB, 8 * KiB, 16>> && flash_traits<stm32_paged<>>);
static_assert(flash_traits<stm32_qspi<>> && flash_traits<stm32n6_xspi<>> && flash_traits<rp2040<>> && flash_traits<rp2350<>>);
static_assert(flash_traits<esp32<>> && flash_traits<esp8266<>> && flash_traits<imxrt_nor<>> && flash_traits<imxrt_hyperflash<>>);
static_assert(flash_traits<samd21<>> && flash_traits<samd51<>> && flash_traits<nrf51<>> && flash_traits<nrf52<>> && flash_traits<nrf91<>>);
static_assert(flash_traits<renesas_ra4<>> && flash_traits<renesas_ra6<>> && flash_traits<alif_mram<>> && flash_traits<alif_ospi<>> && flash_traits<qemu<>>);

// STM32F4: 4 x 16K, 1 x 64K, 7 x 128K; 2 MB parts repeat the map in bank 2.
static_assert(stm32f4<>::sectors.at(0x08000000) == sector{0x08000000, 16 * KiB});
static_assert(stm32f4<>::sectors.at(0x0800FFFF) == sector{0x0800C000, 16 * KiB});
static_assert(stm32f4<>::sectors.at(0x08010000) == sector{0x08010000, 64 * KiB});
static_assert(stm32f4<>::sectors.at(0x080E0001) == sector{0x080E0000, 128 * KiB});
static_assert(stm32f4<2 * MiB>::sectors.at(0x08104000) == sector{0x08104000, 16 * KiB});
static_assert(stm32f4<2 * MiB>::sectors.at(0x081E0000) == sector{0x081E0000, 128 * KiB});
static_assert(stm32f4<>::sectors.size() == 1 * MiB && stm32f4<2 * MiB>::sectors.size() == 2 * MiB);
static_assert(stm32f4<512 * KiB>::sectors.size() == 512 * KiB && stm32f4<512 * KiB>::sectors.at(0x08080000) == sector{0x08080000, 1});
// An erase map as a constant: below its base and past its last run an
// address is its own one-byte "sector"; a uniform map repeats to the top.
static_assert(erase_map::of(0x1000, {{0x100, 2}}).at(0xfff) == sector{0xfff, 1});
static_assert(erase_map::of(0x1000, {{0x100, 2}}).at(0x11ff) == sector{0x1100, 0x100});
static_assert(erase_map::of(0x1000, {{0x100, 2}}).at(0x1200) == sector{0x1200, 1});
static_assert(erase_map::of(0x1000, {{0x100, 0}, {0x200, 1}}).at(0x1000) == sector{0x1000, 0x200});
static_assert(erase_map::uniform(4 * KiB).at(0xffff'ffff) == sector{0xffff'f000, 4 * KiB});
static_assert(erase_map::uniform(4 * KiB).size() == 0);
// memory_mapped follows mapping: it cannot disagree with it.
static_assert(romfs::memory_mapped<esp32<>> && romfs::memory_mapped<rp2040<>> && romfs::memory_mapped<romfs::host_traits>);
// Every policy names itself and its capacity, as the concept requires.
static_assert(romfs::flash_traits<stm32f4<>> && stm32f4<>::name == "stm32f4" && stm32f4<>::flash_size == 1 * MiB);
static_assert(romfs::flash_traits<esp32<8 * MiB>> && esp32<8 * MiB>::flash_size == 8 * MiB);
static_assert(is_erase_aligned<stm32f4<>>(0x08020000, 256 * KiB) && !is_erase_aligned<stm32f4<>>(0x08030000, 128 * KiB));
static_assert(largest_sector<stm32f4<>>(0x08004000, 0x20000) == 128 * KiB); // 16K+16K+16K+64K then into 128K
// F72x, F76x.
static_assert(stm32f72x::sectors.at(0x08060000) == sector{0x08060000, 128 * KiB});
static_assert(stm32f76x<>::sectors.at(0x08020000) == sector{0x08020000, 128 * KiB});
static_assert(stm32f76x<>::sectors.at(0x08040000) == sector{0x08040000, 256 * KiB});
static_assert(stm32f76x<1 * MiB>::sectors.at(0x080C0000) == sector{0x080C0000, 256 * KiB});
// H7, paged, QSPI, N6.
static_assert(stm32h7<>::sectors.at(0x08120000) == sector{0x08120000, 128 * KiB} && stm32h7<>::program_unit == 32);
static_assert(stm32h7<2 * MiB, 8 * KiB, 16>::sectors.at(0x08003000) == sector{0x08002000, 8 * KiB});
static_assert(stm32_paged<512 * KiB, 4 * KiB>::sectors.at(0x08001234) == sector{0x08001000, 4 * KiB});
static_assert(stm32_qspi<>::mapped_base == 0x90000000 && stm32_qspi<>::mapped_size == 256 * MiB);
static_assert(stm32n6_xspi<>::mapped_base == 0x70000000);
// RP2: 4K sectors, 256-byte pages.
static_assert(rp2040<>::sectors.at(0x10001234) == sector{0x10001000, 4 * KiB} && rp2040<>::program_unit == 256);
static_assert(rp2350<>::mapped_base == 0x10000000);
// ESP32: mapped at run time, 64K MMU pages; ESP8266: 1 MiB window.
static_assert(esp32<>::mapping == mapping::runtime && esp32<>::mmu_page == 64 * KiB && esp32<4 * MiB, 16>::program_unit == 16);
static_assert(esp8266<>::mapped_base == 0x40200000 && esp8266<>::mapped_size == 1 * MiB && esp8266<>::program_unit == 4);
// i.MX RT: NOR 4K, HyperFlash 256K, bases per chip.
static_assert(imxrt_nor<0x30000000>::mapped_base == 0x30000000 && imxrt_nor<>::sectors.at(0x60001001).size == 4 * KiB);
static_assert(imxrt_hyperflash<>::sectors.at(0x60050000) == sector{0x60040000, 256 * KiB});
// SAMD, nRF, Renesas.
static_assert(samd21<>::sectors.at(0x3D000) == sector{0x3D000, 256} && samd21<>::program_unit == 64);
static_assert(samd51<>::sectors.at(0x71000) == sector{0x70000, 8 * KiB} && samd51<>::program_unit == 512);
static_assert(nrf51<>::sectors.at(0x2D400) == sector{0x2D400, 1 * KiB} && nrf52<>::sectors.at(0x50000).size == 4 * KiB);
static_assert(nrf91<>::flash_size == 1 * MiB);
static_assert(renesas_ra4<>::sectors.at(0x34800) == sector{0x34800, 2 * KiB} && renesas_ra4<>::program_unit == 8);
static_assert(renesas_ra6<>::sectors.at(0xE000) == sector{0xE000, 8 * KiB} && renesas_ra6<>::sectors.at(0x10000) == sector{0x10000, 32 * KiB});
static_assert(!is_erase_aligned<renesas_ra6<>>(0xA4000, 0x40000) && is_erase_aligned<renesas_ra6<>>(0xA0000, 0x40000));
static_assert(is_erase_aligned<renesas_ra6<>>(0x4000, 0x2000)); // 8K blocks below 64K
// Alif: MRAM needs no erase; QEMU: RAM.
static_assert(!alif_mram<>::needs_erase && is_erase_aligned<alif_mram<>>(0x8047E001, 3) && largest_sector<alif_mram<>>(0, 100) == 0);
static_assert(alif_ospi<0xA0000000>::mapped_base == 0xA0000000 && alif_ospi<>::mapped_base == 0xC0000000);
static_assert(!qemu<>::needs_erase && qemu<>::mapped_base == 0x21000000);
// The list of sectors a range needs erased.
constexpr bool sectors_listed() {
    sector out[8]{};
    const auto n = sectors_to_erase<stm32f4<>>(0x08008000, 0x20000, out);
    return n == 4 && out[0] == sector{0x08008000, 16 * KiB} && out[2] == sector{0x08010000, 64 * KiB} &&
           out[3] == sector{0x08020000, 128 * KiB};
}
static_assert(sectors_listed());
// Every family of the geometry table is reachable by its CLI name.
static_assert(romfs::layout::families.size() == 23);
static_assert(romfs::layout::find_family("stm32-paged") && romfs::layout::find_family("imxrt-hyperflash") &&
              romfs::layout::find_family("alif-mram") && !romfs::layout::find_family("stm32"));
static_assert(romfs::layout::find_family("renesas-ra6")->make(2 * MiB).sector_at(0x1F8000).size == 32 * KiB);

// The reader over a policy: file views are spans into "flash".
constexpr auto img = romfs::literal_bytes("\xd2\xcd\x31\x08\x05\x06\x01" "f" "\x02\x02" "hi");
static_assert(basic_image<stm32f4<>>::open(img)->open_file("f")->bytes()[1] == std::byte{'i'});
static_assert(basic_image<esp32<>>::open(img)->lookup("/f")->size() == 2);

} // namespace
