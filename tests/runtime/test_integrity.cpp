// The integrity record: built by `options::integrity` (romfs build --hash),
// checked by verify() and by an opt-in check at open, invisible to readers
// that skip unknown kinds.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <romfs/builder/builder.hpp>
#include <romfs/romfs.hpp>

#include "deploy_support.hpp"
#include "driver_traits.hpp"

using romfs::builder::build_to_memory;
using romfs::builder::directory;
using romfs::builder::memory_file;
using romfs::builder::node;
using romfs::builder::options;
using romfs::errc;
using romfs::integrity;

namespace {

std::vector<std::byte> build(const node& root, options opts) {
    auto out = build_to_memory(root, opts);
    REQUIRE(out);
    return *std::move(out);
}

node sample() {
    node root = directory("", {memory_file("main.py", "print('hi')\n"),
                               directory("lib", {memory_file("a.py", std::string(300, 'a')),
                                                 memory_file("b.py", std::string(300, 'a')),
                                                 memory_file("c.bin", romfs::test::pattern(1000, 4))}),
                               memory_file("boot.py", "")});
    sort_tree(root);
    return root;
}

// Every entry in walk order: path, type, size and bytes.
std::vector<std::string> tree_of(const romfs::image& img) {
    std::vector<std::string> out;
    char buf[256];
    romfs::walker<> w(img, buf);
    for (const auto& item : w) {
        REQUIRE(item);
        std::string line(item->path);
        line += item->entry.is_directory() ? " dir " : " file ";
        line += std::to_string(item->entry.size());
        if (item->entry.is_file()) {
            const auto bytes = item->entry.as_file()->bytes();
            line += " " + std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        }
        out.push_back(line);
    }
    return out;
}

} // namespace

TEST_CASE("integrity: the record is the root's last record, 37 bytes, SHA-256 of the payload before it",
          "[integrity]") {
    options opts;
    opts.integrity = true;
    const auto img = build(sample(), opts);
    REQUIRE(img.size() % 2 == 0);
    const auto opened = romfs::image::open(img);
    REQUIRE(opened);
    const std::size_t rec = img.size() - romfs::integrity_record_size;
    CHECK(img[rec] == std::byte{0xf2});
    CHECK(img[rec + 1] == std::byte{0xe6});
    CHECK(img[rec + 2] == std::byte{0x68});
    CHECK(img[rec + 3] == std::byte{33});
    CHECK(img[rec + 4] == std::byte{1});
    romfs::sha256 h;
    h.update(std::span<const std::byte>(img).subspan(opened->payload_offset(), rec - opened->payload_offset()));
    const auto d = h.finish();
    for (std::size_t i = 0; i < 32; ++i) CHECK(std::to_integer<std::uint8_t>(img[rec + 5 + i]) == d[i]);
    CHECK(romfs::verify(*opened));
    CHECK(opened->check_integrity());
    CHECK(romfs::image::open(img, integrity::require));
}

TEST_CASE("integrity: a reader that skips unknown kinds sees the same tree either way", "[integrity]") {
    for (const bool dedup : {false, true}) {
        for (const std::uint32_t align : {1u, 64u}) {
            options plain;
            plain.deduplicate = dedup;
            if (align > 1) plain.align.push_back({align, ""});
            options hashed = plain;
            hashed.integrity = true;
            const auto a = build(sample(), plain);
            const auto b = build(sample(), hashed);
            CHECK(b.size() > a.size());
            CHECK(b.size() % 2 == 0);
            const auto ia = romfs::image::open(a);
            const auto ib = romfs::image::open(b);
            REQUIRE(ia);
            REQUIRE(ib);
            CHECK(romfs::verify(*ib));
            CHECK(tree_of(*ia) == tree_of(*ib));
            // And the image without the option is unchanged by its existence.
            CHECK(ia->check_integrity().code() == errc::no_integrity_record);
        }
    }
    // The app-like tree too.
    const auto a = romfs::test::make_image(30000, 3);
    const auto b = romfs::test::make_image(30000, 3, -1, true);
    CHECK(tree_of(*romfs::image::open(a)) == tree_of(*romfs::image::open(b)));
}

TEST_CASE("integrity: any changed payload byte is a hash mismatch", "[integrity]") {
    options opts;
    opts.integrity = true;
    const auto img = build(sample(), opts);
    const auto good = romfs::image::open(img);
    REQUIRE(good);
    const auto rec = static_cast<romfs::offset_t>(img.size() - romfs::integrity_record_size);
    std::size_t mismatches = 0;
    // Flip one bit of each file-data byte in turn: structure stays valid, the hash does not.
    for (std::size_t i = good->payload_offset(); i < rec; ++i) {
        auto bad = img;
        bad[i] ^= std::byte{0x01};
        const auto opened = romfs::image::open(bad);
        if (!opened) continue;
        const auto v = romfs::verify(*opened);
        if (v.code() == errc::hash_mismatch) {
            CHECK(v.error().offset == rec);
            CHECK(romfs::image::open(bad, integrity::check_if_present).code() == errc::hash_mismatch);
            ++mismatches;
        } else {
            CHECK_FALSE(v);  // a structural error found first is fine too
        }
    }
    CHECK(mismatches > 1000);
    // A changed digest byte, a bad algorithm, a short record.
    auto bad = img;
    bad[img.size() - 1] ^= std::byte{0x80};
    CHECK(romfs::verify(*romfs::image::open(bad)).code() == errc::hash_mismatch);
    bad = img;
    bad[rec + 4] = std::byte{2};
    CHECK(romfs::verify(*romfs::image::open(bad)).error() == romfs::error{errc::bad_integrity_record, rec});
}

TEST_CASE("integrity: opening with require, check_if_present and ignore", "[integrity]") {
    options opts;
    const auto plain = build(sample(), opts);
    CHECK(romfs::image::open(plain, integrity::require).code() == errc::no_integrity_record);
    CHECK(romfs::image::open(plain, integrity::check_if_present));
    CHECK(romfs::image::open(plain, integrity::ignore));
    opts.integrity = true;
    auto hashed = build(sample(), opts);
    hashed[20] ^= std::byte{0x01};
    CHECK(romfs::image::open(hashed, integrity::ignore));
    CHECK(romfs::image::open(hashed, integrity::check_if_present).code() != errc::ok);
}

TEST_CASE("integrity: checked through a flash driver, a block at a time", "[integrity][driver]") {
    options opts;
    opts.integrity = true;
    auto img = build(sample(), opts);
    std::size_t reads = 0;
    romfs::test::fake_device dev{img.data(), img.size(), &reads};
    using driver_image = romfs::basic_image<romfs::test::driver_traits>;
    const auto ok = driver_image::open(dev, 0, static_cast<romfs::offset_t>(img.size()), integrity::require);
    REQUIRE(ok);
    CHECK(reads > img.size() / 64);
    img[30] ^= std::byte{0x04};
    CHECK(driver_image::open(dev, 0, static_cast<romfs::offset_t>(img.size()), integrity::require).code() ==
          errc::hash_mismatch);
    dev.fail_at = 40;
    img[30] ^= std::byte{0x04};
    CHECK(driver_image::open(dev, 0, static_cast<romfs::offset_t>(img.size()), integrity::require).code() ==
          errc::io_error);
}
