/// @file
/// Partition layouts, linker scripts, partition tables and board checks.
/// Include this for everything in romfs::layout (and the flash policies).
#pragma once

#include "flash/families.hpp"
#include "layout/compare.hpp"
#include "layout/families.hpp"
#include "layout/fits.hpp"
#include "layout/from_script.hpp"
#include "layout/layout.hpp"
#include "layout/link_check.hpp"
#include "layout/linker_script.hpp"
#include "layout/partition_table.hpp"
#include "layout/rules.hpp"
#include "layout/text.hpp"
