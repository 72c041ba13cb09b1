/// @file
/// The flash driver concept: read, program and erase over a `FlashTraits`
/// policy, the way `embedded-storage`'s `NorFlash` does it, plus what it
/// lacks: the erase value, non-uniform sector maps (through the policy) and
/// memory that needs no erase.
///
/// A driver is a small object the port writes once per flash controller:
/// ```
/// struct my_flash {
///     using traits = romfs::flash::rp2040<>;
///     romfs::deploy::driver_errc read(romfs::address_t a, std::span<std::byte> out);
///     romfs::deploy::driver_errc program(romfs::address_t a, std::span<const std::byte> in);
///     romfs::deploy::driver_errc erase(romfs::sector s);
///     romfs::deploy::driver_errc complete();                 // optional: flush caches, re-enable XIP
///     const std::byte* mapped(romfs::address_t a);          // optional: where `a` is readable
/// };
/// ```
/// Addresses are the policy's addresses (CPU addresses for mapped flash).
/// `program` is called with an address and length that are multiples of
/// `traits::program_unit` and inside one erase sector; a driver whose chip
/// has smaller pages splits further. `erase` gets a whole sector from
/// `traits::sectors`. None is called when `traits::needs_erase` is false.
#pragma once

#include <concepts>
#include <cstddef>
#include <span>

#include "../traits/flash_traits.hpp"
#include "error.hpp"

namespace romfs::deploy {

/// A flash driver for the policy `D::traits`.
template <class D>
concept flash_driver = flash_geometry<typename D::traits> &&
    requires(D& d, address_t a, std::span<std::byte> out, std::span<const std::byte> in, sector s) {
        { d.read(a, out) } -> std::same_as<driver_errc>;
        { d.program(a, in) } -> std::same_as<driver_errc>;
        { d.erase(s) } -> std::same_as<driver_errc>;
    };

/// A driver that says where the CPU can read an address (XIP flash).
template <class D>
concept mappable_driver = flash_driver<D> && requires(D& d, address_t a) {
    { d.mapped(a) } -> std::same_as<const std::byte*>;
};

} // namespace romfs::deploy
