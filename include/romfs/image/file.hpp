/// @file
/// Zero-copy file views: a span into mapped flash, or an (offset, size)
/// handle read through the flash driver.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "../format/error.hpp"
#include "parse.hpp"

namespace romfs {

namespace detail {
// What every view carries: how to read the image, and where the filesystem
// payload is (the base of indirect data).
template <class Traits>
struct context {
    source<Traits> src{};
    fs_span fs{};
};
} // namespace detail

template <flash_traits Traits>
class basic_image;

/// A file's contents, in place in the image. Never copies unless you call
/// `read`.
template <flash_traits Traits>
class basic_file {
public:
    /// An empty file view (size 0).
    constexpr basic_file() noexcept = default;

    /// Offset of the file's first byte from the start of the image.
    constexpr offset_t offset() const noexcept { return data_; }
    /// Size in bytes (what MicroPython reports).
    constexpr offset_t size() const noexcept { return size_; }
    /// True for a zero-length file.
    constexpr bool empty() const noexcept { return size_ == 0; }

    /// The largest power of two dividing the data's offset from the image
    /// start (capped at 2^31). The data's address is aligned this much when the
    /// partition start is aligned at least as much.
    constexpr offset_t alignment() const noexcept {
        return data_ == 0 ? offset_t{1} << 31 : static_cast<offset_t>(data_ & (~data_ + 1));
    }

    /// Copies up to `out.size()` bytes starting `offset` bytes into the file;
    /// returns how many were copied (fewer at the end of the file).
    constexpr result<std::size_t> read(offset_t offset, std::span<std::byte> out) const noexcept {
        if (offset > size_) return error{errc::out_of_range, data_};
        const offset_t left = size_ - offset;
        const std::size_t n = out.size() < left ? out.size() : left;
        if (!src_.read(data_ + offset, out.first(n))) return error{errc::io_error, data_ + offset};
        return n;
    }

    /// The file's bytes in mapped flash (memory-mapped policies only).
    constexpr std::span<const std::byte> bytes() const noexcept
        requires(memory_mapped<Traits>)
    {
        return {src_.data() + data_, size_};
    }
    /// Pointer to the first byte in mapped flash (memory-mapped policies only).
    constexpr const std::byte* data() const noexcept
        requires(memory_mapped<Traits>)
    {
        return src_.data() + data_;
    }
    /// The file's bytes as characters (memory-mapped policies only; not
    /// usable in constant expressions, where `bytes()` is).
    std::string_view view() const noexcept
        requires(memory_mapped<Traits>)
    {
        return {reinterpret_cast<const char*>(src_.data() + data_), size_};
    }

private:
    template <flash_traits>
    friend class basic_entry;
    friend class basic_image<Traits>;
    friend struct detail::result_storage<basic_file, error, true>; // builds it in place

    constexpr basic_file(const detail::source<Traits>& src, offset_t data, offset_t size) noexcept
        : src_(src), data_(data), size_(size) {}

    detail::source<Traits> src_{}; // a file needs only its bytes, not the filesystem around it
    offset_t data_ = 0;
    offset_t size_ = 0;
};

} // namespace romfs
