/// @file
/// Byte access to an image: a pointer into mapped memory, or a device plus a
/// base address read through the policy's driver. All parsing goes through
/// this one type, and every access is bounds-checked by the parser before it
/// gets here (see parse.hpp); the image's size is known only to the header
/// check, after which every bound comes from the records themselves.
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "../format/error.hpp"
#include "../traits/flash_traits.hpp"

namespace romfs {

/// @cond INTERNAL
namespace detail {
template <class Traits>
struct device_type_of {
    struct none {};
    using type = none;
};
template <class Traits>
    requires requires { typename Traits::device_type; }
struct device_type_of<Traits> {
    using type = typename Traits::device_type;
};
} // namespace detail
/// @endcond

/// `Traits` with `N` bytes of read-ahead: a reader of a driver-read image
/// then fetches `N` bytes per driver call (never past the image) and serves
/// the next bytes from them, so a lookup on SPI flash costs a handful of
/// calls instead of one per byte. The window lives in the reader, on the
/// stack, for one lookup, listing step or walk step: no heap, nothing kept
/// between calls. Results are the same with and without it (a window read
/// that fails falls back to reading the one byte needed).
template <class Traits, std::size_t N>
struct with_read_ahead : Traits {
    static_assert(N > 0 && N <= 4096, "a read-ahead window of 1 to 4096 bytes");
    /// Bytes per read-ahead.
    static constexpr std::size_t read_ahead = N;
};

/// The driver handle `Traits::device_type` of a policy that is not
/// memory-mapped; an empty placeholder for mapped policies, so that
/// signatures naming it stay well-formed.
template <class Traits>
using device_type_of = typename detail::device_type_of<Traits>::type;

} // namespace romfs

namespace romfs::detail {

template <class Traits, bool Mapped = memory_mapped<Traits>>
class source;

/// Memory-mapped image: reads are plain loads.
template <class Traits>
class source<Traits, true> {
public:
    /// Reads cannot fail (no io_error to keep apart from other errors).
    static constexpr bool can_fail = false;
    /// Mapped memory needs no read-ahead.
    static constexpr std::size_t read_ahead = 0;

    constexpr source() noexcept = default;
    constexpr explicit source(const std::byte* data) noexcept : data_(data) {}

    constexpr const std::byte* data() const noexcept { return data_; }

    // `offset` < size() is guaranteed by the caller.
    constexpr bool fetch(offset_t offset, std::byte& out) const noexcept {
        out = data_[offset];
        return true;
    }
    // [offset, offset + out.size()) lies inside the image (caller's guarantee).
    constexpr bool read(offset_t offset, std::span<std::byte> out) const noexcept {
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = data_[offset + i];
        return true;
    }
    // The bytes from `offset` on as their own image: nested images.
    constexpr source sub(offset_t offset) const noexcept { return source(data_ + offset); }

private:
    const std::byte* data_ = nullptr;
};

// Read-ahead of a driver policy: its `read_ahead` constant, else none.
template <class Traits>
constexpr std::size_t read_ahead_of() noexcept {
    if constexpr (requires { Traits::read_ahead; }) return Traits::read_ahead;
    else return 0;
}

/// Image behind a driver: every read goes through `Traits::read`.
template <class Traits>
class source<Traits, false> {
public:
    /// Reads go through a driver, which may fail (io_error).
    static constexpr bool can_fail = true;
    /// Bytes a reader reads ahead through this source (0: one byte per fetch).
    static constexpr std::size_t read_ahead = read_ahead_of<Traits>();

    using device_type = typename Traits::device_type;

    constexpr source() noexcept = default;
    constexpr source(const device_type& device, address_t base) noexcept : device_(device), base_(base) {}

    constexpr address_t base() const noexcept { return base_; }
    constexpr const device_type& device() const noexcept { return device_; }

    constexpr bool fetch(offset_t offset, std::byte& out) const noexcept {
        std::byte one[1]{};
        if (!Traits::read(device_, base_ + offset, std::span<std::byte>(one, 1))) return false;
        out = one[0];
        return true;
    }
    constexpr bool read(offset_t offset, std::span<std::byte> out) const noexcept {
        return out.empty() || Traits::read(device_, base_ + offset, out);
    }
    constexpr source sub(offset_t offset) const noexcept { return {device_, base_ + offset}; }

private:
    device_type device_{};
    address_t base_ = 0;
};

} // namespace romfs::detail
