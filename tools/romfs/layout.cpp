// romfs layout check: the same parser and rules as the compile-time checks,
// on a board's linker scripts or ESP-IDF partition table, on the host.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <romfs/layout.hpp>

#include "commands.hpp"
#include "io.hpp"
#include "json.hpp"

namespace romfs::tool {

namespace {

namespace L = romfs::layout;
using big_script = L::ld::script<64, 4096, 32768>;

std::string hex(std::uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, v > 0xffffffffu ? "0x%016llx" : "0x%08llx", static_cast<unsigned long long>(v));
    return buf;
}

std::optional<L::role> parse_role(std::string_view s) {
    for (auto r : {L::role::bootloader, L::role::firmware, L::role::romfs, L::role::filesystem, L::role::reserved,
                   L::role::other})
        if (L::role_name(r) == s) return r;
    return std::nullopt;
}

std::string sv(std::string_view s) { return std::string(s); }

// Reads a file into `texts` (which owns the bytes the parser's views point at).
bool read_text(const std::filesystem::path& p, std::vector<std::unique_ptr<std::string>>& texts, std::string& err) {
    std::vector<std::byte> bytes;
    failure f;
    if (!read_file(p.string(), bytes, f)) {
        err = f.message;
        return false;
    }
    texts.push_back(std::make_unique<std::string>(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    return true;
}

// The files a script INCLUDEs.
std::vector<std::string> includes_of(std::string_view text) {
    std::vector<std::string> out;
    L::ld::detail::lexer lx(text, 0);
    for (auto t = lx.next(); t.kind != L::ld::detail::tok::end; t = lx.next())
        if (L::ld::detail::is(t, "INCLUDE")) {
            const auto f = lx.file_name();
            if (f.kind != L::ld::detail::tok::end) out.emplace_back(f.text);
        }
    return out;
}

struct problem {
    std::string rule;
    std::string message;
};

template <class Layout>
int report_layout(const Layout& l, const std::vector<std::pair<std::string, std::string>>& ignored,
                  std::vector<problem> problems, bool json) {
    L::for_each_violation(l, [&](const L::violation& v) {
        problems.push_back({sv(L::rule_name(v.kind)), sv(L::describe(l, v).view())});
    });
    if (json) {
        std::string out = "{\n  \"regions\": [";
        bool first = true;
        for (const auto& r : l.regions()) {
            const L::device* d = l.device_at(r.origin);
            out += first ? "\n" : ",\n";
            first = false;
            out += "    {\"name\": " + json_string(r.name) + ", \"role\": \"" + sv(L::role_name(r.kind)) +
                   "\", \"origin\": " + std::to_string(r.origin) + ", \"length\": " + std::to_string(r.length) +
                   ", \"end\": " + std::to_string(r.end()) + ", \"device\": " +
                   (d ? json_string(d->name) : std::string("null")) + "}";
        }
        out += "\n  ],\n  \"ignored\": [";
        first = true;
        for (const auto& [name, why] : ignored) {
            out += (first ? "\n" : ",\n");
            first = false;
            out += "    {\"name\": " + json_string(name) + ", \"reason\": " + json_string(why) + "}";
        }
        out += "\n  ],\n  \"problems\": [";
        first = true;
        for (const auto& p : problems) {
            out += (first ? "\n" : ",\n");
            first = false;
            out += "    {\"rule\": " + json_string(p.rule) + ", \"message\": " + json_string(p.message) + "}";
        }
        out += std::string("\n  ],\n  \"valid\": ") + (problems.empty() ? "true" : "false") + "\n}\n";
        std::fputs(out.c_str(), stdout);
    } else {
        std::printf("%-24s %-11s %-12s %-12s %-12s %s\n", "region", "role", "origin", "length", "end", "device");
        for (const auto& r : l.regions()) {
            const L::device* d = l.device_at(r.origin);
            std::printf("%-24s %-11s %-12s %-12s %-12s %s\n", sv(r.name).c_str(), sv(L::role_name(r.kind)).c_str(),
                        hex(r.origin).c_str(), hex(r.length).c_str(), hex(r.end()).c_str(),
                        d ? (sv(d->name) + " (" + sv(d->family) + ")").c_str() : "-");
        }
        for (const auto& [name, why] : ignored) std::printf("%-24s ignored: %s\n", name.c_str(), why.c_str());
        if (problems.empty()) {
            std::printf("layout OK: %zu regions, no rule broken\n", l.regions().size());
        } else {
            for (const auto& p : problems) std::fprintf(stderr, "problem: %s\n", p.message.c_str());
            std::fprintf(stderr, "%zu problem%s found\n", problems.size(), problems.size() == 1 ? "" : "s");
        }
    }
    return problems.empty() ? 0 : 1;
}

} // namespace

int run_layout_check(const layout_args& a) {
    if (a.families.empty()) return report("layout check: at least one --family is required", 2);
    if (a.flash_sizes.size() > a.families.size())
        return report("layout check: more --flash-size values than --family values", 2);
    if (a.flash_bases.size() > a.families.size())
        return report("layout check: more --flash-base values than --family values", 2);
    std::vector<L::device> devices;
    for (std::size_t i = 0; i < a.families.size(); ++i) {
        const L::family* f = L::find_family(a.families[i]);
        if (f == nullptr) {
            std::string known;
            for (const auto& k : L::families) known += (known.empty() ? "" : ", ") + sv(k.name);
            return report("layout check: unknown family '" + a.families[i] + "' (known: " + known + ")", 2);
        }
        std::uint64_t size = f->default_size;
        if (i < a.flash_sizes.size()) {
            const auto s = parse_size(a.flash_sizes[i]);
            if (!s || *s == 0) return report("layout check: --flash-size " + a.flash_sizes[i] + ": not a size", 2);
            size = *s;
        }
        L::device d = f->make(size);
        if (i < a.flash_bases.size()) {
            const auto b = parse_size(a.flash_bases[i]);
            if (!b || *b > 0xffffffffu) return report("layout check: --flash-base " + a.flash_bases[i] + ": not an address", 2);
            if (!f->variable_base)
                return report("layout check: family " + a.families[i] + " has a fixed base; --flash-base does not apply", 2);
            d.base = static_cast<address_t>(*b);
        }
        devices.push_back(d);
    }
    std::vector<L::role_override> overrides;
    std::vector<std::string> override_names;
    override_names.reserve(a.roles.size());
    for (const auto& r : a.roles) {
        const auto eq = r.find('=');
        const auto role = eq == std::string::npos ? std::nullopt : parse_role(std::string_view(r).substr(eq + 1));
        if (!role)
            return report("layout check: --role " + r +
                              ": expected REGION=ROLE (bootloader, firmware, romfs, filesystem, reserved, other)",
                          2);
        override_names.push_back(r.substr(0, eq));
        overrides.push_back({override_names.back(), *role});
    }

    std::vector<std::unique_ptr<std::string>> texts;
    std::string err;
    // ESP-IDF partition table.
    if (a.files.size() == 1 && a.files[0].ends_with(".csv")) {
        if (devices.size() != 1 || devices[0].family != "esp32")
            return report("layout check: a partition table needs exactly --family esp32", 2);
        if (!read_text(a.files[0], texts, err)) return report(err, 2);
        const auto table = L::esp::table<64>::parse(*texts[0]);
        if (!table.ok())
            return report(a.files[0] + ":" + std::to_string(table.error().line) + ":" +
                              std::to_string(table.error().column) + ": " + sv(table.error().message),
                          2);
        auto l = table.to_layout<66>(devices[0]);
        for (std::size_t i = 0; i < l.region_count; ++i)
            for (const auto& o : overrides)
                if (o.region == l.region_storage[i].name) l.region_storage[i].kind = o.kind;
        return report_layout(l, {}, {}, a.json);
    }

    // Linker scripts, plus every file they INCLUDE (searched beside the
    // including script, then in the current directory).
    std::vector<L::ld::source> sources;
    std::vector<std::unique_ptr<std::string>> names;
    std::set<std::string> seen;
    for (const auto& f : a.files) {
        if (f.ends_with(".csv")) return report("layout check: give a partition table on its own", 2);
        if (!read_text(f, texts, err)) return report(err, 2);
        names.push_back(std::make_unique<std::string>(f));
        sources.push_back({*names.back(), *texts.back(), true});
        seen.insert(std::filesystem::path(f).filename().string());
    }
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const auto dir = std::filesystem::path(std::string(sources[i].name)).parent_path();
        for (const auto& inc : includes_of(sources[i].text)) {
            const auto base = std::filesystem::path(inc).filename().string();
            if (!seen.insert(base).second) continue;
            std::filesystem::path p = dir / inc;
            if (!std::filesystem::exists(p)) p = inc;
            if (!read_text(p, texts, err)) return report(sv(sources[i].name) + ": INCLUDE " + inc + ": " + err, 2);
            names.push_back(std::make_unique<std::string>(p.string()));
            sources.push_back({*names.back(), *texts.back(), false});
        }
        if (sources.size() > 32) return report("layout check: too many script files", 2);
    }
    std::vector<L::ld::defsym> defsyms;
    std::vector<std::string> defsym_names, defsym_values;
    defsym_names.reserve(a.defsyms.size());
    defsym_values.reserve(a.defsyms.size());
    for (const auto& d : a.defsyms) {
        const auto eq = d.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == d.size())
            return report("layout check: --defsym " + d + ": expected NAME=VALUE", 2);
        defsym_names.push_back(d.substr(0, eq));
        defsym_values.push_back(d.substr(eq + 1));
        defsyms.push_back({defsym_names.back(), defsym_values.back()});
    }
    const auto script = std::make_unique<big_script>(big_script::parse(sources, defsyms));
    if (!script->ok()) {
        const auto& e = script->error();
        std::string where = sv(e.file);
        if (e.line) where += ":" + std::to_string(e.line) + ":" + std::to_string(e.column);
        return report(where + ": " + sv(e.message) + (e.subject.empty() ? "" : " (" + sv(e.subject) + ")"), 2);
    }
    const auto l = L::from_script<8, 72>(*script, devices, overrides);
    std::vector<std::pair<std::string, std::string>> ignored;
    for (const auto& m : script->regions())
        if (l.find(m.name) == nullptr) ignored.emplace_back(sv(m.name), "not on the flash devices (" + hex(m.origin) + ")");
    // The ROMFS symbols must agree with the partition's MEMORY region.
    std::vector<problem> problems;
    for (std::uint8_t i = 0; i < 2; ++i) {
        const L::region* r = l.romfs_partition(i);
        if (r == nullptr || r->name.starts_with("romfs_part")) continue;
        const auto names_i = L::romfs_symbol_names(i);
        for (const auto& [sym, expected] : {std::pair{names_i.start, r->origin}, std::pair{names_i.size, r->length}}) {
            if (!script->defined(sym)) continue;
            const auto v = script->symbol(sym);
            if (!v.ok || v.value != expected)
                problems.push_back({"ROMFS symbols match the region",
                                    sv(sym) + " is " + (v.ok ? hex(v.value) : sv(v.error.message)) + " but " +
                                        sv(r->name) + " says " + hex(expected)});
        }
    }
    return report_layout(l, ignored, problems, a.json);
}

} // namespace romfs::tool
