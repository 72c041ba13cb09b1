// An embedded image larger than its partition stops the build.
#include <romfs/boards/samd.hpp>
#include <romfs/layout/fits.hpp>
#include <romfs/romfs.hpp>

#include <array>

// A valid image of `N` bytes: one file padded to size.
template <std::size_t N>
constexpr std::array<std::byte, N> image_of_size() {
    std::array<std::byte, N> out{};
    // d2 cd 31 | 83 ff 78 (payload N-6) | 01 | 83 ff 75 (padding payload N-10) | zeros
    const std::size_t payload = N - 6, pad = N - 10;
    const unsigned char head[] = {0xd2, 0xcd, 0x31, static_cast<unsigned char>(0x80 | (payload >> 14)),
                                  static_cast<unsigned char>(0x80 | ((payload >> 7) & 0x7f)),
                                  static_cast<unsigned char>(payload & 0x7f), 0x01,
                                  static_cast<unsigned char>(0x80 | (pad >> 14)),
                                  static_cast<unsigned char>(0x80 | ((pad >> 7) & 0x7f)),
                                  static_cast<unsigned char>(pad & 0x7f)};
    for (std::size_t i = 0; i < sizeof head; ++i) out[i] = std::byte{head[i]};
    return out;
}

inline constexpr auto fits_image = image_of_size<12 * 1024>();
static_assert(romfs::layout::fits<fits_image, romfs::boards::adafruit_feather_m0_express>());
#ifdef ROMFS_COMPILE_FAIL
inline constexpr auto too_big = image_of_size<12 * 1024 + 2>();
static_assert(romfs::layout::fits<too_big, romfs::boards::adafruit_feather_m0_express>());
#endif
