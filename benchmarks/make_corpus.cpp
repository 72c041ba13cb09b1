// Writes the fuzz seed corpus into the directory given as argv[1]: valid
// images of every shape the format allows and one of every corruption class.
// Generated at build time, so no binary blobs are checked in.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <romfs/format/kinds.hpp>
#include <romfs/format/sha256.hpp>

#include "image_writer.hpp"

using namespace romfs::test;

namespace {

bytes with_path(std::string_view path, const bytes& img) {
    bytes out;
    out.push_back(static_cast<std::byte>(path.size()));
    const auto p = str(path);
    out.insert(out.end(), p.begin(), p.end());
    out.insert(out.end(), img.begin(), img.end());
    return out;
}

bytes sample() {
    return image({file("boot.py", "import sys\n"), file("main.py", "print('hello')\n"),
                  dir("lib", {file("a.py", "A = 1\n"), dir("sub", {file("deep.py", "deep")})}), dir("empty", {})});
}

// `payload` (entries) then an integrity record holding the SHA-256 of their bytes
// (`corrupt`: one entry byte changed after hashing).
bytes hashed(bytes payload, bool corrupt) {
    romfs::sha256 h;
    h.update(payload);
    const auto d = h.finish();
    bytes body = raw({0x01});
    for (auto b : d) body.push_back(static_cast<std::byte>(b));
    if (corrupt) payload[payload.size() / 2] ^= std::byte{0x01};
    return image({payload, record(romfs::kind::integrity, body)});
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_corpus DIR\n");
        return 2;
    }
    const std::filesystem::path out(argv[1]);
    std::filesystem::create_directories(out);
    std::vector<std::pair<std::string, bytes>> seeds;

    seeds.emplace_back("empty", with_path("", raw({0xd2, 0xcd, 0x31, 0x00})));
    seeds.emplace_back("sample", with_path("lib/sub/deep.py", sample()));
    seeds.emplace_back("sample_root", with_path("/", sample()));
    // Module names and scripts for the boot layer's search path.
    const bytes packages = image({file("main.py", "import pkg\n"), file("which.py", "W = 0\n"),
                                  dir("lib", {dir("pkg", {file("__init__.py", ""), file("sub.mpy", "M\x06")}),
                                              dir("ns", {file("x.py", "")}), file("both.py", ""), file("both.mpy", "M")})});
    seeds.emplace_back("module_package", with_path("pkg.sub", packages));
    seeds.emplace_back("module_namespace", with_path("ns.x", packages));
    seeds.emplace_back("module_py_before_mpy", with_path("both", packages));
    seeds.emplace_back("module_not_a_package", with_path("which.x", packages));
    seeds.emplace_back("script_main", with_path("main.py", packages));
    const bytes pad = record(1, str("shared data"));
    seeds.emplace_back("indirect", with_path("b", image({pad, named(5, "a", indirect(11, 2)),
                                                          named(5, "b", indirect(4, 9))})));
    seeds.emplace_back("unknown_kinds", with_path("f", image({record(0x1234, str("x")),
                                                              named(5, "f", cat({record(77, str("m")),
                                                                                 record(2, str("d"))}))})));
    seeds.emplace_back("nested", with_path("inner", image({file("inner", sample())})));
    bytes deep = file("leaf", "x");
    for (int i = 0; i < 20; ++i) deep = dir("d", deep);
    seeds.emplace_back("deep", with_path("d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/leaf", image(deep)));
    bytes many;
    for (int i = 0; i < 64; ++i) {
        const auto f = file(numbered("f", i), std::string(static_cast<std::size_t>(i), 'x'));
        many.insert(many.end(), f.begin(), f.end());
    }
    seeds.emplace_back("many", with_path("f63", image(many)));
    seeds.emplace_back("kind_zero", with_path("b", image({file("a", "1"), raw({0, 0}), file("b", "2")})));
    seeds.emplace_back("past_parent", with_path("d/x", image({named(4, "d", cat({varuint(5), varuint(10),
                                                                                 str("abc")}))})));
    seeds.emplace_back("name_past", with_path("ab", image({record(5, cat({varuint(50), str("ab")}))})));
    seeds.emplace_back("no_data", with_path("f", image({named(5, "f", record(1, str("pad")))})));
    seeds.emplace_back("indirect_oob", with_path("f", image({named(5, "f", indirect(4, 0x7fff0000))})));
    seeds.emplace_back("wrap", with_path("b", image({cat({varuint(1), varuint(0xffffffff)}), file("b", "2")})));
    seeds.emplace_back("overflow", with_path("x", image({cat({varuint(1), raw({0xff, 0xff, 0xff, 0xff, 0xff,
                                                                              0x7f})})})));
    seeds.emplace_back("integrity", with_path("main.py", hashed(cat({file("boot.py", "x"), file("main.py", "y")}), false)));
    seeds.emplace_back("integrity_bad", with_path("main.py", hashed(cat({file("boot.py", "x"), file("main.py", "y")}), true)));
    seeds.emplace_back("bad_name", with_path("..", image({file("..", "x"), file("a/b", "y")})));
    // The two disagreements with MicroPython's reader found by differential
    // fuzzing (issue #17): a directory named with one trailing slash, and the
    // filesystem kind padded to four bytes, which MicroPython does not mount.
    seeds.emplace_back("trailing_slash", with_path("lib/", image({dir("lib", {file("a", "")})})));
    seeds.emplace_back("padded_kind", with_path("", raw({0x80, 0xd2, 0xcd, 0x31, 0x00})));
    // Shadowed names (first match wins) and a file used as a directory.
    seeds.emplace_back("shadowed", with_path("a/x", image({file("a", "1"), dir("a", {file("x", "2")}),
                                                           dir("d", {file("e", "3")}), dir("d", {file("f", "4")})})));

    for (const auto& [name, data] : seeds) {
        std::ofstream f(out / name, std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
        if (!f) {
            std::fprintf(stderr, "make_corpus: cannot write %s\n", (out / name).c_str());
            return 1;
        }
    }
    std::printf("make_corpus: %zu seeds in %s\n", seeds.size(), out.c_str());
    return 0;
}
