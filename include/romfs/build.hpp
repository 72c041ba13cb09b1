/// @file
/// The image builder and its host helpers (directory scan, globs, SHA-256).
/// Host only: it uses the heap and std::filesystem. Firmware includes
/// romfs/romfs.hpp instead.
#pragma once

#include "build/builder.hpp"
#include "build/glob.hpp"
#include "build/scan.hpp"
#include "build/sha256.hpp"
#include "build/tree.hpp"
