// The partition writer (vfs.rom_ioctl operations) and safe / differential
// deploy, on the simulated flash of several policies.
#include <catch2/catch.hpp>

#include <vector>

#include <romfs/deploy.hpp>
#include <romfs/deploy/simulated_flash.hpp>
#include <romfs/flash/families.hpp>

#include "deploy_support.hpp"

using namespace romfs::deploy;
using namespace romfs::flash;
using romfs::address_t;

namespace {

template <class Traits>
struct rig {
    simulated_flash<Traits> flash;
    partition_writer<simulated_flash<Traits>, 2> writer;
    rig(address_t base, std::size_t size, partition p0, partition p1 = {})
        : flash(base, size), writer(flash, {{p0, p1}}) {}
};

std::vector<std::byte> filled(std::size_t n, std::uint8_t v) { return std::vector<std::byte>(n, std::byte{v}); }

// A driver that completes and counts it, to check rom_ioctl(5).
struct completing_flash : simulated_flash<rp2040<>> {
    using simulated_flash::simulated_flash;
    int completed = 0;
    driver_errc complete() {
        ++completed;
        return driver_errc::ok;
    }
};

// A driver whose flash has a stuck bit at one address: read-back must catch it.
struct stuck_bit_flash : simulated_flash<nrf52<1 * MiB>> {
    using simulated_flash::simulated_flash;
    address_t stuck = 0;
    driver_errc program(address_t a, std::span<const std::byte> in) {
        const driver_errc e = simulated_flash::program(a, in);
        if (e == driver_errc::ok && stuck >= a && stuck < a + in.size()) storage()[stuck - base()] |= std::byte{0x01};
        return e;
    }
};

static_assert(flash_driver<simulated_flash<rp2040<>>>);
static_assert(mappable_driver<simulated_flash<stm32f4<>>>);
static_assert(flash_driver<completing_flash>);

} // namespace

TEST_CASE("writer: partition count and ids, with the mapped view", "[deploy][writer]") {
    rig<rp2040<>> r(0x10000000, 2 * MiB, {0x10080000, 0x20000}, {0x10100000, 0x10000});
    CHECK(r.writer.count() == 2);
    const auto p0 = r.writer.id(0);
    REQUIRE(p0);
    CHECK(p0->start == 0x10080000);
    CHECK(p0->size == 0x20000);
    CHECK(p0->mapped.data() == r.flash.bytes().data() + 0x80000);
    CHECK(p0->mapped.size() == 0x20000);
    CHECK(r.writer.id(1)->start == 0x10100000);
    CHECK(r.writer.id(2).error() == flash_error{flash_errc::no_partition, 0});
}

TEST_CASE("writer: prepare erases exactly the sectors a range needs (STM32F4 map)", "[deploy][writer]") {
    // Partition over sectors 2..5: 16K @0x08008000, 16K @0x0800C000, 64K @0x08010000, 128K @0x08020000.
    rig<stm32f4<1 * MiB>> r(0x08000000, 1 * MiB, {0x08008000, 224 * 1024});
    auto& f = r.flash;
    std::fill(f.storage().begin(), f.storage().end(), std::byte{0});
    // 20000 bytes from offset 0x3000: 0x0800B000..0x0800FE20 touches sectors 2 and 3.
    const auto unit = r.writer.prepare(0, 0x3000, 20000);
    REQUIRE(unit);
    CHECK(*unit == 4);
    CHECK(f.erases() == 2);
    CHECK(f.erase_count(0x08008000) == 1);
    CHECK(f.erase_count(0x0800C000) == 1);
    CHECK(f.erase_count(0x08010000) == 0);
    CHECK(f.bytes()[0x8000] == std::byte{0xff});
    CHECK(f.bytes()[0xFFFF] == std::byte{0xff});
    CHECK(f.bytes()[0x10000] == std::byte{0});  // the 64K sector is untouched
    CHECK(f.bytes()[0x7FFF] == std::byte{0});   // so is the sector before the partition
    // The whole partition: four erases, of 16K, 16K, 64K and 128K.
    f.reset_counters();
    REQUIRE(r.writer.prepare(0, 224 * 1024));
    CHECK(f.erases() == 4);
    CHECK(f.erase_count(0x08020000) == 1);
    // Out of range: nothing erased.
    f.reset_counters();
    CHECK(r.writer.prepare(0, 0x1000, 224 * 1024).error() == flash_error{flash_errc::out_of_range, 0x1000});
    CHECK(f.erases() == 0);
    CHECK(r.writer.prepare(2, 16).error().code == flash_errc::no_partition);
    CHECK(r.writer.prepare(1, 16).error().code == flash_errc::out_of_range);  // the empty second partition
}

TEST_CASE("writer: prepare refuses a partition that splits a sector", "[deploy][writer]") {
    // Starts in the middle of the 16K sector at 0x08008000.
    rig<stm32f4<1 * MiB>> r(0x08000000, 1 * MiB, {0x0800A000, 0x2000});
    CHECK(r.writer.prepare(0, 16).error() == flash_error{flash_errc::not_aligned, 0});
    CHECK(r.flash.erases() == 0);
}

TEST_CASE("writer: minimum prepare size is the largest sector the partition holds", "[deploy][writer]") {
    rig<stm32f4<1 * MiB>> f4(0x08000000, 1 * MiB, {0x08008000, 224 * 1024}, {0x08004000, 32 * 1024});
    CHECK(*f4.writer.min_prepare_size(0) == 128 * 1024);
    CHECK(*f4.writer.min_prepare_size(1) == 16 * 1024);
    rig<alif_mram<>> mram(0x80000000, 1 * MiB, {0x80010000, 0x10000});
    CHECK(*mram.writer.min_prepare_size(0) == 16);
    CHECK(mram.writer.min_prepare_size(5).error().code == flash_errc::no_partition);
}

TEST_CASE("writer: write pads a partial last unit with the erased value", "[deploy][writer]") {
    rig<stm32h7<>> r(0x08000000, 2 * MiB, {0x08100000, 0x20000});
    REQUIRE(r.writer.prepare(0, 0x20000));
    // Exactly 37 bytes on the heap: ASan would catch a read past them.
    std::vector<std::byte> src(37);
    for (std::size_t i = 0; i < src.size(); ++i) src[i] = std::byte{static_cast<std::uint8_t>(i)};
    r.flash.reset_counters();
    REQUIRE(r.writer.write(0, 64, src));
    CHECK(r.flash.programs() == 2);            // one 32-byte word straight, one padded
    CHECK(r.flash.bytes_programmed() == 64);
    const auto part = r.flash.bytes().subspan(0x100000);
    for (std::size_t i = 0; i < 37; ++i) CHECK(part[64 + i] == std::byte{static_cast<std::uint8_t>(i)});
    for (std::size_t i = 37; i < 64; ++i) CHECK(part[64 + i] == std::byte{0xff});
    CHECK(r.flash.violations() == 0);
}

TEST_CASE("writer: write checks alignment and bounds before touching flash", "[deploy][writer]") {
    rig<stm32h7<>> r(0x08000000, 2 * MiB, {0x08100000, 0x20000});
    const auto bytes = filled(64, 0);
    CHECK(r.writer.write(0, 16, bytes).error() == flash_error{flash_errc::not_aligned, 16});
    CHECK(r.writer.write(0, 0x20000 - 32, bytes).error() == flash_error{flash_errc::out_of_range, 0x20000 - 32});
    CHECK(r.writer.write(0, 0x30000, bytes).error().code == flash_errc::out_of_range);
    CHECK(r.writer.write(3, 0, bytes).error().code == flash_errc::no_partition);
    CHECK(r.flash.programs() == 0);
}

TEST_CASE("writer: programs never cross an erase sector", "[deploy][writer]") {
    rig<nrf52<1 * MiB>> r(0x0, 1 * MiB, {0xB0000, 0x10000});
    REQUIRE(r.writer.prepare(0, 0x10000));
    r.flash.reset_counters();
    REQUIRE(r.writer.write(0, 0x0F00, filled(0x400, 0x5a)));  // 0xB0F00..0xB1300 crosses 0xB1000
    CHECK(r.flash.programs() == 2);
}

TEST_CASE("writer: driver failures come back with the offset", "[deploy][writer]") {
    rig<rp2040<>> r(0x10000000, 2 * MiB, {0x10080000, 0x20000});
    r.flash.cut_power_at(1);
    CHECK(r.writer.prepare(0, 0x3000).error() == flash_error{flash_errc::driver_failure, 0x1000});
    r.flash.restore_power();
    r.flash.cut_power_at(0);
    CHECK(r.writer.write(0, 0x200, filled(256, 0)).error() == flash_error{flash_errc::driver_failure, 0x200});
}

TEST_CASE("writer: complete reaches the driver; errors map to MicroPython's errno", "[deploy][writer]") {
    completing_flash f(0x10000000, 1 * MiB);
    partition_writer<completing_flash> w(f, {{{0x10080000, 0x10000}}});
    REQUIRE(w.complete(0));
    CHECK(f.completed == 1);
    CHECK(w.complete(1).error().code == flash_errc::no_partition);
    CHECK(to_errno(flash_errc::out_of_range) == 22);
    CHECK(to_errno(flash_errc::not_aligned) == 22);
    CHECK(to_errno(flash_errc::driver_failure) == 5);
    CHECK(to_errno(flash_errc::image_too_large) == 28);
    CHECK(to_errno(flash_errc::ok) == 0);
    CHECK(message(driver_errc::other) == "flash driver failure");
}

TEST_CASE("deploy: first deploy, then the same image again touches nothing", "[deploy]") {
    rig<rp2040<>> r(0x10080000, 0x20000, {0x10080000, 0x20000});
    const auto img = romfs::test::make_image(20000, 1);
    const auto rep = deploy(r.writer, 0, img);
    REQUIRE(rep);
    CHECK(rep->sectors_erased == (img.size() + 4095) / 4096);
    CHECK(rep->sectors_written == rep->sectors_erased);
    CHECK_FALSE(rep->header_invalidated);
    CHECK(r.flash.violations() == 0);
    const auto opened = romfs::image::open(r.flash.bytes());
    REQUIRE(opened);
    CHECK(std::equal(img.begin(), img.end(), opened->bytes().begin()));

    r.flash.reset_counters();
    const auto again = deploy(r.writer, 0, img);
    REQUIRE(again);
    CHECK(again->sectors_erased == 0);
    CHECK(again->programs == 0);
    CHECK(again->sectors_unchanged == rep->sectors_erased);
    CHECK(r.flash.operations() == 0);
}

TEST_CASE("deploy: differential redeploy of one changed file rewrites only its sectors", "[deploy]") {
    rig<rp2040<>> r(0x10080000, 0x20000, {0x10080000, 0x20000});
    const auto a = romfs::test::make_image(60000, 1);
    const auto b = romfs::test::make_image(60000, 1, 0); // boot.py changed
    REQUIRE(deploy(r.writer, 0, a));
    r.flash.reset_counters();
    const auto rep = deploy(r.writer, 0, b);
    REQUIRE(rep);
    CHECK(rep->header_invalidated);
    const std::size_t sectors = (b.size() + 4095) / 4096;
    CHECK(rep->sectors_erased >= 1);
    CHECK(rep->sectors_erased <= 2);   // the header's sector, and boot.py's if it spills over
    CHECK(rep->sectors_unchanged == sectors - rep->sectors_erased);
    CHECK(r.flash.erases() == rep->sectors_erased);
    CHECK(romfs::test::classify(r.flash.bytes(), a, b) == romfs::test::seen::new_image);
    // A full redeploy of the same change erases every sector of the image.
    REQUIRE(deploy(r.writer, 0, a));
    const auto full = deploy(r.writer, 0, b, {deploy_mode::full});
    REQUIRE(full);
    CHECK(full->sectors_erased == sectors);
}

TEST_CASE("deploy: a change in only the last byte of a sector rewrites that sector", "[deploy]") {
    // The sector compare must look at every byte: change the image's byte at
    // the end of its second sector (file data) and nothing else.
    rig<rp2040<>> r(0x10080000, 0x20000, {0x10080000, 0x20000});
    const auto a = romfs::test::make_image(60000, 1);
    REQUIRE(a.size() > 3 * 4096);
    auto b = a;
    const std::size_t last = 2 * 4096 - 1;
    b[last] ^= std::byte{0x5a};
    const auto opened = romfs::image::open(b);
    REQUIRE(opened);
    REQUIRE(romfs::verify(*opened)); // the byte is file data: b is a valid image
    REQUIRE(deploy(r.writer, 0, a));
    r.flash.reset_counters();
    const auto rep = deploy(r.writer, 0, b);
    REQUIRE(rep);
    const std::size_t sectors = (b.size() + 4095) / 4096;
    CHECK(rep->sectors_erased == 2); // the header's sector, and sector 1 for its last byte
    CHECK(r.flash.erase_count(0x10080000 + 4096) == 1);
    CHECK(rep->sectors_unchanged == sectors - 2);
    CHECK(r.flash.bytes()[last] == b[last]);
    CHECK(romfs::test::classify(r.flash.bytes(), a, b) == romfs::test::seen::new_image);
    CHECK(r.flash.violations() == 0);
}

TEST_CASE("deploy: a read-back difference stops before the header", "[deploy]") {
    stuck_bit_flash f(0xB0000, 0x10000);
    f.stuck = 0xB0000 + 5000;
    partition_writer<stuck_bit_flash> w(f, {{{0xB0000, 0x10000}}});
    auto img = romfs::test::make_image(20000, 1);
    // Make sure the stuck bit matters: the image byte there has bit 0 clear.
    img[5000] &= std::byte{0xfe};
    const auto rep = deploy(w, 0, img, {deploy_mode::full, 256, false});
    REQUIRE_FALSE(rep);
    CHECK(rep.error() == flash_error{flash_errc::verify_failed, 5000});
    CHECK(f.bytes()[0] == std::byte{0xff});  // no header: the partition holds no image
    CHECK_FALSE(romfs::image::open(f.bytes()));
}

TEST_CASE("deploy: refuses what is not a fitting, valid image", "[deploy]") {
    rig<rp2040<>> r(0x10080000, 0x10000, {0x10080000, 0x10000});
    const auto big = romfs::test::make_image(0x12000, 1);
    CHECK(deploy(r.writer, 0, big).error() == flash_error{flash_errc::image_too_large, 0x10000});
    const auto junk = filled(100, 0x42);
    CHECK(deploy(r.writer, 0, junk).error().code == flash_errc::not_an_image);
    auto truncated = romfs::test::make_image(5000, 1);
    truncated.resize(truncated.size() - 10);
    CHECK(deploy(r.writer, 0, truncated).error().code == flash_errc::not_an_image);
    auto corrupt = romfs::test::make_image(5000, 1);
    corrupt[8] = std::byte{0};  // a kind-0 record inside
    CHECK(deploy(r.writer, 0, corrupt).error().code == flash_errc::not_an_image);
    CHECK(deploy(r.writer, 2, romfs::test::make_image(100, 1)).error().code == flash_errc::no_partition);
    CHECK(r.flash.operations() == 0);
}

TEST_CASE("deploy: MRAM needs no erase and is written in place", "[deploy]") {
    rig<alif_mram<>> r(0x80400000, 0x10000, {0x80400000, 0x10000});
    const auto a = romfs::test::make_image(30000, 1);
    const auto b = romfs::test::make_image(30000, 1, 2);
    REQUIRE(deploy(r.writer, 0, a));
    r.flash.reset_counters();
    const auto rep = deploy(r.writer, 0, b);
    REQUIRE(rep);
    CHECK(rep->sectors_erased == 0);
    CHECK(r.flash.erases() == 0);
    CHECK(rep->sectors_unchanged > 0);
    CHECK(romfs::test::classify(r.flash.bytes(), a, b) == romfs::test::seen::new_image);
}

namespace {
// A controller whose erase fails with each of the driver's three kinds.
struct failing_flash : simulated_flash<rp2040<>> {
    using simulated_flash::simulated_flash;
    driver_errc fails_with = driver_errc::other;
    driver_errc erase(romfs::sector) { return fails_with; }
};
// A driver with no mapped(): the fixed XIP window gives the view.
struct unmapped_driver {
    using traits = rp2040<>;
    driver_errc read(address_t, std::span<std::byte>) { return driver_errc::ok; }
    driver_errc program(address_t, std::span<const std::byte>) { return driver_errc::ok; }
    driver_errc erase(romfs::sector) { return driver_errc::ok; }
};
} // namespace

TEST_CASE("writer: a driver's three error kinds are wrapped, never more", "[deploy][writer]") {
    failing_flash f(0x10080000, 0x10000);
    partition_writer<failing_flash> w(f, {{{0x10080000, 0x10000}}});
    const auto r = w.prepare(0, 0x2000, 0x1000);
    CHECK(r.error() == flash_error{flash_errc::driver_failure, 0x2000});
    CHECK(to_errno(r.code()) == 5); // EIO
    CHECK(deploy(w, 0, romfs::test::make_image(3000, 1)).code() == flash_errc::driver_failure);
    f.fails_with = driver_errc::not_aligned;
    CHECK(w.prepare(0, 0x2000, 0x1000).error() == flash_error{flash_errc::not_aligned, 0x2000});
    f.fails_with = driver_errc::out_of_bounds;
    CHECK(w.prepare(0, 0x2000, 0x1000).error() == flash_error{flash_errc::out_of_range, 0x2000});
    STATIC_REQUIRE(from_driver(driver_errc::ok) == flash_errc::ok);
}

TEST_CASE("writer: id gives the XIP address as the view when the driver does not map", "[deploy][writer]") {
    unmapped_driver d;
    partition_writer<unmapped_driver> w(d, {{{0x10080000, 0x10000}}});
    const auto info = w.id(0);
    REQUIRE(info);
    CHECK(reinterpret_cast<std::uintptr_t>(info->mapped.data()) == 0x10080000u);
    CHECK(info->mapped.size() == 0x10000);
}

TEST_CASE("simulated flash: NOR rules, counters and power cuts", "[deploy][sim]") {
    simulated_flash<stm32f4<1 * MiB>> f(0x08000000, 1 * MiB);
    CHECK(f.bytes()[0] == std::byte{0xff});
    const std::vector<std::byte> word{std::byte{0x0f}, std::byte{0xf0}, std::byte{0x00}, std::byte{0xff}};
    REQUIRE(f.program(0x08004000, word) == driver_errc::ok);
    CHECK(f.bytes()[0x4000] == std::byte{0x0f});
    // Program only clears bits: 0xf0 over 0x0f gives 0x00, and is a violation.
    const std::vector<std::byte> other{std::byte{0xf0}, std::byte{0xff}, std::byte{0xff}, std::byte{0xff}};
    REQUIRE(f.program(0x08004000, other) == driver_errc::ok);
    CHECK(f.bytes()[0x4000] == std::byte{0x00});
    CHECK(f.bytes()[0x4001] == std::byte{0xf0});  // 0xff means "leave alone"
    CHECK(f.violations() == 1);
    // Alignment and bounds.
    CHECK(f.program(0x08004002, word) == driver_errc::not_aligned);
    CHECK(f.program(0x08004000, std::span<const std::byte>(word).first(3)) == driver_errc::not_aligned);
    CHECK(f.program(0x08100000, word) == driver_errc::out_of_bounds);
    CHECK(f.erase({0x08004000, 0x1000}) == driver_errc::not_aligned);  // not one of the map's sectors
    CHECK(f.erase({0x08004000, 0x4000}) == driver_errc::ok);
    CHECK(f.bytes()[0x4000] == std::byte{0xff});
    CHECK(f.erase_count(0x08004000) == 1);
    CHECK(f.erases() == 1);
    CHECK(f.programs() == 2);
    CHECK(f.operations() == 3);
    // A cut during a program sets only some bytes; nothing after it happens.
    std::vector<std::byte> zeros(256, std::byte{0});
    f.cut_power_at(0, cut_effect::partial, 7);
    CHECK(f.program(0x08008000, zeros) == driver_errc::other);
    std::size_t set = 0;
    for (std::size_t i = 0; i < 256; ++i) set += f.bytes()[0x8000 + i] == std::byte{0};
    CHECK(set > 0);
    CHECK(set < 256);
    CHECK(f.program(0x08008100, zeros) == driver_errc::other);
    CHECK(f.bytes()[0x8100] == std::byte{0xff});
    std::array<std::byte, 4> buf{};
    CHECK(f.read(0x08008000, buf) == driver_errc::other);  // the CPU is off too
    CHECK(f.power_cut());
    // A cut during an erase leaves garbage: bits set at random over the old bytes.
    f.restore_power();
    f.cut_power_at(0, cut_effect::partial, 9);
    CHECK(f.erase({0x08008000, 0x4000}) == driver_errc::other);
    std::size_t erased = 0, zero = 0;
    for (std::size_t i = 0; i < 256; ++i) {
        erased += f.bytes()[0x8000 + i] == std::byte{0xff};
        zero += f.bytes()[0x8000 + i] == std::byte{0};
    }
    CHECK(erased < 256);
    CHECK(zero < 256);
    // A clean cut (effect none) leaves the flash as it was.
    f.restore_power();
    const auto before = std::vector<std::byte>(f.bytes().begin(), f.bytes().end());
    f.cut_power_at(1);
    CHECK(f.erase({0x08008000, 0x4000}) == driver_errc::ok);
    CHECK(f.erase({0x0800C000, 0x4000}) == driver_errc::other);
    CHECK(f.bytes()[0xC000] == before[0xC000]);
}

TEST_CASE("simulated flash: memory without erase is written in place", "[deploy][sim]") {
    simulated_flash<alif_mram<>> f(0x80000000, 4096);
    std::vector<std::byte> line(16, std::byte{0x00});
    REQUIRE(f.program(0x80000000, line) == driver_errc::ok);
    std::fill(line.begin(), line.end(), std::byte{0xa5});
    REQUIRE(f.program(0x80000000, line) == driver_errc::ok);
    CHECK(f.bytes()[0] == std::byte{0xa5});
    CHECK(f.violations() == 0);
    CHECK(f.erase({0x80000000, 1}) == driver_errc::not_aligned);
}
