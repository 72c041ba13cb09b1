#include <romfs/romfs.hpp>

#include <cstdio>

#include "app.hpp"

// Prints every path and file in the embedded image.
int main() {
    const auto image = romfs::image::open(img::app);
    if (!image) return 1;
    char buf[256];
    romfs::walker<> w(*image, buf);
    for (const auto& item : w) {
        if (!item) return 2;
        if (const auto f = item->entry.as_file())
            std::printf("%.*s=%.*s\n", static_cast<int>(item->path.size()), item->path.data(),
                        static_cast<int>(f->size()), f->view().data());
    }
    return 0;
}
