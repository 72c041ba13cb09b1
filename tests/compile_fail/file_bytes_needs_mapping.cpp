// A file read through a driver has no address: asking for its bytes as a
// span must not compile.
#include <romfs/romfs.hpp>

#include "driver_traits.hpp"

int main() {
    using image = romfs::basic_image<romfs::test::driver_traits>;
    const romfs::test::fake_device dev{};
    const auto img = image::open(dev, 0, 0);
    const auto f = img->open_file("a");
    std::byte buf[4];
    (void)f->read(0, buf); // fine for every policy
#ifdef ROMFS_COMPILE_FAIL
    (void)f->bytes();
#endif
}
