// One broken layout per rule (selected with -DRULE_...): check<>() must stop
// the build with a diagnostic naming the rule, the regions and addresses.
// Without ROMFS_COMPILE_FAIL only the valid layout is checked.
#include <romfs/flash/families.hpp>
#include <romfs/layout/layout.hpp>
#include <romfs/layout/rules.hpp>

using namespace romfs::layout;
using namespace romfs::flash;

inline constexpr auto good = make_layout({flash_device<nrf52<512 * KiB>>("internal")},
                                         {part("FLASH_TEXT", 0x0, 0x50000, role::firmware),
                                          part("FLASH_ROMFS", 0x50000, 0x20000, role::romfs),
                                          part("FLASH_USER", 0x70000, 0x10000, role::filesystem)});
static_assert(check<good>());

#ifdef ROMFS_COMPILE_FAIL
#if defined(RULE_OVERLAP) // a ROM region running into the writable filesystem
inline constexpr auto bad = make_layout({flash_device<nrf52<512 * KiB>>("internal")},
                                        {part("FLASH_TEXT", 0x0, 0x50000, role::firmware),
                                         part("FLASH_ROMFS", 0x50000, 0x21000, role::romfs),
                                         part("FLASH_USER", 0x70000, 0x10000, role::filesystem)});
#elif defined(RULE_FIRMWARE_OVER_BOOTLOADER) // a firmware region starting on top of the bootloader
inline constexpr auto bad = make_layout({flash_device<renesas_ra6<2 * MiB>>("code")},
                                        {part("FLASH_BOOT", 0x0, 0x10000, role::bootloader),
                                         part("FLASH_APP", 0x8000, 0xB8000, role::firmware),
                                         part("FLASH_ROMFS", 0xC0000, 0x40000, role::romfs)});
#elif defined(RULE_OUTSIDE_FLASH)
inline constexpr auto bad = make_layout({flash_device<samd21<256 * KiB>>("internal")},
                                        {part("FLASH_FIRMWARE", 0x2000, 0x3B000, role::firmware),
                                         part("FLASH_ROMFS", 0x08000000, 0x3000, role::romfs)});
#elif defined(RULE_LARGER_THAN_CHIP) // a partition larger than the chip
inline constexpr auto bad = make_layout({flash_device<samd51<512 * KiB>>("internal")},
                                        {part("FLASH_FIRMWARE", 0x4000, 0x6C000, role::firmware),
                                         part("FLASH_ROMFS", 0x70000, 0x20000, role::romfs)});
#elif defined(RULE_ZERO_LENGTH) // a writable filesystem that computes to zero bytes
inline constexpr auto bad = make_layout({flash_device<rp2040<2 * MiB>>("qspi")},
                                        {part("FLASH_APP", 0x10000000, 0x80000, role::firmware),
                                         part("FLASH_ROMFS", 0x10080000, 0x20000, role::romfs),
                                         part("FLASH_FS", 0x100A0000, 0x0, role::filesystem)});
#elif defined(RULE_NOT_MAPPED) // ROMFS on a device read through a driver
inline constexpr device spi_nor = [] {
    device d = flash_device<imxrt_nor<0x60000000, 8 * MiB>>("spi");
    d.mapping = romfs::mapping::none;
    return d;
}();
inline constexpr auto bad = make_layout({spi_nor},
                                        {part("m_text", 0x60000000, 0x100000, role::firmware),
                                         part("romfs_part0", 0x60100000, 0x40000, role::romfs)});
#elif defined(RULE_OUTSIDE_WINDOW) // ROMFS past ESP8266's 1 MiB mapped window
inline constexpr auto bad = make_layout({flash_device<esp8266<2 * MiB>>("spi")},
                                        {part("irom0_0_seg", 0x40209000, 0xA7000, role::firmware),
                                         part("FLASH_ROMFS", 0x402B0000, 0x60000, role::romfs)});
#elif defined(RULE_MMU_PAGE) // ESP32 ROMFS partition not on a 64K MMU page
inline constexpr auto bad = make_layout({flash_device<esp32<4 * MiB>>("spi")},
                                        {part("factory", 0x10000, 0x1C0000, role::firmware),
                                         part("romfs", 0x1D8000, 0x28000, role::romfs)});
#elif defined(RULE_SMALLER_THAN_SECTOR) // ROMFS smaller than a 256K HyperFlash sector
inline constexpr auto bad = make_layout({flash_device<imxrt_hyperflash<0x60000000, 64 * MiB>>("hyperflash")},
                                        {part("m_text", 0x60000000, 0x200000, role::firmware),
                                         part("romfs_part0", 0x60200000, 128 * KiB, role::romfs)});
#elif defined(RULE_MISALIGNED) // ROMFS start inside a 128K sector of STM32F4's non-uniform map
inline constexpr auto bad = make_layout({flash_device<stm32f4<1 * MiB>>("internal")},
                                        {part("FLASH_ISR", 0x08000000, 0x4000, role::firmware),
                                         part("FLASH_FS", 0x08004000, 0x1C000, role::filesystem),
                                         part("FLASH_TEXT", 0x08020000, 0x60000, role::firmware),
                                         part("FLASH_ROMFS", 0x08090000, 0x40000, role::romfs)});
#endif
static_assert(check<bad>());
#endif
