// The reader through a flash policy that is not memory-mapped, and nested
// images.
#include <catch2/catch.hpp>

#include <string>
#include <vector>
#include <romfs/romfs.hpp>

#include "driver_traits.hpp"
#include "image_writer.hpp"

using romfs::errc;
using namespace romfs::test;
using driver_image = romfs::basic_image<driver_traits>;

namespace {

bytes sample() {
    return image({file("boot.py", "import sys\n"), file("main.py", "print('hello')\n"),
                  dir("lib", {file("a.py", "A = 1\n"), dir("sub", {file("deep.py", "deep")})})});
}

std::string read_all(const romfs::basic_file<driver_traits>& f) {
    std::string out;
    std::byte chunk[5];
    for (romfs::offset_t at = 0;;) {
        const auto n = f.read(at, chunk);
        REQUIRE(n.has_value());
        if (*n == 0) break;
        out.append(reinterpret_cast<const char*>(chunk), *n);
        at += romfs::offset_t(*n);
    }
    return out;
}

} // namespace

TEST_CASE("a driver-read image: lookup, listing and reads go through the traits", "[driver]") {
    // The image sits at device address 0x1000, after other data.
    const auto img_bytes = sample();
    bytes flash(0x1000, std::byte{0xab});
    flash.insert(flash.end(), img_bytes.begin(), img_bytes.end());
    std::size_t reads = 0;
    bool oob = false;
    const fake_device dev{flash.data(), flash.size(), &reads, &oob};
    const auto img = driver_image::open(dev, 0x1000, romfs::offset_t(img_bytes.size()));
    REQUIRE(img.has_value());
    CHECK(img->size() == img_bytes.size());
    CHECK(reads > 0);

    const auto f = img->open_file("/lib/sub/deep.py");
    REQUIRE(f.has_value());
    CHECK(f->size() == 4);
    // A handle: (offset, size) relative to the image.
    const auto mapped = romfs::image::open(img_bytes)->open_file("/lib/sub/deep.py");
    CHECK(f->offset() == mapped->offset());
    CHECK(f->alignment() == mapped->alignment());
    CHECK(read_all(*f) == "deep");
    CHECK(read_all(*img->open_file("main.py")) == "print('hello')\n");

    std::vector<std::string> names;
    char name[32];
    for (const auto& e : img->root()) {
        REQUIRE(e.has_value());
        names.emplace_back(*e->copy_name(name));
    }
    CHECK(names == std::vector<std::string>{"boot.py", "main.py", "lib"});
    CHECK((*img->root().begin()).value().name_equals("boot.py").value());

    char path[64];
    romfs::basic_walker<driver_traits, 4> w(*img, path);
    std::vector<std::string> paths;
    for (const auto& item : w) {
        REQUIRE(item.has_value());
        paths.emplace_back(item->path);
    }
    CHECK(paths.size() == 6);
    CHECK(paths.back() == "/lib/sub/deep.py");
    CHECK(romfs::verify(*img).has_value());
    CHECK_FALSE(oob);
}

TEST_CASE("driver read failures are io_error values", "[driver]") {
    const auto b = sample();
    const auto f_off = romfs::image::open(b)->open_file("main.py")->offset();
    fake_device dev{b.data(), b.size()};
    dev.fail_at = f_off + 3;
    const auto img = driver_image::open(dev, 0, romfs::offset_t(b.size()));
    REQUIRE(img.has_value());
    const auto f = img->open_file("main.py");
    REQUIRE(f.has_value());
    std::byte buf[16];
    CHECK(f->read(0, buf).code() == errc::io_error);
    dev.fail_at = 0;
    CHECK(driver_image::open(dev, 0, romfs::offset_t(b.size())).code() == errc::io_error);
    dev.fail_at = 5; // inside the first record header
    const auto img2 = driver_image::open(dev, 0, romfs::offset_t(b.size()));
    REQUIRE(img2.has_value());
    CHECK(img2->lookup("main.py").code() == errc::io_error);
    CHECK(romfs::verify(*img2).code() == errc::io_error);
}

TEST_CASE("copy_name checks the caller's buffer", "[driver]") {
    const auto b = sample();
    const fake_device dev{b.data(), b.size()};
    const auto img = driver_image::open(dev, 0, romfs::offset_t(b.size()));
    const auto e = img->lookup("boot.py");
    char small[3];
    CHECK(e->copy_name(small).code() == errc::buffer_too_small);
}

TEST_CASE("nested images open in place", "[nested]") {
    const auto inner = sample();
    const auto outer = image({file("x", "y"), file("inner.romfs", inner)});
    const auto img = romfs::image::open(outer);
    REQUIRE(img.has_value());
    const auto f = img->open_file("inner.romfs");
    REQUIRE(f.has_value());
    const auto nested = romfs::image::open(*f);
    REQUIRE(nested.has_value());
    CHECK(nested->bytes().data() == f->data()); // zero copy
    const auto deep = nested->open_file("lib/sub/deep.py");
    REQUIRE(deep.has_value());
    CHECK(deep->view() == "deep");
    CHECK(deep->data() > outer.data());
    CHECK(deep->data() + deep->size() <= outer.data() + outer.size());
    CHECK(romfs::verify(*nested).has_value());
    // Offsets inside the nested image are relative to its own start.
    CHECK(deep->offset() == romfs::image::open(inner)->open_file("lib/sub/deep.py")->offset());
    // A file that is not an image.
    CHECK(romfs::image::open(*img->open_file("x")).code() == errc::bad_magic);
}

TEST_CASE("nested images through a driver", "[nested][driver]") {
    const auto inner = sample();
    const auto outer = image({file("inner.romfs", inner)});
    bool oob = false;
    const fake_device dev{outer.data(), outer.size(), nullptr, &oob};
    const auto img = driver_image::open(dev, 0, romfs::offset_t(outer.size()));
    const auto nested = driver_image::open(*img->open_file("inner.romfs"));
    REQUIRE(nested.has_value());
    CHECK(read_all(*nested->open_file("boot.py")) == "import sys\n");
    CHECK_FALSE(oob);
}

TEST_CASE("a nested image cannot reach outside its file", "[nested]") {
    // The inner image claims more bytes than the file holds.
    bytes inner = sample();
    const auto outer = image({file("inner.romfs", bytes(inner.begin(), inner.end() - 4)), file("after", "zz")});
    const auto img = romfs::image::open(outer);
    CHECK(romfs::image::open(*img->open_file("inner.romfs")).code() == errc::image_truncated);
}

// The read-ahead window: the same answers as byte-at-a-time reads, in a
// handful of driver calls.
namespace {
using windowed_traits = romfs::with_read_ahead<driver_traits, 64>;
static_assert(romfs::flash_traits<windowed_traits> && windowed_traits::read_ahead == 64);

// Reads a driver lookup of `path` costs, and what it finds.
template <class Traits>
std::pair<std::size_t, std::string> lookup_cost(const bytes& b, const char* path, std::uint64_t fail_at = ~0ull) {
    std::size_t reads = 0;
    bool oob = false;
    fake_device dev{b.data(), b.size(), &reads, &oob, fail_at};
    const auto img = romfs::basic_image<Traits>::open(dev, 0, romfs::offset_t(b.size()));
    REQUIRE(img);
    reads = 0;
    const auto f = img->open_file(path);
    CHECK_FALSE(oob);
    if (!f) return {reads, std::string(romfs::message(f.code())) + "@" + std::to_string(f.error().offset)};
    return {reads, std::to_string(f->offset()) + "+" + std::to_string(f->size())};
}
} // namespace

TEST_CASE("read-ahead: a lookup in a handful of driver calls, the same answers", "[driver][read_ahead]") {
    // 40 files before lib/, so a lookup walks several hundred bytes.
    bytes entries;
    for (int i = 0; i < 40; ++i) {
        const auto f = file(numbered("file", i, ".py"), std::string(20, 'x'));
        entries.insert(entries.end(), f.begin(), f.end());
    }
    const auto libdir = dir("lib", {file("a.py", "A = 1\n"), dir("sub", {file("deep.py", "deep")})});
    entries.insert(entries.end(), libdir.begin(), libdir.end());
    const bytes b = image(entries);
    for (const char* path : {"lib/sub/deep.py", "file39.py", "nope", "lib/a.py/x"}) {
        INFO(path);
        const auto [plain_reads, plain] = lookup_cost<driver_traits>(b, path);
        const auto [window_reads, windowed] = lookup_cost<windowed_traits>(b, path);
        CHECK(windowed == plain);
        // Every record passed costs at least one call either way; a window
        // read covers several records, and the bytes of a record's header.
        CHECK(window_reads * 4 < plain_reads);
        CHECK(window_reads <= b.size() / 64 + 4);
        if (std::string(path) == "lib/sub/deep.py") CHECK(plain_reads > 120);
    }
    // A failing byte: an error only where it is needed, as without a window.
    const auto deep_at = romfs::image::open(b)->open_file("lib/sub/deep.py")->offset();
    for (std::uint64_t fail_at : {std::uint64_t{deep_at}, std::uint64_t{5}, std::uint64_t{b.size() - 1}, std::uint64_t{200}}) {
        INFO(fail_at);
        CHECK(lookup_cost<windowed_traits>(b, "lib/sub/deep.py", fail_at).second ==
              lookup_cost<driver_traits>(b, "lib/sub/deep.py", fail_at).second);
    }
    // Listing, walking and verify agree too.
    const fake_device dev{b.data(), b.size()};
    const auto plain = romfs::basic_image<driver_traits>::open(dev, 0, romfs::offset_t(b.size()));
    const auto windowed = romfs::basic_image<windowed_traits>::open(dev, 0, romfs::offset_t(b.size()));
    CHECK(romfs::verify(*windowed).has_value());
    std::vector<std::string> a, c;
    char p1[64], p2[64];
    romfs::basic_walker<driver_traits, 4> w1(*plain, p1);
    romfs::basic_walker<windowed_traits, 4> w2(*windowed, p2);
    for (const auto& item : w1) a.emplace_back(item->path);
    for (const auto& item : w2) c.emplace_back(item->path);
    CHECK(a == c);
    CHECK(a.size() == 44);
}
