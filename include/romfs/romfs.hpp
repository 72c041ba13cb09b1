/// @file
/// romfs: MicroPython ROMFS ("VfsRom", format RM1) for firmware and hosts.
/// The reader's umbrella: the format (errors and `result`, varuint
/// encoding, record kinds, SHA-256), the `flash_traits` concept with the host
/// policy, and the image layer (open, lookup, directories, file views, the
/// walker, the integrity record, `verify`). It does not include the MCU flash
/// policies (`romfs/flash/<family>.hpp`), layouts (`romfs/layout.hpp`),
/// deploy (`romfs/deploy.hpp`) or the host-only builder (`romfs/builder.hpp`).
#pragma once

#include "format/bytes.hpp"
#include "format/error.hpp"
#include "format/kinds.hpp"
#include "format/sha256.hpp"
#include "format/varuint.hpp"
#include "image/entry.hpp"
#include "image/file.hpp"
#include "image/image.hpp"
#include "image/integrity.hpp"
#include "image/verify.hpp"
#include "image/walker.hpp"
#include "traits/flash_traits.hpp"
#include "version.hpp"
