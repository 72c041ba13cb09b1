#include <romfs/romfs.hpp>

#include <cstdio>

constexpr auto bytes = romfs::literal_bytes("\xd2\xcd\x31\x14\x05\x12\x07" "main.py" "\x02\x08" "print(1)");
static_assert(romfs::image::open(bytes)->lookup("main.py")->size() == 8);

int main() {
    const auto img = romfs::image::open(bytes);
    if (!img) return 1;
    const auto f = img->open_file("/main.py");
    if (!f) return 2;
    std::printf("consumer: main.py = %.*s\n", static_cast<int>(f->size()), f->view().data());
    return 0;
}
