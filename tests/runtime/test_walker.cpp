#include <catch2/catch.hpp>

#include <string>
#include <vector>
#include <romfs/romfs.hpp>

#include "image_writer.hpp"

using romfs::errc;
using namespace romfs::test;

namespace {

bytes sample() {
    return image({file("boot.py", "b"), file("main.py", "m"),
                  dir("lib", {file("a.py", "A"), dir("sub", {file("deep.py", "deep")})}), dir("empty", {})});
}

struct visit {
    std::string path;
    std::size_t depth;
    bool dir;
    bool operator==(const visit&) const = default;
};

template <std::size_t Depth>
std::vector<visit> walk_all(romfs::walker<Depth>& w, romfs::error* err = nullptr) {
    std::vector<visit> out;
    for (const auto& item : w) {
        if (!item) {
            if (err) *err = item.error();
            break;
        }
        out.push_back({std::string(item->path), item->depth, item->entry.is_directory()});
    }
    return out;
}

} // namespace

TEST_CASE("walker visits in pre-order, image order, with full paths", "[walk]") {
    const auto b = sample();
    const auto img = romfs::image::open(b);
    REQUIRE(img.has_value());
    char buf[64];
    romfs::walker<4> w(*img, buf);
    CHECK(walk_all(w) == std::vector<visit>{{"/boot.py", 1, false},
                                            {"/main.py", 1, false},
                                            {"/lib", 1, true},
                                            {"/lib/a.py", 2, false},
                                            {"/lib/sub", 2, true},
                                            {"/lib/sub/deep.py", 3, false},
                                            {"/empty", 1, true}});
}

TEST_CASE("walker from a subdirectory keeps the prefix", "[walk]") {
    const auto b = sample();
    const auto img = romfs::image::open(b);
    const auto lib = img->open_directory("lib");
    REQUIRE(lib.has_value());
    char buf[64];
    romfs::walker<4> w(*lib, "/lib/", buf);
    CHECK(walk_all(w) == std::vector<visit>{{"/lib/a.py", 1, false}, {"/lib/sub", 1, true},
                                            {"/lib/sub/deep.py", 2, false}});
}

TEST_CASE("walker reports depth beyond its bound instead of recursing", "[walk]") {
    const auto b = sample();
    const auto img = romfs::image::open(b);
    char buf[64];
    romfs::walker<2> shallow(*img, buf);
    romfs::error err{};
    const auto seen = walk_all(shallow, &err);
    CHECK(err.code == errc::too_deep);
    CHECK(seen.back().path == "/lib/a.py");
    romfs::walker<3> enough(*img, buf);
    err = {};
    CHECK(walk_all(enough, &err).size() == 7);
    CHECK(err.code == errc::ok);
}

TEST_CASE("walker reports a path buffer that is too small", "[walk]") {
    const auto b = sample();
    const auto img = romfs::image::open(b);
    char buf[12];
    romfs::walker<4> w(*img, buf);
    romfs::error err{};
    const auto seen = walk_all(w, &err);
    CHECK(err.code == errc::buffer_too_small);
    CHECK(seen.size() == 5); // "/lib/sub/deep.py" needs 16 bytes
    char tiny[2];
    romfs::walker<4> prefix(*img->open_directory("lib"), "/lib", tiny);
    err = {};
    CHECK(walk_all(prefix, &err).empty());
    CHECK(err.code == errc::buffer_too_small);
}

TEST_CASE("walker next() interface ends cleanly and stays ended", "[walk]") {
    const auto b = image({file("a", "1"), raw({0x00, 0x00})});
    const auto img = romfs::image::open(b);
    char buf[16];
    romfs::walker<> w(*img, buf);
    auto r = w.next();
    REQUIRE(r.has_value());
    CHECK(*r);
    CHECK(w.current().path == "/a");
    r = w.next();
    CHECK(r.code() == errc::kind_zero);
    r = w.next();
    REQUIRE(r.has_value());
    CHECK_FALSE(*r);
}

TEST_CASE("walking an empty image yields nothing", "[walk]") {
    const auto img = romfs::image::open(romfs::empty_image);
    char buf[4];
    romfs::walker<> w(*img, buf);
    CHECK(walk_all(w).empty());
}

TEST_CASE("walker sees shadowed entries that lookup cannot reach", "[walk]") {
    // First match wins: the file "d" hides the directory "d" from lookup, but
    // the walk lists everything in the image (found by the fuzzer).
    const auto b = image({file("d", "x"), dir("d", {file("leaf", "y")})});
    const auto img = romfs::image::open(b);
    REQUIRE(romfs::verify(*img).has_value());
    char buf[32];
    romfs::walker<4> w(*img, buf);
    CHECK(walk_all(w) == std::vector<visit>{{"/d", 1, false}, {"/d", 1, true}, {"/d/leaf", 2, false}});
    CHECK(img->lookup("/d/leaf").code() == errc::not_found);
}
