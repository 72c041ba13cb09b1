// The builder: golden images worked out by hand from the spec, round trips
// through the reader on generated trees, and every option.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include <romfs/builder/builder.hpp>
#include "io.hpp"   // tools/romfs: the tool's host I/O (copy_into)
#include "scan.hpp" // tools/romfs: the directory scan
#include <romfs/romfs.hpp>

#include "image_writer.hpp"
#include "temp_dir.hpp"

using namespace romfs::builder;
using romfs::tool::scan;
using romfs::tool::scan_options;
using romfs::test::bytes;
using romfs::test::raw;
using romfs::test::temp_dir;

namespace {

bytes build_ok(const node& root, const options& opts = {}) {
    auto out = build_to_memory(root, opts);
    INFO(out.error().message);
    REQUIRE(out);
    return *std::move(out);
}

bytes build_dir(const std::filesystem::path& dir, const options& opts = {}, const scan_options& scan_opts = {}) {
    const auto root = scan(dir, scan_opts);
    INFO(root.error().message);
    REQUIRE(root);
    return build_ok(*root, opts);
}

std::string scan_error(const std::filesystem::path& dir, const scan_options& opts = {}) {
    const auto root = scan(dir, opts);
    if (root) return "";
    return root.error().message;
}

bytes text(std::string_view s) { return romfs::test::str(s); }

// Every entry of `dir` (host) equals the image directory at `path`: same
// names in byte order, same types, same bytes.
void compare_tree(const romfs::image& img, const std::filesystem::path& dir, const std::string& path) {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    const auto d = img.open_directory(path);
    REQUIRE(d.has_value());
    std::size_t i = 0;
    for (const auto& e : *d) {
        REQUIRE(e.has_value());
        REQUIRE(i < names.size());
        CHECK(e->name() == names[i]);
        const auto host = dir / names[i];
        const std::string child = path + "/" + names[i];
        if (std::filesystem::is_directory(host)) {
            CHECK(e->is_directory());
            compare_tree(img, host, child);
        } else {
            REQUIRE(e->is_file());
            CHECK(std::string(e->as_file()->view()) == romfs::test::read_text(host));
        }
        ++i;
    }
    CHECK(i == names.size());
}

void round_trip(const temp_dir& t, const options& opts = {}) {
    const auto b = build_dir(t.path(), opts);
    const auto img = romfs::image::open(b);
    REQUIRE(img.has_value());
    CHECK(romfs::verify<64>(*img).has_value());
    CHECK(b.size() % 2 == 0);
    compare_tree(*img, t.path(), "");
}

} // namespace

TEST_CASE("golden: the empty tree is d2 cd 31 00", "[build][golden]") {
    CHECK(build_ok(directory("")) == raw({0xd2, 0xcd, 0x31, 0x00}));
}

TEST_CASE("golden: one file, odd total padded with 0x80 in the length", "[build][golden]") {
    // file "a" = "x": 05 05 | 01 'a' | 02 01 'x'  -> 7 bytes; 3 + 1 + 7 = 11 is odd.
    CHECK(build_ok(directory("", {memory_file("a", "x")})) ==
          raw({0xd2, 0xcd, 0x31, 0x80, 0x07, 0x05, 0x05, 0x01, 'a', 0x02, 0x01, 'x'}));
}

TEST_CASE("golden: nested directory, empty file, sorted entries", "[build][golden]") {
    // Entries must already be in order; sort_tree gives mpremote's byte order.
    node root = directory("", {directory("d", {memory_file("f", "hi")}), memory_file("b", "")});
    sort_tree(root);
    // b: 05 04 01 'b' 02 00 (6); d: 04 0a 01 'd' [05 06 01 'f' 02 02 'h' 'i'] (12); payload 18.
    CHECK(build_ok(root) == raw({0xd2, 0xcd, 0x31, 0x12,                                  //
                                 0x05, 0x04, 0x01, 'b', 0x02, 0x00,                        //
                                 0x04, 0x0a, 0x01, 'd',                                    //
                                 0x05, 0x06, 0x01, 'f', 0x02, 0x02, 'h', 'i'}));
}

TEST_CASE("golden: 128-byte file needs a two-byte length", "[build][golden]") {
    const std::string data(128, 'z');
    // 05 | len(1+1+1+2+128 = 133 -> 81 05) | 01 'a' | 02 81 00 | data; 3+1+3+133 = 140 even.
    bytes expected = raw({0xd2, 0xcd, 0x31, 0x81, 0x08, 0x05, 0x81, 0x05, 0x01, 'a', 0x02, 0x81, 0x00});
    const auto z = text(data);
    expected.insert(expected.end(), z.begin(), z.end());
    // 3 + 2 (length 136 = 81 08) + 136 = 141: odd, so the length gets a 0x80.
    expected.insert(expected.begin() + 3, std::byte{0x80});
    CHECK(build_ok(directory("", {memory_file("a", data)})) == expected);
}

TEST_CASE("golden: alignment by a padding record and by a padded data length", "[build][golden][align]") {
    options four;
    four.align.push_back({4, ""});
    // "a" = "x" at payload 4: name ends at 8, data would start at 10; a 2-byte
    // padding record (01 00) moves it to 12. 13 bytes total is odd: 3-byte
    // padding record at the end of the root.
    CHECK(build_ok(directory("", {memory_file("a", "x")}), four) ==
          raw({0xd2, 0xcd, 0x31, 0x0c, 0x05, 0x07, 0x01, 'a', 0x01, 0x00, 0x02, 0x01, 'x', 0x01, 0x01, 0x00}));
    // "ab": data would start at 11; one byte short of 12, so the data length
    // varuint gets one 0x80 instead.
    CHECK(build_ok(directory("", {memory_file("ab", "x")}), four) ==
          raw({0xd2, 0xcd, 0x31, 0x0c, 0x05, 0x07, 0x02, 'a', 'b', 0x02, 0x80, 0x01, 'x', 0x01, 0x01, 0x00}));
}

TEST_CASE("golden: deduplication through an indirect record", "[build][golden][dedup]") {
    options dedup;
    dedup.deduplicate = true;
    // a: 05 0c 01 'a' 02 08 "12345678" -> data at 10, i.e. payload offset 6.
    // b: 05 06 01 'b' 03 02 08 06.
    bytes expected = raw({0xd2, 0xcd, 0x31, 0x16, 0x05, 0x0c, 0x01, 'a', 0x02, 0x08});
    const auto d = text("12345678");
    expected.insert(expected.end(), d.begin(), d.end());
    const auto b = raw({0x05, 0x06, 0x01, 'b', 0x03, 0x02, 0x08, 0x06});
    expected.insert(expected.end(), b.begin(), b.end());
    CHECK(build_ok(directory("", {memory_file("a", "12345678"), memory_file("b", "12345678")}), dedup) == expected);
}

TEST_CASE("round trip: empty directory, empty file, sizes around varuint edges", "[build][roundtrip]") {
    temp_dir t;
    t.mkdir("empty");
    t.write("zero", "");
    for (std::size_t n : {127u, 128u, 16383u, 16384u, 200u * 1024u}) {
        std::string data(n, '\0');
        for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<char>((i * 131 + n) & 0xff);
        t.write("sizes/f" + std::to_string(n), data);
    }
    round_trip(t);
}

TEST_CASE("round trip: nested directories 24 deep", "[build][roundtrip]") {
    temp_dir t;
    std::string path;
    for (int i = 0; i < 24; ++i) path += "level" + std::to_string(i) + "/";
    t.write(path + "leaf.py", "deep = True\n");
    round_trip(t);
    const auto b = build_dir(t.path());
    const auto f = romfs::image::open(b)->open_file(path + "leaf.py");
    REQUIRE(f.has_value());
    CHECK(f->view() == "deep = True\n");
}

TEST_CASE("round trip: names of 127, 128 and 200 bytes, and UTF-8 names", "[build][roundtrip]") {
    temp_dir t;
    t.write(std::string(127, 'a'), "127");
    t.write(std::string(128, 'b'), "128");
    t.write(std::string(200, 'c'), "200");
    t.write("données/naïve-ü.py", "x = 'ü'\n");
    t.write("日本語.txt", "text");
    round_trip(t);
}

TEST_CASE("round trip: padded and unpadded filesystem length", "[build][roundtrip]") {
    for (std::string_view data : {"x", "xy"}) {
        temp_dir t;
        t.write("a", data);
        const auto b = build_dir(t.path());
        CHECK(b.size() % 2 == 0);
        // "x" -> 11 bytes before padding: the length varuint gets a 0x80.
        CHECK((b[3] == std::byte{0x80}) == (data.size() == 1));
        round_trip(t);
    }
}

TEST_CASE("round trip with alignment and deduplication on a real tree", "[build][roundtrip]") {
    temp_dir t;
    t.write("main.py", "print('main')\n");
    t.write("lib/a.mpy", std::string(300, 'M'));
    t.write("lib/b.mpy", std::string(300, 'M'));
    t.write("data/blob.bin", std::string(5000, 'B'));
    t.write("data/copy.bin", std::string(5000, 'B'));
    options opts;
    opts.align = {{64, "*.mpy"}, {16, "data/**"}, {4, ""}};
    opts.deduplicate = true;
    round_trip(t, opts);
    const auto b = build_dir(t.path(), opts);
    const auto img = *romfs::image::open(b);
    CHECK(img.open_file("lib/a.mpy")->alignment() >= 64);
    CHECK(img.open_file("lib/b.mpy")->offset() == img.open_file("lib/a.mpy")->offset());
    CHECK(img.open_file("data/blob.bin")->alignment() >= 16);
    CHECK(img.open_file("main.py")->alignment() >= 4);
    CHECK(b.size() < build_dir(t.path()).size() + 5000); // the copy is not stored twice
}

TEST_CASE("alignment rules: first match wins, name or path globs", "[build][align]") {
    node root = directory("", {directory("lib", {memory_file("x.mpy", "m"), memory_file("y.py", "p")}),
                               memory_file("z.mpy", "m2")});
    options opts;
    opts.align = {{256, "lib/*.mpy"}, {32, "*.mpy"}, {8, ""}};
    const auto b = build_ok(root, opts);
    const auto img = *romfs::image::open(b);
    CHECK(img.open_file("lib/x.mpy")->offset() % 256 == 0);
    CHECK(img.open_file("z.mpy")->offset() % 32 == 0);
    CHECK(img.open_file("lib/y.py")->offset() % 8 == 0);
    CHECK(romfs::verify(img).has_value());
    options bad;
    bad.align = {{3, ""}};
    const auto out = build_to_memory(root, bad);
    CHECK(out.code() == errc::invalid_option);
    CHECK(out.error().message.find("power of two") != std::string::npos);
}

TEST_CASE("alignment with every padding size stays valid and aligned", "[build][align]") {
    // Names of growing length move the data through every residue.
    for (std::uint32_t a : {2u, 4u, 8u, 256u, 4096u}) {
        node root = directory("");
        for (int n = 1; n <= 20; ++n)
            root.children.push_back(memory_file(std::string(static_cast<std::size_t>(n), 'n'), std::string(n, 'd')));
        sort_tree(root);
        options opts;
        opts.align = {{a, ""}};
        const auto b = build_ok(root, opts);
        const auto img = romfs::image::open(b);
        REQUIRE(img.has_value());
        CHECK(romfs::verify(*img).has_value());
        CHECK(b.size() % 2 == 0);
        for (const auto& e : img->root()) CHECK(e->as_file()->offset() % a == 0);
    }
}

TEST_CASE("excludes skip files and whole directories", "[build][scan]") {
    temp_dir t;
    t.write("main.py", "m");
    t.write("notes.txt", "n");
    t.write("lib/a.py", "a");
    t.write("lib/__pycache__/a.cpython.pyc", "c");
    t.write("tests/t.py", "t");
    scan_options s;
    s.exclude = {"*.txt", "__pycache__", "tests"};
    const auto img_bytes = build_dir(t.path(), {}, s);
    const auto img = *romfs::image::open(img_bytes);
    CHECK(img.lookup("main.py").has_value());
    CHECK(img.lookup("lib/a.py").has_value());
    CHECK(img.lookup("notes.txt").code() == romfs::errc::not_found);
    CHECK(img.lookup("lib/__pycache__").code() == romfs::errc::not_found);
    CHECK(img.lookup("tests").code() == romfs::errc::not_found);
}

TEST_CASE("output is deterministic: creation order and time stamps do not matter", "[build][scan]") {
    temp_dir a, b;
    a.write("z.py", "z");
    a.write("a/b.py", "b");
    a.write("M.py", "m");
    b.write("M.py", "m");
    b.write("a/b.py", "b");
    b.write("z.py", "z");
    std::filesystem::last_write_time(b / "z.py", std::filesystem::file_time_type::clock::now() - std::chrono::hours(99));
    CHECK(build_dir(a.path()) == build_dir(b.path()));
    CHECK(build_dir(a.path()) == build_dir(a.path()));
}

TEST_CASE("symlinks to files and directories are followed", "[build][scan]") {
    temp_dir t, outside;
    outside.write("shared/x.py", "shared");
    outside.write("file.txt", "f");
    t.write("main.py", "m");
    std::filesystem::create_directory_symlink(outside / "shared", t / "shared");
    std::filesystem::create_symlink(outside / "file.txt", t / "link.txt");
    const auto b = build_dir(t.path());
    const auto img = *romfs::image::open(b);
    CHECK(img.open_file("shared/x.py")->view() == "shared");
    CHECK(img.open_file("link.txt")->view() == "f");
}

TEST_CASE("symlink loops, dangling links and special files are errors naming the path", "[build][scan]") {
    {
        temp_dir t;
        t.write("lib/a.py", "a");
        std::filesystem::create_directory_symlink(t.path(), t / "lib/up");
        CHECK(scan_error(t.path()) == "lib/up: symlink loop (a directory that contains itself)");
    }
    {
        temp_dir t;
        std::filesystem::create_symlink(t / "self", t / "self");
        CHECK(scan_error(t.path()) == "self: symlink loop");
    }
    {
        temp_dir t;
        std::filesystem::create_symlink(t / "missing", t / "dangling");
        CHECK(scan_error(t.path()) == "dangling: dangling symlink");
    }
    {
        temp_dir t;
        REQUIRE(::mkfifo((t / "pipe").c_str(), 0600) == 0);
        CHECK(scan_error(t.path()) == "pipe: is a FIFO; only files and directories can be stored");
    }
    CHECK(scan_error("/nonexistent-romfs-dir").find("No such file") != std::string::npos);
}

TEST_CASE("an unreadable file is an error naming it", "[build][scan]") {
    if (::geteuid() == 0) {
        // root reads any file; the same failure is exercised below through a
        // file that vanishes between planning and writing.
        SUCCEED("running as root: permission bits cannot make a file unreadable");
    } else {
        temp_dir t;
        t.write("secret.py", "s");
        std::filesystem::permissions(t / "secret.py", std::filesystem::perms::none);
        CHECK(scan_error(t.path()).find("secret.py: cannot read") == 0);
    }
    temp_dir t;
    t.write("lib/gone.py", "soon gone");
    const auto root = scan(t.path(), {});
    REQUIRE(root);
    plan p;
    REQUIRE(p.make(*root, {}));
    std::filesystem::remove(t / "lib/gone.py");
    auto w = p.write([](auto) { return true; });
    CHECK(w.code() == errc::read_failed);
    CHECK(w.error().message.find("lib/gone.py: cannot read") == 0);
    // A file that changes size after planning is caught too, on both paths.
    t.write("lib/gone.py", "now longer than planned");
    w = p.write([](auto) { return true; });
    CHECK(w.code() == errc::changed_size);
    CHECK(w.error().message.find("lib/gone.py: file changed size") == 0);
    // The tool's copy path (copy_file_range into a descriptor) checks the size too.
    std::FILE* sink_file = std::tmpfile();
    REQUIRE(sink_file != nullptr);
    const int fd = ::fileno(sink_file);
    const auto to_fd = [fd](std::span<const std::byte> b) { return romfs::tool::write_all(fd, b); };
    w = p.write(to_fd, {}, romfs::tool::copy_into(fd));
    CHECK(w.code() == errc::changed_size);
    std::fclose(sink_file);
}

TEST_CASE("the tool's in-kernel copy writes the same bytes as the builder", "[build]") {
    temp_dir t;
    t.write("lib/a.py", std::string(100000, 'a'));
    t.write("b.txt", "bee");
    const auto root = scan(t.path(), {});
    REQUIRE(root);
    plan p;
    REQUIRE(p.make(*root, {}));
    std::FILE* f = std::tmpfile();
    REQUIRE(f != nullptr);
    const int fd = ::fileno(f);
    REQUIRE(p.write([fd](std::span<const std::byte> b) { return romfs::tool::write_all(fd, b); }, {},
                    romfs::tool::copy_into(fd)));
    std::vector<std::byte> copied(static_cast<std::size_t>(p.size()) + 1);
    REQUIRE(::pread(fd, copied.data(), copied.size(), 0) == static_cast<ssize_t>(p.size()));
    copied.resize(static_cast<std::size_t>(p.size()));
    std::fclose(f);
    CHECK(copied == build_ok(*root));
}

TEST_CASE("invalid names and a failing sink are reported", "[build]") {
    const auto slash = build_to_memory(directory("", {memory_file("a/b", "x")}), {});
    CHECK(slash.code() == errc::invalid_tree);
    CHECK(slash.error().message == "a/b: invalid name");
    CHECK_FALSE(build_to_memory(directory("", {memory_file("..", "x")}), {}));
    plan p;
    const node tree = directory("", {memory_file("a", "x")});
    REQUIRE(p.make(tree, {}));
    const auto refused = p.write([](auto) { return false; });
    CHECK(refused.code() == errc::write_failed);
    CHECK(refused.error().message == "cannot write the image");
}

TEST_CASE("glob matching", "[build][glob]") {
    CHECK(glob_match("*.py", "main.py"));
    CHECK_FALSE(glob_match("*.py", "lib/main.py"));
    CHECK(glob_match("lib/*.py", "lib/a.py"));
    CHECK(glob_match("**/*.py", "a.py"));
    CHECK(glob_match("**/*.py", "x/y/a.py"));
    CHECK(glob_match("data/**", "data/a/b.bin"));
    CHECK(glob_match("?.txt", "a.txt"));
    CHECK_FALSE(glob_match("?.txt", "ab.txt"));
    CHECK(glob_match("[a-c]*.py", "b1.py"));
    CHECK_FALSE(glob_match("[!a-c]*.py", "b1.py"));
    CHECK(glob_match("[", "["));
    CHECK(glob_match("", ""));
    CHECK_FALSE(glob_match("", "a"));
    CHECK(rule_matches("*.mpy", "lib/deep/x.mpy"));
    CHECK(rule_matches("/lib/*.mpy", "lib/x.mpy"));
    CHECK_FALSE(rule_matches("lib/*.mpy", "other/lib/x.mpy"));
}

TEST_CASE("sha256 known answers", "[build][sha256]") {
    auto hex = [](std::string_view s) {
        sha256 h;
        h.update(std::as_bytes(std::span<const char>(s.data(), s.size())));
        return sha256::hex(h.finish());
    };
    CHECK(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(hex(std::string(1000, 'a')) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}
