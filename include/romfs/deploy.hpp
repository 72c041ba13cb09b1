/// @file
/// The deploy layer: flash drivers, the `vfs.rom_ioctl`-style partition
/// writer and safe, differential deploy (no heap; device-side).
#pragma once

#include "deploy/deploy.hpp"
#include "deploy/driver.hpp"
#include "deploy/error.hpp"
#include "deploy/writer.hpp"
