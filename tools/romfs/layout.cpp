// romfs layout check: the same parser and rules as the compile-time checks,
// on a board's linker scripts (with ld's -L search, --defsym and, when the
// port preprocesses its scripts, the C preprocessor), on an ESP-IDF
// partition table, or on the linked ELF; a map of the flash as text and SVG.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <romfs/layout.hpp>
#include <romfs/boards/registry.hpp>
#include <romfs/layout/elf.hpp>

#include "commands.hpp"
#include "io.hpp"
#include "json.hpp"

extern char** environ;

namespace romfs::tool {

namespace {

namespace L = romfs::layout;
namespace fs = std::filesystem;
using big_script = L::ld::script<64, 4096, 32768, 256>;
using big_layout = L::basic_layout<8, 96>;

std::string hex(std::uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, v > 0xffffffffu ? "0x%016llx" : "0x%08llx", static_cast<unsigned long long>(v));
    return buf;
}

std::string size_text(std::uint64_t v) {
    if (v != 0 && v % (1024 * 1024) == 0) return std::to_string(v / (1024 * 1024)) + "M";
    if (v != 0 && v % 1024 == 0) return std::to_string(v / 1024) + "K";
    return std::to_string(v);
}

std::optional<L::role> parse_role(std::string_view s) {
    for (auto r : {L::role::bootloader, L::role::firmware, L::role::romfs, L::role::filesystem, L::role::reserved,
                   L::role::other})
        if (L::role_name(r) == s) return r;
    return std::nullopt;
}

std::string sv(std::string_view s) { return std::string(s); }

// A usage error or unreadable input: exit code 2.
failure fail(std::string message) { return failure{2, std::move(message)}; }

bool device_at_any(const std::vector<L::device>& devices, std::uint64_t address) {
    return std::any_of(devices.begin(), devices.end(), [&](const L::device& d) { return d.holds(address); });
}

struct problem {
    std::string rule;
    std::string message;
    std::string region; // the region it concerns, for the map ("" when none)
};

// Texts the parser's views point into, kept alive for the whole run.
struct text_store {
    std::vector<std::unique_ptr<std::string>> items;
    const std::string& add(std::string s) {
        items.push_back(std::make_unique<std::string>(std::move(s)));
        return *items.back();
    }
};

result<std::string> read_text(const fs::path& p) {
    const auto bytes = read_file(p.string());
    if (!bytes) return bytes.error();
    return std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size());
}

// Runs the host C preprocessor over `file` (as ports do: `cc -E -P -x c`)
// and returns its output.
result<std::string> preprocess(const std::string& file, const layout_args& a) {
    const char* cc_env = std::getenv("CC");
    const std::string cc = cc_env && *cc_env ? cc_env : "cc";
    std::vector<std::string> args{cc, "-E", "-P", "-x", "c"};
    for (const auto& d : a.defines) args.push_back("-D" + d);
    for (const auto& i : a.include_dirs) args.push_back("-I" + i);
    args.push_back(file);
    char tmpl[] = "/tmp/romfs-cpp-XXXXXX";
    const int fd = mkstemp(tmpl);
    if (fd < 0) return fail(std::string("cannot create a temporary file: ") + std::strerror(errno));
    std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fd, 1);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, cc.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fd);
    int status = 0;
    if (rc == 0) waitpid(pid, &status, 0);
    auto text = read_text(tmpl);
    unlink(tmpl);
    if (rc != 0) return fail(std::string("--cpp: cannot run " + cc + ": " + std::strerror(rc)));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return fail(std::string("--cpp: " + cc + " -E failed on " + file));
    if (!text) return text.error();
    return *text;
}

// Where ld looks for an INCLUDEd file: the current directory, then each -L.
std::optional<fs::path> find_include(std::string_view name, const std::vector<std::string>& dirs) {
    const fs::path p{std::string(name)};
    if (p.is_absolute()) return fs::exists(p) ? std::optional(p) : std::nullopt;
    if (fs::exists(p)) return p;
    for (const auto& d : dirs)
        if (fs::exists(fs::path(d) / p)) return fs::path(d) / p;
    return std::nullopt;
}

// Parses the scripts, reading the files INCLUDE names as the parser asks for them.
struct parsed_link {
    text_store texts;
    std::vector<L::ld::source> sources;
    std::vector<L::ld::defsym> defsyms;
    std::unique_ptr<big_script> script;
};

result<std::unique_ptr<parsed_link>> parse_link(const layout_args& a) {
    auto link = std::make_unique<parsed_link>();
    for (const auto& f : a.files) {
        if (f.ends_with(".csv")) return fail(std::string("layout check: give a partition table on its own"));
        auto text = a.cpp ? preprocess(f, a) : read_text(f);
        if (!text) return text.error();
        link->sources.push_back({link->texts.add(f), link->texts.add(std::move(*text)), true});
    }
    for (std::size_t k = 0; k < a.defsyms.size(); ++k) {
        const auto& d = a.defsyms[k];
        const auto eq = d.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == d.size())
            return fail(std::string("layout check: --defsym " + d + ": expected NAME=VALUE"));
        link->defsyms.push_back({link->texts.add(d.substr(0, eq)), link->texts.add(d.substr(eq + 1)),
                                 k < a.defsym_after.size() ? a.defsym_after[k] : 0});
    }
    for (;;) {
        link->script = std::make_unique<big_script>(big_script::parse(link->sources, link->defsyms));
        const auto missing = link->script->missing_include();
        if (missing.empty()) break;
        const auto& e = link->script->error();
        const std::string where = sv(e.file) + ":" + std::to_string(e.line) + ":" + std::to_string(e.column);
        const auto found = find_include(missing, a.search_dirs);
        if (!found) {
            std::string searched = "the current directory";
            for (const auto& d : a.search_dirs) searched += ", " + d;
            return fail(std::string(where + ": INCLUDE " + sv(missing) + ": no such file (searched " + searched +
                                           (a.search_dirs.empty() ? "; add -L DIR" : "") + ")"));
        }
        if (link->sources.size() >= 32) return fail(std::string("layout check: too many script files"));
        auto text = a.cpp ? preprocess(found->string(), a) : read_text(*found);
        if (!text) return fail(std::string(where + ": INCLUDE " + sv(missing) + ": " + text.error().message));
        // The path found ends with the name INCLUDE wrote, which is how the parser matches it.
        link->sources.push_back({link->texts.add(found->string()), link->texts.add(std::move(*text)), false});
    }
    if (!link->script->ok()) {
        const auto& e = link->script->error();
        std::string where = sv(e.file);
        if (e.line) where += ":" + std::to_string(e.line) + ":" + std::to_string(e.column);
        return fail(std::string(where + ": " + sv(e.message) + (e.subject.empty() ? "" : " (" + sv(e.subject) + ")")));
    }
    return link;
}

// The chip size of a family whose chips differ: a region at the flash base
// with a chip's size, or a flash-size symbol with one.
std::optional<std::pair<std::uint64_t, std::string>> infer_flash_size(const L::family& f, const big_script* s) {
    if (s == nullptr) return std::nullopt;
    const L::device probe = f.make(f.default_size);
    const auto is_chip = [&](std::uint64_t v) {
        return std::find(f.chip_sizes.begin(), f.chip_sizes.begin() + f.size_count, v) != f.chip_sizes.begin() + f.size_count;
    };
    for (const auto& m : s->regions())
        if (m.origin == probe.base && is_chip(m.length)) return std::pair{m.length, "region " + sv(m.name)};
    for (const char* name : {"_flash_size", "_flashsize", "flash_size", "__flash_size", "_ld_flash_size"}) {
        const auto v = s->symbol(name);
        if (v && is_chip(*v)) return std::pair{*v, std::string("symbol ") + name};
    }
    return std::nullopt;
}

result<std::vector<L::device>> make_devices(const layout_args& a, const big_script* s) {
    if (a.families.empty()) return fail(std::string("layout check: at least one --family is required"));
    if (a.flash_sizes.size() > a.families.size())
        return fail(std::string("layout check: more --flash-size values than --family values"));
    if (a.flash_bases.size() > a.families.size())
        return fail(std::string("layout check: more --flash-base values than --family values"));
    std::vector<L::device> devices;
    for (std::size_t i = 0; i < a.families.size(); ++i) {
        const L::family* f = L::find_family(a.families[i]);
        if (f == nullptr) {
            std::string known;
            for (const auto& k : L::families) known += (known.empty() ? "" : ", ") + sv(k.name);
            return fail(std::string("layout check: unknown family '" + a.families[i] + "' (known: " + known + ")"));
        }
        std::uint64_t size = f->default_size;
        if (i < a.flash_sizes.size() && a.flash_sizes[i] != "auto") {
            const auto v = parse_size(a.flash_sizes[i]);
            if (!v || *v == 0) return fail(std::string("layout check: --flash-size " + a.flash_sizes[i] + ": not a size"));
            size = *v;
        } else if (f->sizes_vary()) {
            const auto inferred = infer_flash_size(*f, s);
            if (!inferred) {
                std::string choices;
                for (std::size_t k = 0; k < f->size_count; ++k)
                    choices += (k == 0 ? "" : k + 1 == f->size_count ? " or " : ", ") + size_text(f->chip_sizes[k]);
                return fail(std::string("layout check: " + sv(f->name) + " chips differ in size: give --flash-size " +
                                               choices + " (no region or symbol of the link says which)"));
            }
            size = inferred->first;
            if (!a.json)
                std::printf("%s: flash size %s, taken from %s\n", sv(f->name).c_str(), size_text(size).c_str(),
                            inferred->second.c_str());
        }
        L::device d = f->make(size);
        if (i < a.flash_bases.size()) {
            const auto b = parse_size(a.flash_bases[i]);
            if (!b || *b > 0xffffffffu)
                return fail(std::string("layout check: --flash-base " + a.flash_bases[i] + ": not an address"));
            if (!f->variable_base)
                return fail(std::string("layout check: family " + a.families[i] +
                                               " has a fixed base; --flash-base does not apply"));
            d.base = static_cast<address_t>(*b);
        }
        devices.push_back(d);
    }
    return devices;
}

// ---- the map ----

char region_mark(std::size_t i) { return static_cast<char>(i < 26 ? 'A' + i : i < 52 ? 'a' + (i - 26) : '#'); }

// Regions on device `d`, in address order (index into l.regions()).
template <class Layout>
std::vector<std::size_t> regions_on(const Layout& l, const L::device& d) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < l.regions().size(); ++i)
        if (d.holds(l.regions()[i].origin)) out.push_back(i);
    std::stable_sort(out.begin(), out.end(), [&](auto x, auto y) { return l.regions()[x].origin < l.regions()[y].origin; });
    return out;
}

template <class Layout>
bool has_problem(const std::vector<problem>& problems, const Layout& l, std::size_t i) {
    return std::any_of(problems.begin(), problems.end(), [&](const problem& p) { return p.region == sv(l.regions()[i].name); });
}

// Each flash device as a to-scale bar: a letter per region, '.' for free
// flash, '!' above a region with a problem; then a line per region.
template <class Layout>
void draw_map(const Layout& l, const std::vector<problem>& problems) {
    constexpr std::size_t width = 64;
    for (const auto& d : l.devices()) {
        if (d.size == 0) continue;
        const auto on = regions_on(l, d);
        std::string bar(width, '.'), marks(width, ' ');
        for (std::size_t c = 0; c < width; ++c) {
            const std::uint64_t lo = d.base + d.size * c / width, hi = d.base + d.size * (c + 1) / width;
            // The smallest region covering this column wins (containers draw under).
            std::uint64_t best = ~std::uint64_t{0};
            for (std::size_t k = 0; k < on.size(); ++k) {
                const auto& r = l.regions()[on[k]];
                if (r.length == 0 || r.origin >= hi || r.end() <= lo || r.length >= best) continue;
                best = r.length;
                bar[c] = region_mark(k);
                marks[c] = has_problem(problems, l, on[k]) ? '!' : ' ';
            }
        }
        std::printf("\n%s (%s) %s .. %s, %s\n", sv(d.name).c_str(), sv(d.family).c_str(), hex(d.base).c_str(),
                    hex(d.end()).c_str(), size_text(d.size).c_str());
        if (marks.find('!') != std::string::npos) std::printf("  %s\n", marks.c_str());
        std::printf("  |%s|\n", bar.c_str());
        for (std::size_t k = 0; k < on.size(); ++k) {
            const auto& r = l.regions()[on[k]];
            std::printf("  %c %-22s %-10s %s + %-6s%s\n", region_mark(k), sv(r.name).c_str(), sv(L::role_name(r.kind)).c_str(),
                        hex(r.origin).c_str(), size_text(r.length).c_str(),
                        has_problem(problems, l, on[k]) ? "  <- problem" : "");
        }
    }
    std::printf("\n");
}

std::string xml_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '&') out += "&amp;";
        else if (c == '"') out += "&quot;";
        else out += c;
    }
    return out;
}

const char* role_colour(L::role r) {
    switch (r) {
    case L::role::bootloader: return "#d9a441";
    case L::role::firmware: return "#5b8def";
    case L::role::romfs: return "#4caf50";
    case L::role::filesystem: return "#9c6ade";
    case L::role::reserved: return "#9e9e9e";
    case L::role::other: return "#e0e0e0";
    }
    return "#e0e0e0";
}

// The same map as an SVG: a row per device, a rectangle per region placed
// and sized in proportion (data-origin/data-length carry the numbers).
template <class Layout>
result<bool> write_svg(const std::string& path, const Layout& l, const std::vector<problem>& problems) {
    constexpr double left = 20, width = 960, row = 110;
    std::string svg;
    const double height = 30 + row * static_cast<double>(l.devices().size());
    svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(int(left * 2 + width)) + "\" height=\"" +
           std::to_string(int(height)) + "\" font-family=\"monospace\" font-size=\"11\">\n";
    double y = 20;
    for (const auto& d : l.devices()) {
        if (d.size == 0) continue;
        svg += "  <g class=\"device\" data-name=\"" + xml_escape(d.name) + "\" data-base=\"" + std::to_string(d.base) +
               "\" data-size=\"" + std::to_string(d.size) + "\">\n";
        svg += "    <text x=\"" + std::to_string(int(left)) + "\" y=\"" + std::to_string(int(y)) + "\">" +
               xml_escape(sv(d.name) + " (" + sv(d.family) + ") " + hex(d.base) + " + " + size_text(d.size)) + "</text>\n";
        svg += "    <rect class=\"flash\" x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(y + 8) + "\" width=\"" +
               std::to_string(width) + "\" height=\"40\" fill=\"#fafafa\" stroke=\"#333\"/>\n";
        const auto on = regions_on(l, d);
        int label = 0;
        for (std::size_t k = 0; k < on.size(); ++k) {
            const auto& r = l.regions()[on[k]];
            const std::uint64_t end = std::min<std::uint64_t>(r.end(), d.end());
            const double x = left + width * static_cast<double>(r.origin - d.base) / static_cast<double>(d.size);
            const double w = width * static_cast<double>(end - r.origin) / static_cast<double>(d.size);
            const bool bad = has_problem(problems, l, on[k]);
            const bool container = r.kind == L::role::other;
            svg += "    <rect class=\"region\" data-name=\"" + xml_escape(r.name) + "\" data-role=\"" +
                   sv(L::role_name(r.kind)) + "\" data-origin=\"" + std::to_string(r.origin) + "\" data-length=\"" +
                   std::to_string(r.length) + "\" x=\"" + std::to_string(x) + "\" y=\"" +
                   std::to_string(y + (container ? 8 : 12)) + "\" width=\"" + std::to_string(w) + "\" height=\"" +
                   std::to_string(container ? 40 : 32) + "\" fill=\"" + role_colour(r.kind) + "\" fill-opacity=\"" +
                   (container ? "0.4" : "0.85") + "\" stroke=\"" + (bad ? "#d32f2f" : "#333") + "\" stroke-width=\"" +
                   (bad ? "3" : "1") + "\"><title>" +
                   xml_escape(sv(r.name) + " " + sv(L::role_name(r.kind)) + " " + hex(r.origin) + " + " + size_text(r.length)) +
                   "</title></rect>\n";
            svg += "    <text x=\"" + std::to_string(x + 2) + "\" y=\"" + std::to_string(y + 62 + 12 * (label++ % 3)) +
                   "\"" + (bad ? " fill=\"#d32f2f\"" : "") + ">" +
                   xml_escape(sv(r.name) + " " + hex(r.origin) + " " + size_text(r.length) + (bad ? " !" : "")) +
                   "</text>\n";
        }
        svg += "  </g>\n";
        y += row;
    }
    svg += "</svg>\n";
    const std::string tmp = path + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (f == nullptr) return fail(std::string(path + ": " + std::strerror(errno)));
    const bool written = std::fwrite(svg.data(), 1, svg.size(), f) == svg.size();
    if (std::fclose(f) != 0 || !written) {
        std::remove(tmp.c_str());
        return fail(std::string(path + ": write failed"));
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return fail(std::string(path + ": " + std::strerror(errno)));
    }
    return true;
}

template <class Layout>
int report_layout(const Layout& l, const layout_args& a, const std::vector<std::pair<std::string, std::string>>& ignored,
                  std::vector<problem> problems) {
    L::for_each_violation(l, [&](const L::violation& v) {
        problems.push_back({sv(L::rule_name(v.kind)), sv(L::describe(l, v).view()), sv(l.regions()[v.a].name)});
    });
    const bool has_romfs = l.romfs_partition(0) != nullptr || l.romfs_partition(1) != nullptr;
    if (!has_romfs && !a.no_romfs_ok)
        problems.push_back({"a ROM partition exists",
                            "no ROM partition found: no region named like FLASH_ROMFS and no "
                            "_micropy_hw_romfs_part0_start/_size symbols (--no-romfs-ok accepts that)",
                            ""});
    if (!a.svg.empty()) {
        const auto w = write_svg(a.svg, l, problems);
        if (!w) return report(w.error());
    }
    if (a.json) {
        nlohmann::ordered_json out;
        out["regions"] = nlohmann::ordered_json::array();
        for (const auto& r : l.regions()) {
            const L::device* d = l.device_at(r.origin);
            out["regions"].push_back({{"name", sv(r.name)},
                                      {"role", sv(L::role_name(r.kind))},
                                      {"origin", r.origin},
                                      {"length", r.length},
                                      {"end", r.end()},
                                      {"device", d ? nlohmann::ordered_json(sv(d->name)) : nlohmann::ordered_json(nullptr)}});
        }
        out["ignored"] = nlohmann::ordered_json::array();
        for (const auto& [name, why] : ignored) out["ignored"].push_back({{"name", name}, {"reason", why}});
        out["problems"] = nlohmann::ordered_json::array();
        for (const auto& p : problems) out["problems"].push_back({{"rule", p.rule}, {"message", p.message}});
        out["valid"] = problems.empty();
        print_json(out);
    } else {
        std::printf("%-24s %-11s %-12s %-12s %-12s %s\n", "region", "role", "origin", "length", "end", "device");
        for (const auto& r : l.regions()) {
            const L::device* d = l.device_at(r.origin);
            std::printf("%-24s %-11s %-12s %-12s %-12s %s\n", sv(r.name).c_str(), sv(L::role_name(r.kind)).c_str(),
                        hex(r.origin).c_str(), hex(r.length).c_str(), hex(r.end()).c_str(),
                        d ? (sv(d->name) + " (" + sv(d->family) + ")").c_str() : "-");
        }
        for (const auto& [name, why] : ignored) std::printf("%-24s ignored: %s\n", name.c_str(), why.c_str());
        draw_map(l, problems);
        for (std::uint8_t i = 0; i < 2; ++i)
            if (const auto* r = l.romfs_partition(i))
                std::printf("ROM partition %u: %s at %s, %s\n", i, sv(r->name).c_str(), hex(r->origin).c_str(),
                            size_text(r->length).c_str());
        if (problems.empty()) {
            std::printf("layout OK: %zu regions, no rule broken\n", l.regions().size());
        } else {
            for (const auto& p : problems) std::fprintf(stderr, "problem: %s\n", p.message.c_str());
            std::fprintf(stderr, "%zu problem%s found\n", problems.size(), problems.size() == 1 ? "" : "s");
        }
    }
    return problems.empty() ? 0 : 1;
}

result<std::vector<L::role_override>> overrides_of(const layout_args& a, text_store& store) {
    std::vector<L::role_override> overrides;
    for (const auto& r : a.roles) {
        const auto eq = r.find('=');
        const auto role = eq == std::string::npos ? std::nullopt : parse_role(std::string_view(r).substr(eq + 1));
        if (!role)
            return fail("layout check: --role " + r +
                        ": expected REGION=ROLE (bootloader, firmware, romfs, filesystem, reserved, other)");
        overrides.push_back({store.add(r.substr(0, eq)), *role});
    }
    return overrides;
}

// Output sections the script puts into a ROM partition or the filesystem
// (the image itself, a section named .romfs*, is allowed in a ROM partition).
std::vector<problem> placement_problems(const big_script& s, const big_layout& l) {
    std::vector<problem> out;
    for (const auto& sec : s.sections()) {
        if (!sec.allocated()) continue;
        for (const auto& target : {sec.region, sec.lma_region}) {
            if (target.empty()) continue;
            const auto* m = s.region(target);
            if (m == nullptr) {
                out.push_back({"sections go to MEMORY regions", sv(sec.file) + ":" + std::to_string(sec.line) +
                                   ": output section " + sv(sec.name) + " goes to undeclared region " + sv(target), ""});
                continue;
            }
            const L::region* r = l.find(m->name);
            if (r == nullptr || (r->kind != L::role::romfs && r->kind != L::role::filesystem)) continue;
            if (r->kind == L::role::romfs && sec.name.starts_with(".romfs")) continue;
            out.push_back({"no firmware in a partition", "output section " + sv(sec.name) + " (" + sv(sec.file) + ":" +
                                                             std::to_string(sec.line) + ") is placed in " +
                                                             sv(L::role_name(r->kind)) + " region " + sv(r->name),
                           sv(r->name)});
        }
    }
    return out;
}

// ---- the linked ELF ----

int check_elf(const layout_args& a, const std::vector<L::device>& devices) {
    const auto elf_bytes = read_file(a.elf);
    if (!elf_bytes) return report(elf_bytes.error());
    const std::vector<std::byte>& bytes = *elf_bytes;
    const auto parsed = L::elf::file::parse(bytes);
    if (!parsed) return report(a.elf + ": " + sv(L::elf::message(parsed.error())), 2);
    const auto& e = (*parsed);
    text_store names;
    big_layout l;
    for (const auto& d : devices) l.add(d);
    std::vector<problem> problems;
    if (const auto probe = e.symbol("_micropy_hw_romfs_part0_start"); probe.code() == L::elf::errc::no_symbol_table)
        return report(a.elf + ": " + sv(L::elf::message(probe.error())), 2);
    L::add_symbol_partitions(l, [&e](std::string_view n) -> std::optional<std::uint64_t> {
        const auto v = e.symbol(n);
        return v ? std::optional<std::uint64_t>(*v) : std::nullopt;
    });
    // Where the programmed bytes go: every section with contents at its load
    // address, except the ROMFS image itself (a .romfs* section at a ROM
    // partition's start); runs that touch (up to alignment padding) are one
    // firmware region.
    const auto is_image = [&](const L::elf::section& s, std::uint64_t lma) {
        if (!s.name.starts_with(".romfs")) return false;
        for (const auto& r : l.regions())
            if (r.kind == L::role::romfs && r.origin == lma && s.size <= r.length) return true;
        return false;
    };
    std::vector<std::pair<std::uint64_t, std::uint64_t>> loaded; // [start, end)
    for (std::size_t k = 0; k < e.section_count(); ++k) {
        const auto s = e.section_at(k);
        if (!s) return report(a.elf + ": " + sv(L::elf::message(s.error())), 2);
        const std::uint64_t lma = e.load_address((*s));
        if (!s->has_contents() || l.device_at(lma) == nullptr || is_image((*s), lma)) continue;
        loaded.emplace_back(lma, lma + s->size);
    }
    std::sort(loaded.begin(), loaded.end());
    constexpr std::uint64_t padding = 64;
    for (std::size_t i = 0; i < loaded.size();) {
        auto [start, end] = loaded[i];
        for (++i; i < loaded.size() && loaded[i].first <= end + padding; ++i) end = std::max(end, loaded[i].second);
        if (!l.add(L::region{names.add("firmware@" + hex(start)), L::role::firmware, start, end - start, 0}))
            return report(a.elf + ": too many separate firmware ranges for the check", 2);
    }
    // Sections with contents, by name, inside a partition: the clearest message.
    for (std::size_t k = 0; k < e.section_count(); ++k) {
        const auto s = e.section_at(k);
        if (!s) return report(a.elf + ": " + sv(L::elf::message(s.error())), 2);
        if (!s->has_contents()) continue;
        const std::uint64_t lma = e.load_address((*s));
        for (const auto& r : l.regions()) {
            if (r.kind != L::role::romfs && r.kind != L::role::filesystem) continue;
            for (const std::uint64_t at : {lma, s->addr}) {
                if (!(at < r.end() && r.origin < at + s->size)) continue;
                if (r.kind == L::role::romfs && s->name.starts_with(".romfs") && at == r.origin &&
                    s->size <= r.length)
                    continue; // the image, at the partition start
                problems.push_back({"no firmware in a partition",
                                    "section " + sv(s->name) + " [" + hex(at) + ", " + hex(at + s->size) +
                                        ") lies in " + sv(L::role_name(r.kind)) + " partition " + sv(r.name) + " [" +
                                        hex(r.origin) + ", " + hex(r.end()) + ")",
                                    sv(r.name)});
                break;
            }
        }
    }
    if (!a.board.empty()) {
        const auto* b = romfs::boards::find(a.board);
        if (b == nullptr) return report("layout check: --board " + a.board + ": unknown board", 2);
        for (const auto& r : b->regions)
            if (r.kind == L::role::bootloader) l.add(r);
    }
    if (!a.json) std::printf("%s: %zu sections, %zu program headers (ELF%s)\n", a.elf.c_str(), e.section_count(),
                             e.segment_count(), e.is_64() ? "64" : "32");
    return report_layout(l, a, {}, problems);
}

} // namespace

int run_layout_check(const layout_args& a) {
    text_store store;
    const auto overrides_or = overrides_of(a, store);
    if (!overrides_or) return report(overrides_or.error());
    const auto& overrides = *overrides_or;

    if (!a.elf.empty()) {
        if (!a.files.empty()) return report("layout check: give either linker scripts or --elf, not both", 2);
        const auto devices = make_devices(a, nullptr);
        if (!devices) return report(devices.error());
        return check_elf(a, *devices);
    }
    if (a.files.empty()) return report("layout check: give linker scripts, a partition table, or --elf FILE", 2);

    // ESP-IDF partition table.
    if (a.files.size() == 1 && a.files[0].ends_with(".csv")) {
        const auto devices = make_devices(a, nullptr);
        if (!devices) return report(devices.error());
        if (devices->size() != 1 || (*devices)[0].family != "esp32")
            return report("layout check: a partition table needs exactly --family esp32", 2);
        const auto text = read_text(a.files[0]);
        if (!text) return report(text.error());
        const auto table = L::esp::table<64>::parse(*text);
        if (!table)
            return report(a.files[0] + ":" + std::to_string(table.error().line) + ":" +
                              std::to_string(table.error().column) + ": " + sv(table.error().message),
                          2);
        auto l = table->to_layout<66>((*devices)[0]);
        for (std::size_t i = 0; i < l.region_count; ++i)
            for (const auto& o : overrides)
                if (o.region == l.region_storage[i].name) l.region_storage[i].kind = o.kind;
        return report_layout(l, a, {}, {});
    }

    const auto link = parse_link(a);
    if (!link) return report(link.error());
    const big_script& script = *(*link)->script;
    const auto devices = make_devices(a, &script);
    if (!devices) return report(devices.error());
    const auto l = L::from_script<8, 96>(script, *devices, overrides);
    if (l.overflowed) return report("layout check: more regions or devices than the check holds (8 devices, 96 regions)", 2);
    std::vector<std::pair<std::string, std::string>> ignored;
    const bool placed = L::places_sections(script);
    for (const auto& m : script.regions())
        if (l.find(m.name) == nullptr)
            ignored.emplace_back(sv(m.name), placed && device_at_any(*devices, m.origin)
                                                 ? "receives no output section (" + hex(m.origin) + ")"
                                                 : "not on the flash devices (" + hex(m.origin) + ")");
    std::vector<problem> problems = placement_problems(script, l);
    // The ROMFS symbols must agree with the partition's MEMORY region.
    for (std::uint8_t i = 0; i < 2; ++i) {
        const L::region* r = l.romfs_partition(i);
        if (r == nullptr || r->name.starts_with("romfs_part")) continue;
        const auto names_i = L::romfs_symbol_names(i);
        for (const auto& [sym, expected] : {std::pair{names_i.start, r->origin}, std::pair{names_i.size, r->length}}) {
            if (!script.defined(sym)) continue;
            const auto v = script.symbol(sym);
            if (!v || *v != expected)
                problems.push_back({"ROMFS symbols match the region",
                                    sv(sym) + " is " + (v ? hex(*v) : sv(v.error().message)) + " but " +
                                        sv(r->name) + " says " + hex(expected),
                                    sv(r->name)});
        }
    }
    return report_layout(l, a, ignored, problems);
}

} // namespace romfs::tool
