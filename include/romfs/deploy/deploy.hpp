/// @file
/// Safe and differential deploy of a ROMFS image into a ROM partition.
///
/// The partition never shows a valid header over incomplete contents:
/// 1. If the partition starts with what could be a header, its first byte is
///    programmed to 0x00 first (one program; on NOR that only clears bits,
///    so a cut leaves either the old image or no image, and a later erase
///    interrupted into garbage cannot bring the old header back).
/// 2. Every sector that changes is erased and programmed, except the program
///    unit(s) holding the new header.
/// 3. Everything written is read back and compared; on a difference the
///    header is not written and the error names the offset.
/// 4. The header units are programmed with their first byte left erased,
///    then the first unit again with that byte: the image becomes valid in
///    one single-byte change, after everything else is in place.
/// A cut at any point leaves the old image, no image, or the new image.
///
/// Differential mode compares the new image with the partition and touches
/// only the sectors whose bytes change (plus the header's sector, which
/// steps 1 and 4 rewrite whenever anything changes).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "../detail/chunks.hpp"
#include "../format/kinds.hpp"
#include "../image/image.hpp"
#include "../image/verify.hpp"
#include "error.hpp"
#include "writer.hpp"

namespace romfs::deploy {

/// How to deploy.
enum class deploy_mode : std::uint8_t {
    differential, ///< Erase and program only the sectors whose bytes change.
    full,         ///< Erase and program every sector the image touches.
};

/// Deploy options.
struct deploy_options {
    deploy_mode mode = deploy_mode::differential; ///< Differential (default) or full.
    /// Bytes per program call (rounded up to the program unit): a page of a
    /// NOR chip is typical.
    address_t chunk = 256;
    /// Refuse images that fail `verify()` (the default; turn off only for
    /// images already verified elsewhere).
    bool check_image = true;
};

/// What a deploy did.
struct deploy_report {
    std::uint32_t sectors_erased = 0;    ///< Erase operations (0 on memory that needs no erase).
    std::uint32_t sectors_written = 0;   ///< Sectors (blocks, on no-erase memory) that were programmed.
    std::uint32_t sectors_unchanged = 0; ///< Sectors left alone because their bytes already match.
    std::uint32_t programs = 0;          ///< Program calls.
    std::uint64_t bytes_programmed = 0;  ///< Bytes passed to program calls.
    bool header_invalidated = false;     ///< Step 1 ran (an old header was present).
};

namespace detail {

template <class Writer>
struct deployer {
    using traits = typename Writer::traits;
    static constexpr address_t unit = Writer::unit;

    Writer& w;
    std::size_t id;
    partition part;
    std::span<const std::byte> image;
    address_t chunk;
    offset_t header_end; // kind and length varuint: where the payload starts
    deploy_report report{};

    // The blocks differential deploy works in: erase sectors, or chunks on
    // memory without erase.
    constexpr sector block_at(address_t offset) const noexcept {
        if (traits::needs_erase) {
            const sector s = traits::sectors.at(part.start + offset);
            return {s.start - part.start, s.size};
        }
        return {offset - offset % chunk, chunk};
    }

    constexpr flash_result<void> program(address_t offset, std::span<const std::byte> bytes) noexcept {
        ++report.programs;
        report.bytes_programmed += bytes.size();
        return w.write(id, offset, bytes);
    }

    // The first offset in [from, to) where the partition differs from the
    // image, or `to` when it holds those image bytes already.
    constexpr flash_result<address_t> first_difference(address_t from, address_t to) const noexcept {
        std::array<std::byte, 64> buf{};
        address_t found = to;
        flash_error failed{};
        romfs::detail::for_each_chunk(from, to, address_t(buf.size()), [&](address_t at, address_t n) {
            if (auto r = w.read(id, at, std::span<std::byte>(buf.data(), n)); !r) {
                failed = r.error();
                return false;
            }
            for (address_t i = 0; i < n; ++i)
                if (buf[i] != image[at + i]) {
                    found = at + i;
                    return false;
                }
            return true;
        });
        if (failed.code != flash_errc::ok) return failed;
        return found;
    }

    // Whether the partition already holds image bytes [from, to).
    constexpr flash_result<bool> same(address_t from, address_t to) const noexcept {
        const auto d = first_difference(from, to);
        if (!d) return d.error();
        return *d == to;
    }

    // Read-back of image bytes [from, to): the first offset that differs.
    constexpr flash_result<void> check(address_t from, address_t to) const noexcept {
        const auto d = first_difference(from, to);
        if (!d) return d.error();
        if (*d != to) return flash_error{flash_errc::verify_failed, *d};
        return {};
    }

    // Programs image bytes [from, to) in chunks.
    constexpr flash_result<void> put(address_t from, address_t to) noexcept {
        flash_result<void> r;
        romfs::detail::for_each_chunk(from, to, chunk, [&](address_t at, address_t n) {
            r = program(at, image.subspan(at, n));
            return bool(r);
        });
        return r;
    }

    constexpr flash_result<deploy_report> run(deploy_mode mode) noexcept {
        const auto size = static_cast<address_t>(image.size());
        // The header: kind (3 bytes) and the length varuint, rounded up to
        // whole program units.
        const offset_t pos = header_end;
        const address_t header = ((pos + unit - 1) / unit) * unit < size ? ((pos + unit - 1) / unit) * unit : size;

        // Nothing to do when the partition already holds the image (this
        // read is also the proof that it does).
        if (mode == deploy_mode::differential) {
            const auto d = first_difference(0, size);
            if (!d) return d.error();
            if (*d == size) {
                report.sectors_unchanged = count_blocks(size);
                return report;
            }
        }

        // 1. Invalidate an old header: only its first byte changes (on NOR,
        // the rest of the unit is programmed with the erased value, a no-op).
        std::array<std::byte, unit> staged{};
        if (auto r = w.read(id, 0, staged); !r) return r.error();
        if (staged[0] == magic[0]) {
            if (traits::needs_erase)
                for (auto& b : staged) b = std::byte{traits::erased_value};
            staged[0] = std::byte{0};
            if (auto r = program(0, staged); !r) return r.error();
            report.header_invalidated = true;
        }

        // 2. Erase and program the blocks that change (the header's always).
        for (address_t at = 0; at < size;) {
            const sector b = block_at(at);
            const address_t end = b.start + b.size < size ? b.start + b.size : size;
            bool changed = at == 0 || mode == deploy_mode::full;
            if (!changed) {
                auto s = same(at, end);
                if (!s) return s.error();
                changed = !*s;
            }
            if (!changed) {
                ++report.sectors_unchanged;
                at = end;
                continue;
            }
            if (traits::needs_erase) {
                if (auto r = w.prepare(id, b.start, b.size); !r) return r.error();
                ++report.sectors_erased;
            }
            if (auto r = put(at < header ? header : at, end); !r) return r.error();
            ++report.sectors_written;
            at = end;
        }

        // 3. Read back everything but the header.
        if (auto r = check(header, size); !r) return r.error();

        // 4. The header, its first byte last.
        auto stage = [&](address_t at) {
            for (address_t i = 0; i < unit; ++i)
                staged[i] = at + i < size ? image[at + i] : std::byte{traits::erased_value};
        };
        for (address_t at = 0; at < header; at += unit) {
            stage(at);
            if (at == 0) staged[0] = std::byte{traits::erased_value};
            if (auto r = program(at, staged); !r) return r.error();
        }
        stage(0);
        if (auto r = program(0, staged); !r) return r.error();
        if (auto r = check(0, header); !r) return r.error();
        if (auto r = w.complete(id); !r) return r.error();
        return report;
    }

    constexpr std::uint32_t count_blocks(address_t size) const noexcept {
        std::uint32_t n = 0;
        for (address_t at = 0; at < size; ++n) {
            const sector b = block_at(at);
            at = b.start + b.size < size ? b.start + b.size : size;
        }
        return n;
    }
};

} // namespace detail

/// Deploys `image` into partition `id` of `writer` safely (see the file
/// comment): the partition shows the old image, no image, or the new image
/// at every point, whatever moment the power goes.
template <class Writer>
constexpr flash_result<deploy_report> deploy(Writer& writer, std::size_t id, std::span<const std::byte> image,
                                             const deploy_options& options = {}) noexcept {
    const partition* p = writer.find(id);
    if (!p) return flash_error{flash_errc::no_partition, 0};
    if (image.size() > p->size) return flash_error{flash_errc::image_too_large, p->size};
    const auto opened = romfs::image::open(image);
    if (!opened || opened->size() != image.size())
        return flash_error{flash_errc::not_an_image, opened ? opened->size() : opened.error().offset};
    if (options.check_image) {
        if (const auto v = romfs::verify(*opened); !v) return flash_error{flash_errc::not_an_image, v.error().offset};
    }
    const address_t unit = Writer::unit;
    address_t chunk = options.chunk < unit ? unit : options.chunk;
    chunk = (chunk + unit - 1) / unit * unit;
    detail::deployer<Writer> d{writer, id, *p, image, chunk, opened->payload_offset()};
    return d.run(options.mode);
}

} // namespace romfs::deploy
