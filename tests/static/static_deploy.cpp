// The deploy layer in constant expressions: the partition writer's checks
// and a whole safe deploy onto a constexpr NOR model (SAMD21 rows).
#include <array>

#include <romfs/deploy.hpp>
#include <romfs/flash/samd.hpp>
#include <romfs/flash/stm32.hpp>

namespace {

using namespace romfs::deploy;

// 2 KiB of SAMD21 flash at 0x3D000 (256-byte rows, 64-byte pages), NOR rules.
struct ram_nor {
    using traits = romfs::flash::samd21<>;
    std::array<std::byte, 2048> mem{};
    int erases = 0;
    constexpr ram_nor() {
        for (auto& b : mem) b = std::byte{0xff};
    }
    constexpr driver_errc read(romfs::address_t a, std::span<std::byte> out) {
        if (a < 0x3D000 || a - 0x3D000 + out.size() > mem.size()) return driver_errc::out_of_bounds;
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = mem[a - 0x3D000 + i];
        return driver_errc::ok;
    }
    constexpr driver_errc program(romfs::address_t a, std::span<const std::byte> in) {
        if (a % 64 != 0 || in.size() % 64 != 0) return driver_errc::not_aligned;
        for (std::size_t i = 0; i < in.size(); ++i) mem[a - 0x3D000 + i] &= in[i];
        return driver_errc::ok;
    }
    constexpr driver_errc erase(romfs::sector s) {
        ++erases;
        for (std::size_t i = 0; i < s.size; ++i) mem[s.start - 0x3D000 + i] = std::byte{0xff};
        return driver_errc::ok;
    }
};
static_assert(flash_driver<ram_nor>);

// /a = 600 bytes: 614 bytes in all, across three 256-byte rows.
constexpr std::array<std::byte, 614> make_image() {
    std::array<std::byte, 614> b{};
    const std::uint8_t head[] = {0xd2, 0xcd, 0x31, 0x80, 0x84, 0x60, 5, 0x84, 0x5d, 1, 'a', 2, 0x84, 0x58};
    std::size_t n = 0;
    for (auto v : head) b[n++] = std::byte{v};
    for (std::size_t i = 0; n < b.size(); ++i) b[n++] = std::byte{static_cast<std::uint8_t>(i * 7)};
    return b;
}
constexpr auto image = make_image();
static_assert(romfs::verify(*romfs::image::open(image)).has_value());
static_assert(romfs::image::open(image)->lookup("a")->as_file()->size() == 600);

constexpr bool deploys() {
    ram_nor f;
    partition_writer<ram_nor> w(f, {{{0x3D000, 2048}}});
    const auto& img = image;
    const auto r = deploy(w, 0, img);
    if (!r || r->sectors_erased != 3 || f.erases != 3) return false;
    for (std::size_t i = 0; i < img.size(); ++i)
        if (f.mem[i] != img[i]) return false;
    // Again: nothing changes, nothing is erased.
    const auto again = deploy(w, 0, img);
    return again && again->sectors_erased == 0 && again->programs == 0;
}
static_assert(deploys());

constexpr bool refuses() {
    ram_nor f;
    partition_writer<ram_nor> w(f, {{{0x3D000, 2048}}});
    const std::array<std::byte, 3> junk{std::byte{1}, std::byte{2}, std::byte{3}};
    return deploy(w, 0, junk).code() == flash_errc::not_an_image &&
           w.write(0, 32, junk).error() == flash_error{flash_errc::not_aligned, 32} &&
           w.write(0, 2048, junk).code() == flash_errc::out_of_range && w.prepare(0, 100, 2000).code() == flash_errc::out_of_range &&
           w.id(1).code() == flash_errc::no_partition && f.erases == 0;
}
static_assert(refuses());

// rom_ioctl(6): the largest sector a partition holds.
struct f4_null {
    using traits = romfs::flash::stm32f4<>;
    constexpr driver_errc read(romfs::address_t, std::span<std::byte>) { return driver_errc::ok; }
    constexpr driver_errc program(romfs::address_t, std::span<const std::byte>) { return driver_errc::ok; }
    constexpr driver_errc erase(romfs::sector) { return driver_errc::ok; }
};
constexpr romfs::address_t min_prepare(romfs::address_t start, romfs::address_t size) {
    f4_null d;
    partition_writer<f4_null> w(d, {{{start, size}}});
    return *w.min_prepare_size(0);
}
static_assert(min_prepare(0x08004000, 0x8000) == 16 * 1024);
static_assert(min_prepare(0x08008000, 0x18000) == 64 * 1024);
static_assert(min_prepare(0x08008000, 0x38000) == 128 * 1024);

static_assert(to_errno(flash_errc::out_of_range) == 22 && to_errno(flash_errc::driver_failure) == 5);

} // namespace
