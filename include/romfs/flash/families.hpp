/// @file
/// Every flash policy, one per MCU family in the geometry table.
#pragma once

#include "alif.hpp"
#include "esp.hpp"
#include "imxrt.hpp"
#include "nrf.hpp"
#include "qemu.hpp"
#include "renesas.hpp"
#include "rp2.hpp"
#include "samd.hpp"
#include "geometry.hpp"
#include "stm32.hpp"
