/// @file
/// Does an embedded image fit its partition? A compile-time check that the
/// image is valid, no larger than the partition, and that the partition's
/// start is aligned at least as much as the data alignment the image was
/// built with (`romfs build --align N`), so file data lands aligned in flash.
///
///     static_assert(romfs::layout::fits<assets::app_image, my_board, 0, 64>());
#pragma once

#include <cstddef>
#include <cstdint>

#include "../image/image.hpp"
#include "../image/verify.hpp"
#include "layout.hpp"
#include "rules.hpp"
#include "text.hpp"

namespace romfs::layout {

/// Why an image does not fit (`ok` when it does).
struct fit {
    bool ok = false;              ///< The image fits.
    message why{};                ///< Otherwise, why not.
};

/// Checks `bytes` against ROMFS partition `index` of `layout`; the files'
/// data must be aligned to `alignment` bytes in flash.
template <class Layout>
constexpr fit check_fit(std::span<const std::byte> bytes, const Layout& l, std::uint8_t index,
                        std::uint32_t alignment) noexcept {
    fit f;
    const region* r = l.romfs_partition(index);
    if (r == nullptr) {
        f.why << "the layout has no ROMFS partition ";
        f.why.dec(index);
        return f;
    }
    const auto img = romfs::image::open(bytes);
    if (!img) {
        f.why << "the embedded image does not open: " << romfs::message(img.code());
        return f;
    }
    if (const auto v = romfs::verify(*img); !v) {
        f.why << "the embedded image is invalid: " << romfs::message(v.code()) << " at byte ";
        f.why.dec(v.error().offset);
        return f;
    }
    if (img->size() > r->length) {
        f.why << "the image is ";
        f.why.dec(img->size()) << " bytes, more than " << r->name << " holds (";
        f.why.dec(r->length) << ")";
        return f;
    }
    if (alignment > 1 && r->origin % alignment != 0) {
        f.why << r->name << " starts at ";
        f.why.hex(r->origin) << ", not aligned to the image's ";
        f.why.dec(alignment) << "-byte data alignment";
        return f;
    }
    f.ok = true;
    return f;
}

/// Never defined: GCC prints the reason as its template argument.
template <message Why>
struct image_does_not_fit;

namespace diagnose {
constexpr void image_does_not_fit(std::uint64_t image_bytes, const char* partition, address origin, address length,
                                  std::uint32_t alignment) {
    broken(), (void)image_bytes, (void)partition, (void)origin, (void)length, (void)alignment;
}
} // namespace diagnose

/// Compile-time check that the constexpr image `Image` (a byte array) fits
/// ROMFS partition `Index` of `Layout` with data aligned to `Alignment`.
template <const auto& Image, const auto& Layout, std::uint8_t Index = 0, std::uint32_t Alignment = 1>
consteval bool fits() {
    constexpr fit f = check_fit(std::span<const std::byte>(Image), Layout, Index, Alignment);
    if constexpr (!f.ok) {
#if defined(__clang__)
        constexpr const region* r = Layout.romfs_partition(Index);
        diagnose::image_does_not_fit(std::size(Image), r ? r->name.data() : "none",
                                     diagnose::address{r ? r->origin : 0}, diagnose::address{r ? r->length : 0},
                                     Alignment);
#else
        static_assert(sizeof(image_does_not_fit<f.why>) == 0);
#endif
        return false;
    }
    return true;
}

} // namespace romfs::layout
