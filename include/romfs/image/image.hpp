/// @file
/// `basic_image`: opens an RM1 image from mapped memory or through a flash
/// driver, and gives the root directory, path lookup and nested images.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>

#include "../detail/attributes.hpp"
#include "../format/error.hpp"
#include "../format/kinds.hpp"
#include "entry.hpp"
#include "file.hpp"
#include "../traits/flash_traits.hpp"
#include "integrity.hpp"
#include "parse.hpp"

namespace romfs {

/// @cond INTERNAL
namespace detail {
struct image_access;
} // namespace detail
/// @endcond

/// An opened ROMFS image. Cheap to copy; it refers to the bytes, never owns
/// them. Opening checks only the header; every later access is bounds-checked,
/// and `verify()` checks the whole structure up front.
template <flash_traits Traits>
class basic_image {
public:
    /// The flash policy.
    using traits_type = Traits;
    /// Entry type of this image.
    using entry = basic_entry<Traits>;
    /// File view type of this image.
    using file = basic_file<Traits>;
    /// Directory view type of this image.
    using directory = basic_directory<Traits>;

    /// Opens the image at the start of `bytes` (memory-mapped policies). Bytes
    /// after the image (the rest of the partition) are ignored.
    static constexpr result<basic_image> open(std::span<const std::byte> bytes) noexcept
        requires(memory_mapped<Traits>)
    {
        const offset_t size = bytes.size() > offset_t(-1) ? offset_t(-1) : static_cast<offset_t>(bytes.size());
        return from_source(detail::source<Traits>(bytes.data()), size);
    }

    /// Opens the image at device address `base`, at most `size` bytes long,
    /// read through `Traits::read` (policies that are not memory-mapped).
    static constexpr result<basic_image> open(const device_type_of<Traits>& device, address_t base,
                                              offset_t size) noexcept
        requires(!memory_mapped<Traits>)
    {
        if (size > offset_t(-1) - base) size = offset_t(-1) - base;
        return from_source(detail::source<Traits>(device, base), size);
    }

    /// Opens the image at the start of `bytes` and checks its integrity
    /// record as `mode` says (a SHA-256 over the whole payload: opt-in, as it
    /// reads every byte).
    static constexpr result<basic_image> open(std::span<const std::byte> bytes, integrity mode) noexcept
        requires(memory_mapped<Traits>)
    {
        return checked(open(bytes), mode);
    }
    /// Opens the image at device address `base` through the driver and
    /// checks its integrity record as `mode` says.
    static constexpr result<basic_image> open(const device_type_of<Traits>& device, address_t base, offset_t size,
                                              integrity mode) noexcept
        requires(!memory_mapped<Traits>)
    {
        return checked(open(device, base, size), mode);
    }
    /// Checks this image's integrity record as `mode` says.
    constexpr result<void> check_integrity(integrity mode = integrity::require) const noexcept {
        const romfs::error e = detail::check_integrity(ctx_.src, ctx_.fs, mode);
        if (e.code != errc::ok) return e;
        return {};
    }
    /// Opens an image stored as a file inside another image, in place.
    static constexpr result<basic_image> open(const file& f) noexcept {
        return from_source(f.src_.sub(f.data_), f.size_);
    }

    /// Total image size: kind, length and payload (not the partition size).
    constexpr offset_t size() const noexcept { return ctx_.fs.end; }
    /// Offset of the filesystem payload (the base of indirect data).
    constexpr offset_t payload_offset() const noexcept { return ctx_.fs.base; }
    /// Length of the filesystem payload (the root directory's "size").
    constexpr offset_t payload_size() const noexcept { return ctx_.fs.end - ctx_.fs.base; }

    /// The image's bytes (memory-mapped policies only).
    constexpr std::span<const std::byte> bytes() const noexcept
        requires(memory_mapped<Traits>)
    {
        return {ctx_.src.data(), size()};
    }

    /// The root directory.
    constexpr directory root() const noexcept { return directory(ctx_, detail::root_entry(ctx_.fs)); }

    /// Looks up `path` with MicroPython's rules: optional leading '/', "" and
    /// "/" are the root, whole-component match, first match wins, a file
    /// before the last component is `not_found`.
    constexpr result<entry> lookup(std::string_view path) const noexcept { return root().lookup(path); }

    /// Looks up a file; `not_a_file` if `path` is a directory.
    constexpr result<file> open_file(std::string_view path) const noexcept {
        const auto r = find_kind(path, kind::file);
        // The reader's copy of the source (the same bytes): the image is then
        // not needed after the lookup (2 bytes less on a Cortex-M0+).
        return result<file>(r.error(), std::in_place, r.source(), r.entry().data, r.entry().size());
    }

    /// Looks up a directory; `not_a_directory` if `path` is a file.
    constexpr result<directory> open_directory(std::string_view path) const noexcept {
        const auto r = find_kind(path, kind::directory);
        // For the root in size builds, a name find_kind() left unset: a view reads
        // no name of its own, and its lookup("") mends it (see there).
        return result<directory>(r.error(), std::in_place, ctx_, r.entry());
    }

    /// Lists the directory at `path` (`for_each` over `open_directory(path)`): calls `visit(entry)` for each entry
    /// in image order and stops early when `visit` returns false. The same
    /// as `open_directory(path)` then `for_each(visit)`, in one pass with no
    /// directory view in between: the leanest listing in firmware, like
    /// MicroPython's `ilistdir(path)`. Returns the lookup's error or the
    /// first corruption met.
    template <class Visit>
    constexpr result<void> for_each(std::string_view path, Visit&& visit) const noexcept {
        auto r = find_kind(path, kind::directory);
        // The lookup leaves the reader at the directory's records.
        if (r.ok()) (void)detail::visit_entries<Traits>(r, ctx_, visit);
        return r.error();
    }

    /// An empty image with no entries (so results and arrays can hold images).
    constexpr basic_image() noexcept = default;

private:
    friend struct detail::result_storage<basic_image, error, true>; // builds it in place
    friend struct detail::image_access;
    constexpr basic_image(const detail::source<Traits>& src, detail::fs_span fs) noexcept : ctx_{src, fs} {}

    // A reader whose entry is the one at `path` below the root (for the
    // root itself, all but its name), which must be of kind `want` (or
    // whose error says why not). Shared by open_file, open_directory and
    // for_each: one copy of the lookup set-up in a firmware image, and the
    // reader is built straight in the caller's frame.
    [[gnu::always_inline]] constexpr detail::reader<detail::source<Traits>> find_kind(std::string_view path,
                                                                                    std::uint32_t want) const noexcept {
        return find_kind(static_cast<offset_t>(path.size()), path.data(), want);
    }
    // The path as its length, then its first char, rather than a view: GCC
    // spills a string_view passed by value to the stack (two dead stores),
    // and in this order the two fields arrive in the registers libstdc++'s
    // view (length first) already holds them in, so callers move none
    // (4 bytes less on a Cortex-M0+).
    ROMFS_DETAIL_OUTLINE_IF_SIZE constexpr detail::reader<detail::source<Traits>>
    find_kind(offset_t path_size, const char* path_data, std::uint32_t want) const noexcept {
        detail::reader<detail::source<Traits>> r(ctx_.src, ctx_.fs);
        // Size builds set the root's entry but for its (empty) name: the
        // lookup reads only its kind, record and records, and a directory
        // view of it reads its name only in lookup(""), which mends it
        // (8 bytes less on a Cortex-M0+). Constant expressions copy every
        // member, and speed builds set the whole entry: a partial one cost
        // a lookup one more instruction per record at -O2 (vs_micropython).
        auto& root = r.entry();
        root.kind = kind::directory;
        root.record = 0;
        root.data = ctx_.fs.base;
        root.end = ctx_.fs.end;
#if defined(__OPTIMIZE_SIZE__)
        if (std::is_constant_evaluated())
#endif
        {
            root.name = ctx_.fs.base;
            root.name_size = 0;
        }
        // not_a_directory for a file where a directory is wanted,
        // not_a_file for a directory: computed, not chosen by a branch.
        static_assert(kind::file == kind::directory + 1 &&
                      static_cast<std::uint32_t>(errc::not_a_file) == static_cast<std::uint32_t>(errc::not_a_directory) + 1);
        if (r.lookup({path_data, path_size}) && r.entry().kind != want)
            r.fail(static_cast<errc>(static_cast<std::uint32_t>(errc::not_a_directory) + (want - kind::directory)),
                   r.entry().record);
        return r;
    }

    static constexpr result<basic_image> checked(const result<basic_image>& opened, integrity mode) noexcept {
        if (!opened) return opened;
        if (const auto r = opened->check_integrity(mode); !r) return r.error();
        return opened;
    }
    static constexpr result<basic_image> from_source(const detail::source<Traits>& src, offset_t size) noexcept {
        detail::reader<detail::source<Traits>> r(src);
        // One construction for both outcomes: the value is there either way
        // (empty on failure), so no path stores and reloads the error.
        const bool ok = r.header(size);
        return result<basic_image>(ok ? romfs::error{} : r.error(), std::in_place, src, ok ? r.fs() : detail::fs_span{});
    }

    detail::context<Traits> ctx_{};
};

/// @cond INTERNAL
namespace detail {
// What verify() and the walker read of an image: its byte source and
// filesystem span, kept out of the image's public interface.
struct image_access {
    template <class Traits>
    static constexpr const context<Traits>& of(const basic_image<Traits>& img) noexcept {
        return img.ctx_;
    }
};
} // namespace detail
/// @endcond

/// An image in ordinary memory (host tools, tests, constant expressions).
using image = basic_image<host_traits>;

} // namespace romfs
