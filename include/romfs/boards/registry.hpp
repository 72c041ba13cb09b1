/// @file
/// Every board definition by its MicroPython board name (the board table of
/// flash-families.md), for tools that pick a board at run time:
/// `romfs flash-image --board PCA10056`, `romfs deploy --board RPI_PICO`.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "../layout/families.hpp"
#include "all.hpp"

namespace romfs::boards {

/// A board: its name, devices and regions, and the UF2 family ID its
/// bootloader takes (0: none known).
struct board {
    std::string_view name;                           ///< MicroPython board name, e.g. "PCA10056".
    std::span<const romfs::layout::device> devices;  ///< Flash devices.
    std::span<const romfs::layout::region> regions;  ///< Regions, ROM partitions among them.
    std::uint32_t uf2_family = 0;                    ///< UF2 family ID, 0 when none exists.
};

/// UF2 family IDs: the family registry's (layout/families.hpp).
namespace uf2_family = romfs::layout::uf2_family;

namespace detail {
template <const auto& Layout>
constexpr board entry(std::string_view name, std::uint32_t uf2) noexcept {
    return board{name, Layout.devices(), Layout.regions(), uf2};
}
} // namespace detail

/// The board table, in the order of flash-families.md. RPI_PICO is listed
/// with a 128 KiB ROMFS (tools can resize it with the board's rule).
inline constexpr std::array<board, 22> table{{
    detail::entry<pybd_sf2>("PYBD_SF2", uf2_family::stm32f7),
    detail::entry<arduino_giga>("ARDUINO_GIGA", uf2_family::stm32h7),
    detail::entry<rpi_pico<0x20000>>("RPI_PICO", uf2_family::rp2040),
    detail::entry<esp32_4mib_romfs>("ESP32_GENERIC", uf2_family::esp32),
    detail::entry<esp8266_2mib_romfs>("ESP8266_GENERIC", uf2_family::esp8266),
    detail::entry<teensy40>("TEENSY40", uf2_family::mimxrt10xx),
    detail::entry<mimxrt1170_evk>("MIMXRT1170_EVK", 0),
    detail::entry<adafruit_feather_m0_express>("ADAFRUIT_FEATHER_M0_EXPRESS", uf2_family::samd21),
    detail::entry<adafruit_feather_m4_express>("ADAFRUIT_FEATHER_M4_EXPRESS", uf2_family::samd51),
    detail::entry<sparkfun_samd51_thing_plus>("SPARKFUN_SAMD51_THING_PLUS", uf2_family::samd51),
    detail::entry<microbit>("MICROBIT", 0),
    detail::entry<pca10040>("PCA10040", uf2_family::nrf52),
    detail::entry<pca10056>("PCA10056", uf2_family::nrf52840),
    detail::entry<pca10059>("PCA10059", uf2_family::nrf52840),
    detail::entry<pca10090>("PCA10090", 0),
    detail::entry<ek_ra4m1>("EK_RA4M1", 0),
    detail::entry<ek_ra6m2>("EK_RA6M2", 0),
    detail::entry<vk_ra6m5>("VK_RA6M5", 0),
    detail::entry<arduino_portenta_c33>("ARDUINO_PORTENTA_C33", 0),
    detail::entry<alif_ensemble>("ALIF_ENSEMBLE", 0),
    detail::entry<mps2_an385>("MPS2_AN385", 0),
    detail::entry<mps2_an500>("MPS2_AN500", 0),
}};

/// The board called `name`, or nullptr.
constexpr const board* find(std::string_view name) noexcept {
    for (const board& b : table)
        if (b.name == name) return &b;
    return nullptr;
}

/// ROM partition `index` of `b`, or nullptr.
constexpr const romfs::layout::region* romfs_partition(const board& b, std::uint8_t index = 0) noexcept {
    for (const auto& r : b.regions)
        if (r.kind == romfs::layout::role::romfs && r.index == index) return &r;
    return nullptr;
}

/// The device of `b` holding `address`, or nullptr.
constexpr const romfs::layout::device* device_at(const board& b, std::uint64_t address) noexcept {
    for (const auto& d : b.devices)
        if (d.holds(address)) return &d;
    return nullptr;
}

/// The UF2 family ID for a flash family name (and flash size, which tells
/// nRF52840 from nRF52832), 0 when there is none: the family registry's.
constexpr std::uint32_t uf2_family_for(std::string_view family, std::uint64_t flash_size) noexcept {
    return romfs::layout::uf2_family_for(family, flash_size);
}

} // namespace romfs::boards
