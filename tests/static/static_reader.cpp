// Static tests: this file passes by compiling. Every check is a static_assert.
#include <romfs/flash/geometry.hpp>
#include <romfs/romfs.hpp>

#include "constexpr_images.hpp"
#include "driver_traits.hpp"

namespace {

using romfs::errc;
using namespace romfs::test;

constexpr auto img = *romfs::image::open(small_image);

// A result built in one step: the value is there only without an error.
static_assert(romfs::result<int>(romfs::error{}, std::in_place, 7).value() == 7);
static_assert(!romfs::result<int>(romfs::error{errc::not_found, 3}, std::in_place, 7));
static_assert(romfs::result<int>(romfs::error{errc::not_found, 3}, std::in_place, 7).error().offset == 3);

// varuint
static_assert(romfs::decode_varuint(romfs::make_bytes(0x82, 0x01))->value == 257);
static_assert(romfs::decode_varuint(romfs::make_bytes(0x80, 0x80, 0x05))->value == 5);
static_assert(romfs::decode_varuint(romfs::make_bytes(0x80, 0x80, 0x05))->length == 3);
static_assert(romfs::decode_varuint(romfs::make_bytes(0x90, 0x80, 0x80, 0x80, 0x00)).code() == errc::varuint_overflow);
static_assert(romfs::decode_varuint(romfs::make_bytes(0x81)).code() == errc::varuint_truncated);

// Exact boundaries, in the compiler: a length that fits exactly is read,
// one byte more is refused with its code at its offset (the runtime tests,
// tests/runtime/test_corruption.cpp [boundary], do the same through a driver).
// d2 cd 31 0d | 04 0b 01 'd' | 05 07 01 'f' | 02 03 'a' 'b' 'c'
constexpr auto boundary = romfs::make_bytes(0xd2, 0xcd, 0x31, 0x0d, 0x04, 0x0b, 0x01, 'd', 0x05, 0x07, 0x01, 'f', 0x02,
                                            0x03, 'a', 'b', 'c');
template <std::size_t At, int Value>
constexpr auto boundary_with = [] {
    auto b = boundary;
    b[At] = std::byte{Value};
    return b;
}();
constexpr romfs::error boundary_lookup(std::span<const std::byte> b) {
    return romfs::image::open(b)->open_file("d/f").error();
}
static_assert(romfs::image::open(boundary)->open_file("d/f")->size() == 3);
static_assert(boundary_lookup(boundary_with<5, 0x0c>) == romfs::error{errc::record_past_parent, 4});   // record
static_assert(boundary_lookup(boundary_with<9, 0x08>) == romfs::error{errc::record_past_parent, 8});
static_assert(boundary_lookup(boundary_with<10, 0x07>) == romfs::error{errc::name_past_record, 10});   // name
static_assert(romfs::verify(*romfs::image::open(boundary_with<6, 0x0a>)).has_value());                // exactly
static_assert(boundary_lookup(boundary_with<13, 0x04>) == romfs::error{errc::record_past_parent, 12}); // data
constexpr auto indirect_fits = romfs::make_bytes(0xd2, 0xcd, 0x31, 0x0c, 0x04, 0x0a, 0x01, 'd', 0x05, 0x06, 0x01, 'f',
                                                 0x03, 0x02, 0x0b, 0x01);
constexpr auto indirect_past = romfs::make_bytes(0xd2, 0xcd, 0x31, 0x0c, 0x04, 0x0a, 0x01, 'd', 0x05, 0x06, 0x01, 'f',
                                                 0x03, 0x02, 0x0c, 0x01);
static_assert(romfs::image::open(indirect_fits)->open_file("d/f")->size() == 11);                   // indirect
static_assert(boundary_lookup(indirect_past) == romfs::error{errc::indirect_out_of_range, 12});

// open
static_assert(img.size() == 38 && img.payload_offset() == 4 && img.payload_size() == 34);
static_assert(romfs::image::open(romfs::make_bytes(0xd2, 0xcd, 0x32, 0x00)).code() == errc::bad_magic);
static_assert(romfs::image::open(romfs::make_bytes(0xd2, 0xcd, 0x31, 0x02, 0x01)).error() ==
              romfs::error{errc::image_truncated, 3});
// Only exactly d2 cd 31 is the kind, as MicroPython mounts it (not 80 d2 cd 31).
static_assert(romfs::image::open(romfs::make_bytes(0x80, 0xd2, 0xcd, 0x31, 0x00)).error() ==
              romfs::error{errc::bad_magic, 0});

// lookup, MicroPython rules; one slash after a directory names it.
constexpr auto lib_image = romfs::make_bytes(0xd2, 0xcd, 0x31, 0x0c, 0x04, 0x0a, 0x03, 0x6c, 0x69, 0x62, 0x05, 0x04,
                                             0x01, 0x61, 0x02, 0x00);
constexpr auto lib_img = *romfs::image::open(lib_image);
static_assert(lib_img.lookup("lib/").value().is_directory() && lib_img.lookup("/lib/").value().is_directory());
static_assert(lib_img.lookup("lib//").code() == errc::not_found && lib_img.lookup("lib/a/").code() == errc::not_found);
static_assert(img.lookup("").value().is_directory());
static_assert(img.lookup("/").value().size() == 34);
static_assert(img.lookup("main.py").value().size() == 8);
static_assert(img.lookup("/main.py").value().name() == "main.py");
static_assert(img.lookup("lib/a").value().is_file());
static_assert(img.lookup("main.py/x").code() == errc::not_found);
static_assert(img.lookup("li").code() == errc::not_found);
static_assert(img.open_file("lib").code() == errc::not_a_file);
static_assert(img.open_directory("main.py").code() == errc::not_a_directory);
// The root through open_directory: its own entry is the root's, empty name.
static_assert(img.open_directory("/").value().lookup("").value().name() == "" &&
              img.open_directory("").value().lookup("").value().record_offset() == 0 &&
              img.open_directory("lib").value().lookup("").value().name() == "lib");

// file contents, compared byte by byte
constexpr auto a = img.open_file("lib/a").value();
static_assert(a.size() == 2 && a.bytes()[0] == std::byte{'x'} && a.bytes()[1] == std::byte{'y'});
static_assert(a.offset() == 36 && a.alignment() == 4);

// listing
constexpr auto first = *img.root().begin();
static_assert(first.value().name() == "main.py" && first.value().is_file());
static_assert(std::ranges::distance(img.root()) == 2);

// verify and corruption as values
static_assert(romfs::verify(img).has_value());
static_assert(romfs::verify(*romfs::image::open(name_past_record_image)).code() == errc::name_past_record);
static_assert(romfs::verify(*romfs::image::open(wrapping_padding_image)).code() == errc::record_past_parent);
static_assert(romfs::verify(*romfs::image::open(indirect_out_of_range_image)).code() ==
              errc::indirect_out_of_range);

// nested: the small image stored as a file of an outer image
constexpr auto outer = romfs::literal_bytes(
    "\xd2\xcd\x31\x2c"
    "\x05\x2a\x01" "n" "\x02\x26"
    "\xd2\xcd\x31\x22"
    "\x05\x12\x07" "main.py" "\x02\x08" "print(1)"
    "\x04\x0c\x03" "lib"
    "\x05\x06\x01" "a" "\x02\x02" "xy");
constexpr auto outer_img = *romfs::image::open(outer);
constexpr auto nested = *romfs::image::open(outer_img.open_file("n").value());
static_assert(nested.lookup("lib/a").value().size() == 2);
static_assert(nested.open_file("lib/a").value().data() == outer.data() + 10 + 36);

// flash traits
static_assert(romfs::flash_traits<romfs::host_traits>);
static_assert(romfs::flash_traits<driver_traits>);
static_assert(!romfs::flash_traits<int>);
static_assert(!romfs::memory_mapped<driver_traits> && romfs::memory_mapped<romfs::host_traits>);
static_assert(driver_traits::sectors.at(5000) == romfs::sector{4096, 4096});
static_assert(romfs::is_erase_aligned<driver_traits>(8192, 4096));
static_assert(!romfs::is_erase_aligned<driver_traits>(8192, 4000));
static_assert(!romfs::is_erase_aligned<driver_traits>(100, 4096));
static_assert(romfs::is_erase_aligned<romfs::host_traits>(3, 5));
static_assert(romfs::largest_sector<driver_traits>(0, 3 * 4096) == 4096);
static_assert(romfs::largest_sector<romfs::host_traits>(0, 100) == 0);

} // namespace

// The integrity record in a constant expression: a root holding file "a"
// = "x", then the record, its digest computed by the constexpr SHA-256.
namespace static_integrity {
constexpr std::array<std::byte, 48> make(bool corrupt) {
    std::array<std::byte, 48> b{};
    const std::uint8_t head[] = {0xd2, 0xcd, 0x31, 44, 5, 5, 1, 'a', 2, 1, 'x', 0xf2, 0xe6, 0x68, 33, 1};
    for (std::size_t i = 0; i < sizeof head; ++i) b[i] = std::byte{head[i]};
    romfs::sha256 h;
    h.update(std::span<const std::byte>(b.data() + 4, 7));
    const auto d = h.finish();
    for (std::size_t i = 0; i < 32; ++i) b[16 + i] = std::byte{d[i]};
    if (corrupt) b[10] = std::byte{'y'};
    return b;
}
constexpr auto good = make(false);
constexpr auto bad = make(true);
static_assert(romfs::image::open(good, romfs::integrity::require).has_value());
static_assert(romfs::verify(*romfs::image::open(good)).has_value());
static_assert(romfs::image::open(bad, romfs::integrity::require).code() == romfs::errc::hash_mismatch);
static_assert(romfs::image::open(bad, romfs::integrity::ignore).has_value());
static_assert(romfs::image::open(good)->lookup("a")->as_file()->size() == 1);
} // namespace static_integrity
