// romfs demo: open a ROMFS image, verify it, list it as a tree and print a
// file, the way MicroPython finds /rom/main.py at start-up.
//
//   romfs_demo                   use the image built into this program
//   romfs_demo IMAGE [PATH]      open IMAGE (e.g. from `mpremote romfs build`)
//
// The built-in image is checked at compile time: if it did not contain
// main.py, this program would not compile.
#include <romfs/romfs.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string_view>
#include <vector>

namespace {

// /lib/data/greeting.txt, /lib/romfs_demo.py, /main.py, encoded by hand the
// way `mpremote romfs build` would (entries sorted by name).
constexpr auto builtin = romfs::literal_bytes(
    "\xd2\xcd\x31\x70"                                   // filesystem, 112-byte payload
    "\x04\x48\x03" "lib"                                  // directory lib
    "\x04\x24\x04" "data"                                 //   directory data
    "\x05\x1d\x0c" "greeting.txt" "\x02\x0e" "Hello, world!\n"
    "\x05\x1c\x0d" "romfs_demo.py" "\x02\x0c" "VERSION = 1\n"
    "\x05\x24\x07" "main.py" "\x02\x1a" "print('hello from ROMFS')\n");

static_assert(romfs::verify(*romfs::image::open(builtin)).has_value(), "the built-in image is valid");
static_assert(romfs::image::open(builtin)->lookup("/main.py")->is_file(), "main.py is in the image");

int fail(std::string_view what, romfs::error e) {
    std::fprintf(stderr, "romfs_demo: %.*s: %.*s at byte %u\n", static_cast<int>(what.size()), what.data(),
                 static_cast<int>(romfs::message(e.code).size()), romfs::message(e.code).data(),
                 static_cast<unsigned>(e.offset));
    return 1;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::byte> loaded;
    std::span<const std::byte> bytes = builtin;
    if (argc > 1) {
        std::ifstream in(argv[1], std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "romfs_demo: cannot open %s\n", argv[1]);
            return 1;
        }
        for (std::istreambuf_iterator<char> it(in), end; it != end; ++it)
            loaded.push_back(static_cast<std::byte>(*it));
        bytes = loaded;
    }
    const std::string_view show = argc > 2 ? argv[2] : "/main.py";

    const auto img = romfs::image::open(bytes);
    if (!img) return fail("open", img.error());
    if (const auto ok = romfs::verify(*img); !ok) return fail("verify", ok.error());
    std::printf("ROMFS image: %u bytes, payload %u bytes\n", static_cast<unsigned>(img->size()),
                static_cast<unsigned>(img->payload_size()));

    char path[256];
    romfs::walker<32> walk(*img, path);
    for (const auto& item : walk) {
        if (!item) return fail("list", item.error());
        std::printf("%*s%-*.*s %8u%s\n", static_cast<int>(2 * (item->depth - 1)), "",
                    static_cast<int>(40 - 2 * (item->depth - 1)), static_cast<int>(item->path.size()),
                    item->path.data(), static_cast<unsigned>(item->entry.size()),
                    item->entry.is_directory() ? "  <dir>" : "");
    }

    const auto f = img->open_file(show);
    if (!f) return fail(show, f.error());
    std::printf("--- %.*s (%u bytes, data at offset %u, aligned to %u) ---\n%.*s",
                static_cast<int>(show.size()), show.data(), static_cast<unsigned>(f->size()),
                static_cast<unsigned>(f->offset()), static_cast<unsigned>(f->alignment()),
                static_cast<int>(f->size()), f->view().data());
    return 0;
}
