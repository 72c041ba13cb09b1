// Taking the value of an error result in a constant expression is a compile
// error, not a silent default.
#include <romfs/romfs.hpp>

constexpr auto bad = romfs::make_bytes(0xd2, 0xcd, 0x32, 0x00);

int main() {
    constexpr auto r = romfs::image::open(bad);
    static_assert(!r.has_value());
#ifdef ROMFS_COMPILE_FAIL
    constexpr auto img = r.value();
    (void)img;
#endif
}
