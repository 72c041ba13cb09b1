// Every corruption class gives a clean error value with the right offset, in
// lookup, listing and verify; none reads outside the image.
#include <catch2/catch.hpp>

#include <romfs/romfs.hpp>

#include "driver_traits.hpp"
#include "image_writer.hpp"

using romfs::errc;
using romfs::error;
using namespace romfs::test;

namespace {

romfs::image open_ok(const bytes& b) {
    const auto img = romfs::image::open(b);
    REQUIRE(img.has_value());
    return *img;
}

// The first error met while listing the root.
error list_error(const romfs::image& img) {
    for (const auto& e : img.root())
        if (!e) return e.error();
    return {};
}

} // namespace

TEST_CASE("kind 0 ends the directory as corrupt", "[corrupt]") {
    const bytes a = file("a", "1");
    const auto b = image({a, raw({0x00, 0x00}), file("b", "2")});
    const auto img = open_ok(b);
    const romfs::offset_t at = img.payload_offset() + romfs::offset_t(a.size());
    CHECK(img.lookup("a").has_value()); // met before the corruption: first match wins
    CHECK(img.lookup("b").error() == error{errc::kind_zero, at});
    CHECK(img.lookup("zzz").error() == error{errc::kind_zero, at});
    CHECK(list_error(img) == error{errc::kind_zero, at});
    CHECK(romfs::verify(img).error() == error{errc::kind_zero, at});
    // Erased (0xff) flash inside a directory is a huge length: record past parent.
    const auto erased = image({a, raw({0xff, 0xff, 0xff})});
    CHECK(romfs::verify(open_ok(erased)).code() != errc::ok);
}

TEST_CASE("kind 0 inside a file before its data is corrupt", "[corrupt]") {
    const auto b = image({named(5, "f", cat({raw({0x00, 0x00}), record(2, str("x"))}))});
    const auto img = open_ok(b);
    const romfs::offset_t at = img.payload_offset() + 4; // kind, len, name len, name
    CHECK(img.open_file("f").error() == error{errc::kind_zero, at});
    CHECK(romfs::verify(img).error() == error{errc::kind_zero, at});
}

TEST_CASE("kind 0 after a file's data: readers never see it, verify does", "[corrupt]") {
    const auto b = image({named(5, "f", cat({record(2, str("x")), raw({0x00, 0x00})}))});
    const auto img = open_ok(b);
    CHECK(img.open_file("f")->size() == 1);
    CHECK(romfs::verify(img).error() == error{errc::kind_zero, img.payload_offset() + 7});
}

TEST_CASE("a record running past its parent directory", "[corrupt]") {
    // Child claims 10 payload bytes; the directory holds only 3 after its header.
    const auto b = image({named(4, "d", cat({varuint(5), varuint(10), str("abc")}))});
    const auto img = open_ok(b);
    const romfs::offset_t child = img.payload_offset() + 4;
    CHECK(img.lookup("d/x").error() == error{errc::record_past_parent, child});
    const auto d = img.open_directory("d");
    REQUIRE(d.has_value());
    auto it = d->begin();
    CHECK((*it).error() == error{errc::record_past_parent, child});
    CHECK(++it == d->end());
    CHECK(romfs::verify(img).error() == error{errc::record_past_parent, child});
}

TEST_CASE("a data record running past its file (MicroPython reads out of bounds)", "[corrupt]") {
    const auto b = image({named(5, "f", cat({varuint(2), varuint(100), str("abc")})), file("g", "ok")});
    const auto img = open_ok(b);
    const romfs::offset_t data = img.payload_offset() + 4;
    CHECK(img.open_file("f").error() == error{errc::record_past_parent, data});
    CHECK(list_error(img) == error{errc::record_past_parent, data});
    CHECK(romfs::verify(img).error() == error{errc::record_past_parent, data});
    CHECK(img.open_file("g").has_value());
}

TEST_CASE("a record running past the image", "[corrupt]") {
    // The root's last record claims more bytes than the filesystem payload.
    const auto b = image({file("a", "1"), cat({varuint(5), varuint(40), str("x")})});
    const auto img = open_ok(b);
    const romfs::offset_t at = img.payload_offset() + romfs::offset_t(file("a", "1").size());
    CHECK(img.lookup("b").error() == error{errc::record_past_parent, at});
    CHECK(romfs::verify(img).error() == error{errc::record_past_parent, at});
}

TEST_CASE("a name length past its record (MicroPython reads out of bounds)", "[corrupt]") {
    const auto b = image({record(5, cat({varuint(50), str("ab")}))});
    const auto img = open_ok(b);
    const romfs::offset_t name_len = img.payload_offset() + 2;
    CHECK(img.lookup("ab").error() == error{errc::name_past_record, name_len});
    CHECK(list_error(img) == error{errc::name_past_record, name_len});
    CHECK(romfs::verify(img).error() == error{errc::name_past_record, name_len});
    // A name length varuint that runs off its record.
    const auto trunc = image({record(4, raw({0x81}))});
    CHECK(romfs::verify(open_ok(trunc)).code() == errc::varuint_truncated);
}

TEST_CASE("a file without a data record", "[corrupt]") {
    const auto b = image({named(5, "f", record(1, str("pad only"))), named(5, "g", bytes{})});
    const auto img = open_ok(b);
    CHECK(img.open_file("f").error() == error{errc::file_without_data, img.payload_offset()});
    CHECK(img.lookup("f").code() == errc::file_without_data);
    CHECK(list_error(img) == error{errc::file_without_data, img.payload_offset()});
    CHECK(romfs::verify(img).error() == error{errc::file_without_data, img.payload_offset()});
    CHECK(img.open_file("g").code() == errc::file_without_data);
}

TEST_CASE("indirect data out of range (MicroPython reads out of bounds)", "[corrupt]") {
    const auto b = image({named(5, "f", indirect(4, 0x7fff0000))});
    const auto img = open_ok(b);
    const romfs::offset_t rec = img.payload_offset() + 4; // kind, len, name len, name
    CHECK(img.open_file("f").error() == error{errc::indirect_out_of_range, rec});
    CHECK(list_error(img) == error{errc::indirect_out_of_range, rec});
    CHECK(romfs::verify(img).error() == error{errc::indirect_out_of_range, rec});
    // Indirect size/offset varuints that run off their record.
    const auto trunc = image({named(5, "f", record(3, raw({0x04})))});
    CHECK(open_ok(trunc).open_file("f").code() == errc::varuint_truncated);
    // A second, bad indirect record is invisible to readers but not to verify.
    const auto second = image({named(5, "f", cat({record(2, str("x")), indirect(9, 9999)}))});
    CHECK(open_ok(second).open_file("f").has_value());
    CHECK(romfs::verify(open_ok(second)).code() == errc::indirect_out_of_range);
}

TEST_CASE("a padding record whose length points back before itself (MicroPython spins)", "[corrupt]") {
    // On a 32-bit MCU, pos + 0xffffffff wraps to pos - 1; the reader must not.
    for (std::uint64_t len : {0xffffffffull, 0xfffffffeull, 0x80000000ull}) {
        const auto b = image({file("a", "1"), cat({varuint(1), varuint(len)}), file("b", "2")});
        const auto img = open_ok(b);
        const romfs::offset_t at = img.payload_offset() + romfs::offset_t(file("a", "1").size());
        CHECK(img.lookup("b").error() == error{errc::record_past_parent, at});
        CHECK(list_error(img) == error{errc::record_past_parent, at});
        CHECK(romfs::verify(img).error() == error{errc::record_past_parent, at});
        char path[64];
        romfs::walker<> w(img, path);
        std::size_t steps = 0;
        for (const auto& item : w) {
            ++steps;
            if (!item) break;
        }
        CHECK(steps == 2); // "a", then the error
    }
}

TEST_CASE("bad varuints in record headers", "[corrupt]") {
    // Kind varuint runs off the end of the root.
    const auto trunc = image({file("a", "1"), raw({0x81})});
    const auto t = open_ok(trunc);
    const romfs::offset_t at = t.payload_offset() + romfs::offset_t(file("a", "1").size());
    CHECK(romfs::verify(t).error() == error{errc::varuint_truncated, at});
    CHECK(t.lookup("zz").error() == error{errc::varuint_truncated, at});
    // Length varuint overflows 32 bits.
    const auto over = image({cat({varuint(1), raw({0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})})});
    const auto o = open_ok(over);
    CHECK(romfs::verify(o).error() == error{errc::varuint_overflow, o.payload_offset() + 1});
    // Kind varuint overflows.
    const auto kind_over = image({raw({0x9f, 0xff, 0xff, 0xff, 0x7f, 0x00})});
    CHECK(romfs::verify(open_ok(kind_over)).code() == errc::varuint_overflow);
}

TEST_CASE("verify rejects names a path cannot reach or that escape", "[corrupt][verify]") {
    for (std::string_view name : {std::string_view(""), std::string_view("."), std::string_view(".."),
                                  std::string_view("a/b"), std::string_view("/"), std::string_view("a\0b", 3)}) {
        const auto b = image({file("ok", "x"), file(name, "x")});
        const auto img = open_ok(b);
        const romfs::offset_t at = img.payload_offset() + romfs::offset_t(file("ok", "x").size());
        CHECK(romfs::verify(img).error() == error{errc::bad_name, at});
    }
    for (std::string_view fine : {"...", ".a", "a.", "ü.py", "with space"}) {
        const auto b = image({file(fine, "x"), dir(fine, {})});
        CHECK(romfs::verify(open_ok(b)).has_value());
    }
}

TEST_CASE("verify bounds nesting depth", "[corrupt][verify]") {
    bytes inner = file("leaf", "x");
    for (int i = 0; i < 40; ++i) inner = dir("d", inner);
    const auto b = image(inner);
    const auto img = open_ok(b);
    CHECK(romfs::verify<64>(img).has_value());
    CHECK(romfs::verify<32>(img).code() == errc::too_deep);
    // Lookup has no depth limit and constant stack.
    std::string path;
    for (int i = 0; i < 40; ++i) path += "d/";
    path += "leaf";
    CHECK(img.open_file(path)->size() == 1);
}

TEST_CASE("mutating any byte never reads outside the image", "[corrupt][property]") {
    const auto good = image({file("boot.py", "import sys\n"), named(5, "i", indirect(3, 2)),
                             dir("lib", {file("a.py", "A"), dir("s", {file("d", "deep")})}), record(1, str("pad"))});
    const int values[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x7f, 0x80, 0x81, 0xff};
    std::size_t cases = 0;
    auto exercise = [&](const bytes& b) {
        ++cases;
        bool oob = false;
        const fake_device dev{b.data(), b.size(), nullptr, &oob};
        const auto img = romfs::basic_image<driver_traits>::open(dev, 0, romfs::offset_t(b.size()));
        if (img) {
            (void)romfs::verify(*img);
            for (std::string_view p : {"boot.py", "i", "lib/s/d", "lib/a.py", "x"}) {
                const auto f = img->open_file(p);
                std::byte buf[64];
                if (f) (void)f->read(0, buf);
            }
            char path[256];
            romfs::basic_walker<driver_traits, 8> w(*img, path);
            for (const auto& item : w) {
                if (!item) break;
                if (const auto f = item->entry.as_file()) {
                    std::byte buf[64];
                    (void)f->read(0, buf);
                }
            }
        }
        // The mapped reader over a copy exactly the image's size (ASan/valgrind
        // would flag any stray read).
        const auto mapped = romfs::image::open(b);
        if (mapped) {
            (void)romfs::verify(*mapped);
            (void)mapped->lookup("lib/s/d");
            char path[256];
            romfs::walker<8> w(*mapped, path);
            for (const auto& item : w)
                if (!item) break;
        }
        REQUIRE_FALSE(oob);
    };
    for (std::size_t pos = 0; pos < good.size(); ++pos) {
        for (int v : values) {
            bytes b = good;
            b[pos] = static_cast<std::byte>(v);
            exercise(b);
        }
        exercise(bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(pos))); // truncation
    }
    CHECK(cases == good.size() * (std::size(values) + 1));
}

// Exact boundaries, one byte apart: every length that fits exactly is read,
// and one byte more is refused with its own code at its own offset, by
// lookup, listing and verify() alike (through mapped memory and a driver).
// d2 cd 31 0d | 04 0b 01 'd' | 05 07 01 'f' | 02 03 'a' 'b' 'c'
//  0          |  4  5  6  7 |  8  9 10 11  | 12 13 14..16
namespace {
bytes boundary_image() { return raw({0xd2, 0xcd, 0x31, 0x0d, 0x04, 0x0b, 0x01, 'd', 0x05, 0x07, 0x01, 'f', 0x02, 0x03, 'a', 'b', 'c'}); }
bytes with(bytes b, std::size_t at, int value) {
    b[at] = static_cast<std::byte>(value);
    return b;
}
// The answer a lookup of d/f gives, the same through mapped memory and a driver.
romfs::result<romfs::offset_t> lookup_size(const bytes& b, const char* path = "d/f") {
    const auto mapped = romfs::image::open(b);
    REQUIRE(mapped);
    const auto f = mapped->open_file(path);
    romfs::test::fake_device dev{b.data(), b.size()};
    const auto driven = romfs::basic_image<driver_traits>::open(dev, 0, static_cast<romfs::offset_t>(b.size()));
    REQUIRE(driven);
    const auto g = driven->open_file(path);
    CHECK(f.error() == g.error());
    if (!f) return f.error();
    CHECK(g->size() == f->size());
    return f->size();
}
error verified(const bytes& b) { return romfs::verify(*romfs::image::open(b)).error(); }
} // namespace

TEST_CASE("exact boundaries: record lengths", "[corruption][boundary]") {
    const bytes good = boundary_image();
    REQUIRE(lookup_size(good).value() == 3);
    CHECK(verified(good) == error{});
    // The directory record one byte past the filesystem.
    CHECK(lookup_size(with(good, 5, 0x0c)).error() == error{errc::record_past_parent, 4});
    CHECK(verified(with(good, 5, 0x0c)) == error{errc::record_past_parent, 4});
    // The file record one byte past its directory; exactly its directory.
    CHECK(lookup_size(with(good, 9, 0x08)).error() == error{errc::record_past_parent, 8});
    CHECK(verified(with(good, 9, 0x08)) == error{errc::record_past_parent, 8});
    // One byte short: the data record then runs one byte past the file.
    CHECK(lookup_size(with(good, 9, 0x06)).error() == error{errc::record_past_parent, 12});
    // The listing of d meets the same problem at the same place.
    const auto listed = romfs::image::open(with(good, 9, 0x08))->for_each("d", [](const auto&) { return true; });
    CHECK(listed.error() == error{errc::record_past_parent, 8});
}

TEST_CASE("exact boundaries: name lengths", "[corruption][boundary]") {
    const bytes good = boundary_image();
    // The file's name one byte past its record; exactly to its end (then the
    // file has no data record).
    CHECK(verified(with(good, 10, 0x07)) == error{errc::name_past_record, 10});
    CHECK(lookup_size(with(good, 10, 0x07)).error() == error{errc::name_past_record, 10});
    CHECK(verified(with(good, 10, 0x06)) == error{errc::file_without_data, 8});
    // The directory's name one byte past its record; exactly to its end (an
    // empty directory with a 10-byte name: valid).
    CHECK(verified(with(good, 6, 0x0b)) == error{errc::name_past_record, 6});
    CHECK(verified(with(good, 6, 0x0a)) == error{});
    CHECK((*romfs::image::open(with(good, 6, 0x0a))->root().begin()).value().name_size() == 10);
}

TEST_CASE("exact boundaries: data records", "[corruption][boundary]") {
    const bytes good = boundary_image();
    CHECK(lookup_size(with(good, 13, 0x04)).error() == error{errc::record_past_parent, 12});
    CHECK(verified(with(good, 13, 0x04)) == error{errc::record_past_parent, 12});
    // One byte short: the data is "ab" (the first data record wins), and the
    // byte left over, 'c', is a record whose length runs off the file.
    CHECK(lookup_size(with(good, 13, 0x02)).value() == 2);
    CHECK(verified(with(good, 13, 0x02)) == error{errc::varuint_truncated, 17});
    // An empty data record exactly at the end of its file is data of size 0.
    const bytes empty = raw({0xd2, 0xcd, 0x31, 0x0a, 0x04, 0x08, 0x01, 'd', 0x05, 0x04, 0x01, 'f', 0x02, 0x00});
    CHECK(lookup_size(empty).value() == 0);
    CHECK(verified(empty) == error{});
}

TEST_CASE("exact boundaries: indirect ranges", "[corruption][boundary]") {
    // d2 cd 31 0c | 04 0a 01 'd' | 05 06 01 'f' | 03 02 SIZE OFFSET: payload [4, 16), 12 bytes.
    auto indirect_image = [](int size, int offset) {
        return raw({0xd2, 0xcd, 0x31, 0x0c, 0x04, 0x0a, 0x01, 'd', 0x05, 0x06, 0x01, 'f', 0x03, 0x02, size, offset});
    };
    CHECK(lookup_size(indirect_image(12, 0)).value() == 12); // the whole payload
    CHECK(lookup_size(indirect_image(11, 1)).value() == 11); // ending exactly at its end
    CHECK(lookup_size(indirect_image(0, 12)).value() == 0);  // empty, at its end
    CHECK(lookup_size(indirect_image(13, 0)).error() == error{errc::indirect_out_of_range, 12});
    CHECK(lookup_size(indirect_image(12, 1)).error() == error{errc::indirect_out_of_range, 12});
    CHECK(lookup_size(indirect_image(0, 13)).error() == error{errc::indirect_out_of_range, 12});
    CHECK(verified(indirect_image(11, 1)) == error{});
    CHECK(verified(indirect_image(12, 1)) == error{errc::indirect_out_of_range, 12});
}
