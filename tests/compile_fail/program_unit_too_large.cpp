// A policy whose program unit is larger than the writer's padding buffer
// may be (4096 bytes) is refused with a message.
#include <romfs/deploy.hpp>
#include <romfs/flash/geometry.hpp>

#ifdef ROMFS_COMPILE_FAIL
constexpr romfs::address_t unit = 8192;
#else
constexpr romfs::address_t unit = 512;
#endif

struct huge_pages {
    static constexpr std::string_view name = "huge-pages";
    static constexpr std::uint64_t flash_size = 0x100000;
    static constexpr romfs::mapping mapping = romfs::mapping::fixed;
    static constexpr romfs::address_t mapped_base = 0;
    static constexpr std::uint64_t mapped_size = 0x100000;
    static constexpr romfs::address_t program_unit = unit;
    static constexpr std::uint8_t erased_value = 0xff;
    static constexpr bool needs_erase = true;
    static constexpr romfs::erase_map sectors = romfs::erase_map::uniform(65536);
};

struct driver {
    using traits = huge_pages;
    romfs::deploy::driver_errc read(romfs::address_t, std::span<std::byte>) { return {}; }
    romfs::deploy::driver_errc program(romfs::address_t, std::span<const std::byte>) { return {}; }
    romfs::deploy::driver_errc erase(romfs::sector) { return {}; }
};

int main() {
    driver d;
    romfs::deploy::partition_writer<driver> w(d, {{{0x10000, 0x10000}}});
    return static_cast<int>(w.count());
}
