// The reader in constant expressions. Built twice (see tests/CMakeLists.txt):
// once with STATIC_REQUIRE checked by the compiler, once with
// CATCH_CONFIG_RUNTIME_STATIC_REQUIRE so a failure can be debugged at run time.
#include <catch2/catch.hpp>

#include <romfs/romfs.hpp>

#include "constexpr_images.hpp"
#include "driver_traits.hpp"

using romfs::errc;
using namespace romfs::test;

namespace {

constexpr bool file_is(std::string_view path, std::string_view expected) {
    const auto img = romfs::image::open(small_image);
    if (!img) return false;
    const auto f = img->open_file(path);
    if (!f || f->size() != expected.size()) return false;
    for (std::size_t i = 0; i < expected.size(); ++i)
        if (f->bytes()[i] != static_cast<std::byte>(expected[i])) return false;
    return true;
}

constexpr std::size_t count_root() {
    std::size_t n = 0;
    for (const auto& e : romfs::image::open(small_image)->root()) {
        if (!e) return 999;
        ++n;
    }
    return n;
}

// Sum of the root's entry sizes through for_each, or 999 on an error.
constexpr romfs::offset_t root_sizes(const auto& bytes) {
    romfs::offset_t total = 0;
    const auto img = romfs::image::open(bytes);
    if (!img) return 999;
    const auto r = img->root().for_each([&](const romfs::image::entry& e) {
        total += e.size();
        return true;
    });
    return r ? total : 999;
}

// Sum of the entry sizes in `path` through image.list, or 999 on an error.
constexpr romfs::offset_t listed_sizes(const auto& bytes, std::string_view path) {
    romfs::offset_t total = 0;
    const auto img = romfs::image::open(bytes);
    if (!img) return 999;
    const auto r = img->for_each(path, [&](const romfs::image::entry& e) {
        total += e.size();
        return true;
    });
    return r ? total : 999;
}

constexpr bool walk_matches() {
    char buf[32]{};
    const std::string_view expected[] = {"/main.py", "/lib", "/lib/a"};
    romfs::walker<4> w(*romfs::image::open(small_image), buf);
    std::size_t i = 0;
    for (const auto& item : w) {
        if (!item || i >= 3 || item->path != expected[i]) return false;
        ++i;
    }
    return i == 3;
}

constexpr errc lookup_code(const auto& bytes, std::string_view path) {
    const auto img = romfs::image::open(bytes);
    if (!img) return img.code();
    return img->lookup(path).code();
}

constexpr bool driver_reads() {
    const fake_device dev{small_image.data(), small_image.size()};
    const auto img = romfs::basic_image<driver_traits>::open(dev, 0, small_image.size());
    const auto f = img->open_file("lib/a");
    std::byte out[2]{};
    return f && f->read(0, out).value() == 2 && out[0] == std::byte{'x'} && out[1] == std::byte{'y'};
}

} // namespace

TEST_CASE("constant evaluation: open, lookup, list, compare bytes", "[constexpr]") {
    STATIC_REQUIRE(romfs::image::open(small_image)->size() == small_image.size());
    STATIC_REQUIRE(romfs::image::open(romfs::empty_image)->payload_size() == 0);
    STATIC_REQUIRE(file_is("main.py", "print(1)"));
    STATIC_REQUIRE(file_is("/lib/a", "xy"));
    STATIC_REQUIRE(count_root() == 2);
    STATIC_REQUIRE(root_sizes(small_image) == 8 + romfs::image::open(small_image)->lookup("main.py")->size());
    STATIC_REQUIRE(root_sizes(kind_zero_image) == 999);
    STATIC_REQUIRE(listed_sizes(small_image, "/") == root_sizes(small_image));
    STATIC_REQUIRE(listed_sizes(small_image, "lib") == romfs::image::open(small_image)->lookup("lib/a")->size());
    STATIC_REQUIRE(listed_sizes(small_image, "main.py") == 999);
    STATIC_REQUIRE(listed_sizes(kind_zero_image, "") == 999);
    STATIC_REQUIRE(walk_matches());
    STATIC_REQUIRE(romfs::verify(*romfs::image::open(small_image)).has_value());
    STATIC_REQUIRE(romfs::image::open(small_image)->lookup("lib")->size() == 8);
    STATIC_REQUIRE(driver_reads());
}

TEST_CASE("constant evaluation: corrupt images are error values", "[constexpr]") {
    STATIC_REQUIRE(lookup_code(small_image, "nope") == errc::not_found);
    STATIC_REQUIRE(lookup_code(name_past_record_image, "a") == errc::name_past_record);
    STATIC_REQUIRE(lookup_code(wrapping_padding_image, "b") == errc::record_past_parent);
    STATIC_REQUIRE(lookup_code(indirect_out_of_range_image, "f") == errc::indirect_out_of_range);
    STATIC_REQUIRE(lookup_code(kind_zero_image, "b") == errc::kind_zero);
    STATIC_REQUIRE(lookup_code(romfs::literal_bytes("\xd2\xcd\x31\x7f"), "") == errc::image_truncated);
    STATIC_REQUIRE(romfs::verify(*romfs::image::open(kind_zero_image)).error() ==
                   romfs::error{errc::kind_zero, 11});
}
