/// @file
/// The boot layer's error: what went wrong mounting images, resolving a
/// path through the mount table, or resolving a module on the search path,
/// with the reader's error (code and byte offset) when an image is at fault.
#pragma once

#include <cstdint>
#include <string_view>

#include "../format/error.hpp"

namespace romfs::boot {

/// What went wrong in the boot layer.
enum class errc : std::uint32_t {
    ok = 0,            ///< No error.
    bad_mount_point,   ///< A mount point is not an absolute, normal path ("/rom"; not "/", "rom", "/rom/", "/a//b", "/./a").
    mount_point_taken, ///< Something is already mounted there.
    table_full,        ///< The mount table has no free slot.
    bad_image,         ///< The image does not open or is corrupt (`error::image` says how and where).
    not_found,         ///< No such path or module.
    not_a_directory,   ///< The path names a file where a directory is needed.
    not_a_file,        ///< The path names a directory where a file is needed.
    not_a_package,     ///< A dotted name goes on below a module that is a file (`a.b` where `a` is `a.py`).
    bad_module_name,   ///< A module name that is empty, has an empty component or holds '/'.
    path_too_long,     ///< A path does not fit the caller's buffer.
    not_mapped,        ///< The bytes are not in mapped memory, so cannot be handed out in place.
};

/// A short, stable description of a boot-layer error code (a string
/// literal: static storage, NUL-terminated).
constexpr std::string_view message(errc code) noexcept {
    switch (code) {
    case errc::ok: return "ok";
    case errc::bad_mount_point: return "not a valid mount point";
    case errc::mount_point_taken: return "mount point already in use";
    case errc::table_full: return "mount table full";
    case errc::bad_image: return "image does not open";
    case errc::not_found: return "no such file, directory or module";
    case errc::not_a_directory: return "not a directory";
    case errc::not_a_file: return "not a file";
    case errc::not_a_package: return "module is not a package";
    case errc::bad_module_name: return "bad module name";
    case errc::path_too_long: return "path too long";
    case errc::not_mapped: return "file is not in mapped memory";
    }
    return "unknown error";
}

/// A boot-layer error. When `code` is `bad_image`, `image` holds the
/// reader's error (what, and at which byte of that image).
struct error {
    errc code = errc::ok;  ///< What went wrong.
    romfs::error image{};  ///< The reader's error for `bad_image`, else zero.

    /// Equal when code and image error are equal.
    friend constexpr bool operator==(const error&, const error&) = default;
};

} // namespace romfs::boot
