// romfs ls / cat / verify / info / extract / embed: reading images on the host.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <romfs/build/sha256.hpp>
#include <romfs/romfs.hpp>

#include "commands.hpp"
#include "io.hpp"
#include "json.hpp"

namespace romfs::tool {

namespace {

// Deep enough for any real tree; a deeper (hostile) image is an error, not
// a stack overflow.
constexpr std::size_t max_depth = 256;
using walker = romfs::walker<max_depth>;
using entry = romfs::image::entry;

std::string describe(const romfs::error& e) {
    return std::string(romfs::message(e.code)) + " at byte " + std::to_string(e.offset);
}

// Reads and opens IMAGE; on failure prints the reason and sets `code`.
struct loaded {
    std::vector<std::byte> bytes;
    romfs::image img;
};

bool load(const std::string& path, loaded& out, int& code) {
    failure err;
    if (!read_file(path, out.bytes, err)) {
        code = report(err.message, 2);
        return false;
    }
    const auto img = romfs::image::open(out.bytes);
    if (!img) {
        code = report(path + ": " + describe(img.error()));
        return false;
    }
    out.img = *img;
    return true;
}

// "/a/b" for "a/b/", "/a/b", "a/b"; "/" for "" and "/".
std::string normalize(std::string p) {
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    if (p.empty() || p.front() != '/') p.insert(p.begin(), '/');
    return p;
}

std::string sha256_hex(std::span<const std::byte> data) {
    romfs::build::sha256 h;
    h.update(data);
    return romfs::build::sha256::hex(h.finish());
}

std::string name_of(const entry& e) { return std::string(e.name().view()); }

void print_long(const entry& e, const std::string& path) {
    if (e.is_file()) {
        const auto f = e.as_file();
        std::printf("-  %10u  0x%08x  %6u  %s\n", static_cast<unsigned>(e.size()), static_cast<unsigned>(f->offset()),
                    static_cast<unsigned>(f->alignment()), path.c_str());
    } else {
        std::printf("d  %10u  0x%08x  %6s  %s/\n", static_cast<unsigned>(e.size()),
                    static_cast<unsigned>(e.record_offset()), "-", path == "/" ? "" : path.c_str());
    }
}

// Tree view with connectors, iterative (explicit stack) so a hostile image
// cannot overflow the C++ stack.
int print_tree(const romfs::image::directory& top, bool recursive, const std::string& image) {
    struct level {
        std::vector<entry> entries;
        std::size_t next = 0;
        std::string prefix;
    };
    std::vector<level> stack;
    auto collect = [&](const romfs::image::directory& d, std::string prefix) -> bool {
        level l;
        l.prefix = std::move(prefix);
        for (const auto& e : d) {
            if (!e) {
                report(image + ": " + describe(e.error()));
                return false;
            }
            l.entries.push_back(*e);
        }
        stack.push_back(std::move(l));
        return true;
    };
    if (!collect(top, "")) return 1;
    while (!stack.empty()) {
        level& l = stack.back();
        if (l.next == l.entries.size()) {
            stack.pop_back();
            continue;
        }
        const entry e = l.entries[l.next++];
        const bool last = l.next == l.entries.size();
        std::printf("%s%s %s%s\n", l.prefix.c_str(), last ? "\\--" : "|--", name_of(e).c_str(),
                    e.is_directory() ? "/" : "");
        if (recursive && e.is_directory()) {
            if (stack.size() >= max_depth) return report(image + ": directories nested deeper than 256");
            const std::string prefix = l.prefix + (last ? "    " : "|   ");
            if (!collect(*e.as_directory(), prefix)) return 1;
        }
    }
    return 0;
}

} // namespace

int run_ls(const ls_args& a) {
    loaded in;
    int code = 0;
    if (!load(a.image, in, code)) return code;
    const auto target = in.img.lookup(a.path);
    if (!target) return report(a.image + ": " + a.path + ": " + describe(target.error()));
    const std::string base = normalize(a.path);
    const bool is_root = base == "/";

    if (a.json) {
        std::string out = "[\n";
        auto add = [&](const entry& e, const std::string& path) {
            out += "  {\"type\": \"";
            out += e.is_file() ? "file" : "dir";
            out += "\", \"path\": " + json_string(path) + ", \"size\": " + std::to_string(e.size()) +
                   ", \"sha256\": ";
            out += e.is_file() ? "\"" + sha256_hex(e.as_file()->bytes()) + "\"" : "null";
            out += "},\n";
        };
        add(*target, base);
        if (target->is_directory()) {
            char buf[4096];
            walker w(*target->as_directory(), is_root ? "" : base, buf);
            for (const auto& item : w) {
                if (!item) return report(a.image + ": " + describe(item.error()));
                add(item->entry, std::string(item->path));
            }
        }
        out.erase(out.size() - 2, 1); // the last comma
        out += "]\n";
        std::fputs(out.c_str(), stdout);
        return 0;
    }
    if (target->is_file()) {
        if (a.long_format) {
            print_long(*target, base);
        } else {
            std::printf("%s\n", base.c_str());
        }
        return 0;
    }
    const auto dir = *target->as_directory();
    if (a.long_format) {
        print_long(*target, base);
        if (a.recursive) {
            char buf[4096];
            walker w(dir, is_root ? "" : base, buf);
            for (const auto& item : w) {
                if (!item) return report(a.image + ": " + describe(item.error()));
                print_long(item->entry, std::string(item->path));
            }
        } else {
            for (const auto& e : dir) {
                if (!e) return report(a.image + ": " + describe(e.error()));
                print_long(*e, (is_root ? "" : base) + "/" + name_of(*e));
            }
        }
        return 0;
    }
    std::printf("%s%s\n", base.c_str(), is_root ? "" : "/");
    return print_tree(dir, a.recursive, a.image);
}

int run_cat(const std::string& image, const std::string& path) {
    loaded in;
    int code = 0;
    if (!load(image, in, code)) return code;
    const auto f = in.img.open_file(path);
    if (!f) return report(image + ": " + path + ": " + describe(f.error()));
    const auto bytes = f->bytes();
    if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() || std::fflush(stdout) != 0)
        return report("cannot write to standard output");
    return 0;
}

int run_verify(const std::string& image) {
    loaded in;
    int code = 0;
    if (!load(image, in, code)) return code;
    if (const auto v = romfs::verify<max_depth>(in.img); !v)
        return report(image + ": invalid: " + describe(v.error()));
    const bool hashed = in.img.check_integrity(romfs::integrity::require).code() != romfs::errc::no_integrity_record;
    std::printf("%s: valid ROMFS image, %u bytes%s\n", image.c_str(), static_cast<unsigned>(in.img.size()),
                hashed ? ", integrity hash matches" : "");
    return 0;
}

int run_info(const std::string& image, bool json) {
    loaded in;
    int code = 0;
    if (!load(image, in, code)) return code;
    const auto valid = romfs::verify<max_depth>(in.img);
    const auto hash = in.img.check_integrity(romfs::integrity::require);
    const char* integrity = hash ? "sha256, matches"
                            : hash.code() == romfs::errc::no_integrity_record ? "none"
                                                                               : "present, does not match";
    std::size_t files = 0, dirs = 0, depth = 0;
    std::uint64_t data = 0;
    std::string deepest = "/", largest;
    std::uint32_t largest_size = 0;
    std::map<std::uint32_t, std::size_t> alignments;
    char buf[4096];
    walker w(in.img, buf);
    for (const auto& item : w) {
        if (!item) return report(image + ": " + describe(item.error()));
        if (item->depth > depth) {
            depth = item->depth;
            deepest = std::string(item->path);
        }
        if (item->entry.is_directory()) {
            ++dirs;
            continue;
        }
        ++files;
        const auto f = item->entry.as_file();
        data += f->size();
        if (largest.empty() || f->size() > largest_size) {
            largest = std::string(item->path);
            largest_size = f->size();
        }
        // Buckets 1, 2, 4, ... 4096; "4096" counts everything aligned at least that much.
        alignments[std::min<std::uint32_t>(f->alignment(), 4096)]++;
    }
    const std::size_t trailing = in.bytes.size() - in.img.size();
    if (json) {
        std::string out = "{\n";
        out += "  \"image_size\": " + std::to_string(in.img.size()) + ",\n";
        out += "  \"file_size\": " + std::to_string(in.bytes.size()) + ",\n";
        out += "  \"trailing_bytes\": " + std::to_string(trailing) + ",\n";
        out += "  \"payload_size\": " + std::to_string(in.img.payload_size()) + ",\n";
        out += "  \"files\": " + std::to_string(files) + ",\n";
        out += "  \"directories\": " + std::to_string(dirs) + ",\n";
        out += "  \"data_bytes\": " + std::to_string(data) + ",\n";
        out += "  \"max_depth\": " + std::to_string(depth) + ",\n";
        out += "  \"deepest_path\": " + json_string(deepest) + ",\n";
        out += "  \"largest_file\": " + (largest.empty() ? std::string("null") : json_string(largest)) + ",\n";
        out += "  \"largest_file_size\": " + std::to_string(largest_size) + ",\n";
        out += "  \"alignment_histogram\": {";
        bool first = true;
        for (const auto& [align, count] : alignments) {
            out += (first ? "\"" : ", \"") + std::to_string(align) + "\": " + std::to_string(count);
            first = false;
        }
        out += "},\n";
        out += "  \"integrity\": " + json_string(integrity) + ",\n";
        out += "  \"valid\": " + std::string(valid ? "true" : "false") + ",\n";
        out += "  \"problem\": " + (valid ? std::string("null") : json_string(describe(valid.error()))) + "\n}\n";
        std::fputs(out.c_str(), stdout);
        return valid ? 0 : 1; // exit 1: the content is invalid (a hash mismatch too)
    }
    std::printf("image:          %s\n", image.c_str());
    std::printf("image size:     %u bytes (%zu in the file, %zu after the image)\n",
                static_cast<unsigned>(in.img.size()), in.bytes.size(), trailing);
    std::printf("payload:        %u bytes\n", static_cast<unsigned>(in.img.payload_size()));
    std::printf("files:          %zu (%llu bytes of data)\n", files, static_cast<unsigned long long>(data));
    std::printf("directories:    %zu\n", dirs);
    std::printf("deepest path:   %s (depth %zu)\n", deepest.c_str(), depth);
    if (!largest.empty()) std::printf("largest file:   %s (%u bytes)\n", largest.c_str(), largest_size);
    std::printf("data alignment:");
    for (const auto& [align, count] : alignments)
        std::printf(" %s%u:%zu", align == 4096 ? ">=" : "", static_cast<unsigned>(align), count);
    std::printf("\nintegrity:      %s\n", integrity);
    std::printf("valid:          %s\n", valid ? "yes" : describe(valid.error()).c_str());
    if (!valid) return report(image + ": invalid: " + describe(valid.error()));
    return 0;
}

int run_extract(const std::string& image, const std::string& dir) {
    loaded in;
    int code = 0;
    if (!load(image, in, code)) return code;
    // Strict check first: it rejects names such as "..", "a/b" and "", so no
    // name in the image can lead outside DIR.
    if (const auto v = romfs::verify<max_depth>(in.img); !v)
        return report(image + ": refusing to extract an invalid image: " + describe(v.error()));
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path target(dir);
    if (fs::exists(target, ec) && !(fs::is_directory(target, ec) && fs::is_empty(target, ec)))
        return report(dir + ": exists and is not an empty directory");
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string tmpl = (parent / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr) return report(dir + ": cannot create a temporary directory");
    const fs::path temp(tmpl);
    struct remove_on_error {
        const fs::path& p;
        bool keep = false;
        ~remove_on_error() {
            std::error_code e;
            if (!keep) fs::remove_all(p, e);
        }
    } guard{temp};

    std::set<std::string> seen;
    std::vector<std::string> shadowed; // directories hidden by an earlier entry
    char buf[4096];
    walker w(in.img, buf);
    std::size_t files = 0;
    for (const auto& item : w) {
        if (!item) return report(image + ": " + describe(item.error()));
        const std::string path(item->path);
        bool hidden = !seen.insert(path).second;
        for (const auto& s : shadowed) hidden = hidden || path.starts_with(s + "/");
        if (hidden) {
            std::fprintf(stderr, "romfs: warning: %s is shadowed by an earlier entry of the same name; skipped\n",
                         path.c_str());
            if (item->entry.is_directory()) shadowed.push_back(path);
            continue;
        }
        const fs::path out = temp / fs::path(path.substr(1));
        if (item->entry.is_directory()) {
            if (!fs::create_directory(out, ec)) return report(out.string() + ": cannot create: " + ec.message());
            continue;
        }
        const auto bytes = item->entry.as_file()->bytes();
        std::FILE* f = std::fopen(out.c_str(), "wb");
        const bool ok = f != nullptr && std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
        if (f != nullptr && std::fclose(f) != 0) return report(out.string() + ": write failed");
        if (!ok) return report(out.string() + ": write failed");
        ++files;
    }
    // rename() replaces an empty directory or creates the target.
    if (std::rename(temp.c_str(), target.c_str()) != 0) return report(dir + ": cannot create: " + std::strerror(errno));
    guard.keep = true;
    std::printf("extracted %zu files into %s\n", files, dir.c_str());
    return 0;
}

namespace {

bool identifier(const std::string& s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool qualified(const std::string& s) {
    std::size_t start = 0;
    for (;;) {
        const auto sep = s.find("::", start);
        if (!identifier(s.substr(start, sep == std::string::npos ? std::string::npos : sep - start))) return false;
        if (sep == std::string::npos) return true;
        start = sep + 2;
    }
}

} // namespace

int run_embed(const embed_args& a) {
    if (!identifier(a.name)) return report("--name " + a.name + ": not a C++ identifier", 2);
    if (!a.ns.empty() && !qualified(a.ns)) return report("--namespace " + a.ns + ": not a C++ namespace name", 2);
    if (a.align != 0 && (a.align & (a.align - 1)) != 0) return report("--align must be a power of two", 2);
    if (a.section.find_first_of("\"\\\n") != std::string::npos) return report("--section: invalid section name", 2);
    std::vector<std::byte> bytes;
    failure err;
    if (!read_file(a.image, bytes, err)) return report(err.message, err.exit_code);
    const auto img = romfs::image::open(bytes);
    if (!img) return report(a.image + ": " + describe(img.error()));
    // Firmware would carry a broken image: refuse, as flash-image and deploy do.
    if (const auto v = romfs::verify(*img); !v) return report(a.image + ": invalid: " + describe(v.error()));

    std::string text;
    text.reserve(bytes.size() * 6 + 1024);
    text += "// Generated by `romfs embed` from " + std::filesystem::path(a.image).filename().string() +
            ". Do not edit.\n#pragma once\n\n#include <array>\n#include <cstddef>\n\n";
    if (!a.ns.empty()) text += "namespace " + a.ns + " {\n\n";
    text += "/// The ROMFS image, usable in constant expressions.\n";
    if (a.align != 0) text += "alignas(" + std::to_string(a.align) + ") ";
    if (!a.section.empty()) text += "[[gnu::section(\"" + a.section + "\"), gnu::used]] ";
    text += "inline constexpr std::array<std::byte, " + std::to_string(bytes.size()) + "> " + a.name + "{{";
    static constexpr char hex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i % 12 == 0) text += "\n   ";
        const auto b = static_cast<unsigned>(bytes[i]);
        text += " std::byte{0x";
        text += hex[b >> 4];
        text += hex[b & 15];
        text += "},";
    }
    text += "\n}};\n";
    if (!a.ns.empty()) text += "\n} // namespace " + a.ns + "\n";
    atomic_file out;
    if (!out.open(a.output, err)) return report(err.message);
    if (!out.write(std::as_bytes(std::span<const char>(text.data(), text.size()))))
        return report(a.output + ": write failed");
    if (!out.commit(err)) return report(err.message);
    return 0;
}

} // namespace romfs::tool
