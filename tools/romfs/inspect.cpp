// romfs ls / cat / verify / info / extract / embed: reading images on the host.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <romfs/builder/sha256.hpp>
#include <romfs/romfs.hpp>

#include "commands.hpp"
#include "describe.hpp"
#include "io.hpp"
#include "json.hpp"

namespace romfs::tool {

namespace {

// Deep enough for any real tree; a deeper (hostile) image is an error, not
// a stack overflow.
constexpr std::size_t max_depth = 256;
using walker = romfs::walker<max_depth>;
using entry = romfs::image::entry;

// Reads and opens IMAGE: unreadable is exit code 2, not an image 1.
struct loaded {
    std::vector<std::byte> bytes;
    romfs::image img;
};

result<loaded> load(const std::string& path) {
    auto bytes = read_file(path);
    if (!bytes) return bytes.error();
    loaded out{*std::move(bytes), {}};
    const auto img = romfs::image::open(out.bytes);
    if (!img) return failure{1, path + ": " + describe_open(img.error(), out.bytes)};
    out.img = *img;
    return out;
}

// "/a/b" for "a/b/", "/a/b", "a/b"; "/" for "" and "/".
std::string normalize(std::string p) {
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    if (p.empty() || p.front() != '/') p.insert(p.begin(), '/');
    return p;
}

std::string sha256_hex(std::span<const std::byte> data) {
    romfs::builder::sha256 h;
    h.update(data);
    return romfs::builder::sha256::hex(h.finish());
}

std::string name_of(const entry& e) { return printable(e.name().view()); }

void print_long(const entry& e, const std::string& path) {
    if (e.is_file()) {
        const auto f = e.as_file();
        std::printf("-  %10u  0x%08x  %6u  %s\n", static_cast<unsigned>(e.size()), static_cast<unsigned>(f->offset()),
                    static_cast<unsigned>(f->alignment()), printable(path).c_str());
    } else {
        std::printf("d  %10u  0x%08x  %6s  %s/\n", static_cast<unsigned>(e.size()),
                    static_cast<unsigned>(e.record_offset()), "-", path == "/" ? "" : printable(path).c_str());
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

// One entry as ls --json gives it: what ls -l shows, and the SHA-256 of a
// file's contents.
nlohmann::ordered_json entry_json(const entry& e, const std::string& path) {
    nlohmann::ordered_json j;
    j["type"] = e.is_file() ? "file" : "dir";
    j["path"] = path;
    j["size"] = e.size();
    if (e.is_file()) {
        const auto f = e.as_file();
        j["offset"] = f->offset();
        j["alignment"] = f->alignment();
        j["sha256"] = sha256_hex(f->bytes());
    } else {
        j["offset"] = e.record_offset();
        j["alignment"] = nullptr;
        j["sha256"] = nullptr;
    }
    return j;
}

// The image's integrity record as JSON fields: {"kind": "none"} or
// {"kind": "sha256", "matches": bool}.
nlohmann::ordered_json integrity_json(const romfs::image& img) {
    const auto hash = img.check_integrity(romfs::integrity::require);
    nlohmann::ordered_json j;
    if (hash.code() == romfs::errc::no_integrity_record) {
        j["kind"] = "none";
    } else if (hash.code() == romfs::errc::bad_integrity_record) {
        j["kind"] = "unknown";
        j["matches"] = false;
    } else {
        j["kind"] = "sha256";
        j["matches"] = bool(hash);
    }
    return j;
}

} // namespace

int run_ls(const ls_args& a) {
    auto loaded_image = load(a.image);
    if (!loaded_image) return report(loaded_image.error().message, loaded_image.error().code);
    const loaded& in = *loaded_image;
    const auto target = in.img.lookup(a.path);
    if (!target) return report(a.image + ": " + describe_lookup(a.path, target.error()));
    const std::string base = normalize(a.path);
    const bool is_root = base == "/";

    if (a.json) {
        nlohmann::ordered_json entries = nlohmann::ordered_json::array();
        entries.push_back(entry_json(*target, base));
        if (target->is_directory()) {
            char buf[4096];
            walker w(*target->as_directory(), is_root ? "" : base, buf);
            for (const auto& item : w) {
                if (!item) return report(a.image + ": " + describe(item.error()));
                entries.push_back(entry_json(item->entry, std::string(item->path)));
            }
        }
        nlohmann::ordered_json out;
        out["image"] = a.image;
        out["image_size"] = in.img.size();
        out["integrity"] = integrity_json(in.img);
        out["entries"] = std::move(entries);
        print_json(out);
        return 0;
    }
    if (target->is_file()) {
        if (a.long_format) {
            print_long(*target, base);
        } else {
            std::printf("%s\n", printable(base).c_str());
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
                print_long(*e, (is_root ? "" : base) + "/" + std::string(e->name().view()));
            }
        }
        return 0;
    }
    std::printf("%s%s\n", printable(base).c_str(), is_root ? "" : "/");
    return print_tree(dir, a.recursive, a.image);
}

int run_cat(const std::string& image, const std::string& path) {
    auto loaded_image = load(image);
    if (!loaded_image) return report(loaded_image.error().message, loaded_image.error().code);
    const loaded& in = *loaded_image;
    const auto f = in.img.open_file(path);
    if (!f) return report(image + ": " + describe_lookup(path, f.error()));
    const auto bytes = f->bytes();
    if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() || std::fflush(stdout) != 0)
        return report("cannot write to standard output");
    return 0;
}

int run_verify(const std::vector<std::string>& images, bool quiet) {
    // Every image is checked; the exit code is the worst: 2 if one could not
    // be read, else 1 if one is invalid.
    int worst = 0;
    for (const auto& image : images) {
        auto loaded_image = load(image);
        if (!loaded_image) {
            report(loaded_image.error().message, loaded_image.error().code);
            worst = std::max(worst, loaded_image.error().code);
            continue;
        }
        const loaded& in = *loaded_image;
        if (const auto v = romfs::verify<max_depth>(in.img); !v) {
            report(image + ": invalid: " + describe(v.error()));
            worst = std::max(worst, 1);
            continue;
        }
        const bool hashed =
            in.img.check_integrity(romfs::integrity::require).code() != romfs::errc::no_integrity_record;
        if (!quiet)
            std::printf("%s: valid ROMFS image, %u bytes%s\n", image.c_str(), static_cast<unsigned>(in.img.size()),
                        hashed ? ", integrity hash matches" : "");
    }
    return worst;
}

int run_info(const std::string& image, bool json) {
    auto loaded_image = load(image);
    if (!loaded_image) return report(loaded_image.error().message, loaded_image.error().code);
    const loaded& in = *loaded_image;
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
        nlohmann::ordered_json out;
        out["image_size"] = in.img.size();
        out["file_size"] = in.bytes.size();
        out["trailing_bytes"] = trailing;
        out["payload_size"] = in.img.payload_size();
        out["files"] = files;
        out["directories"] = dirs;
        out["data_bytes"] = data;
        out["max_depth"] = depth;
        out["deepest_path"] = deepest;
        out["largest_file"] = largest.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(largest);
        out["largest_file_size"] = largest_size;
        nlohmann::ordered_json histogram = nlohmann::ordered_json::object();
        for (const auto& [align, count] : alignments) histogram[std::to_string(align)] = count;
        out["alignment_histogram"] = std::move(histogram);
        out["integrity"] = integrity_json(in.img);
        out["valid"] = bool(valid);
        out["problem"] = valid ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(describe(valid.error()));
        print_json(out);
        if (!valid) report(image + ": invalid: " + describe(valid.error()));
        return valid ? 0 : 1; // exit 1: the content is invalid (a hash mismatch too)
    }
    std::printf("image:          %s\n", image.c_str());
    std::printf("image size:     %u bytes (%zu in the file, %zu after the image)\n",
                static_cast<unsigned>(in.img.size()), in.bytes.size(), trailing);
    std::printf("payload:        %u bytes\n", static_cast<unsigned>(in.img.payload_size()));
    std::printf("files:          %zu (%llu bytes of data)\n", files, static_cast<unsigned long long>(data));
    std::printf("directories:    %zu\n", dirs);
    std::printf("deepest path:   %s (depth %zu)\n", printable(deepest).c_str(), depth);
    if (!largest.empty()) std::printf("largest file:   %s (%u bytes)\n", printable(largest).c_str(), largest_size);
    std::printf("data alignment:");
    for (const auto& [align, count] : alignments)
        std::printf(" %s%u:%zu", align == 4096 ? ">=" : "", static_cast<unsigned>(align), count);
    std::printf("\nintegrity:      %s\n", integrity);
    std::printf("valid:          %s\n", valid ? "yes" : describe(valid.error()).c_str());
    if (!valid) return report(image + ": invalid: " + describe(valid.error()));
    return 0;
}

int run_extract(const std::string& image, const std::string& dir) {
    auto loaded_image = load(image);
    if (!loaded_image) return report(loaded_image.error().message, loaded_image.error().code);
    const loaded& in = *loaded_image;
    // Strict check first: it rejects names such as "..", "a/b" and "", so no
    // name in the image can lead outside DIR.
    if (const auto v = romfs::verify<max_depth>(in.img); !v)
        return report(image + ": refusing to extract an invalid image: " + describe(v.error()));
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path target(dir);
    if (fs::exists(target, ec) && !(fs::is_directory(target, ec) && fs::is_empty(target, ec)))
        return report(dir + ": exists and is not an empty directory", 2);
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec))
        return report(dir + ": cannot create: the directory " + parent.string() +
                          (fs::exists(parent, ec) ? " is not a directory" : " does not exist"),
                      2);
    std::string tmpl = (parent / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr)
        return report(dir + ": cannot create a temporary directory in " + parent.string() + ": " + std::strerror(errno), 2);
    const fs::path temp(tmpl);
    // mkdtemp makes 0700; the top gets the mode every level below gets
    // (0777 & ~umask), as mkdir would give it.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::chmod(temp.c_str(), 0777 & ~mask);
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
                         printable(path).c_str());
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
    auto loaded_image = load(a.image);
    if (!loaded_image) return report(loaded_image.error().message, loaded_image.error().code);
    const std::vector<std::byte>& bytes = loaded_image->bytes;
    const auto img = &loaded_image->img;
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
    if (auto r = out.open(a.output); !r) return report(r.error().message, r.error().code);
    if (!out.write(std::as_bytes(std::span<const char>(text.data(), text.size()))))
        return report(a.output + ": write failed");
    if (auto r = out.commit(); !r) return report(r.error().message, r.error().code);
    return 0;
}

} // namespace romfs::tool
