/// @file
/// Errors of the deploy layer: what a flash driver or the partition writer
/// reports, as values, with the MicroPython errno each one means to
/// `vfs.rom_ioctl` callers.
#pragma once

#include <cstdint>
#include <string_view>

#include "../format/error.hpp"
#include "../traits/flash_traits.hpp"

namespace romfs::deploy {

/// What a flash driver reports: three kinds, as embedded-storage's
/// `NorFlashErrorKind` has them, so a driver cannot claim a deploy-level
/// error such as `image_too_large`. The deploy layer wraps it
/// (`from_driver`).
enum class driver_errc : std::uint8_t {
    ok = 0,         ///< No error.
    not_aligned,    ///< An address or length is not on a boundary the chip needs.
    out_of_bounds,  ///< The range is outside the device.
    other,          ///< The read, program or erase failed (a timeout, a lost power, a locked chip...).
};

/// A short, stable description of a driver error code.
constexpr std::string_view message(driver_errc code) noexcept {
    switch (code) {
    case driver_errc::ok: return "ok";
    case driver_errc::not_aligned: return "not aligned as the flash needs";
    case driver_errc::out_of_bounds: return "outside the flash device";
    case driver_errc::other: return "flash driver failure";
    }
    return "unknown error";
}

/// What went wrong while writing flash.
enum class flash_errc : std::uint8_t {
    ok = 0,          ///< No error.
    out_of_range,    ///< The range is outside the partition or the device.
    not_aligned,     ///< An address or length is not on a program-unit or sector boundary.
    driver_failure,  ///< The driver's read, program or erase failed (or the power went).
    no_partition,    ///< There is no partition with that id.
    image_too_large, ///< The image does not fit the partition.
    not_an_image,    ///< The bytes to deploy are not a valid ROMFS image.
    verify_failed,   ///< Read-back differs from what was written.
};

/// A short, stable description of a deploy error code.
constexpr std::string_view message(flash_errc code) noexcept {
    switch (code) {
    case flash_errc::ok: return "ok";
    case flash_errc::out_of_range: return "out of range";
    case flash_errc::not_aligned: return "not aligned to the flash's program unit or erase sector";
    case flash_errc::driver_failure: return "flash driver failure";
    case flash_errc::no_partition: return "no such ROM partition";
    case flash_errc::image_too_large: return "image does not fit the partition";
    case flash_errc::not_an_image: return "not a valid ROMFS image";
    case flash_errc::verify_failed: return "read-back differs from the image";
    }
    return "unknown error";
}

/// MicroPython's errno values (py/mperrno.h), which `vfs.rom_ioctl`
/// returns negated.
namespace mp_errno {
inline constexpr int eio = 5;     ///< MP_EIO
inline constexpr int ebusy = 16;  ///< MP_EBUSY
inline constexpr int einval = 22; ///< MP_EINVAL
inline constexpr int enospc = 28; ///< MP_ENOSPC
} // namespace mp_errno

/// The MicroPython errno an error means (0 for ok): bad arguments (range,
/// alignment, partition id, image) are EINVAL as in the ports' rom_ioctl,
/// driver and read-back failures EIO, too large ENOSPC.
constexpr int to_errno(flash_errc code) noexcept {
    switch (code) {
    case flash_errc::ok: return 0;
    case flash_errc::out_of_range:
    case flash_errc::not_aligned:
    case flash_errc::no_partition:
    case flash_errc::not_an_image: return mp_errno::einval;
    case flash_errc::image_too_large: return mp_errno::enospc;
    case flash_errc::driver_failure:
    case flash_errc::verify_failed: return mp_errno::eio;
    }
    return mp_errno::eio;
}

/// The deploy error a driver error means: its alignment and bounds
/// problems as they are, anything else `driver_failure`.
constexpr flash_errc from_driver(driver_errc code) noexcept {
    switch (code) {
    case driver_errc::ok: return flash_errc::ok;
    case driver_errc::not_aligned: return flash_errc::not_aligned;
    case driver_errc::out_of_bounds: return flash_errc::out_of_range;
    case driver_errc::other: return flash_errc::driver_failure;
    }
    return flash_errc::driver_failure;
}

/// A deploy error and where: a byte offset in the partition.
struct flash_error {
    flash_errc code = flash_errc::ok; ///< What went wrong.
    address_t offset = 0;             ///< Partition offset it refers to.
    /// Equal when code and offset are equal.
    friend constexpr bool operator==(const flash_error&, const flash_error&) = default;
};

/// A value or a `flash_error`.
template <class T>
using flash_result = romfs::result<T, flash_error>;

} // namespace romfs::deploy
