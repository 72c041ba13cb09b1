// The reader-only firmware measured by benchmarks/code_size: open an image,
// look a path up, list a directory, view a file. Entry points are extern "C"
// so each job shows up as one function; everything else inlines into them
// or is one shared copy.
//
// The listing uses image::for_each(path, visit), the firmware-lean listing API
// (open_directory + for_each in one pass). With -DROMFS_LIST_WITH_ITERATOR it uses
// open_directory and the range-for over result<entry> instead; code_size reports
// that variant's total too.
#include <romfs/flash/rp2.hpp>
#include <romfs/romfs.hpp>

namespace {
// A memory-mapped policy, as on any XIP flash (RP2040's here).
using image = romfs::basic_image<romfs::flash::rp2040<>>;
using emit_fn = void (*)(const std::byte* name, std::uint32_t name_length, int is_dir, std::uint32_t size);
} // namespace

extern "C" {

// Open: header check. Returns 0 or the error code.
int romfs_open(const std::byte* data, std::uint32_t size, image* out) {
    const auto img = image::open({data, size});
    if (!img) return static_cast<int>(img.code());
    *out = *img;
    return 0;
}

// Lookup + file view: the file's bytes in place (nullptr if not a file).
const std::byte* romfs_file(const image* img, const char* path, std::uint32_t length, std::uint32_t* size) {
    const auto f = img->open_file({path, length});
    if (!f) return nullptr;
    *size = f->size();
    return f->data();
}

// Directory listing: one callback per entry, in image order. Returns 0 or
// the error code.
int romfs_list(const image* img, const char* path, std::uint32_t length, emit_fn emit) {
#ifndef ROMFS_LIST_WITH_ITERATOR
    const auto listed = img->for_each({path, length}, [&](const image::entry& e) {
        const auto name = e.name();
        emit(name.bytes().data(), static_cast<std::uint32_t>(name.size()), e.is_directory(), e.size());
        return true;
    });
    return static_cast<int>(listed.code());
#else
    const auto dir = img->open_directory({path, length});
    if (!dir) return static_cast<int>(dir.code());
    for (const auto& e : *dir) {
        if (!e) return static_cast<int>(e.code());
        const auto name = e->name();
        emit(name.bytes().data(), static_cast<std::uint32_t>(name.size()), e->is_directory(), e->size());
    }
    return 0;
#endif
}

} // extern "C"
