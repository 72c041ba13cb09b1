// Small images spelled byte by byte, for constant-expression tests.
#pragma once

#include <romfs/format/bytes.hpp>

namespace romfs::test {

// /main.py = "print(1)", /lib/a = "xy". 38 bytes, even.
inline constexpr auto small_image = romfs::literal_bytes(
    "\xd2\xcd\x31\x22"                          // filesystem, payload 34 bytes
    "\x05\x12\x07" "main.py" "\x02\x08" "print(1)" // file main.py (20 bytes)
    "\x04\x0c\x03" "lib"                        // directory lib (14 bytes)
    "\x05\x06\x01" "a" "\x02\x02" "xy");        //   file a (8 bytes)

// A file whose name length (0x30) runs past its record.
inline constexpr auto name_past_record_image = romfs::literal_bytes(
    "\xd2\xcd\x31\x04"
    "\x05\x02\x30" "a");

// A padding record whose length would wrap a 32-bit pointer back before itself.
inline constexpr auto wrapping_padding_image = romfs::literal_bytes(
    "\xd2\xcd\x31\x0a"
    "\x01\x8f\xff\xff\xff\x7f"
    "\x05\x02\x01" "b");

// A file whose indirect data points past the filesystem payload.
inline constexpr auto indirect_out_of_range_image = romfs::literal_bytes(
    "\xd2\xcd\x31\x08"
    "\x05\x06\x01" "f" "\x03\x02\x04\x7f");

// kind 0 between two files.
inline constexpr auto kind_zero_image = romfs::literal_bytes(
    "\xd2\xcd\x31\x10"
    "\x05\x05\x01" "a" "\x02\x01" "A"
    "\x00\x00"
    "\x05\x05\x01" "b" "\x02\x01" "B");

} // namespace romfs::test
