// A result built in one step (value and error together) holds its value
// whatever the error says, so only trivially copyable values may be built
// that way: a std::string would be constructed and never destroyed.
#include <romfs/romfs.hpp>

#include <string>

int main() {
    const romfs::result<int> fine(romfs::error{}, std::in_place, 1);
    (void)fine;
#ifdef ROMFS_COMPILE_FAIL
    const romfs::result<std::string> bad(romfs::error{}, std::in_place, "x");
    (void)bad;
#endif
}
