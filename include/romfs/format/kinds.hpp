/// @file
/// Record kinds and fixed byte sequences of the RM1 format.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace romfs {

/// Record kinds defined by the format. Any other value is an unknown kind,
/// which readers skip.
namespace kind {
inline constexpr std::uint32_t unused = 0;             ///< Never valid: corruption (erased/zeroed flash).
inline constexpr std::uint32_t padding = 1;            ///< Skipped; comments and alignment.
inline constexpr std::uint32_t verbatim = 2;           ///< File bytes stored in place.
inline constexpr std::uint32_t indirect = 3;           ///< File bytes elsewhere: varuint size, varuint offset.
inline constexpr std::uint32_t directory = 4;          ///< Name, then nested entries.
inline constexpr std::uint32_t file = 5;               ///< Name, then nested records incl. one data record.
inline constexpr std::uint32_t filesystem = 0x14a6b1;  ///< The whole image.
/// romfs extension: the integrity record (docs/integrity-record.md). Encoded
/// as the three bytes `0xf2 0xe6 0x68` ("rfh" with the top bit set on the
/// first two), in the 3-byte tag space where MicroPython put "RM1".
inline constexpr std::uint32_t integrity = 0x1cb368;
} // namespace kind

/// The three bytes every image starts with: kind 0x14a6b1 as a varuint.
inline constexpr std::array<std::byte, 3> magic{std::byte{0xd2}, std::byte{0xcd}, std::byte{0x31}};

/// Hash algorithms an integrity record may name (its first payload varuint).
namespace hash_algorithm {
inline constexpr std::uint32_t sha256 = 1; ///< SHA-256, 32-byte digest.
} // namespace hash_algorithm

/// Size of an integrity record holding a SHA-256 digest: kind (3 bytes),
/// length (1), algorithm (1), digest (32).
inline constexpr std::uint32_t integrity_record_size = 37;

/// The smallest valid image: an empty root directory.
inline constexpr std::array<std::byte, 4> empty_image{std::byte{0xd2}, std::byte{0xcd}, std::byte{0x31},
                                                      std::byte{0x00}};

} // namespace romfs
