// The romfs command-line tool, run as a process: every subcommand, its
// output, exit codes, and every error path (no partial output).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include <romfs/romfs.hpp>
#include <romfs/version.hpp>

#include "image_writer.hpp"
#include "run_tool.hpp"
#include "temp_dir.hpp"

using romfs::test::read_text;
using romfs::test::temp_dir;

using namespace romfs::test;

namespace {

void make_app(const temp_dir& t) {
    t.write("app/main.py", "print('hello')\n");
    t.write("app/boot.py", "import sys\n");
    t.write("app/lib/util.py", "X = 1\n");
    t.mkdir("app/empty");
}

void write_bytes(const std::filesystem::path& p, const romfs::test::bytes& b) {
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

} // namespace

TEST_CASE("cli: --help on the tool and every subcommand", "[cli]") {
    temp_dir t;
    for (const char* sub : {"build", "ls", "cat", "extract", "verify", "info", "embed"}) {
        const auto o = run(t, {sub, "--help"});
        CHECK(o.code == 0);
        CHECK(o.out.find("Usage") != std::string::npos);
    }
    CHECK(run(t, {"--help"}).code == 0);
    const auto none = run(t, {});
    CHECK(none.code == 2);
    CHECK(run(t, {"frobnicate"}).code == 2);
    CHECK(run(t, {"ls"}).code == 2); // missing IMAGE
    CHECK(run(t, {"build", "a", "--no-such-flag"}).code == 2);
}

TEST_CASE("cli build: default output, tree printout like mpremote, readable image", "[cli][build]") {
    temp_dir t;
    make_app(t);
    const auto o = run(t, {"build", "app", "--no-mpy-cross"});
    INFO(o.err);
    REQUIRE(o.code == 0);
    CHECK(o.out.find("Building romfs filesystem, source directory: app\n/\n|-- boot.py\n|-- empty/\n|-- lib/\n"
                     "|   \\-- util.py\n\\-- main.py\nImage size is ") == 0);
    const auto bytes = read_text(t / "app.romfs");
    const auto img = romfs::image::open(std::as_bytes(std::span<const char>(bytes.data(), bytes.size())));
    REQUIRE(img.has_value());
    CHECK(img->open_file("lib/util.py")->view() == "X = 1\n");
    CHECK(o.out.find("Image size is " + std::to_string(bytes.size()) + " bytes") != std::string::npos);
}

TEST_CASE("cli build: -o -, --quiet, and the same bytes as the library", "[cli][build]") {
    temp_dir t;
    make_app(t);
    const auto to_stdout = run(t, {"build", "app", "-o", "-", "--no-mpy-cross"});
    REQUIRE(to_stdout.code == 0);
    CHECK(to_stdout.out.substr(0, 3) == "\xd2\xcd\x31");
    CHECK(to_stdout.err.find("Building romfs filesystem") != std::string::npos); // tree moves to stderr
    const auto quiet = run(t, {"build", "app", "-o", "q.romfs", "-q", "--no-mpy-cross"});
    CHECK(quiet.code == 0);
    CHECK(quiet.out.empty());
    CHECK(read_text(t / "q.romfs") == to_stdout.out);
}

TEST_CASE("cli build: --max-size fails before writing anything", "[cli][build]") {
    temp_dir t;
    make_app(t);
    const auto o = run(t, {"build", "app", "-o", "out.romfs", "--max-size", "16", "-q", "--no-mpy-cross"});
    CHECK(o.code == 1);
    CHECK(o.err.find("more than --max-size 16") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(t / "out.romfs"));
    CHECK(run(t, {"build", "app", "-o", "out.romfs", "--max-size", "1K", "-q", "--no-mpy-cross"}).code == 0);
    CHECK(run(t, {"build", "app", "--max-size", "lots"}).code == 2);
}

TEST_CASE("cli build: an existing output survives a failed build", "[cli][build]") {
    temp_dir t;
    make_app(t);
    t.write("out.romfs", "previous");
    REQUIRE(::mkfifo((t / "app/fifo").c_str(), 0600) == 0);
    const auto o = run(t, {"build", "app", "-o", "out.romfs", "--no-mpy-cross"});
    CHECK(o.code == 1);
    CHECK(o.err == "romfs: fifo: is a FIFO; only files and directories can be stored\n");
    CHECK(read_text(t / "out.romfs") == "previous");
    // No temporary files left behind.
    CHECK(listing(t.path()) == std::vector<std::string>{"app", "out.romfs"});
    // Output into a directory that does not exist.
    std::filesystem::remove(t / "app/fifo");
    const auto nodir = run(t, {"build", "app", "-o", "missing/out.romfs", "--no-mpy-cross"});
    CHECK(nodir.code == 2);
    CHECK(nodir.err == "romfs: missing/out.romfs: cannot create: the directory missing does not exist\n");
}

TEST_CASE("cli build: errors name the path", "[cli][build]") {
    temp_dir t;
    t.write("app/a.py", "a");
    std::filesystem::create_directory_symlink(t / "app", t / "app/loop");
    auto o = run(t, {"build", "app", "--no-mpy-cross"});
    CHECK(o.code == 1);
    CHECK(o.err == "romfs: loop: symlink loop (a directory that contains itself)\n");
    CHECK_FALSE(std::filesystem::exists(t / "app.romfs"));
    o = run(t, {"build", "nope"});
    CHECK(o.code == 2); // unreadable input
    CHECK(o.err == "romfs: nope: No such file or directory\n");
    o = run(t, {"build", "app/a.py"});
    CHECK(o.err == "romfs: app/a.py: not a directory\n");
}

TEST_CASE("cli build: --align, --dedup and --exclude", "[cli][build]") {
    temp_dir t;
    t.write("app/a.mpy", std::string(100, 'a'));
    t.write("app/b.mpy", std::string(100, 'a'));
    t.write("app/notes.txt", "n");
    const auto o = run(t, {"build", "app", "-o", "x.romfs", "--align", "64:*.mpy", "--align", "8", "--dedup",
                           "--exclude", "*.txt", "-q", "--no-mpy-cross"});
    REQUIRE(o.code == 0);
    const auto bytes = read_text(t / "x.romfs");
    const auto img = *romfs::image::open(std::as_bytes(std::span<const char>(bytes.data(), bytes.size())));
    CHECK(img.open_file("a.mpy")->offset() % 64 == 0);
    CHECK(img.open_file("b.mpy")->offset() == img.open_file("a.mpy")->offset());
    CHECK(img.lookup("notes.txt").code() == romfs::errc::not_found);
    CHECK(run(t, {"build", "app", "--align", "3"}).code == 2);
    CHECK(run(t, {"build", "app", "--align", "8:"}).code == 2);
}

TEST_CASE("cli build: mpy-cross given, failing, missing", "[cli][build][mpy]") {
    temp_dir t;
    t.write("app/main.py", "print(1)\n");
    t.write("app/lib/mod.py", "X = 1\n");
    t.write("app/lib/pre.py", "source\n");
    t.write("app/lib/pre.mpy", "precompiled\n"); // as mpremote: pre.py is then stored as it is
    // A stand-in for mpy-cross: "mpy-cross -o OUT SRC" writes "MPY:" + SRC's bytes.
    const auto fake = t.write("bin/mpy-cross", "#!/bin/sh\nprintf 'MPY:' > \"$2\" && cat \"$3\" >> \"$2\"\n");
    std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
    auto o = run(t, {"build", "app", "-o", "m.romfs", "--mpy-cross", fake.string()});
    INFO(o.err);
    REQUIRE(o.code == 0);
    CHECK(o.out.find("main.py -> .mpy") != std::string::npos);
    auto bytes = read_text(t / "m.romfs");
    auto img = *romfs::image::open(std::as_bytes(std::span<const char>(bytes.data(), bytes.size())));
    CHECK(img.open_file("main.mpy")->view() == "MPY:print(1)\n");
    CHECK(img.open_file("lib/mod.mpy")->view() == "MPY:X = 1\n");
    CHECK(img.open_file("lib/pre.py")->view() == "source\n");
    CHECK(img.open_file("lib/pre.mpy")->view() == "precompiled\n");
    CHECK(img.lookup("main.py").code() == romfs::errc::not_found);
    // Found on PATH.
    o = run(t, {"build", "app", "-o", "p.romfs", "-q"}, "PATH=" + (t / "bin").string() + ":/usr/bin:/bin");
    CHECK(o.code == 0);
    CHECK(read_text(t / "p.romfs") == bytes);
    // Failing compiler: a clear error, no output.
    const auto bad = t.write("bin2/mpy-cross", "#!/bin/sh\necho 'SyntaxError' >&2\nexit 1\n");
    std::filesystem::permissions(bad, std::filesystem::perms::owner_all);
    o = run(t, {"build", "app", "-o", "f.romfs", "--mpy-cross", bad.string()});
    CHECK(o.code == 1);
    CHECK(o.err.find("app/lib/mod.py: mpy-cross failed (exit 1)") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(t / "f.romfs"));
    // Missing: stored as source, with one warning.
    o = run(t, {"build", "app", "-o", "s.romfs", "-q"}, "PATH=/nonexistent");
    CHECK(o.code == 0);
    CHECK(o.err == "romfs: warning: mpy-cross not found; .py files are stored as source\n");
    o = run(t, {"build", "app", "--mpy-cross", (t / "app/main.py").string()});
    CHECK(o.code == 2);
}

TEST_CASE("cli build: --depfile lists every input", "[cli][build]") {
    temp_dir t;
    make_app(t);
    const auto o = run(t, {"build", "app", "-o", "d.romfs", "--depfile", "d.romfs.d", "-q", "--no-mpy-cross"});
    REQUIRE(o.code == 0);
    const auto dep = read_text(t / "d.romfs.d");
    CHECK(dep.find("d.romfs:") == 0);
    for (const char* p : {"app/main.py", "app/lib/util.py", "app/lib", "app/empty"})
        CHECK(dep.find((t / p).string()) != std::string::npos);
}

TEST_CASE("cli ls: tree, recursive, long, json", "[cli][ls]") {
    temp_dir t;
    make_app(t);
    REQUIRE(run(t, {"build", "app", "-q", "--no-mpy-cross"}).code == 0);
    auto o = run(t, {"ls", "app.romfs"});
    CHECK(o.code == 0);
    CHECK(o.out == "/\n|-- boot.py\n|-- empty/\n|-- lib/\n\\-- main.py\n");
    o = run(t, {"ls", "app.romfs", "-R"});
    CHECK(o.out == "/\n|-- boot.py\n|-- empty/\n|-- lib/\n|   \\-- util.py\n\\-- main.py\n");
    o = run(t, {"ls", "app.romfs", "lib"});
    CHECK(o.out == "/lib/\n\\-- util.py\n");
    o = run(t, {"ls", "-l", "app.romfs", "/lib"});
    CHECK(o.out.find("util.py") != std::string::npos);
    CHECK(o.out.find("-           6  0x") != std::string::npos);
    o = run(t, {"ls", "--json", "app.romfs"});
    REQUIRE(o.code == 0);
    const auto bytes = read_text(t / "app.romfs");
    const auto img = *romfs::image::open(std::as_bytes(std::span<const char>(bytes.data(), bytes.size())));
    const auto j = nlohmann::json::parse(o.out);
    CHECK(j["image_size"] == img.size());
    CHECK(j["integrity"] == nlohmann::json{{"kind", "none"}});
    const auto& e = j["entries"];
    CHECK(e[0] == nlohmann::json({{"type", "dir"}, {"path", "/"}, {"size", img.payload_size()},
                                  {"offset", 0}, {"alignment", nullptr}, {"sha256", nullptr}}));
    const auto main_py = img.open_file("main.py");
    bool found = false;
    for (const auto& x : e)
        if (x["path"] == "/main.py") {
            found = true;
            CHECK(x["type"] == "file");
            CHECK(x["size"] == 15);
            CHECK(x["offset"] == main_py->offset()); // as ls -l shows it
            CHECK(x["alignment"] == main_py->alignment());
            CHECK(x["sha256"].get<std::string>().size() == 64);
        }
    CHECK(found);
    o = run(t, {"ls", "app.romfs", "nope"});
    CHECK(o.code == 1);
    CHECK(o.err == "romfs: app.romfs: no such file or directory: /nope\n");
}

TEST_CASE("cli ls --json: image order, pre-order, exact sizes", "[cli][ls]") {
    temp_dir t;
    using namespace romfs::test;
    // Not sorted on purpose: listings keep image order.
    write_bytes(t / "x.romfs", image({file("z", "12"), dir("d", {file("e", "")})}));
    const auto o = run(t, {"ls", "--json", "x.romfs"});
    REQUIRE(o.code == 0);
    const auto e = nlohmann::json::parse(o.out)["entries"];
    REQUIRE(e.size() == 4);
    CHECK(e[0]["path"] == "/");
    CHECK(e[0]["size"] == 18);
    CHECK(e[1] == nlohmann::json({{"type", "file"}, {"path", "/z"}, {"size", 2}, {"offset", e[1]["offset"]},
                                  {"alignment", e[1]["alignment"]},
                                  {"sha256", "6b51d431df5d7f141cbececcf79edf3dd861c3b4069f0b11661a3eefacbba918"}}));
    CHECK(e[2]["path"] == "/d");
    CHECK(e[2]["size"] == 6);
    CHECK(e[3]["path"] == "/d/e");
    CHECK(e[3]["sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("cli cat", "[cli][cat]") {
    temp_dir t;
    make_app(t);
    REQUIRE(run(t, {"build", "app", "-q", "--no-mpy-cross"}).code == 0);
    auto o = run(t, {"cat", "app.romfs", "/lib/util.py"});
    CHECK(o.code == 0);
    CHECK(o.out == "X = 1\n");
    o = run(t, {"cat", "app.romfs", "lib"});
    CHECK(o.code == 1);
    CHECK(o.err == "romfs: app.romfs: is a directory: /lib\n");
    o = run(t, {"cat", "app.romfs", "missing.py"});
    CHECK(o.code == 1);
    o = run(t, {"cat", "no-such.romfs", "x"});
    CHECK(o.code == 2);
    CHECK(o.err == "romfs: no-such.romfs: No such file or directory\n");
}

TEST_CASE("cli verify: exit 0 valid, 1 invalid with offset, 2 unreadable", "[cli][verify]") {
    temp_dir t;
    using namespace romfs::test;
    write_bytes(t / "good.romfs", image({file("a", "1")}));
    write_bytes(t / "bad.romfs", image({file("a", "1"), raw({0, 0})}));
    write_bytes(t / "junk.romfs", raw({1, 2, 3, 4}));
    auto o = run(t, {"verify", "good.romfs"});
    CHECK(o.code == 0);
    o = run(t, {"verify", "bad.romfs"});
    CHECK(o.code == 1);
    CHECK(o.err == "romfs: bad.romfs: invalid: record of kind 0 (erased or corrupt data) at byte 12\n");
    o = run(t, {"verify", "junk.romfs"});
    CHECK(o.code == 1);
    CHECK(o.err == "romfs: junk.romfs: not a ROMFS image: it starts with 01 02 03, not d2 cd 31\n");
    CHECK(run(t, {"verify", "missing.romfs"}).code == 2);
}

TEST_CASE("cli info: text and json", "[cli][info]") {
    temp_dir t;
    using namespace romfs::test;
    auto b = image({file("a", "1"), dir("d", {dir("e", {file("big", std::string(300, 'x'))})})});
    b.resize(b.size() + 100, std::byte{0xff}); // the rest of a partition
    write_bytes(t / "x.romfs", b);
    auto o = run(t, {"info", "x.romfs"});
    CHECK(o.code == 0);
    CHECK(o.out.find("files:          2 (301 bytes of data)") != std::string::npos);
    CHECK(o.out.find("deepest path:   /d/e/big (depth 3)") != std::string::npos);
    CHECK(o.out.find("largest file:   /d/e/big (300 bytes)") != std::string::npos);
    o = run(t, {"info", "--json", "x.romfs"});
    CHECK(o.out.find("\"trailing_bytes\": 100,") != std::string::npos);
    CHECK(o.out.find("\"directories\": 2,") != std::string::npos);
    CHECK(o.out.find("\"largest_file\": \"/d/e/big\",") != std::string::npos);
    CHECK(o.out.find("\"valid\": true,") != std::string::npos);
    CHECK(o.out.find("\"alignment_histogram\": {") != std::string::npos);
}

TEST_CASE("cli extract: round trip, refuses to escape or overwrite, no partial output", "[cli][extract]") {
    temp_dir t;
    make_app(t);
    REQUIRE(run(t, {"build", "app", "-q", "--no-mpy-cross"}).code == 0);
    auto o = run(t, {"extract", "app.romfs", "out"});
    INFO(o.err);
    REQUIRE(o.code == 0);
    CHECK(read_text(t / "out/lib/util.py") == "X = 1\n");
    CHECK(std::filesystem::is_directory(t / "out/empty"));
    // Not into a non-empty directory.
    o = run(t, {"extract", "app.romfs", "out"});
    CHECK(o.code == 2);
    CHECK(o.err == "romfs: out: exists and is not an empty directory\n");
    // Into an empty one is fine.
    t.mkdir("empty_target");
    CHECK(run(t, {"extract", "app.romfs", "empty_target"}).code == 0);
    // Names that would leave DIR: refused before anything is written.
    using namespace romfs::test;
    for (std::string_view evil : {"..", ".", "a/../../x"}) {
        write_bytes(t / "evil.romfs", image({file("ok", "1"), dir(evil, {file("x", "pwned")})}));
        o = run(t, {"extract", "evil.romfs", "evil_out"});
        CHECK(o.code == 1);
        CHECK(o.err.find("refusing to extract an invalid image: invalid entry name") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(t / "evil_out"));
        CHECK_FALSE(std::filesystem::exists(t.path().parent_path() / "x"));
    }
    // Shadowed duplicates: the first entry wins, as in MicroPython.
    write_bytes(t / "dup.romfs", image({file("a", "first"), file("a", "second")}));
    o = run(t, {"extract", "dup.romfs", "dup_out"});
    CHECK(o.code == 0);
    CHECK(read_text(t / "dup_out/a") == "first");
    CHECK(o.err.find("/a is shadowed") != std::string::npos);
    // No temporary directories left behind.
    for (const auto& name : listing(t.path())) CHECK(name.find(".tmp-") == std::string::npos);
}

TEST_CASE("cli embed: a header with a constexpr array", "[cli][embed]") {
    temp_dir t;
    make_app(t);
    REQUIRE(run(t, {"build", "app", "-q", "--no-mpy-cross"}).code == 0);
    auto o = run(t, {"embed", "app.romfs", "-o", "img.hpp", "--name", "app_image", "--namespace", "fw::assets",
                     "--section", ".romfs", "--align", "16"});
    REQUIRE(o.code == 0);
    const auto h = read_text(t / "img.hpp");
    CHECK(h.find("namespace fw::assets {") != std::string::npos);
    CHECK(h.find("alignas(16) [[gnu::section(\".romfs\"), gnu::used]] inline constexpr std::array<std::byte, ") !=
          std::string::npos);
    CHECK(h.find("std::byte{0xd2}, std::byte{0xcd}, std::byte{0x31},") != std::string::npos);
    CHECK(run(t, {"embed", "app.romfs", "-o", "x.hpp", "--name", "1bad"}).code == 2);
    CHECK(run(t, {"embed", "app.romfs", "-o", "x.hpp", "--name", "ok", "--namespace", "a::"}).code == 2);
    t.write("junk", "not an image");
    CHECK(run(t, {"embed", "junk", "-o", "x.hpp", "--name", "ok"}).code == 1);
    CHECK_FALSE(std::filesystem::exists(t / "x.hpp"));
    // An image that opens but does not verify is refused too, as flash-image does.
    write_bytes(t / "bad.romfs", image({file("a", "1"), raw({0, 0})}));
    o = run(t, {"embed", "bad.romfs", "-o", "x.hpp", "--name", "ok"});
    CHECK(o.code == 1);
    CHECK(o.err == "romfs: bad.romfs: invalid: record of kind 0 (erased or corrupt data) at byte 12\n");
    CHECK_FALSE(std::filesystem::exists(t / "x.hpp"));
}

TEST_CASE("cli: agreement with MicroPython's reader (lib/ lists, a padded kind is not an image)", "[cli]") {
    temp_dir t;
    write_bytes(t / "lib.romfs", raw({0xd2, 0xcd, 0x31, 0x0c, 0x04, 0x0a, 0x03, 0x6c, 0x69, 0x62, 0x05, 0x04, 0x01, 0x61,
                                      0x02, 0x00}));
    auto o = run(t, {"ls", "lib.romfs", "lib/"});
    CHECK(o.code == 0);
    CHECK(o.out.find("-- a") != std::string::npos);
    write_bytes(t / "padded.romfs", raw({0x80, 0xd2, 0xcd, 0x31, 0x00}));
    o = run(t, {"verify", "padded.romfs"});
    CHECK(o.code == 1);
    CHECK(o.err == "romfs: padded.romfs: not a ROMFS image: it starts with 80 d2 cd, not d2 cd 31\n");
}

TEST_CASE("cli: unknown subcommands, argument errors and --version speak as romfs", "[cli]") {
    temp_dir t;
    auto o = run(t, {"bogus"});
    CHECK(o.code == 2);
    CHECK(o.err.rfind("romfs: unknown subcommand 'bogus' (known: build, ls, cat,", 0) == 0);
    o = run(t, {"ls"});
    CHECK(o.code == 2);
    CHECK(o.err.rfind("romfs: IMAGE is required", 0) == 0);
    o = run(t, {"build", "--align"});
    CHECK(o.code == 2);
    CHECK(o.err.rfind("romfs: ", 0) == 0);
    o = run(t, {"--version"});
    CHECK(o.code == 0);
    CHECK(o.out == "romfs " + std::to_string(ROMFS_VERSION_MAJOR) + "." + std::to_string(ROMFS_VERSION_MINOR) + "." +
                       std::to_string(ROMFS_VERSION_PATCH) + "\n");
}

TEST_CASE("cli build .: the default output goes beside the directory, not into it", "[cli][build]") {
    temp_dir t;
    make_app(t);
    // "app/." is "." seen from the parent: the directory itself.
    REQUIRE(run(t, {"build", "app/.", "-q", "--no-mpy-cross"}).code == 0);
    CHECK(std::filesystem::exists(t / "app.romfs"));
    CHECK_FALSE(std::filesystem::exists(t / "app" / "..romfs"));
    // Building again reads the same tree: the same bytes.
    const auto first = read_text(t / "app.romfs");
    REQUIRE(run(t, {"build", "app/.", "-q", "--no-mpy-cross"}).code == 0);
    CHECK(read_text(t / "app.romfs") == first);
    CHECK(run(t, {"build", "/", "-q", "--no-mpy-cross"}).code == 2);
}

TEST_CASE("cli build: progress on a terminal only and after the delay", "[cli][build]") {
    temp_dir t;
    t.write("big/a.bin", std::string(3 * 1024 * 1024, 'a'));
    t.write("big/b.bin", std::string(2 * 1024 * 1024, 'b'));
    // `script` gives the tool a pseudo-terminal; its output (stderr included) goes to typescript.
    const std::string cmd = "cd " + quote(t.path().string()) + " && ROMFS_PROGRESS_DELAY_MS=0 script -qec " +
                            quote(quote(ROMFS_TOOL_PATH) + " build big -o big.romfs -q --no-mpy-cross") +
                            " typescript > /dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    const auto shown = read_text(t / "typescript");
    CHECK(shown.find("romfs: writing ") != std::string::npos);
    CHECK(shown.find(" KiB (") != std::string::npos);
    // Not a terminal: no progress, even with no delay.
    const auto o = run(t, {"build", "big", "-o", "big2.romfs", "-q", "--no-mpy-cross"}, "ROMFS_PROGRESS_DELAY_MS=0");
    CHECK(o.code == 0);
    CHECK(o.err.empty());
    // The default delay: a quick build shows nothing even on a terminal.
    const std::string quick = "cd " + quote(t.path().string()) + " && script -qec " +
                              quote(quote(ROMFS_TOOL_PATH) + " build big -o big3.romfs -q --no-mpy-cross") +
                              " typescript2 > /dev/null 2>&1";
    REQUIRE(std::system(quick.c_str()) == 0);
    CHECK(read_text(t / "typescript2").find("romfs: writing") == std::string::npos);
}

// The table in --help and docs/cli.md: 0 ok, 1 the content is invalid or a
// check failed, 2 a usage error or unreadable input. Every subcommand, each
// code it can give.
TEST_CASE("cli: every subcommand follows the exit-code table", "[cli][exit]") {
    temp_dir t;
    make_app(t);
    REQUIRE(run(t, {"build", "app", "-q", "--no-mpy-cross"}).code == 0);
    write_bytes(t / "bad.romfs", image({file("a", "1"), raw({0, 0})}));  // opens, fails verify
    write_bytes(t / "junk.romfs", raw({1, 2, 3, 4}));                    // not an image
    t.mkdir("adir");
    t.write("partition.csv", "factory, app, factory, 0x10000, 1M\nromfs, data, 0x8f, , 128K\n");
    struct row {
        std::vector<std::string> args;
        int code;
    };
    const std::vector<row> table = {
        {{"build", "app", "-o", "x.romfs", "-q", "--no-mpy-cross"}, 0},
        {{"build", "/nonexistent", "-o", "x.romfs"}, 2},
        {{"build", "app", "--align", "3", "-o", "x.romfs"}, 2},
        {{"build", "app", "--max-size", "10", "-o", "x.romfs", "--no-mpy-cross"}, 1},
        {{"ls", "app.romfs"}, 0},
        {{"ls", "app.romfs", "nope"}, 1},
        {{"ls", "junk.romfs"}, 1},
        {{"ls", "missing.romfs"}, 2},
        {{"ls", "adir"}, 2},
        {{"cat", "app.romfs", "main.py"}, 0},
        {{"cat", "app.romfs", "lib"}, 1},
        {{"cat", "missing.romfs", "main.py"}, 2},
        {{"verify", "app.romfs"}, 0},
        {{"verify", "bad.romfs"}, 1},
        {{"verify", "adir"}, 2},
        {{"verify", "app.romfs", "bad.romfs", "missing.romfs"}, 2},
        {{"info", "app.romfs"}, 0},
        {{"info", "bad.romfs"}, 1},
        {{"info", "missing.romfs"}, 2},
        {{"extract", "app.romfs", "out1"}, 0},
        {{"extract", "bad.romfs", "out2"}, 1},
        {{"extract", "app.romfs", "no/such/dir"}, 2},
        {{"extract", "missing.romfs", "out3"}, 2},
        {{"embed", "app.romfs", "-o", "a.hpp", "--name", "app"}, 0},
        {{"embed", "bad.romfs", "-o", "b.hpp", "--name", "app"}, 1},
        {{"embed", "app.romfs", "-o", "c.hpp", "--name", "1x"}, 2},
        {{"flash-image", "app.romfs", "-o", "a.uf2", "--board", "RPI_PICO"}, 0},
        {{"flash-image", "bad.romfs", "-o", "b.uf2", "--board", "RPI_PICO"}, 1},
        {{"flash-image", "app.romfs", "-o", "c.uf2", "--board", "NO_SUCH_BOARD"}, 2},
        {{"deploy", "app.romfs", "--flash-dump", "flash.bin", "--board", "RPI_PICO"}, 0},
        {{"deploy", "junk.romfs", "--flash-dump", "flash.bin", "--board", "RPI_PICO"}, 1},
        {{"deploy", "missing.romfs", "--flash-dump", "flash.bin", "--board", "RPI_PICO"}, 2},
        {{"layout", "check", "--family", "esp32", "--flash-size", "4M", "partition.csv"}, 0},
        {{"layout", "check", "--family", "esp32", "--flash-size", "4M", "missing.csv"}, 2},
        {{"layout", "check", "--family", "nosuch", "partition.csv"}, 2},
        {{"query", "--port", "/nonexistent/tty"}, 2},
        {{"query", "--port", "/dev/null", "--timeout", "1"}, 2},
        {{"query"}, 2},
        {{"query", "--port", "socket://127.0.0.1:1"}, 2},  // refused
        {{"query", "--port", "socket://no-port-given"}, 2},
        {{"pull", "--port", "/nonexistent/tty", "-o", "p.romfs"}, 2},
        {{"pull", "--port", "/dev/null", "--timeout", "1", "-o", "p.romfs"}, 2},
        {{"pull", "--port", "/dev/null"}, 2},
        {{"bogus"}, 2},
        {{"ls"}, 2},
    };
    for (const auto& r : table) {
        const auto o = run(t, r.args);
        std::string cmd;
        for (const auto& a : r.args) cmd += a + " ";
        INFO(cmd << "\n" << o.err);
        CHECK(o.code == r.code);
        // Whatever fails says so, on one line starting with "romfs:".
        if (o.code != 0) CHECK(o.err.rfind("romfs: ", 0) == 0);
    }
    // The table in --help is the one docs/cli.md shows.
    const auto help = run(t, {"--help"});
    const std::string doc = read_text(ROMFS_DOCS_CLI);
    const auto from = doc.find("```\n", doc.find("<!-- exit-codes -->")) + 4;
    const std::string documented = doc.substr(from, doc.find("```", from) - from);
    REQUIRE(documented.find("Exit codes, for every subcommand:") == 0);
    CHECK(help.out.find(documented) != std::string::npos);
}

TEST_CASE("cli: messages carry the numbers, once", "[cli]") {
    temp_dir t;
    auto full = image({file("a", std::string(50, 'x'))});
    const std::size_t size = full.size();
    full.resize(size - 10);
    write_bytes(t / "short.romfs", full);
    auto o = run(t, {"verify", "short.romfs"});
    CHECK(o.code == 1);
    CHECK(o.err == "romfs: short.romfs: image truncated: its header says " + std::to_string(size) +
                       " bytes, the file has " + std::to_string(size - 10) + "\n");
    t.mkdir("adir");
    o = run(t, {"verify", "adir"});
    CHECK(o.err == "romfs: adir: is a directory, not an image\n");
    write_bytes(t / "junk.romfs", raw({1, 2, 3, 4}));
    o = run(t, {"flash-image", "junk.romfs", "-o", "j.uf2", "--board", "RPI_PICO"});
    CHECK(o.err == "romfs: junk.romfs: not a ROMFS image: it starts with 01 02 03, not d2 cd 31\n");
    write_bytes(t / "ok.romfs", image({file("a", "1")}));
    o = run(t, {"extract", "ok.romfs", "no/such/dir"});
    CHECK(o.err == "romfs: no/such/dir: cannot create: the directory no/such does not exist\n");
}

TEST_CASE("cli ls: a control character in a name cannot forge a line", "[cli][ls]") {
    temp_dir t;
    write_bytes(t / "x.romfs", image({file("evil\nfake.py", "1"), file("tab\there", "2"), file("back\\slash", "3")}));
    auto o = run(t, {"ls", "x.romfs"});
    CHECK(o.code == 0);
    CHECK(o.out == "/\n|-- evil\\nfake.py\n|-- tab\\there\n\\-- back\\\\slash\n");
    o = run(t, {"ls", "-l", "x.romfs"});
    CHECK(std::count(o.out.begin(), o.out.end(), '\n') == 4);
    // JSON carries the name exactly.
    o = run(t, {"ls", "--json", "x.romfs"});
    CHECK(nlohmann::json::parse(o.out)["entries"][1]["path"] == "/evil\nfake.py");
}

TEST_CASE("cli verify: several images and -q", "[cli][verify]") {
    temp_dir t;
    write_bytes(t / "a.romfs", image({file("a", "1")}));
    write_bytes(t / "b.romfs", image({file("b", "2")}));
    write_bytes(t / "bad.romfs", image({file("a", "1"), raw({0, 0})}));
    auto o = run(t, {"verify", "a.romfs", "b.romfs"});
    CHECK(o.code == 0);
    CHECK(o.out.find("a.romfs: valid ROMFS image") == 0);
    CHECK(o.out.find("b.romfs: valid ROMFS image") != std::string::npos);
    o = run(t, {"verify", "-q", "a.romfs", "bad.romfs", "b.romfs"});
    CHECK(o.code == 1);
    CHECK(o.out.empty());
    CHECK(o.err == "romfs: bad.romfs: invalid: record of kind 0 (erased or corrupt data) at byte 12\n");
}

TEST_CASE("cli extract: every directory level gets the same mode", "[cli][extract]") {
    temp_dir t;
    write_bytes(t / "x.romfs", image({dir("a", {dir("b", {file("c", "1")})})}));
    REQUIRE(run(t, {"extract", "x.romfs", "out"}).code == 0);
    auto mode = [&](const char* p) {
        struct stat st {};
        REQUIRE(::stat((t / p).c_str(), &st) == 0);
        return st.st_mode & 07777;
    };
    const mode_t mask = ::umask(0);
    ::umask(mask);
    CHECK(mode("out") == (0777 & ~mask));
    CHECK(mode("out/a") == mode("out"));
    CHECK(mode("out/a/b") == mode("out"));
}

TEST_CASE("cli info --json: integrity as fields", "[cli][info]") {
    temp_dir t;
    make_app(t);
    REQUIRE(run(t, {"build", "app", "-q", "--no-mpy-cross", "--hash", "-o", "h.romfs"}).code == 0);
    REQUIRE(run(t, {"build", "app", "-q", "--no-mpy-cross", "-o", "n.romfs"}).code == 0);
    auto o = run(t, {"info", "--json", "h.romfs"});
    CHECK(nlohmann::json::parse(o.out)["integrity"] == nlohmann::json({{"kind", "sha256"}, {"matches", true}}));
    o = run(t, {"info", "--json", "n.romfs"});
    CHECK(nlohmann::json::parse(o.out)["integrity"] == nlohmann::json({{"kind", "none"}}));
    o = run(t, {"ls", "--json", "h.romfs"});
    CHECK(nlohmann::json::parse(o.out)["integrity"]["matches"] == true);
}
