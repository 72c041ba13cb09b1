// A walker needs room for at least its starting directory.
#include <romfs/romfs.hpp>

int main() {
    char buf[8];
    const auto img = romfs::image::open(romfs::empty_image);
    romfs::walker<1> ok(*img, buf);
    (void)ok.next();
#ifdef ROMFS_COMPILE_FAIL
    romfs::walker<0> bad(*img, buf);
    (void)bad.next();
#endif
}
