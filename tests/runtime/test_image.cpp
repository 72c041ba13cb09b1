#include <catch2/catch.hpp>

#include <string>
#include <tuple>
#include <vector>
#include <romfs/romfs.hpp>

#include "image_writer.hpp"

using romfs::errc;
using namespace romfs::test;

namespace {

// /boot.py, /main.py, /lib/{a.py, sub/deep.py}, /empty/
bytes sample() {
    return image({file("boot.py", "import sys\n"), file("main.py", "print('hello')\n"),
                  dir("lib", {file("a.py", "A = 1\n"), dir("sub", {file("deep.py", "deep")})}), dir("empty", {})});
}

romfs::image open_ok(const bytes& b) {
    const auto img = romfs::image::open(b);
    REQUIRE(img.has_value());
    return *img;
}

std::string contents(const romfs::image& img, std::string_view path) {
    const auto f = img.open_file(path);
    REQUIRE(f.has_value());
    return std::string(f->view());
}

} // namespace

TEST_CASE("the empty image d2 cd 31 00 opens with an empty root", "[open]") {
    const bytes b = raw({0xd2, 0xcd, 0x31, 0x00});
    const auto img = open_ok(b);
    CHECK(img.size() == 4);
    CHECK(img.payload_offset() == 4);
    CHECK(img.payload_size() == 0);
    CHECK(img.root().begin() == img.root().end());
    CHECK(romfs::verify(img).has_value());
    CHECK(std::equal(b.begin(), b.end(), romfs::empty_image.begin(), romfs::empty_image.end()));
}

TEST_CASE("open checks magic, kind and length", "[open]") {
    CHECK(romfs::image::open(bytes{}).code() == errc::bad_magic);
    CHECK(romfs::image::open(raw({0xd2})).code() == errc::bad_magic);
    CHECK(romfs::image::open(raw({0xd2, 0xcd, 0x32, 0x00})).code() == errc::bad_magic);
    CHECK(romfs::image::open(raw({0xff, 0xff, 0xff, 0xff})).code() == errc::bad_magic); // erased flash
    CHECK(romfs::image::open(raw({0x00, 0x00, 0x00, 0x00})).code() == errc::bad_magic); // zeroed flash
    CHECK(romfs::image::open(raw({0x05, 0x00})).code() == errc::bad_magic);             // a file record
    // The kind padded to four bytes decodes to the same value, but MicroPython
    // mounts only images that start with exactly d2 cd 31.
    CHECK(romfs::image::open(raw({0x80, 0xd2, 0xcd, 0x31, 0x00})).error() == romfs::error{errc::bad_magic, 0});
    // Length runs past the bytes given: the offset names the length varuint.
    const auto past = romfs::image::open(raw({0xd2, 0xcd, 0x31, 0x05, 0x01, 0x00}));
    CHECK(past.error() == romfs::error{errc::image_truncated, 3});
    CHECK(romfs::image::open(raw({0xd2, 0xcd, 0x31})).code() == errc::image_truncated);
    CHECK(romfs::image::open(raw({0xd2, 0xcd, 0x31, 0x81})).code() == errc::image_truncated);
    // A length too large for 32 bits runs past any bytes given too.
    CHECK(romfs::image::open(raw({0xd2, 0xcd, 0x31, 0x90, 0x80, 0x80, 0x80, 0x00})).error() ==
          romfs::error{errc::image_truncated, 3});
    // Erased flash longer than a varuint (an overflowing kind) is not an image.
    CHECK(romfs::image::open(bytes(64, std::byte{0xff})).error() == romfs::error{errc::bad_magic, 0});
}

TEST_CASE("open accepts a padded length and ignores the rest of the partition", "[open]") {
    const bytes padded = raw({0xd2, 0xcd, 0x31, 0x80, 0x00, 0x01, 0x00, 0xff});
    const auto img = open_ok(padded);
    CHECK(img.payload_offset() == 5);
    CHECK(img.size() == 5);
    bytes partition = sample();
    const auto image_size = partition.size();
    partition.resize(image_size + 4096, std::byte{0xff});
    const auto big = open_ok(partition);
    CHECK(big.size() == image_size);
    CHECK(romfs::verify(big).has_value());
}

TEST_CASE("the even-size rule: odd images get one 0x80 in the length", "[open]") {
    const auto b = image({file("a", "x")}); // payload 7 bytes: 3 + 1 + 7 = 11, odd
    CHECK(b.size() % 2 == 0);
    CHECK(b[3] == std::byte{0x80});
    CHECK(open_ok(b).payload_offset() == 5);
}

TEST_CASE("lookup: root spellings", "[lookup]") {
    const auto b = sample();
    const auto img = open_ok(b);
    for (std::string_view root : {"", "/"}) {
        const auto e = img.lookup(root);
        REQUIRE(e.has_value());
        CHECK(e->is_directory());
        CHECK(e->size() == img.payload_size());
        CHECK(e->record_offset() == 0);
    }
}

TEST_CASE("lookup: leading slash optional, whole components, nested paths", "[lookup]") {
    const auto b = sample();
    const auto img = open_ok(b);
    CHECK(contents(img, "main.py") == "print('hello')\n");
    CHECK(contents(img, "/main.py") == "print('hello')\n");
    CHECK(contents(img, "/boot.py") == "import sys\n");
    CHECK(contents(img, "lib/sub/deep.py") == "deep");
    CHECK(contents(img, "/lib/a.py") == "A = 1\n");
    CHECK(img.lookup("lib")->is_directory());
    CHECK(img.lookup("/lib/sub")->is_directory());
    for (std::string_view missing : {"mai", "main.pyx", "main", "lib/a", "lib/sub/deep", "nope", "lib/nope.py",
                                     "//main.py", "lib//a.py", "Main.py", "//", "lib/./a.py", "lib//", "main.py/"})
        CHECK(img.lookup(missing).code() == errc::not_found);
}

TEST_CASE("lookup: one slash after a directory names it, as in MicroPython", "[lookup]") {
    const auto b = sample();
    const auto img = open_ok(b);
    for (std::string_view path : {"lib/", "/lib/", "lib/sub/", "/lib/sub/", "empty/"}) {
        CAPTURE(path);
        const auto e = img.lookup(path);
        REQUIRE(e.has_value());
        CHECK(e->is_directory());
        CHECK(img.open_directory(path).has_value());
        CHECK(e->record_offset() == img.lookup(path.substr(0, path.size() - 1))->record_offset());
    }
    // The image the differential fuzzing found: directory lib holding an empty file a.
    const auto found = raw({0xd2, 0xcd, 0x31, 0x0c, 0x04, 0x0a, 0x03, 0x6c, 0x69, 0x62, 0x05, 0x04, 0x01, 0x61, 0x02, 0x00});
    const auto small = open_ok(found);
    for (std::string_view path : {"lib/", "/lib/"}) {
        std::vector<std::string> names;
        CHECK(small.for_each(path, [&](const romfs::image::entry& e) {
                       names.emplace_back(e.name().view());
                       return true;
                   }).has_value());
        CHECK(names == std::vector<std::string>{"a"});
    }
}

TEST_CASE("lookup: a file met before the end of the path is not found", "[lookup]") {
    const auto b = sample();
    const auto img = open_ok(b);
    CHECK(img.lookup("main.py/x").code() == errc::not_found);
    CHECK(img.lookup("lib/a.py/").code() == errc::not_found);
    // Even when a directory of that name follows: the first match decides.
    const auto shadow = image({file("x", "file"), dir("x", {file("y", "y")})});
    CHECK(open_ok(shadow).lookup("x/y").code() == errc::not_found);
}

TEST_CASE("lookup: the first matching entry wins", "[lookup]") {
    const auto b = image({file("a", "first"), file("a", "second"), dir("d", {}), file("d", "later")});
    const auto img = open_ok(b);
    CHECK(contents(img, "a") == "first");
    CHECK(img.lookup("d")->is_directory());
}

TEST_CASE("open_file and open_directory check the entry type", "[lookup]") {
    const auto b = sample();
    const auto img = open_ok(b);
    CHECK(img.open_file("lib").code() == errc::not_a_file);
    CHECK(img.open_directory("main.py").code() == errc::not_a_directory);
    CHECK(img.open_directory("lib").has_value());
    CHECK(img.open_file("nope").code() == errc::not_found);
    CHECK(img.open_directory("nope").code() == errc::not_found);
}

TEST_CASE("open_directory of the root is the root, empty name and all", "[lookup]") {
    const auto b = sample();
    const auto img = open_ok(b);
    for (const std::string_view root : {"", "/"}) {
        const auto dir = img.open_directory(root);
        REQUIRE(dir.has_value());
        CHECK(dir->record_offset() == 0);
        CHECK(dir->payload_size() == img.root().payload_size());
        // The directory's own entry, as root().lookup("") gives it.
        const auto self = dir->lookup("");
        REQUIRE(self.has_value());
        const auto expected = *img.root().lookup("");
        CHECK(self->is_directory());
        CHECK(self->name_size() == 0);
        CHECK(self->name().empty());
        CHECK(self->name().bytes().data() == expected.name().bytes().data());
        CHECK(self->record_offset() == 0);
        CHECK(self->size() == expected.size());
        CHECK(dir->lookup("main.py")->is_file());
    }
    // A subdirectory's own entry keeps its name.
    CHECK(img.open_directory("lib")->lookup("")->name() == "lib");
}

TEST_CASE("padding and unknown kinds are skipped in directories and files", "[format]") {
    const auto b = image({record(1, str("comment")), record(0x1234, str("future")),
                          named(5, "f", cat({record(1, raw({0, 0, 0})), record(77, str("meta")),
                                             record(2, str("data"))})),
                          record(99, bytes{}), file("g", "G")});
    const auto img = open_ok(b);
    CHECK(contents(img, "f") == "data");
    CHECK(contents(img, "g") == "G");
    std::vector<std::string> names;
    for (const auto& e : img.root()) {
        REQUIRE(e.has_value());
        names.emplace_back(e->name().view());
    }
    CHECK(names == std::vector<std::string>{"f", "g"});
    CHECK(romfs::verify(img).has_value());
}

TEST_CASE("only the first data record of a file counts", "[format]") {
    const auto b = image({named(5, "f", cat({record(2, str("one")), record(2, str("two"))}))});
    CHECK(contents(open_ok(b), "f") == "one");
}

TEST_CASE("indirect data points into the filesystem payload", "[format]") {
    // Payload: a padding record holding "shared!", then two files using it.
    const bytes pad = record(1, str("shared!"));
    const std::size_t data_at = 2; // kind + length of the padding record
    const auto b = image({pad, named(5, "a", indirect(7, data_at)), named(5, "b", indirect(6, data_at + 1)),
                          named(5, "empty", indirect(0, 0))});
    const auto img = open_ok(b);
    CHECK(contents(img, "a") == "shared!");
    CHECK(contents(img, "b") == "hared!");
    CHECK(contents(img, "empty").empty());
    CHECK(img.open_file("a")->offset() == img.payload_offset() + data_at);
    CHECK(romfs::verify(img).has_value());
}

TEST_CASE("indirect data may cover the whole payload but no more", "[format]") {
    const bytes body = named(5, "all", indirect(0, 0));
    // Payload size is known once the record is written: point at all of it.
    const std::size_t size = body.size();
    const auto ok = image({named(5, "all", indirect(size, 0))});
    REQUIRE(ok.size() > 0);
    const auto img = open_ok(ok);
    CHECK(img.open_file("all")->size() == img.payload_size());
    const auto bad = image({named(5, "all", indirect(size + 1, 0))});
    CHECK(open_ok(bad).open_file("all").code() == errc::indirect_out_of_range);
    const auto bad_offset = image({named(5, "x", indirect(0, 1000))});
    CHECK(open_ok(bad_offset).open_file("x").code() == errc::indirect_out_of_range);
    // offset + size wrapping around 2^32 must not look small.
    const auto wrap = image({named(5, "x", indirect(0xffffffffu, 2))});
    CHECK(open_ok(wrap).open_file("x").code() == errc::indirect_out_of_range);
}

TEST_CASE("directory listing: image order, names, types, MicroPython sizes", "[list]") {
    const auto b = image({file("z.py", "zz"), dir("a", {file("x", "123")}), file("m", "")});
    const auto img = open_ok(b);
    struct row {
        std::string name;
        romfs::entry_type type;
        romfs::offset_t size;
        bool operator==(const row&) const = default;
    };
    std::vector<row> rows;
    for (const auto& e : img.root()) {
        REQUIRE(e.has_value());
        rows.push_back({std::string(e->name().view()), e->type(), e->size()});
    }
    const auto x_record = file("x", "123").size();
    REQUIRE(rows == std::vector<row>{{"z.py", romfs::entry_type::file, 2},
                                     {"a", romfs::entry_type::directory, romfs::offset_t(x_record)},
                                     {"m", romfs::entry_type::file, 0}});
    const auto sub = img.open_directory("a");
    REQUIRE(sub.has_value());
    CHECK(sub->payload_size() == x_record);
    CHECK_FALSE(std::ranges::sized_range<romfs::image::directory>);
    auto it = sub->begin();
    REQUIRE((*it).has_value());
    CHECK((*it)->name() == "x");
    CHECK(++it == sub->end());
}

TEST_CASE("directory iterators are forward iterators", "[list]") {
    using it = romfs::image::directory::iterator;
    STATIC_REQUIRE(std::forward_iterator<it>);
    STATIC_REQUIRE(std::ranges::forward_range<romfs::image::directory>);
    const auto b = sample();
    const auto img = open_ok(b);
    const auto root = img.root();
    CHECK(std::ranges::distance(root) == 4);
    auto a = root.begin();
    auto copy = a;
    ++a;
    CHECK(a != copy);
    ++copy;
    CHECK(a == copy); // multi-pass
    CHECK((*a)->name() == "main.py");
}

TEST_CASE("directory.for_each visits what the range-for visits, stops on request, reports corruption", "[list]") {
    const auto b = sample();
    const auto img = open_ok(b);
    for (const std::string_view path : {"", "lib", "lib/sub", "empty"}) {
        const auto dir = img.open_directory(path);
        REQUIRE(dir.has_value());
        std::vector<std::pair<std::string, romfs::offset_t>> by_range, by_visit;
        for (const auto& e : *dir) {
            REQUIRE(e.has_value());
            by_range.emplace_back(std::string(e->name().view()), e->size());
        }
        const auto done = dir->for_each([&](const romfs::image::entry& e) {
            by_visit.emplace_back(std::string(e.name().view()), e.size());
            return true;
        });
        CHECK(done.has_value());
        CHECK(by_visit == by_range);
    }
    // Returning false stops the listing; that is not an error.
    std::vector<std::string> first_two;
    const auto stopped = img.root().for_each([&](const romfs::image::entry& e) {
        first_two.emplace_back(e.name().view());
        return first_two.size() < 2;
    });
    CHECK(stopped.has_value());
    CHECK(first_two == std::vector<std::string>{"boot.py", "main.py"});
    // Entries before a corrupt record are visited; the corruption is the result.
    const bytes a = file("a", "1");
    const auto broken = image({a, raw({0x00, 0x00}), file("b", "2")});
    const auto bad = open_ok(broken);
    std::vector<std::string> seen;
    const auto listed = bad.root().for_each([&](const romfs::image::entry& e) {
        seen.emplace_back(e.name().view());
        return true;
    });
    CHECK(seen == std::vector<std::string>{"a"});
    CHECK(listed.error() == romfs::error{errc::kind_zero, bad.payload_offset() + romfs::offset_t(a.size())});
    // A file without data is reported with the listing, not skipped.
    const auto no_data_bytes = image({named(5, "f", record(1, str("pad")))});
    const auto no_data = open_ok(no_data_bytes);
    CHECK(no_data.root().for_each([](const romfs::image::entry&) { return true; }).error() ==
          romfs::error{errc::file_without_data, no_data.payload_offset()});
}

TEST_CASE("image.list lists a path as open_directory + for_each does, with the lookup's errors", "[list]") {
    const auto b = sample();
    const auto img = open_ok(b);
    using listing = std::vector<std::tuple<std::string, bool, romfs::offset_t, romfs::offset_t>>;
    const auto collect = [](listing& out) {
        return [&out](const romfs::image::entry& e) {
            out.emplace_back(std::string(e.name().view()), e.is_file(), e.size(), e.record_offset());
            return true;
        };
    };
    for (const std::string_view path : {"", "/", "lib", "/lib", "lib/", "lib/sub", "empty"}) {
        CAPTURE(path);
        listing direct, via_dir;
        CHECK(img.for_each(path, collect(direct)).has_value());
        const auto d = img.open_directory(path);
        REQUIRE(d.has_value());
        CHECK(d->for_each(collect(via_dir)).has_value());
        CHECK(direct == via_dir);
        CHECK(direct.size() == (path.empty() || path == "/" ? 4u : path == "empty" ? 0u : 2u - (path == "lib/sub")));
    }
    // The lookup's errors, with the same codes and offsets as open_directory.
    for (const std::string_view path : {"nope", "lib/nope", "main.py", "main.py/x", "lib//", "main.py/"}) {
        CAPTURE(path);
        listing none;
        const auto listed = img.for_each(path, collect(none));
        CHECK(listed.error() == img.open_directory(path).error());
        CHECK(none.empty());
    }
    CHECK(img.for_each("main.py", [](const romfs::image::entry&) { return true; }).code() == errc::not_a_directory);
    CHECK(img.for_each("nope", [](const romfs::image::entry&) { return true; }).code() == errc::not_found);
    // Stops when asked; corruption after a visited entry is the result.
    std::size_t visits = 0;
    CHECK(img.for_each("", [&](const romfs::image::entry&) { return ++visits < 2; }).has_value());
    CHECK(visits == 2);
    const bytes a = file("a", "1");
    const auto broken_bytes = image({dir("d", cat({a, raw({0x00, 0x00}), file("b", "2")}))});
    const auto broken = open_ok(broken_bytes);
    listing seen;
    const auto listed = broken.for_each("d", collect(seen));
    REQUIRE(seen.size() == 1);
    CHECK(std::get<0>(seen[0]) == "a");
    CHECK(listed.code() == errc::kind_zero);
    CHECK(listed.error() == broken.open_directory("d")->for_each([](const romfs::image::entry&) { return true; }).error());
}

TEST_CASE("directory.find looks up relative paths", "[list]") {
    const auto b = sample();
    const auto img = open_ok(b);
    const auto lib = img.open_directory("/lib");
    REQUIRE(lib.has_value());
    CHECK(lib->lookup("sub/deep.py")->size() == 4);
    CHECK(lib->lookup("")->is_directory());
    CHECK(lib->lookup("main.py").code() == errc::not_found);
}

TEST_CASE("file views are zero-copy spans with alignment", "[file]") {
    const auto b = sample();
    const auto img = open_ok(b);
    const auto f = img.open_file("main.py");
    REQUIRE(f.has_value());
    CHECK(f->data() >= b.data());
    CHECK(f->data() + f->size() <= b.data() + b.size());
    CHECK(f->bytes().data() == b.data() + f->offset());
    CHECK(f->view() == "print('hello')\n");
    const romfs::offset_t off = f->offset();
    CHECK(f->alignment() == (off & (~off + 1)));
    CHECK(off % f->alignment() == 0);
    CHECK(off % (2 * f->alignment()) != 0);
}

TEST_CASE("file read copies ranges and stops at the end", "[file]") {
    const auto b = sample();
    const auto img = open_ok(b);
    const auto f = img.open_file("boot.py");
    REQUIRE(f.has_value());
    std::byte buf[4]{};
    auto n = f->read(7, buf);
    REQUIRE(n.has_value());
    CHECK(*n == 4);
    CHECK(std::string(reinterpret_cast<const char*>(buf), 4) == "sys\n");
    n = f->read(9, buf);
    CHECK(*n == 2);
    CHECK(*f->read(11, buf) == 0);
    CHECK(f->read(12, buf).code() == errc::out_of_range);
}

TEST_CASE("error messages are distinct and non-empty", "[error]") {
    std::vector<std::string_view> seen;
    for (int c = 0; c <= static_cast<int>(errc::io_error); ++c) {
        const auto m = romfs::message(static_cast<errc>(c));
        CHECK(!m.empty());
        CHECK(std::find(seen.begin(), seen.end(), m) == seen.end());
        seen.push_back(m);
    }
}
