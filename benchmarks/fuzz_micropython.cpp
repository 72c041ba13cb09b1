// Differential libFuzzer target: romfs against MicroPython's own reader
// (extmod/vfs_rom.c, extracted at build time; see micropython/). For every
// image romfs's verify() accepts, both must give the same answer for the
// mount, for every lookup (every walked path and mutations of it: "dir/",
// "a//b", "//a", "a/./b", a file used as a directory, the root forms "",
// "/", "//", and the path in the input), and for every listing (names,
// types, sizes, order). A disagreement traps, with both answers on stderr.
//
// Input layout (the reader corpus's): [n][n bytes of path][image bytes...]
#include <romfs/romfs.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "micropython/mp_reader.h"

namespace {

[[noreturn]] void disagree(const char* what, const std::string& path, const std::string& romfs_says,
                           const std::string& micropython_says) {
    std::fprintf(stderr, "romfs and MicroPython disagree on %s '%s': romfs %s, MicroPython %s\n", what, path.c_str(),
                 romfs_says.c_str(), micropython_says.c_str());
    __builtin_trap();
}

struct listed {
    std::string name;
    int type;
    std::size_t size;
    bool operator==(const listed&) const = default;
};

std::string show(const std::vector<listed>& v) {
    std::string s = "[";
    for (const auto& e : v) s += " " + e.name + (e.type == MPR_DIR ? "/" : "") + ":" + std::to_string(e.size);
    return s + " ]";
}

void compare_lookup(const romfs::image& img, std::span<const std::byte> bytes, const std::string& path) {
    if (path.find('\0') != std::string::npos) return; // MicroPython's paths are C strings
    std::size_t mp_size = 0;
    const std::uint8_t* mp_data = nullptr;
    const int mp = mpr_search(path.c_str(), &mp_size, &mp_data);
    const auto ours = img.lookup(path);
    const auto base = reinterpret_cast<const std::uint8_t*>(bytes.data());
    const std::string mp_text = mp == MPR_NO_EXIST ? "no such path"
                                : (mp == MPR_FILE ? "a file" : "a directory") + std::string(" of ") +
                                      std::to_string(mp_size) + " bytes at " + std::to_string(mp_data - base);
    if (!ours) {
        if (mp != MPR_NO_EXIST) disagree("lookup", path, std::string(romfs::message(ours.code())), mp_text);
        return;
    }
    if (ours->is_file()) {
        const auto f = *ours->as_file();
        if (mp != MPR_FILE || mp_size != f.size() || mp_data != reinterpret_cast<const std::uint8_t*>(f.data()))
            disagree("lookup", path,
                     "a file of " + std::to_string(f.size()) + " bytes at " + std::to_string(f.offset()), mp_text);
    } else if (mp != MPR_DIR || mp_size != ours->size()) {
        disagree("lookup", path, "a directory of " + std::to_string(ours->size()) + " bytes", mp_text);
    }
}

void compare_listing(const romfs::image& img, const std::string& path) {
    if (path.find('\0') != std::string::npos) return;
    std::vector<listed> mp_entries;
    const int n = mpr_list(
        path.c_str(),
        [](void* context, const std::uint8_t* name, std::size_t len, int type, std::size_t size) {
            static_cast<std::vector<listed>*>(context)->push_back(
                {std::string(reinterpret_cast<const char*>(name), len), type, size});
        },
        &mp_entries);
    std::vector<listed> ours;
    const auto r = img.for_each(path, [&](const romfs::image::entry& e) {
        ours.push_back({std::string(e.name().view()), e.is_file() ? MPR_FILE : MPR_DIR, e.size()});
        return true;
    });
    if (!r) {
        if (n >= 0) disagree("listing", path, std::string(romfs::message(r.code())), show(mp_entries));
        return;
    }
    if (n < 0 || ours != mp_entries) disagree("listing", path, show(ours), n < 0 ? "no such directory" : show(mp_entries));
}

// The path and the forms of it a user or a port might write.
std::vector<std::string> mutations(const std::string& p, bool is_file) {
    std::vector<std::string> out{p};
    const std::string bare = p.size() > 1 && p[0] == '/' ? p.substr(1) : p;
    out.push_back(bare);
    out.push_back(p + "/");
    out.push_back("/" + p);
    out.push_back("//" + bare);
    if (const auto slash = bare.find('/'); slash != std::string::npos) {
        out.push_back(bare.substr(0, slash) + "//" + bare.substr(slash + 1));
        out.push_back(bare.substr(0, slash) + "/./" + bare.substr(slash + 1));
    }
    if (is_file) out.push_back(p + "/x"); // a file used as a directory
    out.push_back(p + "x");
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t n = data[0] < size - 1 ? data[0] : size - 1;
    const std::string input_path(reinterpret_cast<const char*>(data + 1), n);
    const auto bytes = std::as_bytes(std::span<const std::uint8_t>(data + 1 + n, size - 1 - n));

    const auto img = romfs::image::open(bytes);
    if (!img || !romfs::verify(*img)) return 0; // the comparison is for images romfs accepts
    const int mounted = mpr_mount(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    if (mounted != 0) disagree("mount", "", "a valid image", "ENODEV");
    if (mpr_fs_offset(reinterpret_cast<const std::uint8_t*>(bytes.data())) != img->payload_offset() ||
        mpr_fs_end(reinterpret_cast<const std::uint8_t*>(bytes.data())) != img->size())
        disagree("mount", "", "payload " + std::to_string(img->payload_offset()) + ".." + std::to_string(img->size()),
                 "another payload range");

    std::vector<std::pair<std::string, bool>> paths{{"", false}, {"/", false}, {"//", false}, {input_path, false}};
    char buffer[4096];
    romfs::walker<32> w(*img, buffer);
    std::size_t walked = 0;
    for (const auto& item : w) {
        if (!item) return 0; // deeper than the bound: verify<32> said so too
        if (++walked > 64) break; // bounded work per input
        paths.emplace_back(std::string(item->path), item->entry.is_file());
    }
    for (const auto& [p, is_file] : paths)
        for (const auto& m : mutations(p, is_file)) {
            compare_lookup(*img, bytes, m);
            compare_listing(*img, m);
        }
    return 0;
}
