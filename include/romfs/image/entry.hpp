/// @file
/// Directory entries and directory views: a forward range of entries in
/// image order, each with name, type and size as MicroPython reports them.
#pragma once

#include <cstddef>
#include <iterator>
#include <span>
#include <string_view>
#include <utility>

#include "../format/error.hpp"
#include "file.hpp"
#include "parse.hpp"

namespace romfs {

/// Whether an entry is a file or a directory.
enum class entry_type : std::uint8_t {
    file,      ///< A file (record kind 5).
    directory, ///< A directory (record kind 4).
};

/// An entry name: raw bytes in the image, compared and indexed as `char`s in
/// constant expressions; `view()` gives a `std::string_view` at run time.
class name_view {
public:
    /// An empty name.
    constexpr name_view() noexcept = default;
    /// The `size` bytes at `data`.
    constexpr name_view(const std::byte* data, std::size_t size) noexcept : data_(data), size_(size) {}

    /// Length in bytes.
    constexpr std::size_t size() const noexcept { return size_; }
    /// True for an empty name (only the root has one).
    constexpr bool empty() const noexcept { return size_ == 0; }
    /// Byte `i` as a `char`.
    constexpr char operator[](std::size_t i) const noexcept {
        return static_cast<char>(static_cast<unsigned char>(data_[i]));
    }
    /// The name's bytes.
    constexpr std::span<const std::byte> bytes() const noexcept { return {data_, size_}; }
    /// The name as a string view (run time only).
    std::string_view view() const noexcept { return {reinterpret_cast<const char*>(data_), size_}; }

    /// Byte-wise equality with a string.
    friend constexpr bool operator==(const name_view& a, std::string_view b) noexcept {
        if (a.size_ != b.size()) return false;
        for (std::size_t i = 0; i < a.size_; ++i)
            if (a[i] != b[i]) return false;
        return true;
    }

private:
    const std::byte* data_ = nullptr;
    std::size_t size_ = 0;
};

template <flash_traits Traits>
class basic_directory;
template <flash_traits Traits, std::size_t MaxDepth>
class basic_walker;
namespace detail {
template <class Traits, class Visit>
constexpr result<void> visit_entries(reader<source<Traits>>& r, const context<Traits>& ctx, Visit& visit) noexcept;
} // namespace detail

/// One directory entry: a file or a directory.
template <flash_traits Traits>
class basic_entry {
public:
    /// An empty entry (a directory with no contents, like an empty root).
    constexpr basic_entry() noexcept = default;

    /// File or directory.
    constexpr entry_type type() const noexcept {
        return raw_.kind == kind::file ? entry_type::file : entry_type::directory;
    }
    /// True for a file.
    constexpr bool is_file() const noexcept { return raw_.kind == kind::file; }
    /// True for a directory.
    constexpr bool is_directory() const noexcept { return raw_.kind != kind::file; }

    /// Size as MicroPython reports it: a file's data length; a directory's
    /// payload bytes after its name.
    constexpr offset_t size() const noexcept { return raw_.size(); }

    /// Offset of the entry's record from the image start (0 for the root).
    constexpr offset_t record_offset() const noexcept { return raw_.record; }

    /// Length of the name in bytes.
    constexpr offset_t name_size() const noexcept { return raw_.name_size; }

    /// The name, in place (memory-mapped policies only).
    constexpr name_view name() const noexcept
        requires(memory_mapped<Traits>)
    {
        return {ctx_.src.data() + raw_.name, raw_.name_size};
    }

    /// Copies the name into `buffer` and returns a view of the copy; works
    /// for every policy.
    constexpr result<std::string_view> copy_name(std::span<char> buffer) const noexcept {
        if (raw_.name_size > buffer.size()) return error{errc::buffer_too_small, raw_.record};
        detail::reader<detail::source<Traits>> r(ctx_.src);
        r.chunks(raw_.name, raw_.name_size, [&](std::span<const std::byte> chunk, offset_t done) {
            for (std::size_t i = 0; i < chunk.size(); ++i) buffer[done + i] = static_cast<char>(chunk[i]);
            return true;
        });
        if (!r.ok()) return r.error();
        return std::string_view(buffer.data(), raw_.name_size);
    }

    /// Whether the name equals `text` (any policy).
    constexpr result<bool> name_equals(std::string_view text) const noexcept {
        if (raw_.name_size != text.size()) return false;
        detail::reader<detail::source<Traits>> r(ctx_.src);
        const bool same = r.name_equals(raw_.name, raw_.name_size, text.data());
        if (!r.ok()) return r.error();
        return same;
    }

    /// The file's contents, or `not_a_file` for a directory.
    constexpr result<basic_file<Traits>> as_file() const noexcept {
        if (!is_file()) return error{errc::not_a_file, raw_.record};
        return basic_file<Traits>(ctx_.src, raw_.data, raw_.size());
    }

    /// The directory's contents, or `not_a_directory` for a file.
    constexpr result<basic_directory<Traits>> as_directory() const noexcept {
        if (is_file()) return error{errc::not_a_directory, raw_.record};
        return basic_directory<Traits>(ctx_, raw_);
    }

private:
    friend class basic_directory<Traits>;
    friend class basic_image<Traits>;
    friend struct detail::result_storage<basic_entry, error, true>; // builds it in place
    template <flash_traits, std::size_t>
    friend class basic_walker;
    template <class T, class Visit>
    friend constexpr result<void> detail::visit_entries(detail::reader<detail::source<T>>&,
                                                        const detail::context<T>&, Visit&) noexcept;

    constexpr basic_entry(const detail::context<Traits>& ctx, const detail::raw_entry& raw) noexcept
        : ctx_(ctx), raw_(raw) {}

    detail::context<Traits> ctx_{};
    detail::raw_entry raw_{detail::root_entry({})};
};

namespace detail {
// Calls visit(entry) for the entries at `r`'s cursor until it returns false;
// the first corruption met. The loop behind directory::for_each and
// image::for_each.
template <class Traits, class Visit>
constexpr result<void> visit_entries(reader<source<Traits>>& r, const context<Traits>& ctx, Visit& visit) noexcept {
    while (r.next_listed() != 0)
        if (!visit(basic_entry<Traits>(ctx, r.entry()))) break;
    return r.error();
}
} // namespace detail

/// The entries of one directory, in image order. A forward range whose
/// elements are `result<basic_entry>`: a corrupt record yields one error
/// element and ends the range.
template <flash_traits Traits>
class basic_directory {
public:
    /// The element type.
    using entry = basic_entry<Traits>;

    /// Forward iterator over the entries. Dereferencing gives the entry (or
    /// the error that ends the range) by value: entries are small views.
    /// The iterator holds the reader that walks the directory (with its
    /// read-ahead window, for a driver source whose traits ask for one), so
    /// a step parses the next record and copies nothing.
    class iterator {
    public:
        using value_type = result<entry>;                     ///< An entry, or the error that ends the range.
        using difference_type = std::ptrdiff_t;               ///< For the iterator concepts.
        using reference = value_type;                         ///< Dereference yields a value.
        using iterator_concept = std::forward_iterator_tag;   ///< Multi-pass (C++20 iterator concepts).
        using iterator_category = std::input_iterator_tag;    ///< What the C++17 tags can say of a by-value reference.

        /// The end iterator.
        constexpr iterator() noexcept = default;

        /// The current entry (or error).
        constexpr reference operator*() const noexcept {
            // In one step (no branch): the entry is reachable only without an error.
            return reference(r_.error(), std::in_place, detail::context<Traits>{r_.source(), r_.fs()}, r_.entry());
        }

        /// Moves to the next entry; after an error, to the end.
        constexpr iterator& operator++() noexcept {
            if (!r_.ok()) {
                done_ = true;
            } else {
                advance();
            }
            return *this;
        }
        /// Post-increment.
        constexpr iterator operator++(int) noexcept {
            iterator old = *this;
            ++*this;
            return old;
        }
        /// Iterators are equal at the same position, or both at the end.
        friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept {
            // Every step moves the cursor forward, so its position tells
            // the steps of one directory apart.
            return a.done_ == b.done_ && (a.done_ || a.r_.pos() == b.r_.pos());
        }

    private:
        friend class basic_directory;

        constexpr iterator(const detail::context<Traits>& ctx, const detail::raw_entry& dir) noexcept
            : r_(ctx.src, ctx.fs), done_(false) {
            // An entry before next() writes one: operator* copies it into an
            // error result, and a constant expression may copy the iterator
            // of an empty directory.
            r_.entry() = dir;
            r_.seek(dir.nested());
            advance();
        }

        // The reader keeps the cursor and the entry found.
        constexpr void advance() noexcept {
            if (r_.next_listed() == 0 && r_.ok()) done_ = true;
        }

        detail::reader<detail::source<Traits>> r_{};
        bool done_ = true;
    };

    /// An empty directory.
    constexpr basic_directory() noexcept = default;

    /// First entry.
    constexpr iterator begin() const noexcept { return iterator(ctx_, raw_); }
    /// Past the last entry.
    constexpr iterator end() const noexcept { return iterator(); }

    /// Payload bytes after the name (MicroPython's directory "size"). Not
    /// called `size()`: this is a range, and `size()` would mean entry count.
    constexpr offset_t payload_size() const noexcept { return raw_.size(); }
    /// Offset of the directory's record from the image start (0 for the root).
    constexpr offset_t record_offset() const noexcept { return raw_.record; }

    /// Calls `visit(entry)` for each entry in image order; stops early when
    /// `visit` returns false. Returns the first corruption met, if any. The
    /// leanest way to list a directory (no iterator state to carry).
    template <class Visit>
    constexpr result<void> for_each(Visit&& visit) const noexcept {
        detail::reader<detail::source<Traits>> r(ctx_.src, ctx_.fs);
        r.seek(raw_.nested());
        return detail::visit_entries<Traits>(r, ctx_, visit);
    }

    /// Looks up `path` relative to this directory, with MicroPython's rules.
    constexpr result<entry> lookup(std::string_view path) const noexcept {
        detail::reader<detail::source<Traits>> r(ctx_.src, ctx_.fs);
        r.entry() = raw_;
        if (!r.lookup(path)) return r.error();
        // Record 0 is the header, never an entry: this is the root, which
        // open_directory() hands over without its name (the empty one).
        if (r.entry().record == 0) r.entry() = detail::root_entry(ctx_.fs);
        return entry(ctx_, r.entry());
    }

private:
    friend class basic_entry<Traits>;
    friend class basic_image<Traits>;
    friend struct detail::result_storage<basic_directory, error, true>; // builds it in place
    template <flash_traits, std::size_t>
    friend class basic_walker;

    constexpr basic_directory(const detail::context<Traits>& ctx, const detail::raw_entry& raw) noexcept
        : ctx_(ctx), raw_(raw) {}

    detail::context<Traits> ctx_{};
    detail::raw_entry raw_{detail::root_entry({})};
};

} // namespace romfs
