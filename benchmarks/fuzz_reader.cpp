// libFuzzer harness for the reader: open + verify + lookup and listing of a
// path taken from the input + recursive listing + reading every byte of every file,
// through both the memory-mapped and the driver-read paths.
//
// Input layout: [n][n bytes of path][image bytes...]
//
// Beyond "no crash, no out-of-bounds read" it checks invariants that tie the
// views together: an image that verify() accepts must walk without error, and
// lookup of walked paths (the first 32) must succeed or meet a shadowing
// entry. The light target (fuzz_reader_light.cpp) is the fast one.
#include <romfs/boot.hpp>
#include <romfs/romfs.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "driver_traits.hpp"

namespace {

#define ROMFS_FUZZ_CHECK(cond)          \
    do {                                \
        if (!(cond)) __builtin_trap();  \
    } while (0)

template <class Traits>
void read_every_byte(const romfs::basic_file<Traits>& f) {
    std::byte buf[61];
    romfs::offset_t at = 0;
    for (;;) {
        const auto n = f.read(at, buf);
        ROMFS_FUZZ_CHECK(n.has_value());
        if (*n == 0) break;
        at += static_cast<romfs::offset_t>(*n);
    }
    ROMFS_FUZZ_CHECK(at == f.size());
}

template <class Traits>
void exercise(const romfs::basic_image<Traits>& img, std::string_view path) {
    const bool valid = romfs::verify<64>(img).has_value();

    if (const auto e = img.lookup(path); e && e->is_file()) read_every_byte(*e->as_file());

    // list(path) is open_directory(path) + for_each in one pass: the same entries
    // and the same error.
    std::size_t listed = 0, visited = 0;
    const auto l = img.for_each(path, [&](const auto&) { return ++listed != 0; });
    if (const auto d = img.open_directory(path)) {
        const auto v = d->for_each([&](const auto&) { return ++visited != 0; });
        ROMFS_FUZZ_CHECK(l.error() == v.error() && listed == visited);
    } else {
        ROMFS_FUZZ_CHECK(l.error() == d.error() && listed == 0);
    }

    std::size_t count = 0;
    for (const auto& e : img.root()) {
        ROMFS_FUZZ_CHECK(!valid || e.has_value());
        if (!e) break;
        ++count;
    }

    char buf[512];
    std::size_t relooked = 0;
    romfs::basic_walker<Traits, 64> walk(img, buf);
    for (const auto& item : walk) {
        if (!item) {
            // verify() accepted the image: only our own limits may stop the walk.
            ROMFS_FUZZ_CHECK(!valid || item.code() == romfs::errc::buffer_too_small);
            break;
        }
        if (const auto f = item->entry.as_file()) read_every_byte(*f);
        if (valid && relooked < 32) {
            // Found again, unless an earlier entry of the same name shadows a
            // directory on the way (first match wins, as in MicroPython).
            // Bounded: re-looking up every path is quadratic in the size of a
            // directory, and was most of this target's time.
            ++relooked;
            const auto again = img.lookup(item->path);
            ROMFS_FUZZ_CHECK(again.has_value() || again.code() == romfs::errc::not_found);
        }
        // Nested images are read in place, with the same guarantees.
        if (const auto f = item->entry.as_file(); f && f->size() >= 4) {
            if (const auto nested = romfs::basic_image<Traits>::open(*f)) {
                (void)romfs::verify(*nested);
                (void)nested->lookup(path);
            }
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::size_t n = data[0] < size - 1 ? data[0] : size - 1;
    const std::string_view path(reinterpret_cast<const char*>(data + 1), n);
    const auto* image = reinterpret_cast<const std::byte*>(data + 1 + n);
    const std::size_t image_size = size - 1 - n;

    if (const auto img = romfs::image::open(std::span<const std::byte>(image, image_size))) {
        exercise(*img, path);
        // The boot layer over the same image: the path read as a module name
        // and as a script name, through the mount table and the search path.
        romfs::boot::mount_table<2> mounts;
        ROMFS_FUZZ_CHECK(mounts.mount("/rom", *img).has_value());
        for (const auto& sp : {romfs::boot::make_search_path("/rom", "/rom/lib", "/rom1"),
                               romfs::boot::make_search_path("", ".frozen", "/rom")}) {
            if (const auto m = romfs::boot::find_module(mounts, sp, path)) {
                const auto kind = mounts.stat(m->path());
                ROMFS_FUZZ_CHECK(kind == (m->kind == romfs::boot::module_kind::namespace_package
                                              ? romfs::boot::node::directory
                                              : romfs::boot::node::file));
                if (kind == romfs::boot::node::file) ROMFS_FUZZ_CHECK(mounts.open(m->path()).has_value());
            }
            if (const auto s = romfs::boot::find_script(mounts, sp, path))
                ROMFS_FUZZ_CHECK(mounts.open(s->path())->bytes.size() == img->open_file(s->path().substr(4))->size());
        }
        // "/rom/" + path resolves to what the image's own lookup finds (one
        // leading slash is optional there, so path must not bring another).
        if (path.empty() || path[0] != '/') {
            char full[260] = "/rom/";
            for (std::size_t i = 0; i < path.size(); ++i) full[5 + i] = path[i];
            const auto r = mounts.resolve(std::string_view(full, 5 + path.size()));
            const auto e = img->lookup(path);
            ROMFS_FUZZ_CHECK(r.has_value() == e.has_value());
            if (r) ROMFS_FUZZ_CHECK(r->found.record_offset() == e->record_offset());
        }
    }

    bool oob = false;
    const romfs::test::fake_device dev{image, image_size, nullptr, &oob};
    const auto plain = romfs::basic_image<romfs::test::driver_traits>::open(dev, 0, static_cast<romfs::offset_t>(image_size));
    if (plain) exercise(*plain, path);
    ROMFS_FUZZ_CHECK(!oob);

    // With a small read-ahead window (16 bytes: its edges fall everywhere):
    // the same answers as byte-at-a-time reads, and never a read outside.
    using windowed_traits = romfs::with_read_ahead<romfs::test::driver_traits, 16>;
    const auto windowed = romfs::basic_image<windowed_traits>::open(dev, 0, static_cast<romfs::offset_t>(image_size));
    ROMFS_FUZZ_CHECK(windowed.error() == plain.error());
    if (windowed) {
        exercise(*windowed, path);
        const auto a = plain->lookup(path);
        const auto b = windowed->lookup(path);
        ROMFS_FUZZ_CHECK(a.error() == b.error() && (!a || (a->size() == b->size() && a->is_file() == b->is_file())));
        ROMFS_FUZZ_CHECK(romfs::verify<64>(*plain).error() == romfs::verify<64>(*windowed).error());
    }
    ROMFS_FUZZ_CHECK(!oob);
    return 0;
}
