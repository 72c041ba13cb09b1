// An image behind a driver cannot be opened from a pointer range.
#include <romfs/romfs.hpp>

#include "driver_traits.hpp"

int main() {
    using image = romfs::basic_image<romfs::test::driver_traits>;
    const romfs::test::fake_device dev{};
    (void)image::open(dev, 0, 0);
#ifdef ROMFS_COMPILE_FAIL
    (void)image::open(romfs::empty_image);
#endif
}
