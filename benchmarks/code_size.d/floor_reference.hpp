// The C interface of floor_reference.cpp: the smallest bounds-safe reader
// we could write for the code-size job, kept as a yardstick for the
// library's reader (see floor_reference.cpp for what it leaves out).
#pragma once

#include <cstdint>

extern "C" {

/// An opened image: its filesystem payload [base, end).
struct floor_image {
    const std::uint8_t* base;
    const std::uint8_t* end;
};

/// Listing callback: name bytes and length, 1 for a directory, size as
/// MicroPython reports it.
using floor_emit = void (*)(const std::uint8_t* name, std::uint32_t name_length, int is_dir, std::uint32_t size);

/// Checks the header of the image at `data` (`size` bytes of partition).
/// 0 on success, non-zero when the bytes hold no image.
int romfs_open(const std::uint8_t* data, std::uint32_t size, floor_image* out);

/// The contents of the file at `path`, or nullptr (not found, not a file, or
/// corrupt on the way).
const std::uint8_t* romfs_file(const floor_image* img, const char* path, std::uint32_t length, std::uint32_t* size);

/// Lists the directory at `path` in image order. Returns 0, or
/// floor_not_found / floor_corrupt / floor_not_a_directory.
int romfs_list(const floor_image* img, const char* path, std::uint32_t length, floor_emit emit);
}

/// romfs_list results.
enum : int { floor_not_found = 1, floor_corrupt = 2, floor_not_a_directory = 3 };
