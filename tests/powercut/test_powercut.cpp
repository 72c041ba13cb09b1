// Power-cut tests (ctest -L powercut), in the manner of littlefs and the
// MCUboot simulator: deploy an image and cut the power at every flash
// operation in turn, with the operation in flight either not started or
// half done (a program that set only some bytes; an erase that left
// garbage). After each cut a reader opening the partition must see the old
// image, no image, or the new image, and nothing else; no program may
// have tried to set a bit (the model's violation counter stays 0); then a
// new deploy from whatever the cut left must end with the new image. A
// third effect, an erase that reached only a sector's second half, leaves
// an old header exactly as it was over a half-erased body: only the old
// header's invalidation (deploy.hpp step 1) makes that "no image".
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include <romfs/deploy.hpp>
#include <romfs/deploy/simulated_flash.hpp>
#include <romfs/flash/families.hpp>

#include "deploy_support.hpp"

using namespace romfs::deploy;
using romfs::address_t;
using romfs::test::seen;

namespace {

struct counts {
    std::size_t cut_points = 0;
    std::size_t runs = 0;
    std::size_t by_state[4] = {};
};

// Deploys `after` over a partition holding `before` (or erased flash when
// `before` is empty) with a cut at every operation, both effects.
template <class Traits>
counts cut_everywhere(address_t start, address_t size, const std::vector<std::byte>& before,
                      const std::vector<std::byte>& after, deploy_mode mode, address_t chunk) {
    simulated_flash<Traits> initial(start, size);
    if (!before.empty()) {
        partition_writer<simulated_flash<Traits>> w(initial, {{{start, size}}});
        REQUIRE(deploy(w, 0, before, {deploy_mode::full}));
    }
    // The uninterrupted run: how many operations there are to cut.
    simulated_flash<Traits> whole = initial;
    whole.reset_counters();
    {
        partition_writer<simulated_flash<Traits>> w(whole, {{{start, size}}});
        REQUIRE(deploy(w, 0, after, {mode, chunk}));
        REQUIRE(whole.violations() == 0);
        REQUIRE(romfs::test::classify(whole.bytes(), before, after) == seen::new_image);
    }
    counts c;
    c.cut_points = whole.operations() + 1;
    for (std::size_t k = 0; k <= whole.operations(); ++k) {
        for (const cut_effect effect : {cut_effect::none, cut_effect::partial, cut_effect::erase_second_half}) {
            simulated_flash<Traits> f = initial;
            f.reset_counters();
            f.cut_power_at(k, effect, static_cast<std::uint32_t>(k * 2 + 1));
            partition_writer<simulated_flash<Traits>> w(f, {{{start, size}}});
            const auto r = deploy(w, 0, after, {mode, chunk});
            CHECK(r.has_value() == (k == whole.operations()));
            CHECK(f.violations() == 0);
            const seen s = romfs::test::classify(f.bytes(), before, after);
            ++c.by_state[static_cast<int>(s)];
            ++c.runs;
            if (s == seen::other) {
                FAIL_CHECK("cut at operation " << k
                                               << (effect == cut_effect::partial             ? " (partial)"
                                                   : effect == cut_effect::erase_second_half ? " (second half erased)"
                                                                                             : "")
                                               << " left a partition that is neither old, new nor empty");
            }
            // Power back: deploying again finishes the job.
            f.restore_power();
            f.reset_counters();
            const auto again = deploy(w, 0, after);
            CHECK(again.has_value());
            CHECK(f.violations() == 0);
            CHECK(romfs::test::classify(f.bytes(), before, after) == seen::new_image);
        }
    }
    return c;
}

template <class Traits>
void run_geometry(const char* geometry, address_t start, address_t size, std::size_t image_bytes,
                  address_t chunk = 256) {
    const auto a = romfs::test::make_image(image_bytes, 1);
    const auto b = romfs::test::make_image(image_bytes * 3 / 4, 2);  // another image, other size
    const auto a2 = romfs::test::make_image(image_bytes, 1, 3);      // a with one file changed
    REQUIRE(!a.empty());
    REQUIRE(a.size() <= size);
    REQUIRE(a2.size() == a.size());
    struct scenario {
        const char* name;
        const std::vector<std::byte>* before;
        const std::vector<std::byte>* after;
        deploy_mode mode;
    };
    const std::vector<std::byte> none;
    const scenario scenarios[] = {
        {"first deploy onto erased flash", &none, &a, deploy_mode::full},
        {"redeploy over an older image (full)", &a, &b, deploy_mode::full},
        {"redeploy over an older image (differential)", &a, &b, deploy_mode::differential},
        {"redeploy with one file changed (differential)", &a, &a2, deploy_mode::differential},
    };
    for (const auto& s : scenarios) {
        const counts c = cut_everywhere<Traits>(start, size, *s.before, *s.after, s.mode, chunk);
        std::printf("powercut %-26s %-46s %4zu cut points x 3 effects = %4zu runs: old %4zu, none %4zu, new %4zu, "
                    "other %zu\n",
                    geometry, s.name, c.cut_points, c.runs, c.by_state[int(seen::old_image)],
                    c.by_state[int(seen::none)], c.by_state[int(seen::new_image)], c.by_state[int(seen::other)]);
        std::fflush(stdout);
        CHECK(c.by_state[int(seen::other)] == 0);
        // Every end state the scheme allows shows up: the test cuts where it matters.
        CHECK(c.by_state[int(seen::new_image)] > 0);
        CHECK(c.by_state[int(seen::none)] > 0);
        if (!s.before->empty()) CHECK(c.by_state[int(seen::old_image)] > 0);
    }
}

} // namespace

using namespace romfs::flash;

TEST_CASE("power cuts: uniform 4K NOR (RP2040, 256-byte pages)", "[powercut]") {
    run_geometry<rp2040<>>("rp2040 4K/256B", 0x10080000, 128 * 1024, 40 * 1024);
}

TEST_CASE("power cuts: STM32F4 non-uniform sectors (16K, 64K, 128K)", "[powercut]") {
    // Sectors 2-5: 16K, 16K, 64K, 128K; the image crosses the first three.
    run_geometry<stm32f4<1 * MiB>>("stm32f4 16K/64K/128K, 4B", 0x08008000, 224 * 1024, 90 * 1024);
}

TEST_CASE("power cuts: STM32H7 128K sectors, 32-byte flash words", "[powercut]") {
    // Program calls of 1 KiB (32 flash words): the image spans two sectors.
    run_geometry<stm32h7<>>("stm32h7 128K/32B", 0x08100000, 256 * 1024, 140 * 1024, 1024);
}

TEST_CASE("power cuts: nRF52 4K pages, 4-byte words", "[powercut]") {
    run_geometry<nrf52<1 * MiB>>("nrf52 4K/4B", 0xB0000, 64 * 1024, 40 * 1024);
}

TEST_CASE("power cuts: Alif MRAM, no erase, 16-byte writes", "[powercut]") {
    run_geometry<alif_mram<>>("alif-mram none/16B", 0x8047E000, 64 * 1024, 40 * 1024);
}

// The same cuts against a deploy like `mpremote romfs deploy`: erase, then
// write front to back, header first. The classifier must catch it: this is
// what makes the tests above able to fail.
TEST_CASE("power cuts: an mpremote-style deploy leaves broken images", "[powercut]") {
    using traits = rp2040<>;
    const address_t start = 0x10080000, size = 128 * 1024;
    const auto a = romfs::test::make_image(40 * 1024, 1);
    const auto b = romfs::test::make_image(30 * 1024, 2);
    simulated_flash<traits> initial(start, size);
    {
        partition_writer<simulated_flash<traits>> w(initial, {{{start, size}}});
        REQUIRE(deploy(w, 0, a));
    }
    std::size_t other = 0, cuts = 0;
    for (std::size_t k = 0;; ++k) {
        simulated_flash<traits> f = initial;
        f.reset_counters();
        f.cut_power_at(k);
        partition_writer<simulated_flash<traits>> w(f, {{{start, size}}});
        bool ok = bool(w.prepare(0, static_cast<address_t>(b.size())));
        for (address_t at = 0; ok && at < b.size(); at += 256)
            ok = bool(w.write(0, at, std::span<const std::byte>(b).subspan(at, std::min<std::size_t>(256, b.size() - at))));
        ++cuts;
        if (romfs::test::classify(f.bytes(), a, b) == seen::other) ++other;
        if (ok) break;
    }
    std::printf("powercut %-26s %-46s %4zu cut points: other %zu\n", "rp2040 4K/256B", "mpremote-style deploy", cuts,
                other);
    CHECK(other > cuts / 2);
}
