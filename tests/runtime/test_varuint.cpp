#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <romfs/romfs.hpp>

#include "image_writer.hpp"

using romfs::errc;
using namespace romfs::test;

// The parser's own decoder, the one every lookup uses.
static romfs::result<romfs::varuint_value> dec(std::initializer_list<int> b) {
    const auto v = raw(b);
    return romfs::decode_varuint(v);
}

TEST_CASE("varuint decodes the spec's examples", "[varuint]") {
    CHECK(dec({0x00})->value == 0);
    CHECK(dec({0x7f})->value == 127);
    CHECK(dec({0x81, 0x00})->value == 128);
    CHECK(dec({0x82, 0x01})->value == 257);
    CHECK(dec({0x82, 0x01})->length == 2);
    // Stops at the first byte without the top bit; trailing bytes untouched.
    CHECK(dec({0x05, 0xff})->length == 1);
}

TEST_CASE("varuint accepts padded forms", "[varuint]") {
    CHECK(dec({0x80, 0x05})->value == 5);
    CHECK(dec({0x80, 0x05})->length == 2);
    CHECK(dec({0x80, 0x80, 0x81, 0x00})->value == 128);
    // Padding never overflows: leading zero digits add nothing.
    CHECK(dec({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x8f, 0xff, 0xff, 0xff, 0x7f})->value == 0xffffffffu);
}

TEST_CASE("varuint refuses values over 32 bits", "[varuint]") {
    CHECK(dec({0x8f, 0xff, 0xff, 0xff, 0x7f})->value == 0xffffffffu);
    CHECK(dec({0x90, 0x80, 0x80, 0x80, 0x00}).error() == romfs::error{errc::varuint_overflow, 0});
    CHECK(dec({0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}).code() == errc::varuint_overflow);
}

TEST_CASE("varuint refuses running off the allowed bytes", "[varuint]") {
    CHECK(dec({}).code() == errc::varuint_truncated);
    CHECK(dec({0x81}).code() == errc::varuint_truncated);
    CHECK(dec({0x80, 0x80, 0x80}).error() == romfs::error{errc::varuint_truncated, 0});
}

TEST_CASE("varuint encode round-trips, with and without padding", "[varuint]") {
    for (std::uint64_t v : std::initializer_list<std::uint64_t>{0, 1, 127, 128, 255, 16383, 16384, 0x14a6b1, 0xffffffff,
                            std::numeric_limits<std::uint64_t>::max()}) {
        for (std::size_t pad : {0u, 1u, 3u}) {
            const auto enc = varuint(v, pad);
            REQUIRE(enc.size() == romfs::varuint_size(v) + pad);
            const auto d = romfs::decode_varuint(enc);
            if (v > 0xffffffffu) {
                CHECK(d.code() == errc::varuint_overflow); // images are 32-bit
                continue;
            }
            REQUIRE(d);
            CHECK(d->value == v);
            CHECK(d->length == enc.size());
        }
    }
    CHECK(varuint(0x14a6b1) == raw({0xd2, 0xcd, 0x31}));
    std::byte small[1];
    CHECK(romfs::encode_varuint<std::uint32_t>(128, small) == 0);
    CHECK(romfs::varuint_max_size<std::uint32_t> == 5);
    CHECK(romfs::varuint_max_size<std::uint64_t> == 10);
}
