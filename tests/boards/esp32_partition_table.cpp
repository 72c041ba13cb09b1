// The ESP32 partition table written in tests (empty offsets, K/M sizes)
// places every partition where the board definition says; the rules hold.
#include <romfs/boards/esp.hpp>
#include <romfs/layout/rules.hpp>

#include "esp32_csv.hpp"

namespace {
constexpr auto table = romfs::layout::esp::table<>::parse(esp32_romfs_csv);
static_assert(table);
inline constexpr auto linked = table->to_layout<8>(romfs::layout::flash_device<romfs::flash::esp32<4 * 1024 * 1024>>("spi"));
static_assert(romfs::layout::check<linked>());
static_assert(romfs::layout::check<romfs::boards::esp32_4mib_romfs>());

constexpr bool same_regions() {
    const auto a = linked.regions();
    const auto b = romfs::boards::esp32_4mib_romfs.regions();
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].name != b[i].name || a[i].origin != b[i].origin || a[i].length != b[i].length || a[i].kind != b[i].kind)
            return false;
    return true;
}
static_assert(same_regions());
static_assert(table->find("romfs")->offset == 0x1E0000 && table->find("phy_init")->offset == 0xF000);
} // namespace
