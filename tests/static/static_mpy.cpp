// Static tests of the .mpy bounds check (romfs/micropython/mpy.hpp): a .mpy
// spelled byte by byte, cut, nested and native.
#include <romfs/format/bytes.hpp>
#include <romfs/micropython/mpy.hpp>

namespace {

using romfs::micropython::check_mpy;
using romfs::micropython::mpy_shape;

// 'M' v6, no arch, 31-bit small ints; 1 qstr "ab", 1 object: the str "xyz";
// the module: 2 bytes of bytecode with one child of 1 byte.
constexpr auto mpy = romfs::literal_bytes("M\x06\x00\x1f"
                                          "\x01\x01"
                                          "\x04" "ab\x00"
                                          "\x05\x03" "xyz\x00"
                                          "\x14" "\x00\x00" "\x01"
                                          "\x08" "\x00");
static_assert(check_mpy(mpy) == mpy_shape::fits);
template <std::size_t N>
constexpr bool every_cut_truncated(const std::array<std::byte, N>& b) {
    for (std::size_t keep = 0; keep < N; ++keep)
        if (check_mpy(std::span<const std::byte>(b.data(), keep)) != mpy_shape::truncated) return false;
    return true;
}
static_assert(every_cut_truncated(mpy));
// Native code, by the header's arch or by a raw code's kind: MicroPython's to judge.
static_assert(check_mpy(romfs::literal_bytes("M\x06\x28\x1f\x00\x00\x09\x00")) == mpy_shape::native);
static_assert(check_mpy(romfs::literal_bytes("M\x06\x00\x1f\x00\x00\x09\x00")) == mpy_shape::native);
// A length past the end, and a varuint past 32 bits.
static_assert(check_mpy(romfs::literal_bytes("M\x06\x00\x1f\x00\x00\x18\x00")) == mpy_shape::truncated);
static_assert(check_mpy(romfs::literal_bytes("M\x06\x00\x1f\x00\x00\xff\xff\xff\xff\xff\x00")) == mpy_shape::truncated);
// Tuples in tuples past the bound; within it they fit.
constexpr auto nested = romfs::literal_bytes("M\x06\x00\x1f\x00\x01"
                                             "\x0a\x01" "\x0a\x01" "\x0a\x01" "\x01"
                                             "\x08\x00");
static_assert(check_mpy<3>(nested) == mpy_shape::fits);
static_assert(check_mpy<2>(nested) == mpy_shape::too_deep);

} // namespace
