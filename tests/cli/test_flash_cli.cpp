// romfs flash-image, romfs deploy --flash-dump and romfs build --hash, run
// as processes. UF2 and Intel HEX outputs are parsed back here (and by
// srecord's srec_cat when it is installed) and compared byte for byte.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <romfs/romfs.hpp>

#include "run_tool.hpp"
#include "temp_dir.hpp"

using namespace romfs::test;

namespace {

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::uint32_t le32(const std::vector<std::uint8_t>& b, std::size_t at) {
    return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (std::uint32_t{b[at + 3]} << 24);
}

// A UF2 file as address -> byte, after checking every block's framing.
std::map<std::uint32_t, std::uint8_t> parse_uf2(const std::vector<std::uint8_t>& f, std::uint32_t family) {
    std::map<std::uint32_t, std::uint8_t> mem;
    REQUIRE(f.size() % 512 == 0);
    const std::size_t blocks = f.size() / 512;
    for (std::size_t i = 0; i < blocks; ++i) {
        const std::size_t at = i * 512;
        CHECK(le32(f, at) == 0x0A324655u);
        CHECK(le32(f, at + 4) == 0x9E5D5157u);
        CHECK(le32(f, at + 8) == 0x2000u);
        const std::uint32_t addr = le32(f, at + 12);
        const std::uint32_t size = le32(f, at + 16);
        CHECK(le32(f, at + 20) == i);
        CHECK(le32(f, at + 24) == blocks);
        CHECK(le32(f, at + 28) == family);
        CHECK(le32(f, at + 508) == 0x0AB16F30u);
        REQUIRE(size <= 476);
        for (std::uint32_t k = 0; k < size; ++k) {
            CHECK(mem.count(addr + k) == 0);
            mem[addr + k] = f[at + 32 + k];
        }
    }
    return mem;
}

// Intel HEX as address -> byte, checking every checksum.
std::map<std::uint32_t, std::uint8_t> parse_hex(const std::string& text) {
    std::map<std::uint32_t, std::uint8_t> mem;
    std::uint32_t upper = 0;
    bool eof = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = text.find('\n', pos);
        const std::string line = text.substr(pos, end - pos);
        pos = end == std::string::npos ? text.size() : end + 1;
        if (line.empty()) continue;
        REQUIRE(line[0] == ':');
        CHECK_FALSE(eof);
        const auto n = static_cast<std::uint8_t>(std::stoul(line.substr(1, 2), nullptr, 16));
        REQUIRE(line.size() == 11 + 2 * std::size_t{n});
        std::uint8_t sum = 0;
        for (std::size_t i = 1; i + 1 < line.size(); i += 2)
            sum = static_cast<std::uint8_t>(sum + std::stoul(line.substr(i, 2), nullptr, 16));
        CHECK(sum == 0);
        const std::uint16_t offset = static_cast<std::uint16_t>(std::stoul(line.substr(3, 4), nullptr, 16));
        const std::uint8_t type = static_cast<std::uint8_t>(std::stoul(line.substr(7, 2), nullptr, 16));
        std::vector<std::uint8_t> data;
        for (std::size_t i = 0; i < n; ++i) data.push_back(static_cast<std::uint8_t>(std::stoul(line.substr(9 + 2 * i, 2), nullptr, 16)));
        if (type == 0x04) {
            REQUIRE(n == 2);
            upper = (std::uint32_t{data[0]} << 24) | (std::uint32_t{data[1]} << 16);
        } else if (type == 0x00) {
            for (std::size_t i = 0; i < n; ++i) {
                CHECK(mem.count(upper + offset + i) == 0);
                mem[static_cast<std::uint32_t>(upper + offset + i)] = data[i];
            }
        } else if (type == 0x01) {
            eof = true;
        } else {
            FAIL("unexpected record type " << int(type));
        }
    }
    CHECK(eof);
    return mem;
}

// An app tree and its image, built by the tool.
std::vector<std::uint8_t> make_app(const temp_dir& t, const std::string& name, std::size_t big = 3000,
                                   const std::string& main = "print('main')\n", bool hash = false) {
    t.write(name + "/boot.py", "# boot\n");
    t.write(name + "/main.py", main);
    t.write(name + "/lib/data.bin", std::string(big, 'd'));
    std::vector<std::string> args = {"build", name, "-o", name + ".romfs", "-q", "--no-mpy-cross"};
    if (hash) args.push_back("--hash");
    const auto o = run(t, args);
    INFO(o.err);
    REQUIRE(o.code == 0);
    return read_bytes(t / (name + ".romfs"));
}

void check_image_at(const std::map<std::uint32_t, std::uint8_t>& mem, const std::vector<std::uint8_t>& img,
                    std::uint32_t address) {
    for (std::size_t i = 0; i < img.size(); ++i) {
        const auto it = mem.find(static_cast<std::uint32_t>(address + i));
        REQUIRE(it != mem.end());
        if (it->second != img[i]) FAIL("byte " << i << " differs");
    }
    CHECK(mem.begin()->first == address);
}

} // namespace

TEST_CASE("flash-image: UF2 at the board's ROMFS address with its family ID", "[cli][flash]") {
    temp_dir t;
    const auto img = make_app(t, "app", 3001);
    REQUIRE(img.size() % 256 != 0);  // so the last block shows its padding
    struct want {
        const char* board;
        std::uint32_t address;
        std::uint32_t family;
    };
    for (const want& w : {want{"PCA10056", 0xB0000, 0xada52840}, want{"RPI_PICO", 0x10080000, 0xe48bff56},
                          want{"ADAFRUIT_FEATHER_M0_EXPRESS", 0x3D000, 0x68ed2b88},
                          want{"ADAFRUIT_FEATHER_M4_EXPRESS", 0x70000, 0x55114460},
                          want{"PCA10040", 0x50000, 0x1b57745f}, want{"ARDUINO_GIGA", 0x90B00000, 0x6db66082},
                          want{"ESP32_GENERIC", 0x1E0000, 0x1c5f21b0}}) {
        INFO(w.board);
        const auto o = run(t, {"flash-image", "app.romfs", "--board", w.board, "-o", "out.uf2"});
        INFO(o.err);
        REQUIRE(o.code == 0);
        const auto mem = parse_uf2(read_bytes(t / "out.uf2"), w.family);
        check_image_at(mem, img, w.address);
        CHECK(mem.size() == (img.size() + 255) / 256 * 256);
        CHECK(mem.rbegin()->second == 0xff);  // the last block is padded with erased bytes
    }
    // By family and address: STM32F4 and RP2350.
    auto o = run(t, {"flash-image", "app.romfs", "--family", "stm32f4", "--address", "0x08020000", "-o", "f4.uf2"});
    REQUIRE(o.code == 0);
    check_image_at(parse_uf2(read_bytes(t / "f4.uf2"), 0x57755a57), img, 0x08020000);
    o = run(t, {"flash-image", "app.romfs", "--family", "rp2350", "--address", "0x10100000", "-o", "p2.uf2"});
    REQUIRE(o.code == 0);
    check_image_at(parse_uf2(read_bytes(t / "p2.uf2"), 0xe48bff57), img, 0x10100000);
    o = run(t, {"flash-image", "app.romfs", "--family", "stm32h7", "--address", "0x08100000", "-o", "h7.uf2"});
    REQUIRE(o.code == 0);
    check_image_at(parse_uf2(read_bytes(t / "h7.uf2"), 0x6db66082), img, 0x08100000);
    // An explicit family ID wins.
    o = run(t, {"flash-image", "app.romfs", "--board", "MICROBIT", "--uf2-family", "0x12345678", "-o", "mb.uf2"});
    REQUIRE(o.code == 0);
    check_image_at(parse_uf2(read_bytes(t / "mb.uf2"), 0x12345678), img, 0x2D000);
}

TEST_CASE("flash-image: Intel HEX across a 64K boundary, read back here and by srec_cat", "[cli][flash]") {
    temp_dir t;
    const auto img = make_app(t, "app", 70000);  // bigger than 64K: two extended address records
    const auto o = run(t, {"flash-image", "app.romfs", "--board", "PCA10056", "-o", "app.hex"});
    INFO(o.err);
    REQUIRE(o.code == 0);
    const auto text = read_text(t / "app.hex");
    const auto mem = parse_hex(text);
    CHECK(mem.size() == img.size());
    check_image_at(mem, img, 0xB0000);
    CHECK(text.find(":02000004000B") != std::string::npos);
    CHECK(text.find(":02000004000C") != std::string::npos);
    CHECK(text.substr(text.size() - 12) == ":00000001FF\n");

    if (std::system("command -v srec_cat > /dev/null 2>&1") != 0) {
        WARN("srec_cat (Debian package srecord) is not installed: skipped the independent HEX reader");
        return;
    }
    const std::string cmd = "cd " + quote(t.path().string()) +
                            " && srec_cat app.hex -intel -offset -0xB0000 -o back.bin -binary 2> srec.err";
    REQUIRE(std::system(cmd.c_str()) == 0);
    CHECK(read_bytes(t / "back.bin") == img);
}

TEST_CASE("flash-image: a raw binary padded to whole erase sectors", "[cli][flash]") {
    temp_dir t;
    const auto img = make_app(t, "app", 5000);
    // SAMD51: 8K blocks.
    auto o = run(t, {"flash-image", "app.romfs", "--board", "ADAFRUIT_FEATHER_M4_EXPRESS", "-o", "a.bin"});
    REQUIRE(o.code == 0);
    auto bin = read_bytes(t / "a.bin");
    CHECK(bin.size() == 8192);
    CHECK(std::equal(img.begin(), img.end(), bin.begin()));
    CHECK(std::all_of(bin.begin() + static_cast<std::ptrdiff_t>(img.size()), bin.end(), [](auto b) { return b == 0xff; }));
    // STM32F4 at 0x08008000: the 16K sector there.
    o = run(t, {"flash-image", "app.romfs", "--family", "stm32f4", "--address", "0x08008000", "--format", "bin", "-o",
                "f4.img"});
    REQUIRE(o.code == 0);
    CHECK(read_bytes(t / "f4.img").size() == 16384);
    // Alif MRAM needs no erase: no padding.
    o = run(t, {"flash-image", "app.romfs", "--board", "ALIF_ENSEMBLE", "--partition", "1", "-o", "m.bin"});
    INFO(o.err);
    REQUIRE(o.code == 0);
    CHECK(read_bytes(t / "m.bin") == img);
}

TEST_CASE("flash-image: refuses what does not fit, and bad arguments, writing nothing", "[cli][flash][errors]") {
    temp_dir t;
    make_app(t, "big", 20000);  // MICROBIT's ROMFS is 12K
    t.write("junk.bin", "not an image at all");
    struct bad {
        std::vector<std::string> args;
        int code;
        const char* says;
    };
    const std::vector<bad> cases = {
        {{"big.romfs", "--board", "MICROBIT", "-o", "x.hex"}, 1, "holds 12288"},
        {{"junk.bin", "--board", "PCA10056", "-o", "x.hex"}, 1, "not a ROMFS image"},
        {{"missing.romfs", "--board", "PCA10056", "-o", "x.hex"}, 2, "missing.romfs"},
        {{"big.romfs", "--board", "NOSUCH", "-o", "x.hex"}, 2, "unknown board 'NOSUCH'"},
        {{"big.romfs", "--board", "PCA10056", "--family", "nrf52", "-o", "x.hex"}, 2, "not both"},
        {{"big.romfs", "-o", "x.hex"}, 2, "--board NAME"},
        {{"big.romfs", "--board", "PCA10056", "-o", "x.srec"}, 2, "cannot tell the format"},
        {{"big.romfs", "--board", "PCA10056", "--format", "elf", "-o", "x.hex"}, 2, "expected uf2, hex or bin"},
        {{"big.romfs", "--board", "MICROBIT", "-o", "x.uf2"}, 2, "no UF2 family ID"},
        {{"big.romfs", "--board", "PCA10056", "--partition", "1", "-o", "x.hex"}, 2, "no ROMFS partition 1"},
        {{"big.romfs", "--family", "stm32f4", "--address", "0x08005000", "-o", "x.hex"}, 2, "erase-sector boundaries"},
        {{"big.romfs", "--family", "stm32f4", "--address", "0x09000000", "-o", "x.hex"}, 2, "is not on stm32f4 flash"},
        {{"big.romfs", "--family", "pic32", "--address", "0x0", "-o", "x.hex"}, 2, "unknown family 'pic32'"},
        {{"big.romfs", "--family", "stm32f4", "--address", "zz", "-o", "x.hex"}, 2, "--address zz"},
        {{"big.romfs", "--board", "PCA10056", "--uf2-family", "0x1ffffffff", "-o", "x.uf2"}, 2, "32-bit ID"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = {"flash-image"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const auto o = run(t, args);
        INFO(c.args[0] << " " << c.args[1] << " " << c.args[2] << ": " << o.err);
        CHECK(o.code == c.code);
        CHECK(o.err.find(c.says) != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(t / "x.hex"));
        CHECK_FALSE(std::filesystem::exists(t / "x.uf2"));
    }
    // Nothing half-written was left behind either.
    for (const auto& name : listing(t.path())) CHECK(name.find(".tmp-") == std::string::npos);
}

TEST_CASE("deploy --flash-dump: the device's safe, differential deploy on a whole-flash dump", "[cli][deploy]") {
    temp_dir t;
    const auto a = make_app(t, "a", 20000, "print('one')\n");
    const auto b = make_app(t, "b", 20000, "print('two')\n");  // same size, main.py differs
    // A new dump: the whole 1 MiB of a PCA10056, erased, with the image at 0xB0000.
    auto o = run(t, {"deploy", "a.romfs", "--flash-dump", "flash.bin", "--board", "PCA10056"});
    INFO(o.err);
    REQUIRE(o.code == 0);
    CHECK(o.out.find("(new, erased)") != std::string::npos);
    auto dump = read_bytes(t / "flash.bin");
    REQUIRE(dump.size() == 1024 * 1024);
    CHECK(std::equal(a.begin(), a.end(), dump.begin() + 0xB0000));
    CHECK(dump[0xAFFFF] == 0xff);
    const auto sectors = (a.size() + 4095) / 4096;
    CHECK(o.out.find(std::to_string(sectors) + " sectors erased") != std::string::npos);
    // The same image again: nothing to do.
    o = run(t, {"deploy", "a.romfs", "--flash-dump", "flash.bin", "--board", "PCA10056"});
    REQUIRE(o.code == 0);
    CHECK(o.out.find("0 sectors erased, 0 written, " + std::to_string(sectors) + " unchanged") != std::string::npos);
    // One file changed: only the header's sector and main.py's.
    o = run(t, {"deploy", "b.romfs", "--flash-dump", "flash.bin", "--board", "PCA10056"});
    REQUIRE(o.code == 0);
    INFO(o.out);
    // The header's sector and the last one, where main.py sits (after lib/).
    CHECK(o.out.find("2 sectors erased, 2 written, " + std::to_string(sectors - 2) + " unchanged") != std::string::npos);
    dump = read_bytes(t / "flash.bin");
    CHECK(std::equal(b.begin(), b.end(), dump.begin() + 0xB0000));
    // --full rewrites them all.
    o = run(t, {"deploy", "a.romfs", "--flash-dump", "flash.bin", "--board", "PCA10056", "--full"});
    REQUIRE(o.code == 0);
    CHECK(o.out.find(std::to_string(sectors) + " sectors erased") != std::string::npos);
    // Bytes outside the partition are never touched.
    auto before = read_bytes(t / "flash.bin");
    before[0x1234] = 0x42;
    {
        std::ofstream out(t / "flash.bin", std::ios::binary);
        out.write(reinterpret_cast<const char*>(before.data()), static_cast<std::streamsize>(before.size()));
    }
    o = run(t, {"deploy", "b.romfs", "--flash-dump", "flash.bin", "--board", "PCA10056"});
    REQUIRE(o.code == 0);
    dump = read_bytes(t / "flash.bin");
    CHECK(dump[0x1234] == 0x42);
    CHECK(std::equal(dump.begin() + 0xB0000 + static_cast<std::ptrdiff_t>(b.size()), dump.end(),
                     before.begin() + 0xB0000 + static_cast<std::ptrdiff_t>(b.size())));
    // Family and address instead of a board (ESP32 flash offsets).
    o = run(t, {"deploy", "a.romfs", "--flash-dump", "esp.bin", "--family", "esp32", "--address", "0x1E0000", "--size",
                "0x20000"});
    INFO(o.err);
    REQUIRE(o.code == 0);
    dump = read_bytes(t / "esp.bin");
    CHECK(dump.size() == 4 * 1024 * 1024);
    CHECK(std::equal(a.begin(), a.end(), dump.begin() + 0x1E0000));
}

TEST_CASE("deploy --flash-dump: errors leave the dump as it was", "[cli][deploy][errors]") {
    temp_dir t;
    make_app(t, "a", 20000);
    make_app(t, "huge", 300000);
    t.write("short.bin", std::string(0x1000, '\xff'));
    auto o = run(t, {"deploy", "a.romfs", "--flash-dump", "short.bin", "--board", "PCA10056"});
    CHECK(o.code == 2);
    CHECK(o.err.find("too short") != std::string::npos);
    CHECK(read_bytes(t / "short.bin").size() == 0x1000);
    REQUIRE(run(t, {"deploy", "a.romfs", "--flash-dump", "f.bin", "--board", "PCA10056"}).code == 0);
    const auto before = read_bytes(t / "f.bin");
    o = run(t, {"deploy", "huge.romfs", "--flash-dump", "f.bin", "--board", "PCA10056"});
    CHECK(o.code == 1);
    CHECK(o.err.find("holds 262144") != std::string::npos);
    CHECK(read_bytes(t / "f.bin") == before);
    o = run(t, {"deploy", "a.romfs", "--board", "PCA10056"});
    CHECK(o.code == 2);
    o = run(t, {"deploy", "a.romfs", "--flash-dump", "g.bin", "--board", "NOPE"});
    CHECK(o.code == 2);
    CHECK_FALSE(std::filesystem::exists(t / "g.bin"));
}

TEST_CASE("build --hash: verify and info check the integrity record", "[cli][integrity]") {
    temp_dir t;
    auto img = make_app(t, "app", 3000, "print('main')\n", true);
    auto o = run(t, {"verify", "app.romfs"});
    REQUIRE(o.code == 0);
    CHECK(o.out.find("integrity hash matches") != std::string::npos);
    o = run(t, {"info", "app.romfs"});
    CHECK(o.out.find("integrity:      sha256, matches") != std::string::npos);
    // The same tree without --hash lists identically.
    const auto plain = make_app(t, "plain", 3000);
    (void)plain;
    const auto with = run(t, {"ls", "-R", "app.romfs"});
    const auto without = run(t, {"ls", "-R", "plain.romfs"});
    CHECK(with.out == without.out);
    // A flipped byte of file data: verify names the hash.
    img[img.size() / 2] ^= 0x01;
    {
        std::ofstream out(t / "bad.romfs", std::ios::binary);
        out.write(reinterpret_cast<const char*>(img.data()), static_cast<std::streamsize>(img.size()));
    }
    o = run(t, {"verify", "bad.romfs"});
    CHECK(o.code == 1);
    CHECK(o.err.find("integrity hash") != std::string::npos);
    o = run(t, {"info", "bad.romfs"});
    CHECK(o.out.find("integrity:      present, does not match") != std::string::npos);
    // The content is invalid: exit 1, in both forms, with the problem said.
    CHECK(o.code == 1);
    CHECK(o.err.find("romfs: bad.romfs: invalid: ") != std::string::npos);
    o = run(t, {"info", "--json", "bad.romfs"});
    CHECK(o.code == 1);
    CHECK(o.out.find("\"valid\": false") != std::string::npos);
}

TEST_CASE("flash-image --firmware: one file holding firmware and image; firmware in the partition refused",
          "[cli][flash][firmware]") {
    temp_dir t;
    const auto img = make_app(t, "app", 3001);
    // PCA10056: flash from 0, FLASH_ROMFS at 0xB0000. Firmware as raw
    // binary (at the flash's first address) and as Intel HEX with two
    // records blocks and a checksum each.
    std::string fw_bin;
    for (int i = 0; i < 1000; ++i) fw_bin += static_cast<char>(i * 7);
    t.write("fw.bin", fw_bin);
    const auto bin = run(t, {"flash-image", "app.romfs", "--board", "PCA10056", "--firmware", "fw.bin", "-o", "all.hex"});
    INFO(bin.err);
    REQUIRE(bin.code == 0);
    CHECK(bin.out.find("with 1000 bytes of firmware") != std::string::npos);
    const auto mem = parse_hex([&] {
        const auto b = read_bytes(t / "all.hex");
        return std::string(b.begin(), b.end());
    }());
    for (std::uint32_t i = 0; i < 1000; ++i) REQUIRE(mem.at(i) == static_cast<std::uint8_t>(i * 7));
    for (std::size_t i = 0; i < img.size(); ++i) REQUIRE(mem.at(0xB0000 + static_cast<std::uint32_t>(i)) == img[i]);
    CHECK(mem.size() == 1000 + img.size());

    // The HEX written above, read back as firmware: refused, since it
    // holds bytes inside the ROM partition.
    const auto again = run(t, {"flash-image", "app.romfs", "--board", "PCA10056", "--firmware", "all.hex", "-o", "x.hex"});
    CHECK(again.code == 1);
    CHECK(again.err.find("lie inside") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(t / "x.hex"));

    // A HEX firmware (extended linear address 0x0001 -> 0x10000) into UF2:
    // both in one file, each at its address.
    t.write("fw.hex", ":020000040001F9\n:0400000001020304F2\n:00000001FF\n");
    const auto uf2 = run(t, {"flash-image", "app.romfs", "--board", "PCA10056", "--firmware", "fw.hex", "-o", "all.uf2",
                             "--uf2-family", "0xADA52840"});
    INFO(uf2.err);
    REQUIRE(uf2.code == 0);
    const auto m2 = parse_uf2(read_bytes(t / "all.uf2"), 0xADA52840u);
    for (std::uint32_t i = 0; i < 4; ++i) CHECK(m2.at(0x10000 + i) == i + 1);
    CHECK(m2.at(0x10004) == 0xff); // the rest of its page, erased
    for (std::size_t i = 0; i < img.size(); ++i) REQUIRE(m2.at(0xB0000 + static_cast<std::uint32_t>(i)) == img[i]);

    // A flat binary from the firmware's first byte to the image's last sector.
    const auto flat = run(t, {"flash-image", "app.romfs", "--board", "PCA10056", "--firmware", "fw.hex", "-o", "all.bin"});
    REQUIRE(flat.code == 0);
    const auto b = read_bytes(t / "all.bin");
    CHECK(b.size() == 0xB0000 - 0x10000 + 4096);
    CHECK(b[0] == 1);
    CHECK(b[4] == 0xff);
    CHECK(std::equal(img.begin(), img.end(), b.begin() + (0xB0000 - 0x10000)));

    // Malformed firmware: exit 2 with the line, nothing written.
    t.write("bad.hex", ":020000040001F9\n:0400000001020304F3\n:00000001FF\n");
    t.write("noend.hex", ":0400000001020304F2\n");
    t.write("fw.txt", "hello");
    for (const auto& [file, says] : std::vector<std::pair<std::string, std::string>>{
             {"bad.hex", "bad.hex:2: not Intel HEX: checksum mismatch"},
             {"noend.hex", "no end-of-file record"},
             {"fw.txt", "not an ELF file"},
             {"missing.elf", "missing.elf"}}) {
        const auto o = run(t, {"flash-image", "app.romfs", "--board", "PCA10056", "--firmware", file, "-o", "y.hex"});
        INFO(file << ": " << o.err);
        CHECK(o.code == 2);
        CHECK(o.err.find(says) != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(t / "y.hex"));
    }
}
