/// @file
/// The image builder and its host helpers (directory scan, globs, SHA-256).
/// Host only: it uses the heap and std::filesystem. Firmware includes
/// romfs/romfs.hpp instead.
#pragma once

#include "builder/builder.hpp"
#include "builder/glob.hpp"
#include "builder/sha256.hpp"
#include "builder/tree.hpp"
