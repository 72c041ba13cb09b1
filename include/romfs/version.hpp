/// @file
/// Library version.
#pragma once

/// Major version.
#define ROMFS_VERSION_MAJOR 0
/// Minor version.
#define ROMFS_VERSION_MINOR 1
/// Patch version.
#define ROMFS_VERSION_PATCH 0
