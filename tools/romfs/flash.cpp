// romfs flash-image / romfs deploy: images for standard flashers (UF2,
// Intel HEX, padded binary) and the device's own safe deploy run on a raw
// dump of the whole flash.
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <romfs/boards/registry.hpp>
#include <romfs/deploy.hpp>
#include <romfs/deploy/simulated_flash.hpp>
#include <romfs/layout/elf.hpp>
#include <romfs/layout/families.hpp>
#include <romfs/romfs.hpp>

#include "commands.hpp"
#include "flash_formats.hpp"
#include "describe.hpp"
#include "io.hpp"

namespace romfs::tool {

namespace {

namespace L = romfs::layout;

std::string hex32(std::uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%08" PRIx64, v);
    return buf;
}

// Where an image goes: the device and the partition on it.
struct target {
    std::string label;             // "board PCA10056 partition 0" or "stm32f4 at 0x..."
    L::device device;
    std::uint64_t start = 0;
    std::uint64_t size = 0;
    std::uint32_t uf2_family = 0;
};

result<target> resolve_target(const flash_target_args& a) {
    target t;
    if (!a.board.empty()) {
        if (!a.family.empty() || !a.address.empty()) return failure{2, "give either --board, or --address with --family, not both"};
        const auto* b = romfs::boards::find(a.board);
        if (!b) {
            std::string names;
            for (const auto& e : romfs::boards::table) names += (names.empty() ? "" : ", ") + std::string(e.name);
            return failure{2, "unknown board '" + a.board + "'; known boards: " + names};
        }
        const auto* r = romfs::boards::romfs_partition(*b, static_cast<std::uint8_t>(a.partition));
        if (!r || a.partition > 255) return failure{2, "board " + a.board + " has no ROMFS partition " + std::to_string(a.partition)};
        const auto* d = romfs::boards::device_at(*b, r->origin);
        if (!d) return failure{2, "board " + a.board + ": partition " + r->name.data() + " lies on no flash device"};
        t.label = "board " + a.board + " partition " + std::to_string(a.partition) + " (" + std::string(r->name) + ")";
        t.device = *d;
        t.start = r->origin;
        t.size = r->length;
        t.uf2_family = b->uf2_family;
        return t;
    }
    if (a.family.empty() || a.address.empty()) return failure{2, "say where the image goes: --board NAME, or --address ADDR with --family NAME"};
    const auto* fam = L::find_family(a.family);
    if (!fam) {
        std::string names;
        for (const auto& f : L::families) names += (names.empty() ? "" : ", ") + std::string(f.name);
        return failure{2, "unknown family '" + a.family + "'; known families: " + names};
    }
    std::uint64_t flash_size = fam->default_size;
    if (a.flash_size.empty() && fam->sizes_vary())
        std::fprintf(stderr, "romfs: note: %s chips differ in size; assuming %lluK (give --flash-size)\n",
                     std::string(fam->name).c_str(), static_cast<unsigned long long>(flash_size / 1024));
    if (!a.flash_size.empty()) {
        const auto s = parse_size(a.flash_size);
        if (!s || *s == 0) return failure{2, "--flash-size " + a.flash_size + ": expected a byte count (K/M suffixes allowed)"};
        flash_size = *s;
    }
    t.device = fam->make(flash_size);
    const auto address = parse_size(a.address);
    if (!address) return failure{2, "--address " + a.address + ": expected a number (0x... or decimal)"};
    if (!t.device.holds(*address)) return failure{2, "--address " + hex32(*address) + " is not on " + a.family + " flash (" + hex32(t.device.base) +
                     " to " + hex32(t.device.end()) + ")"};
    t.start = *address;
    t.size = t.device.end() - *address;
    if (!a.size.empty()) {
        const auto s = parse_size(a.size);
        if (!s || *s == 0 || *s > t.device.end() - *address) return failure{2, "--size " + a.size + ": expected a byte count that fits the flash after --address"};
        t.size = *s;
    }
    if (t.device.needs_erase && t.device.sector_at) {
        const auto first = t.device.sector_at(static_cast<address_t>(t.start));
        const auto last = t.device.sector_at(static_cast<address_t>(t.start + t.size - 1));
        if (first.start != t.start || std::uint64_t{last.start} + last.size != t.start + t.size) return failure{2, "partition " + hex32(t.start) + " + " + hex32(t.size) + " does not start and end on " + a.family +
                         " erase-sector boundaries"};
    }
    t.label = a.family + " partition";
    t.uf2_family = romfs::boards::uf2_family_for(a.family, flash_size);
    return t;
}

// Reads and checks the image: a valid ROMFS image that fits the partition.
// An image that opens and verifies, without trailing bytes.
result<std::vector<std::byte>> load_valid_image(const std::string& path) {
    auto read = read_file(path);
    if (!read) return read.error();
    std::vector<std::byte> bytes = *std::move(read);
    const auto img = romfs::image::open(bytes);
    if (!img) return failure{1, path + ": " + describe_open(img.error(), bytes)};
    if (const auto v = romfs::verify(*img); !v) return failure{1, path + ": invalid: " + describe(v.error())};
    if (img->size() != bytes.size()) bytes.resize(img->size());
    return bytes;
}

result<std::vector<std::byte>> load_image(const std::string& path, const target& t) {
    auto loaded = load_valid_image(path); // trailing bytes are not the image
    if (!loaded) return loaded.error();
    std::vector<std::byte> bytes = *std::move(loaded);
    if (bytes.size() > t.size)
        return failure{1, path + ": the image is " + std::to_string(bytes.size()) + " bytes; " + t.label + " holds " +
                              std::to_string(t.size) + " (" + hex32(t.start) + " + " + hex32(t.size) + ")"};
    return bytes;
}

std::optional<std::string> format_of(const flash_image_args& a) {
    if (!a.format.empty()) {
        if (a.format == "uf2" || a.format == "hex" || a.format == "bin") return a.format;
        return std::nullopt;
    }
    const std::string ext = std::filesystem::path(a.output).extension().string();
    if (ext == ".uf2") return "uf2";
    if (ext == ".hex" || ext == ".ihex") return "hex";
    if (ext == ".bin") return "bin";
    return std::nullopt;
}

// The firmware's bytes by address: an ELF's loadable segments (at their
// load addresses), an Intel HEX file's records, or a raw binary at the
// flash's first address.
result<std::vector<formats::segment>> load_firmware(const std::string& path, const target& t) {
    auto read = read_file(path);
    if (!read) return read.error();
    const std::vector<std::byte>& bytes = *read;
    std::vector<formats::segment> out;
    const std::string ext = std::filesystem::path(path).extension().string();
    if (bytes.size() >= 4 && bytes[0] == std::byte{0x7f} && bytes[1] == std::byte{'E'} && bytes[2] == std::byte{'L'} &&
        bytes[3] == std::byte{'F'}) {
        const auto elf = romfs::layout::elf::file::parse(bytes);
        if (!elf) return failure{2, path + ": " + std::string(romfs::layout::elf::message(elf.error().code))};
        for (std::size_t i = 0; i < elf->segment_count(); ++i) {
            const auto seg = elf->segment_at(i);
            if (seg.type != romfs::layout::elf::segment::load || seg.filesz == 0) continue;
            if (seg.paddr + seg.filesz > 0x100000000ull) return failure{2, path + ": a segment lies beyond 4 GiB"};
            out.push_back({static_cast<std::uint32_t>(seg.paddr),
                           {bytes.begin() + static_cast<std::ptrdiff_t>(seg.offset),
                            bytes.begin() + static_cast<std::ptrdiff_t>(seg.offset + seg.filesz)}});
        }
    } else if (ext == ".hex" || ext == ".ihex" || (!bytes.empty() && bytes[0] == std::byte{':'})) {
        std::optional<formats::hex_error> e;
        out = formats::read_intel_hex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), e);
        if (e) return failure{2, path + ":" + std::to_string(e->line) + ": not Intel HEX: " + e->what};
    } else if (ext == ".bin") {
        out.push_back({static_cast<std::uint32_t>(t.device.base), bytes});
    } else {
        return failure{2, path + ": not an ELF file; name Intel HEX .hex and raw binaries .bin"};
    }
    if (out.empty()) return failure{1, path + ": the firmware holds no bytes to program"};
    // Nothing of the firmware may land in the ROM partition.
    for (const auto& seg : out) {
        const std::uint64_t lo = std::max<std::uint64_t>(seg.address, t.start);
        const std::uint64_t hi = std::min<std::uint64_t>(seg.address + seg.data.size(), t.start + t.size);
        if (lo < hi)
            return failure{1, path + ": " + std::to_string(hi - lo) + " bytes of the firmware, from " + hex32(lo) +
                                  ", lie inside " + t.label + " (" + hex32(t.start) + " + " + hex32(t.size) +
                                  "): the image would overwrite them, or they the image"};
    }
    return out;
}

} // namespace

int run_flash_image(const flash_image_args& a) {
    const auto where = resolve_target(a.where);
    if (!where) return report(where.error());
    const target& t = *where;
    const auto format = format_of(a);
    if (!format)
        return report(a.format.empty() ? "cannot tell the format from '" + a.output +
                                             "': use a .uf2, .hex or .bin name, or --format uf2|hex|bin"
                                       : "--format " + a.format + ": expected uf2, hex or bin",
                      2);
    std::uint32_t family = t.uf2_family;
    if (!a.uf2_family.empty()) {
        const auto f = parse_size(a.uf2_family);
        if (!f || *f == 0 || *f > 0xffffffffu) return report("--uf2-family " + a.uf2_family + ": expected a 32-bit ID", 2);
        family = static_cast<std::uint32_t>(*f);
    }
    if (*format == "uf2" && family == 0)
        return report(t.label + " (" + std::string(t.device.family) +
                          ") has no UF2 family ID; give one with --uf2-family, or write --format hex or bin",
                      2);
    const auto loaded = load_image(a.image, t);
    if (!loaded) return report(loaded.error());
    const std::vector<std::byte>& image = *loaded;

    std::vector<formats::segment> firmware;
    std::uint64_t firmware_bytes = 0;
    if (!a.firmware.empty()) {
        auto f = load_firmware(a.firmware, t);
        if (!f) return report(f.error());
        firmware = *std::move(f);
        for (const auto& seg : firmware) firmware_bytes += seg.data.size();
    }
    std::vector<formats::segment> segments = firmware;
    segments.push_back({static_cast<std::uint32_t>(t.start), image});

    std::vector<std::byte> out;
    std::uint64_t padded = image.size();
    if (*format == "uf2") {
        out = formats::uf2(segments, family);
    } else if (*format == "hex") {
        out = formats::intel_hex(segments);
    } else if (firmware.empty()) {
        padded = formats::erase_padded_size(t.device, t.start, image.size());
        out = image;
        out.resize(padded, std::byte{0xff});
    } else {
        // One flat file from the firmware's first byte to the image's last
        // sector, gaps erased.
        std::uint64_t lo = t.start;
        for (const auto& seg : firmware) lo = std::min<std::uint64_t>(lo, seg.address);
        const std::uint64_t hi = t.start + formats::erase_padded_size(t.device, t.start, image.size());
        std::uint64_t top = hi;
        for (const auto& seg : firmware) top = std::max<std::uint64_t>(top, seg.address + seg.data.size());
        if (top - lo > 256ull * 1024 * 1024)
            return report("the firmware and the image span " + std::to_string((top - lo) >> 20) +
                              " MiB; a .bin that large is mostly gap: write .hex or .uf2",
                          2);
        out.assign(static_cast<std::size_t>(top - lo), std::byte{0xff});
        for (const auto& seg : segments)
            std::copy(seg.data.begin(), seg.data.end(), out.begin() + static_cast<std::ptrdiff_t>(seg.address - lo));
        padded = out.size();
    }
    atomic_file file;
    if (auto r = file.open(a.output); !r) return report(r.error());
    if (!file.write(out)) return report(a.output + ": write failed");
    if (auto r = file.commit(); !r) return report(r.error());
    if (a.output != "-") {
        std::printf("%s: %zu-byte image for %s at %s", a.output.c_str(), image.size(), t.label.c_str(),
                    hex32(t.start).c_str());
        if (!firmware.empty())
            std::printf(", with %" PRIu64 " bytes of firmware in %zu segment%s from %s", firmware_bytes, firmware.size(),
                        firmware.size() == 1 ? "" : "s", a.firmware.c_str());
        if (*format == "uf2") std::printf(", UF2 family %s", hex32(family).c_str());
        if (*format == "bin" && firmware.empty()) std::printf(", padded to %" PRIu64 " bytes (whole erase sectors)", padded);
        if (*format == "bin" && !firmware.empty()) std::printf(", %" PRIu64 " bytes in all", padded);
        std::printf("\n");
    }
    return 0;
}

static int deploy_to_dump(const deploy_args& a, const std::string& image_path) {
    const auto where = resolve_target(a.where);
    if (!where) return report(where.error());
    const target& t = *where;
    const auto loaded = load_image(image_path, t);
    if (!loaded) return report(loaded.error());
    const std::vector<std::byte>& image = *loaded;
    const std::uint64_t need = t.start + t.size - t.device.base;

    std::vector<std::byte> dump;
    bool created = false;
    if (std::filesystem::exists(a.flash_dump)) {
        auto read = read_file(a.flash_dump);
        if (!read) return report(read.error());
        dump = *std::move(read);
        if (dump.size() < need)
            return report(a.flash_dump + ": " + std::to_string(dump.size()) + " bytes, too short for " + t.label +
                              " (a dump of the whole flash from " + hex32(t.device.base) + " needs at least " +
                              std::to_string(need) + ")",
                          2);
    } else {
        dump.assign(static_cast<std::size_t>(t.device.size), std::byte{0xff});
        created = true;
    }

    if (!L::find_family(t.device.family))
        return report("no flash policy for family '" + std::string(t.device.family) + "'", 2);
    return L::with_policy(t.device.family, t.device.size, 2, [&]<class Policy>() -> int {
        using flash = romfs::deploy::simulated_flash<Policy>;
        flash f(static_cast<address_t>(t.device.base), std::move(dump));
        romfs::deploy::partition_writer<flash> w(
            f, {{{static_cast<address_t>(t.start), static_cast<address_t>(t.size)}}});
        romfs::deploy::deploy_options opts;
        opts.mode = a.full ? romfs::deploy::deploy_mode::full : romfs::deploy::deploy_mode::differential;
        const auto r = romfs::deploy::deploy(w, 0, image, opts);
        if (!r)
            return report(a.flash_dump + ": deploy failed at partition offset " + hex32(r.error().offset) + ": " +
                          std::string(romfs::deploy::message(r.error().code)));
        atomic_file file;
        if (auto opened = file.open(a.flash_dump); !opened) return report(opened.error());
        if (!file.write(f.bytes())) return report(a.flash_dump + ": write failed");
        if (auto done = file.commit(); !done) return report(done.error());
        std::printf("%s%s: deployed %zu-byte image to %s at %s (%s): %u sectors erased, %u written, %u unchanged; "
                    "%u programs, %" PRIu64 " bytes\n",
                    a.flash_dump.c_str(), created ? " (new, erased)" : "", image.size(), t.label.c_str(),
                    hex32(t.start).c_str(), a.full ? "full" : "differential", r->sectors_erased, r->sectors_written,
                    r->sectors_unchanged, r->programs, r->bytes_programmed);
        return 0;
    });
}

int run_deploy(const deploy_args& a) {
    if (a.port.empty() == a.flash_dump.empty())
        return report("say where the image goes: --port PORT (a board) or --flash-dump FILE, one of them", 2);
    if (!a.port.empty() && (!a.where.board.empty() || !a.where.family.empty() || !a.where.address.empty()))
        return report("--port takes the partition from the board itself: give --partition N, not --board or --address", 2);
    return with_image(a.image, a.build, [&](const std::string& path) {
        if (a.port.empty()) return deploy_to_dump(a, path);
        const auto loaded = load_valid_image(path);
        if (!loaded) return report(loaded.error());
        return run_device_deploy(a, *loaded);
    });
}

} // namespace romfs::tool
