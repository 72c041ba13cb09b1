/// @file
/// Recursive, pre-order directory walker with a bounded depth: iterative, no
/// recursion, no heap. Full paths are written into a caller-supplied buffer.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include "../format/error.hpp"
#include "entry.hpp"
#include "image.hpp"
#include "parse.hpp"

namespace romfs {

/// Walks a directory tree in pre-order (a directory, then its contents), in
/// image order. At most `MaxDepth` directory levels are open at once; a deeper
/// tree gives `errc::too_deep` rather than unbounded recursion.
template <flash_traits Traits, std::size_t MaxDepth = 16>
class basic_walker {
    static_assert(MaxDepth >= 1, "the walker needs room for the starting directory");

public:
    /// One visited entry.
    struct item {
        basic_entry<Traits> entry{};  ///< The entry itself.
        std::string_view path{};      ///< Full path ("/a/b"); valid until the next step.
        std::size_t depth = 0;        ///< Components below the starting directory (1 for its entries).
    };

    /// Walks the whole image; paths start with '/'.
    constexpr basic_walker(const basic_image<Traits>& img, std::span<char> path_buffer) noexcept
        : basic_walker(img.root(), "", path_buffer) {}

    /// Walks `dir`; every path starts with `prefix` (e.g. "/lib", or "" for
    /// the root), which is copied into the buffer first.
    constexpr basic_walker(const basic_directory<Traits>& dir, std::string_view prefix,
                           std::span<char> path_buffer) noexcept
        : ctx_(dir.ctx_), buffer_(path_buffer) {
        if (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
        if (prefix.size() > buffer_.size()) {
            pending_ = error{errc::buffer_too_small, dir.record_offset()};
            return;
        }
        for (std::size_t i = 0; i < prefix.size(); ++i) buffer_[i] = prefix[i];
        stack_[0] = level{dir.raw_.nested(), prefix.size()};
        depth_ = 1;
    }

    /// Advances to the next entry: true when `current()` holds one, false at
    /// the end, or the first error met (after which the walk is over).
    constexpr result<bool> next() noexcept {
        if (pending_.code != errc::ok) {
            const error e = pending_;
            pending_ = {};
            depth_ = 0;
            return e;
        }
        while (depth_ > 0) {
            level& at = stack_[depth_ - 1];
            detail::reader<detail::source<Traits>> r(ctx_.src, ctx_.fs);
            if (r.next_listed(at.records) == 0) {
                if (!r.ok()) return fail(r.error());
                --depth_;
                continue;
            }
            const detail::raw_entry& raw = r.entry();
            const basic_entry<Traits> e(ctx_, raw);
            const std::size_t length = at.path_length + 1 + raw.name_size;
            if (length > buffer_.size()) return fail(error{errc::buffer_too_small, raw.record});
            buffer_[at.path_length] = '/';
            if (const auto n = e.copy_name(buffer_.subspan(at.path_length + 1)); !n) return fail(n.error());
            current_ = item{e, std::string_view(buffer_.data(), length), depth_};
            if (e.is_directory()) {
                if (depth_ >= MaxDepth) return fail(error{errc::too_deep, raw.record});
                stack_[depth_++] = level{raw.nested(), length};
            }
            return true;
        }
        return false;
    }

    /// The entry found by the last successful `next()`.
    constexpr const item& current() const noexcept { return current_; }

    /// Input iterator over `result<item>`: an error is the last element.
    /// Dereferencing gives the item (or the error) by value.
    class iterator {
    public:
        using value_type = result<item>;        ///< An item, or the error that ends the walk.
        using difference_type = std::ptrdiff_t; ///< For the iterator concepts.

        /// End iterator.
        constexpr iterator() noexcept = default;
        /// The current item or error.
        constexpr value_type operator*() const noexcept {
            if (error_.code != errc::ok) return error_;
            return walker_->current();
        }
        /// Steps the walker.
        constexpr iterator& operator++() noexcept {
            step();
            return *this;
        }
        /// Steps the walker.
        constexpr void operator++(int) noexcept { step(); }
        /// Equal when both are at the end.
        friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept {
            return a.walker_ == b.walker_;
        }

    private:
        friend class basic_walker;
        constexpr explicit iterator(basic_walker* w) noexcept : walker_(w) { step(); }
        constexpr void step() noexcept {
            if (walker_ == nullptr) return;
            if (error_.code != errc::ok) {
                walker_ = nullptr; // the error was the last element
                return;
            }
            const auto r = walker_->next();
            if (!r) {
                error_ = r.error();
            } else if (!*r) {
                walker_ = nullptr;
            }
        }
        basic_walker* walker_ = nullptr;
        romfs::error error_{};
    };

    /// Starts (or continues) the walk.
    constexpr iterator begin() noexcept { return iterator(this); }
    /// End of the walk.
    constexpr iterator end() noexcept { return iterator(); }

private:
    struct level {
        detail::cursor records{};
        std::size_t path_length = 0;
    };

    constexpr result<bool> fail(error e) noexcept {
        depth_ = 0;
        return e;
    }

    detail::context<Traits> ctx_{};
    std::span<char> buffer_{};
    std::array<level, MaxDepth> stack_{};
    std::size_t depth_ = 0;
    error pending_{};
    item current_{};
};

/// Walker over an in-memory image.
template <std::size_t MaxDepth = 16>
using walker = basic_walker<host_traits, MaxDepth>;

} // namespace romfs
