// Embeds the image built from examples/app at build time and checks, at
// compile time, that it holds main.py: firmware that would boot without its
// application does not compile.
#include <romfs/romfs.hpp>

#include <cstdio>

#include "app_image.hpp"

namespace {
constexpr auto image = romfs::image::open(assets::app_image);
static_assert(image.has_value(), "the embedded image opens");
static_assert(romfs::verify(*image).has_value(), "the embedded image is valid");
static_assert(image->lookup("/main.py").has_value() && image->lookup("/main.py")->is_file(),
              "examples/app must contain main.py");
static_assert(image->open_file("/lib/greeting.py")->alignment() >= 16, "ALIGN 16 reached the .py files");
} // namespace

int main() {
    const auto main_py = image->open_file("/main.py");
    std::printf("embedded image: %u bytes; /main.py at offset %u:\n%.*s", static_cast<unsigned>(image->size()),
                static_cast<unsigned>(main_py->offset()), static_cast<int>(main_py->size()), main_py->view().data());
    return 0;
}
