// Static tests of layouts, rules, partition tables, fits and link asserts:
// it passes by compiling. (Every board: tests/boards; every rule's failure:
// tests/compile_fail.)
#include <romfs/boards/all.hpp>
#include <romfs/layout.hpp>
#include <romfs/romfs.hpp>

namespace {

using namespace romfs;
using namespace romfs::layout;
using namespace romfs::flash;

// Every board of the table obeys every rule.
static_assert(check<boards::pybd_sf2>() && check<boards::arduino_giga>() && check<boards::rpi_pico<0x20000>>() &&
              check<boards::rpi_pico<0x1000>>() && check<boards::esp32_4mib_romfs>() &&
              check<boards::esp8266_2mib_romfs>() && check<boards::teensy40>() && check<boards::mimxrt1170_evk>() &&
              check<boards::adafruit_feather_m0_express>() && check<boards::adafruit_feather_m4_express>() &&
              check<boards::sparkfun_samd51_thing_plus>() && check<boards::microbit>() && check<boards::pca10040>() &&
              check<boards::pca10056>() && check<boards::pca10059>() && check<boards::pca10090>() &&
              check<boards::ek_ra4m1>() && check<boards::ek_ra6m2>() && check<boards::vk_ra6m5>() &&
              check<boards::arduino_portenta_c33>() && check<boards::alif_ensemble>() && check<boards::mps2_an385>());

// RPI_PICO with a ROMFS size that is not a multiple of 4K breaks a rule:
// the run-time API reports it without stopping the build.
static_assert(!valid(boards::rpi_pico<1000>));
static_assert(first_violation(boards::rpi_pico<1000>).kind == rule::romfs_smaller_than_erase_sector);
static_assert(first_violation(boards::rpi_pico<0x1800>).kind == rule::partition_not_erase_aligned);
// Erase alignment is checked at a partition's end as well as its start, on
// a non-uniform map: STM32F4's ROMFS from 0x08020000 (a 128K sector start)
// for 192K ends at 0x08050000, inside the 128K sector [0x08040000, 0x08060000);
// 256K ends on a sector boundary.
inline constexpr auto f4_end_inside = make_layout({flash_device<stm32f4<1 * MiB>>("internal")},
                                                  {part("FLASH_ROMFS", 0x08020000, 192 * KiB, role::romfs)});
static_assert(first_violation(f4_end_inside).kind == rule::partition_not_erase_aligned);
static_assert(first_violation(f4_end_inside).at == 0x08050000 && first_violation(f4_end_inside).sector == 128 * KiB);
inline constexpr auto f4_end_on_boundary = make_layout({flash_device<stm32f4<1 * MiB>>("internal")},
                                                       {part("FLASH_ROMFS", 0x08020000, 256 * KiB, role::romfs)});
static_assert(valid(f4_end_on_boundary));
// The same rule holds for the writable filesystem, at its start and its end.
inline constexpr auto fs_start_inside = make_layout({flash_device<stm32f4<1 * MiB>>("internal")},
                                                    {part("FLASH_FS", 0x08004100, 0x3F00, role::filesystem)});
static_assert(first_violation(fs_start_inside).kind == rule::partition_not_erase_aligned &&
              first_violation(fs_start_inside).at == 0x08004100 && first_violation(fs_start_inside).sector == 16 * KiB);
inline constexpr auto fs_end_inside = make_layout({flash_device<stm32f4<1 * MiB>>("internal")},
                                                  {part("FLASH_FS", 0x08004000, 0x5000, role::filesystem)});
static_assert(first_violation(fs_end_inside).kind == rule::partition_not_erase_aligned &&
              first_violation(fs_end_inside).at == 0x08009000 && first_violation(fs_end_inside).sector == 16 * KiB);
inline constexpr auto fs_aligned = make_layout({flash_device<stm32f4<1 * MiB>>("internal")},
                                               {part("FLASH_FS", 0x08004000, 112 * KiB, role::filesystem)});
static_assert(valid(fs_aligned));

// Every violation is listed, not only the first.
inline constexpr auto two_problems = make_layout({flash_device<nrf52<512 * KiB>>("internal")},
                                                 {part("FLASH_TEXT", 0x0, 0x50000, role::firmware),
                                                  part("FLASH_ROMFS", 0x4F100, 0x20000, role::romfs),
                                                  part("FLASH_USER", 0x70000, 0x0, role::filesystem)});
static_assert(for_each_violation(two_problems, [](const violation&) {}) == 3); // zero length, overlap, alignment
// Containers are not overlaps; zero-length markers overlap nothing.
inline constexpr auto containers = make_layout({flash_device<stm32f4<>>("internal")},
                                               {part("FLASH", 0x08000000, 1 * MiB, role::other),
                                                part("FLASH_ISR", 0x08000000, 16 * KiB, role::firmware),
                                                part("FLASH_FS", 0x08004000, 112 * KiB, role::filesystem),
                                                part("FLASH_TEXT", 0x08020000, 384 * KiB, role::firmware),
                                                part("FLASH_ROMFS", 0x08080000, 512 * KiB, role::romfs),
                                                part("ID_CODE", 0x08010000, 0, role::other)});
static_assert(check<containers>());
// A firmware region containing the ROMFS is an overlap, not a container.
inline constexpr auto text_over_romfs = make_layout({flash_device<nrf52<>>("internal")},
                                                    {part("FLASH_TEXT", 0x0, 0x80000, role::firmware),
                                                     part("FLASH_ROMFS", 0x50000, 0x20000, role::romfs)});
static_assert(first_violation(text_over_romfs).kind == rule::regions_overlap);
// Messages.
static_assert(describe(text_over_romfs, first_violation(text_over_romfs)).view() ==
              "layout rule 'no overlapping regions' broken: FLASH_TEXT [0x00000000, 0x00080000) overlaps "
              "FLASH_ROMFS [0x00050000, 0x00070000)");

// Role inference as the ports name regions.
static_assert(infer_role("FLASH_ROMFS") == role::romfs && infer_role("FLASH_FS") == role::filesystem &&
              infer_role("m_vfs") == role::filesystem && infer_role("FLASH_USER") == role::filesystem &&
              infer_role("FLASH_TEXT") == role::firmware && infer_role("FLASH_APP") == role::firmware &&
              infer_role("irom0_0_seg") == role::firmware && infer_role("FLASH_ISR") == role::firmware &&
              infer_role("FLASH_BOOT") == role::bootloader && infer_role("FLASH_MBR") == role::bootloader &&
              infer_role("FLASH") == role::other && infer_role("RAM") == role::other);
static_assert(infer_index("MRAM_ROMFS1") == 1 && infer_index("FLASH_ROMFS") == 0 && infer_index("romfs_part1") == 1);

// ESP-IDF partition tables.
constexpr auto table = esp::table<>::parse(boards::esp32_romfs_partitions_csv);
static_assert(table && table->size() == 5 && table->find("romfs")->offset == 0x1E0000 && table->find("vfs")->size == 2 * MiB);
constexpr auto auto_offsets = esp::table<>::parse("nvs, data, nvs, , 24K\nfactory, app, factory, , 1M\nromfs, data, 0x8f, , 128K\n");
static_assert(auto_offsets && (*auto_offsets)[0].offset == 0x9000 && (*auto_offsets)[1].offset == 0x10000 &&
              (*auto_offsets)[2].offset == 0x110000);
static_assert(esp::table<>::parse("factory, app, factory, 0x11000, 1M\n").error().message == "app partition offset not 64K-aligned");
static_assert(esp::table<>::parse("a, data, nvs, 0x9000\n").error().line == 1);
static_assert(esp::table<>::parse("a, data, nvs, 0x9000, 4K\na, data, nvs, , 4K\n").error().message == "duplicate partition name");
static_assert(esp::table<>::parse("a, data, nvs, 0x9000, 4K\na, data, nvs, , 4K\n").code() == esp::errc::duplicate);
static_assert(esp::table<>::parse("factory, app, factory, 0x11000, 1M\n").code() == esp::errc::alignment);
static_assert(esp::table<1>::parse("a, data, nvs, , 4K\nb, data, nvs, , 4K\n").code() == esp::errc::capacity);
static_assert(esp::table<>::parse("a, data, nvs, 0x9000\n").code() == esp::errc::syntax);

// fits: an image in its partition, and the partition start's alignment.
constexpr auto small = romfs::literal_bytes("\xd2\xcd\x31\x08\x05\x06\x01" "f" "\x02\x02" "hi");
static_assert(fits<small, boards::pca10040, 0, 4096>());
static_assert(check_fit(small, boards::pca10040, 0, 1 * MiB).why.view() ==
              "FLASH_ROMFS starts at 0x00050000, not aligned to the image's 1048576-byte data alignment");
static_assert(check_fit(small, boards::pca10040, 1, 1).why.view() == "the layout has no ROMFS partition 1");
static_assert(!check_fit(romfs::literal_bytes("\xd2\xcd\x31\x08"), boards::pca10040, 0, 1).ok);

// Link-time asserts name every region and symbol.
constexpr auto asserts = linker_asserts(boards::teensy40, assert_options{false, true});
static_assert(asserts.view().find("ASSERT(_micropy_hw_romfs_part0_start == 0x600c0000") != std::string_view::npos);
static_assert(asserts.view().find("ORIGIN(") == std::string_view::npos);
constexpr auto pca_asserts = linker_asserts(boards::pca10040);
static_assert(pca_asserts.view().find("ASSERT(LENGTH(FLASH_USER) == 0x00010000") != std::string_view::npos);

} // namespace
