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
