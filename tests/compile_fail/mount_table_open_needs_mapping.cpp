// A mount table of images behind a driver resolves paths but cannot hand
// out a file's bytes in place.
#include <romfs/boot.hpp>

#include "driver_traits.hpp"

int main() {
    const romfs::boot::basic_mount_table<romfs::test::driver_traits, 2> t;
    (void)t.stat("/rom/main.py");
#ifdef ROMFS_COMPILE_FAIL
    (void)t.open("/rom/main.py");
#endif
}
