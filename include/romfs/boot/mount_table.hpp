/// @file
/// A fixed-capacity table of ROMFS images at mount points ("/rom", "/rom1",
/// or an image stored as a file in another image), resolving absolute paths
/// to an image and an entry, with the mount points listed at "/". No heap;
/// constexpr where the images are. Partitions come from spans, or from the
/// linker symbols MicroPython's ports define (`partitions.hpp`).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "../image/image.hpp"
#include "../image/integrity.hpp"
#include "../image/verify.hpp"
#include "error.hpp"
#include "partitions.hpp"
#include "place.hpp"

namespace romfs::boot {

/// Whether MicroPython may use a mount's files in place (see `source`).
enum class residency : std::uint8_t {
    in_place, ///< Memory-mapped flash: bytecode and constants stay in flash.
    copy,     ///< Copied to RAM by whoever loads it (a RAM image that may change).
};

/// What `mount` checks of a partition before it mounts it, and how its
/// files may be used.
struct mount_options {
    residency where = residency::in_place;  ///< May MicroPython use its files in place.
    integrity hash = integrity::ignore;     ///< Check the integrity record (`romfs build --hash`).
    /// Check the whole image's structure (`verify`) first: a partition with
    /// any corruption is refused as a whole instead of losing the paths
    /// through the damage one lookup at a time.
    bool verify = false;
};

/// True for a mount point: absolute, not the root, no trailing '/', no
/// empty, "." or ".." component.
constexpr bool valid_mount_point(std::string_view p) noexcept {
    if (p.size() < 2 || p.front() != '/' || p.back() == '/') return false;
    std::size_t start = 1;
    for (std::size_t i = 1; i <= p.size(); ++i) {
        if (i < p.size() && p[i] != '/') continue;
        const auto part = detail::slice(p, start, i - start);
        if (part.empty() || part == "." || part == "..") return false;
        start = i + 1;
    }
    return true;
}

/// Images at mount points. `Traits` is the images' flash policy; `N` the
/// number of slots.
template <flash_traits Traits, std::size_t N>
class basic_mount_table {
public:
    using image_type = basic_image<Traits>; ///< The images mounted.
    using entry = typename image_type::entry; ///< A directory entry in one of them.

    /// One mounted image.
    struct mount_point {
        std::string_view path;          ///< Where ("/rom"); must outlive the table.
        image_type image;               ///< What.
        residency where = residency::in_place; ///< May its files be used in place.
    };

    /// A path resolved: which mount, and the entry in its image (the image's
    /// root directory for the mount point itself).
    struct resolved {
        std::size_t mount = 0;   ///< Index into `mounts()`.
        entry found;             ///< The entry.
    };

    /// One entry of a listing: an image entry, or at "/" a mount point.
    struct listed {
        std::string_view mount_name; ///< At "/": the mount point's first component ("rom"); else empty.
        entry image_entry;           ///< Else: the entry in the image.
        /// True for a mount point listed at "/".
        constexpr bool is_mount_point() const noexcept { return !mount_name.empty(); }
        /// What it is: mount points are directories.
        constexpr node kind() const noexcept {
            return is_mount_point() || image_entry.is_directory() ? node::directory : node::file;
        }
    };

    /// An empty table.
    constexpr basic_mount_table() noexcept = default;

    /// Mounts `img` at `point` (which must outlive the table).
    constexpr result<void, error> mount(std::string_view point, const image_type& img,
                                        residency where = residency::in_place) noexcept {
        if (const auto free = can_mount(point); !free) return free;
        slots_[count_++] = mount_point{point, img, where};
        return {};
    }

    /// Opens the image in `bytes` (a partition), checks what `options` asks
    /// and mounts it at `point`; a partition that does not open or fails a
    /// check is `bad_image` with the reader's error, and the table is
    /// unchanged.
    constexpr result<void, error> mount(std::string_view point, std::span<const std::byte> bytes,
                                        const mount_options& options = {}) noexcept
        requires(memory_mapped<Traits>)
    {
        // First whether it could be mounted at all: no hash or walk for nothing.
        if (const auto free = can_mount(point); !free) return free;
        const auto img = image_type::open(bytes, options.hash);
        if (!img) return error{errc::bad_image, img.error()};
        if (options.verify)
            if (const auto v = romfs::verify(*img); !v) return error{errc::bad_image, v.error()};
        return mount(point, *img, options.where);
    }

    /// Mounts the image stored as the file at `file_path` (absolute, in an
    /// image already mounted) at `point`: no copy, the file's bytes are the
    /// image.
    constexpr result<void, error> mount_file(std::string_view point, std::string_view file_path) noexcept {
        const auto r = resolve(file_path);
        if (!r) return r.error();
        const auto f = r->found.as_file();
        if (!f) return error{errc::not_a_file};
        const auto img = image_type::open(*f);
        if (!img) return error{errc::bad_image, img.error()};
        return mount(point, *img, slots_[r->mount].where);
    }

    /// Removes the mount at `point`.
    constexpr result<void, error> unmount(std::string_view point) noexcept {
        for (std::size_t i = 0; i < count_; ++i) {
            if (slots_[i].path != point) continue;
            for (std::size_t k = i + 1; k < count_; ++k) slots_[k - 1] = slots_[k];
            --count_;
            return {};
        }
        return error{errc::not_found};
    }

    /// The mounts, in the order mounted.
    constexpr std::span<const mount_point> mounts() const noexcept { return {slots_.data(), count_}; }

    /// The mount at `point`, or nullptr.
    constexpr const mount_point* find_mount(std::string_view point) const noexcept {
        for (std::size_t i = 0; i < count_; ++i)
            if (slots_[i].path == point) return &slots_[i];
        return nullptr;
    }

    /// Resolves an absolute path: the mount point that is its longest prefix
    /// (whole components: "/rom1/a" is not under "/rom"), then the rest in
    /// that image with MicroPython's lookup rules. "/" itself and paths that
    /// are no mount's are `not_found` here (see `stat` and `for_each`).
    constexpr result<resolved, error> resolve(std::string_view path) const noexcept {
        const std::size_t m = mount_of(path);
        if (m == N) return error{errc::not_found};
        const auto e = slots_[m].image.lookup(detail::tail(path, slots_[m].path.size()));
        if (!e) return from_reader(e.error());
        return resolved{m, *e};
    }

    /// What an absolute path names: "/" and the directories above mount
    /// points are directories; a corrupt image's paths are `node::none`.
    constexpr node stat(std::string_view path) const noexcept {
        if (is_root(path) || is_above_mount(path)) return node::directory;
        const auto r = resolve(path);
        if (!r) return node::none;
        return r->found.is_directory() ? node::directory : node::file;
    }

    /// The file at `path`, in place (memory-mapped policies only).
    constexpr result<source, error> open(std::string_view path) const noexcept
        requires(memory_mapped<Traits>)
    {
        const auto r = resolve(path);
        if (!r) return r.error();
        const auto f = r->found.as_file();
        if (!f) return error{errc::not_a_file};
        return source{f->bytes(), slots_[r->mount].where == residency::in_place};
    }

    /// Lists `path`: at "/" the mount points' first components (each once,
    /// in mount order), else the directory's entries in image order.
    /// `visit(const listed&)` returns false to stop.
    template <class Visit>
    constexpr result<void, error> for_each(std::string_view path, Visit&& visit) const noexcept {
        if (is_root(path)) {
            for (std::size_t i = 0; i < count_; ++i) {
                const auto first = first_component(slots_[i].path);
                bool seen = false;
                for (std::size_t k = 0; k < i && !seen; ++k) seen = first_component(slots_[k].path) == first;
                if (seen) continue;
                if (!visit(listed{first, entry{}})) return {};
            }
            return {};
        }
        const std::size_t m = mount_of(path);
        if (m == N) return error{errc::not_found};
        const auto r = slots_[m].image.for_each(detail::tail(path, slots_[m].path.size()), [&](const entry& e) {
            return static_cast<bool>(visit(listed{{}, e}));
        });
        if (!r) return from_reader(r.error());
        return {};
    }

private:
    // Whether `point` is a mount point with a free slot.
    constexpr result<void, error> can_mount(std::string_view point) const noexcept {
        if (!valid_mount_point(point)) return error{errc::bad_mount_point};
        if (find_mount(point) != nullptr) return error{errc::mount_point_taken};
        if (count_ == N) return error{errc::table_full};
        return {};
    }

    static constexpr bool is_root(std::string_view p) noexcept {
        return !p.empty() && p.find_first_not_of('/') == std::string_view::npos;
    }

    static constexpr std::string_view first_component(std::string_view point) noexcept {
        const auto rest = detail::tail(point, 1);
        return detail::head(rest, rest.find('/'));
    }

    // Index of the longest mount point that is a whole-component prefix of
    // `path`, or N.
    constexpr std::size_t mount_of(std::string_view path) const noexcept {
        std::size_t best = N;
        for (std::size_t i = 0; i < count_; ++i) {
            const auto p = slots_[i].path;
            if (path.size() < p.size() || detail::head(path, p.size()) != p) continue;
            if (path.size() > p.size() && path[p.size()] != '/') continue;
            if (best == N || p.size() > slots_[best].path.size()) best = i;
        }
        return best;
    }

    // "/a" when "/a/b" is mounted and "/a" is not.
    constexpr bool is_above_mount(std::string_view path) const noexcept {
        while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
        if (path.empty() || path.front() != '/' || mount_of(path) != N) return false;
        for (std::size_t i = 0; i < count_; ++i) {
            const auto p = slots_[i].path;
            if (p.size() > path.size() && detail::head(p, path.size()) == path && p[path.size()] == '/') return true;
        }
        return false;
    }

    static constexpr error from_reader(const romfs::error& e) noexcept {
        switch (e.code) {
        case errc_reader::not_found: return error{errc::not_found};
        case errc_reader::not_a_directory: return error{errc::not_a_directory};
        case errc_reader::not_a_file: return error{errc::not_a_file};
        default: return error{errc::bad_image, e};
        }
    }
    using errc_reader = romfs::errc;

    std::array<mount_point, N> slots_{};
    std::size_t count_ = 0;
};

/// A mount table of images in host memory.
template <std::size_t N>
using mount_table = basic_mount_table<host_traits, N>;

} // namespace romfs::boot
