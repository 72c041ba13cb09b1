// A policy whose program unit is larger than the writer's padding buffer
// may be (4096 bytes) is refused with a message.
#include <romfs/deploy.hpp>
#include <romfs/flash/sector_map.hpp>

#ifdef ROMFS_COMPILE_FAIL
constexpr romfs::address_t unit = 8192;
#else
constexpr romfs::address_t unit = 512;
#endif

struct huge_pages : romfs::flash::mapped_nor<0x0, 0x100000, unit, romfs::uniform_sectors<65536>> {};

struct driver {
    using traits = huge_pages;
    romfs::deploy::flash_errc read(romfs::address_t, std::span<std::byte>) { return {}; }
    romfs::deploy::flash_errc program(romfs::address_t, std::span<const std::byte>) { return {}; }
    romfs::deploy::flash_errc erase(romfs::sector) { return {}; }
};

int main() {
    driver d;
    romfs::deploy::partition_writer<driver> w(d, {{{0x10000, 0x10000}}});
    return static_cast<int>(w.count());
}
