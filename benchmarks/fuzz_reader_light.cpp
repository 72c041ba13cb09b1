// The light libFuzzer target for the reader: what firmware does with an image
// it has not verified (open, look a path up, list a directory, read a file),
// on memory-mapped bytes, with no walk and no re-lookups, so it runs at full
// speed (hundreds of thousands of inputs a second). The deep invariants are
// fuzz_reader.cpp's; agreement with MicroPython is fuzz_micropython.cpp's.
//
// Input layout (the reader corpus's): [n][n bytes of path][image bytes...]
#include <romfs/romfs.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#define ROMFS_FUZZ_CHECK(cond)          \
    do {                                \
        if (!(cond)) __builtin_trap();  \
    } while (0)

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::size_t n = data[0] < size - 1 ? data[0] : size - 1;
    const std::string_view path(reinterpret_cast<const char*>(data + 1), n);
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data + 1 + n), size - 1 - n);
    const auto img = romfs::image::open(bytes);
    if (!img) return 0;
    ROMFS_FUZZ_CHECK(img->size() <= bytes.size());
    if (const auto f = img->open_file(path)) {
        // The view lies inside the image, and read() gives its bytes.
        ROMFS_FUZZ_CHECK(f->offset() <= img->size() && f->size() <= img->size() - f->offset());
        std::byte buf[32];
        const auto got = f->read(0, buf);
        ROMFS_FUZZ_CHECK(got.has_value() && *got == (f->size() < sizeof buf ? f->size() : sizeof buf));
        for (std::size_t i = 0; i < *got; ++i) ROMFS_FUZZ_CHECK(buf[i] == f->bytes()[i]);
    }
    std::size_t listed = 0;
    const auto l = img->for_each(path, [&](const romfs::image::entry& e) {
        ROMFS_FUZZ_CHECK(e.record_offset() < img->size());
        return ++listed < 256;
    });
    ROMFS_FUZZ_CHECK(l.has_value() || listed < 256);
    return 0;
}
