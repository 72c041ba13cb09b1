// A flash driver without erase() is not a flash_driver: the partition
// writer refuses it by name.
#include <romfs/deploy.hpp>
#include <romfs/flash/rp2.hpp>

struct half_driver {
    using traits = romfs::flash::rp2040<>;
    romfs::deploy::driver_errc read(romfs::address_t, std::span<std::byte>) { return {}; }
    romfs::deploy::driver_errc program(romfs::address_t, std::span<const std::byte>) { return {}; }
#ifndef ROMFS_COMPILE_FAIL
    romfs::deploy::driver_errc erase(romfs::sector) { return {}; }
#endif
};

int main() {
    half_driver d;
    romfs::deploy::partition_writer<half_driver> w(d, {{{0x10080000, 0x10000}}});
    return static_cast<int>(w.count());
}
