// Deploy cost: erases, programs, bytes and simulated time for a first
// deploy, a full redeploy and a one-file redeploy, romfs's safe deploy
// against a deploy like `mpremote romfs deploy` (erase the image's
// sectors, write front to back, header first, no read-back).
//
// Usage: romfs_deploy_bench [IMAGE_BYTES]   (default 96 KiB)
// The simulated flash is the same model the power-cut tests use.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <romfs/deploy.hpp>
#include <romfs/deploy/simulated_flash.hpp>
#include <romfs/flash/families.hpp>

#include "deploy_support.hpp"

using namespace romfs::deploy;
using namespace romfs::flash;
using romfs::address_t;

namespace {

// Typical erase and program times per family (datasheet typicals where the
// datasheet gives them; see each line). Time is what the flash is busy;
// read-back from XIP is not counted.
struct timing {
    const char* source;
    double (*erase_ms)(address_t sector_size); // one sector
    double program_us;                         // per `program_bytes` programmed
    double program_bytes;
};

// Winbond W25Q16JV (Raspberry Pi Pico's flash): 4K sector erase 45 ms typ,
// 256-byte page program 0.4 ms typ.
const timing w25q16jv{"W25Q16JV: 4K erase 45 ms, 256 B page 0.4 ms", [](address_t) { return 45.0; }, 400, 256};
// STM32F405/407 datasheet (x32 parallelism): 16K sector 250 ms, 64K 550 ms,
// 128K 1 s typ; 32-bit word program 16 us typ.
const timing stm32f4_t{"STM32F405 DS: 16K/64K/128K erase 250/550/1000 ms, word 16 us",
                       [](address_t s) { return s <= 16384 ? 250.0 : s <= 65536 ? 550.0 : 1000.0; }, 16, 4};
// STM32H743 datasheet: 128K sector erase about 2 s typ (x64), 256-bit flash
// word program about 20 us (approximate typicals).
const timing stm32h7_t{"STM32H743 DS (approx.): 128K erase 2 s, 32 B word 20 us", [](address_t) { return 2000.0; },
                       20, 32};
// nRF52840 product specification: page erase 85 ms, word write 41 us
// (the PS gives these as maxima; no typical is stated).
const timing nrf52_t{"nRF52840 PS: 4K page erase 85 ms, word 41 us (max)", [](address_t) { return 85.0; }, 41, 4};
// Alif Ensemble MRAM: no erase; no public write-time figure, so this
// assumes 1 us per 16-byte line (an estimate, flagged as such).
const timing mram_t{"Alif MRAM (estimate): no erase, 16 B line 1 us", [](address_t) { return 0.0; }, 1, 16};

struct cost {
    std::size_t erases = 0;
    std::size_t programs = 0;
    std::uint64_t bytes = 0;
    double ms = 0;
};

template <class Traits>
cost measure(const simulated_flash<Traits>& f, const timing& t) {
    cost c;
    c.erases = f.erases();
    c.programs = f.programs();
    c.bytes = f.bytes_programmed();
    for (const auto& [start, n] : f.erase_counts()) c.ms += n * t.erase_ms(Traits::sectors.at(start).size);
    c.ms += static_cast<double>(c.bytes) / t.program_bytes * t.program_us / 1000.0;
    return c;
}

// mpremote-style: prepare(len) erases the image's sectors, then 256-byte
// writes front to back, header first.
template <class Traits>
void naive(partition_writer<simulated_flash<Traits>>& w, const std::vector<std::byte>& img) {
    if (!w.prepare(0, static_cast<address_t>(img.size()))) std::abort();
    for (std::size_t at = 0; at < img.size(); at += 256)
        if (!w.write(0, static_cast<address_t>(at),
                     std::span<const std::byte>(img).subspan(at, std::min<std::size_t>(256, img.size() - at))))
            std::abort();
}

template <class Traits>
void bench(const char* name, address_t start, address_t size, std::size_t image_bytes, const timing& t) {
    const auto a = romfs::test::make_image(image_bytes, 1);
    const auto b = romfs::test::make_image(image_bytes, 2);     // every byte differs: full redeploy
    const auto a2 = romfs::test::make_image(image_bytes, 1, 0); // boot.py edited
    if (a.size() > size) {
        std::fprintf(stderr, "%s: image of %zu bytes does not fit %u\n", name, a.size(), size);
        std::exit(1);
    }
    struct scenario {
        const char* what;
        const std::vector<std::byte>* before;
        const std::vector<std::byte>* after;
    };
    const std::vector<std::byte> none;
    for (const scenario& s : {scenario{"first deploy", &none, &a}, scenario{"full redeploy", &a, &b},
                              scenario{"one-file redeploy", &a, &a2}}) {
        auto run = [&](int how) {
            simulated_flash<Traits> f(start, size);
            partition_writer<simulated_flash<Traits>> w(f, {{{start, size}}});
            if (!s.before->empty() && !deploy(w, 0, *s.before)) std::abort();
            f.reset_counters();
            if (how == 0) {
                naive(w, *s.after);
            } else if (!deploy(w, 0, *s.after, {how == 1 ? deploy_mode::full : deploy_mode::differential})) {
                std::abort();
            }
            return measure(f, t);
        };
        const cost n = run(0), full = run(1), diff = run(2);
        auto row = [&](const char* who, const cost& c) {
            std::printf("| %s | %s | %s | %zu | %zu | %" PRIu64 " | %.1f |\n", name, s.what, who, c.erases, c.programs,
                        c.bytes, c.ms);
        };
        row("mpremote-style", n);
        row("romfs safe, full", full);
        row("romfs safe, differential", diff);
    }
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t bytes = argc > 1 ? std::strtoul(argv[1], nullptr, 0) : 96 * 1024;
    std::printf("image about %zu bytes (7 files in 3 directories); program calls of 256 bytes\n\n", bytes);
    std::printf("| flash | case | deploy | erases | programs | bytes programmed | simulated ms |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    bench<rp2040<>>("rp2040 (4K, 256 B)", 0x10080000, 512 * 1024, bytes, w25q16jv);
    bench<stm32f4<1 * MiB>>("stm32f4 (16K/64K/128K, 4 B)", 0x08008000, 224 * 1024, bytes, stm32f4_t);
    bench<stm32h7<>>("stm32h7 (128K, 32 B)", 0x08100000, 512 * 1024, bytes, stm32h7_t);
    bench<nrf52<1 * MiB>>("nrf52 (4K, 4 B)", 0xB0000, 256 * 1024, bytes, nrf52_t);
    bench<alif_mram<>>("alif-mram (none, 16 B)", 0x80400000, 512 * 1024, bytes, mram_t);
    std::printf("\ntimes:\n");
    for (const timing* t : {&w25q16jv, &stm32f4_t, &stm32h7_t, &nrf52_t, &mram_t}) std::printf("- %s\n", t->source);
    return 0;
}
