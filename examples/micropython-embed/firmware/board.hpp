// The example's board: QEMU mps2-an385 (Cortex-M3) with two ROM partitions
// in its PSRAM, which stands in for flash: part0 (FLASH_ROMFS, the
// application) and part1 (FLASH_ROMFS1, a fallback the firmware still
// boots when part0 is corrupt).
#pragma once
#include <romfs/flash/qemu.hpp>
#include <romfs/layout/layout.hpp>

namespace board {
using flash = romfs::flash::qemu<0x21000000, 16 * romfs::flash::MiB>;
inline constexpr auto layout = romfs::layout::make_layout(
    {romfs::layout::flash_device<flash>("psram")},
    {romfs::layout::part("FLASH_ROMFS", 0x21000000, 0x200000, romfs::layout::role::romfs, 0),
     romfs::layout::part("FLASH_ROMFS1", 0x21200000, 0x100000, romfs::layout::role::romfs, 1)});
} // namespace board
