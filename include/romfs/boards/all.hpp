/// @file
/// Every board definition: the correct real board layouts of
/// flash-families.md, each a constexpr layout.
#pragma once

#include "alif.hpp"
#include "esp.hpp"
#include "imxrt.hpp"
#include "nrf.hpp"
#include "qemu.hpp"
#include "renesas.hpp"
#include "rp2.hpp"
#include "samd.hpp"
#include "stm32.hpp"
