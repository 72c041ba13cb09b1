// The search path resolves over places only: something without stat/open
// is refused by the concept.
#include <romfs/boot.hpp>

struct not_a_place {
    int stat(std::string_view) const { return 0; }
};

int main() {
    const romfs::boot::mount_table<1> t;
    (void)romfs::boot::find_module(t, romfs::boot::romfs_first, "a");
#ifdef ROMFS_COMPILE_FAIL
    (void)romfs::boot::find_module(not_a_place{}, romfs::boot::romfs_first, "a");
#endif
}
