// `romfs layout check` on every correct board script written in tests/, and
// on each broken variant: exit codes and the problem named.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "run_tool.hpp"
#include "temp_dir.hpp"

using namespace romfs::test;

namespace {

const std::string ld = ROMFS_SOURCE_DIR "/tests/boards/ld/";
const std::string broken = ROMFS_SOURCE_DIR "/tests/boards/broken/";

struct board_case {
    std::vector<std::string> args;
};

} // namespace

TEST_CASE("layout check passes every correct board script", "[cli][layout]") {
    temp_dir t;
    // The preprocessed SAMD script, as the build would pass it.
    const std::vector<board_case> boards = {
        {{"--family", "stm32f72x", "--family", "stm32-qspi", "--flash-size", "512K", "--flash-size", "2M", ld + "pybd_sf2.ld"}},
        {{"--family", "stm32h7", "--family", "stm32-qspi", "--flash-size", "2M", "--flash-size", "16M", ld + "arduino_giga.ld"}},
        {{"--family", "rp2040", "--flash-size", "2M", "--defsym", "__micropy_romfs_bytes__=128K", ld + "rpi_pico.ld"}},
        {{"--family", "esp32", "--flash-size", "4M", ld + "esp32_romfs.csv"}},
        {{"--family", "esp8266", "--flash-size", "2M", ld + "esp8266_2m.ld"}},
        {{"--family", "imxrt-nor", "--flash-size", "2M", ld + "teensy40.ld"}},
        {{"--family", "imxrt-nor", "--flash-size", "16M", "--flash-base", "0x30000000", ld + "mimxrt1170_evk.ld"}},
        {{"--family", "nrf51", "--flash-size", "256K", ld + "microbit.ld"}},
        {{"--family", "nrf52", "--flash-size", "512K", ld + "pca10040.ld"}},
        {{"--family", "nrf52", "--flash-size", "1M", ld + "pca10056.ld"}},
        {{"--family", "nrf52", "--flash-size", "1M", "-L", ld, ld + "pca10059.ld"}},
        {{"--family", "nrf91", "--flash-size", "1M", ld + "pca10090_common.ld", ld + "pca10090.ld"}},
        {{"--family", "renesas-ra4", "--flash-size", "256K", ld + "ek_ra4m1.ld"}},
        {{"--family", "renesas-ra6", "--flash-size", "1M", ld + "ek_ra6m2.ld"}},
        {{"--family", "renesas-ra6", "--flash-size", "2M", ld + "vk_ra6m5.ld"}},
        {{"--family", "renesas-ra6", "--flash-size", "2M", ld + "arduino_portenta_c33.ld"}},
        {{"--family", "alif-mram", "--family", "alif-ospi", "--flash-size", "0x580000", "--flash-size", "32M",
          ld + "alif_ensemble.ld"}},
        {{"--family", "qemu", "--flash-size", "16M", ld + "mps2_an385.ld"}},
    };
    for (const auto& b : boards) {
        std::vector<std::string> args{"layout", "check"};
        args.insert(args.end(), b.args.begin(), b.args.end());
        const auto o = run(t, args);
        INFO(b.args.back() << "\n" << o.out << o.err);
        CHECK(o.code == 0);
        CHECK(o.out.find("no rule broken") != std::string::npos);
    }
    // SAMD: the script needs the preprocessor first.
    const std::string pp = (t / "feather_m0.ld").string();
    REQUIRE(std::system(("cpp -P -undef -DBOOTLOADER_SIZE=0x2000 -DFLASH_SIZE=0x40000 -DROMFS_SIZE=0x3000 "
                         "-DRAM_SIZE=32K " + ld + "samd_memory.ld -o " + pp).c_str()) == 0);
    const auto o = run(t, {"layout", "check", "--family", "samd21", "--flash-size", "256K", pp});
    INFO(o.out << o.err);
    CHECK(o.code == 0);
}

TEST_CASE("layout check reports each broken variant", "[cli][layout]") {
    temp_dir t;
    struct bad {
        std::vector<std::string> args;
        std::string expected;
    };
    const std::vector<bad> cases = {
        {{"--family", "nrf52", "--flash-size", "512K", broken + "romfs_into_fs.ld"},
         "layout rule 'no overlapping regions' broken: FLASH_ROMFS [0x00050000, 0x00071000) overlaps FLASH_USER "
         "[0x00070000, 0x00080000)"},
        {{"--family", "stm32f4", "--flash-size", "1M", broken + "stm32f4_misaligned.ld"},
         "layout rule 'erase-aligned partitions' broken: FLASH_ROMFS [0x08090000, 0x080d0000): start 0x08090000 is "
         "inside a 131072-byte erase sector"},
        {{"--family", "imxrt-hyperflash", "--flash-size", "64M", broken + "hyperflash_small_romfs.ld"},
         "layout rule 'ROMFS at least one erase sector' broken: romfs_part0 [0x60200000, 0x60220000) is 131072 bytes, "
         "smaller than the 262144-byte erase sector at 0x60200000"},
        {{"--family", "esp8266", "--flash-size", "2M", broken + "esp8266_outside_window.ld"},
         "layout rule 'ROMFS inside the mapped window' broken: FLASH_ROMFS [0x402b0000, 0x40310000) ends past the "
         "memory-mapped window, which ends at 0x40300000"},
        {{"--family", "samd51", "--flash-size", "512K", broken + "samd51_past_chip.ld"},
         "layout rule 'regions inside flash' broken: FLASH_ROMFS [0x00070000, 0x00090000) runs past the end of "
         "samd51 (samd51) at 0x00080000"},
        {{"--family", "rp2040", "--flash-size", "2M", "--defsym", "__micropy_romfs_bytes__=0x80000", broken + "rp2040_zero_fs.ld"},
         "layout rule 'no zero-length partition' broken: filesystem region FLASH_FS at 0x10200000 has length 0"},
        {{"--family", "renesas-ra6", "--flash-size", "2M", broken + "firmware_over_bootloader.ld"},
         "layout rule 'firmware clear of the bootloader' broken: firmware FLASH_APP [0x00008000, 0x000c0000) overlaps "
         "bootloader FLASH_BOOT [0x00000000, 0x00010000)"},
        {{"--family", "nrf52", "--flash-size", "512K", broken + "symbols_disagree.ld"},
         "_micropy_hw_romfs_part0_size is 0x00010000 but FLASH_ROMFS says 0x00020000"},
        // ARDUINO_PORTENTA_C33 as first submitted: FLASH at 0 over the 64K
        // FLASH_BOOT. .text goes to FLASH, so FLASH is firmware, not a container.
        {{"--family", "renesas-ra6", "--flash-size", "2M", broken + "portenta_c33_flash_over_boot.ld"},
         "layout rule 'firmware clear of the bootloader' broken: firmware FLASH [0x00000000, 0x000b0000) overlaps "
         "bootloader FLASH_BOOT [0x00000000, 0x00010000)"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args{"layout", "check"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const auto o = run(t, args);
        INFO(c.args.back() << "\n" << o.out << o.err);
        CHECK(o.code == 1);
        CHECK(o.err.find("problem: " + c.expected) != std::string::npos);
    }
    // JSON carries the same problems.
    const auto j = run(t, {"layout", "check", "--json", "--family", "nrf52", "--flash-size", "512K", broken + "romfs_into_fs.ld"});
    CHECK(j.code == 1);
    const auto parsed = nlohmann::json::parse(j.out);
    bool overlap = false;
    for (const auto& p : parsed["problems"]) overlap = overlap || p["rule"] == "no overlapping regions";
    CHECK(overlap);
    CHECK(parsed["valid"] == false);
}

TEST_CASE("layout check: unreadable or unparsable input exits 2", "[cli][layout]") {
    temp_dir t;
    auto o = run(t, {"layout", "check", "--family", "stm32f4", broken + "syntax_error.ld"});
    CHECK(o.code == 2);
    CHECK(o.err.find("syntax_error.ld:3:") != std::string::npos);
    o = run(t, {"layout", "check", "--family", "esp32", "--flash-size", "4M", broken + "bad_table.csv"});
    CHECK(o.code == 2);
    CHECK(o.err.find("bad_table.csv:2:24: app partition offset not 64K-aligned") != std::string::npos);
    o = run(t, {"layout", "check", "--family", "nosuch", ld + "pca10040.ld"});
    CHECK(o.code == 2);
    CHECK(o.err.find("unknown family 'nosuch' (known: stm32f4, stm32f72x") != std::string::npos);
    o = run(t, {"layout", "check", "--family", "nrf52", "missing.ld"});
    CHECK(o.code == 2);
    o = run(t, {"layout", "check", "--family", "nrf52", "--role", "FLASH_TEXT=code", ld + "pca10040.ld"});
    CHECK(o.code == 2);
    o = run(t, {"layout", "check", "--family", "nrf52", "--defsym", "NOVALUE", ld + "pca10040.ld"});
    CHECK(o.code == 2);
    o = run(t, {"layout", "check", "--family", "nrf52", "--flash-base", "0x1000", ld + "pca10040.ld"});
    CHECK(o.code == 2);
    o = run(t, {"layout", "check", ld + "pca10040.ld"});
    CHECK(o.code == 2); // --family is required
    // An INCLUDEd file that is missing.
    t.write("inc.ld", "INCLUDE missing_common.ld\n");
    o = run(t, {"layout", "check", "--family", "nrf52", "inc.ld"});
    CHECK(o.code == 2);
    CHECK(o.err.find("INCLUDE missing_common.ld") != std::string::npos);
}

TEST_CASE("layout check: --role overrides an inferred role", "[cli][layout]") {
    temp_dir t;
    // Declaring FLASH_USER as firmware makes it just another region; marking
    // the text region as the bootloader makes the ROMFS-free layout pass too.
    auto o = run(t, {"layout", "check", "--family", "nrf52", "--flash-size", "512K", "--role", "FLASH_USER=reserved", "--json",
                     ld + "pca10040.ld"});
    CHECK(o.code == 0);
    bool found = false;
    const auto parsed = nlohmann::json::parse(o.out);
    for (const auto& r : parsed["regions"])
        if (r["name"] == "FLASH_USER") found = r["role"] == "reserved";
    CHECK(found);
}

TEST_CASE("layout check: the map, on the terminal and as SVG parsed back", "[cli][layout]") {
    temp_dir t;
    const auto svg = (t / "map.svg").string();
    const auto o = run(t, {"layout", "check", "--family", "nrf52", "--flash-size", "512K", "--svg", svg, ld + "pca10040.ld"});
    INFO(o.out << o.err);
    REQUIRE(o.code == 0);
    CHECK(o.out.find("nrf52 (nrf52) 0x00000000 .. 0x00080000, 512K") != std::string::npos);
    CHECK(o.out.find("|") != std::string::npos);
    std::ifstream in(svg);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(text.rfind("<?xml", 0) == 0);
    CHECK(text.find("</svg>") != std::string::npos);
    // Every region the check lists is a rectangle, at x = 20 + 960 * offset / size.
    std::size_t regions = 0;
    for (std::size_t at = text.find("class=\"region\""); at != std::string::npos;
         at = text.find("class=\"region\"", at + 1)) {
        const auto field = [&](const std::string& name) {
            const auto k = text.find(name + "=\"", at);
            return text.substr(k + name.size() + 2, text.find('"', k + name.size() + 2) - k - name.size() - 2);
        };
        const double origin = std::stod(field("data-origin")), length = std::stod(field("data-length"));
        CHECK(std::stod(field("x")) == Approx(20 + 960 * origin / 0x80000).margin(0.01));
        CHECK(std::stod(field("width")) == Approx(960 * length / 0x80000).margin(0.01));
        CHECK(o.out.find(field("data-name")) != std::string::npos);
        ++regions;
    }
    CHECK(regions == 3);
    // A problem is marked on the map and in red in the SVG.
    const auto bad = run(t, {"layout", "check", "--family", "nrf52", "--flash-size", "512K", "--svg", svg,
                             broken + "romfs_into_fs.ld"});
    CHECK(bad.code == 1);
    CHECK(bad.out.find("<- problem") != std::string::npos);
    std::ifstream in2(svg);
    const std::string text2((std::istreambuf_iterator<char>(in2)), std::istreambuf_iterator<char>());
    CHECK(text2.find("stroke=\"#d32f2f\"") != std::string::npos);
}

TEST_CASE("layout check: no silent pass", "[cli][layout]") {
    temp_dir t;
    t.write("empty.ld", "");
    auto o = run(t, {"layout", "check", "--family", "nrf52", "--flash-size", "1M", "empty.ld"});
    CHECK(o.code == 1);
    CHECK(o.err.find("no ROM partition found") != std::string::npos);
    o = run(t, {"layout", "check", "--family", "nrf52", "--flash-size", "1M", "--no-romfs-ok", "empty.ld"});
    CHECK(o.code == 0);
    // A family whose chips differ, and nothing in the link that says which.
    o = run(t, {"layout", "check", "--family", "nrf52", "empty.ld"});
    CHECK(o.code == 2);
    CHECK(o.err.find("romfs: layout check: nrf52 chips differ in size: give --flash-size 512K or 1M") != std::string::npos);
    // INCLUDE is found through -L, and the error says where it looked.
    t.write("main.ld", "INCLUDE sub/part.ld\n");
    o = run(t, {"layout", "check", "--family", "nrf52", "--flash-size", "1M", "--no-romfs-ok", "main.ld", "-L", "nowhere"});
    CHECK(o.code == 2);
    CHECK(o.err.find("INCLUDE sub/part.ld: no such file (searched the current directory, nowhere)") != std::string::npos);
}
