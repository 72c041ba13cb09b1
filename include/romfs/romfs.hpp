/// @file
/// romfs: MicroPython ROMFS ("VfsRom", format RM1) for firmware and hosts.
/// Include this one header for everything.
#pragma once

#include "format/bytes.hpp"
#include "format/error.hpp"
#include "format/kinds.hpp"
#include "format/sha256.hpp"
#include "format/varuint.hpp"
#include "image/entry.hpp"
#include "image/file.hpp"
#include "traits/flash_traits.hpp"
#include "image/image.hpp"
#include "image/integrity.hpp"
#include "image/verify.hpp"
#include "image/walker.hpp"
#include "version.hpp"
