/// @file
/// Booting from ROMFS: the mount table of images at mount points, places
/// (the concept firmware implements for frozen modules or a writable
/// filesystem), and the search path with MicroPython's import resolution
/// and boot-script order. Above the image layer; MicroPython's own glue is
/// `romfs/micropython/embed.hpp`.
#pragma once

#include "boot/error.hpp"
#include "boot/mount_table.hpp"
#include "boot/partitions.hpp"
#include "boot/place.hpp"
#include "boot/search_path.hpp"
