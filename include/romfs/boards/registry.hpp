/// @file
/// Every board definition by its MicroPython board name (the board table of
/// flash-families.md), for tools that pick a board at run time:
/// `romfs flash-image --board PCA10056`, `romfs deploy --board RPI_PICO`.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

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

/// UF2 family IDs (microsoft/uf2 `utils/uf2families.json`).
namespace uf2_family {
inline constexpr std::uint32_t rp2040 = 0xe48bff56;       ///< RP2040.
inline constexpr std::uint32_t rp2350 = 0xe48bff57;       ///< RP2XXX_ABSOLUTE: written at the given flash address.
inline constexpr std::uint32_t samd21 = 0x68ed2b88;       ///< SAMD21.
inline constexpr std::uint32_t samd51 = 0x55114460;       ///< SAMD51.
inline constexpr std::uint32_t nrf52840 = 0xada52840;     ///< nRF52840.
inline constexpr std::uint32_t nrf52 = 0x1b57745f;        ///< nRF52 (nRF52832).
inline constexpr std::uint32_t stm32f4 = 0x57755a57;      ///< STM32F4.
inline constexpr std::uint32_t stm32f7 = 0x53b80f00;      ///< STM32F7.
inline constexpr std::uint32_t stm32h7 = 0x6db66082;      ///< STM32H7.
inline constexpr std::uint32_t esp32 = 0x1c5f21b0;        ///< ESP32.
inline constexpr std::uint32_t esp8266 = 0x7eab61ed;      ///< ESP8266.
inline constexpr std::uint32_t mimxrt10xx = 0x4fb2d5bd;   ///< i.MX RT10xx.
} // namespace uf2_family

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
/// nRF52840 from nRF52832), 0 when there is none.
constexpr std::uint32_t uf2_family_for(std::string_view family, std::uint64_t flash_size) noexcept {
    if (family == "rp2040") return uf2_family::rp2040;
    if (family == "rp2350") return uf2_family::rp2350;
    if (family == "samd21") return uf2_family::samd21;
    if (family == "samd51") return uf2_family::samd51;
    if (family == "nrf52") return flash_size >= 1024 * 1024 ? uf2_family::nrf52840 : uf2_family::nrf52;
    if (family == "stm32f4") return uf2_family::stm32f4;
    if (family == "stm32f72x" || family == "stm32f76x") return uf2_family::stm32f7;
    if (family == "stm32h7") return uf2_family::stm32h7;
    if (family == "esp32") return uf2_family::esp32;
    if (family == "esp8266") return uf2_family::esp8266;
    if (family == "imxrt-nor") return uf2_family::mimxrt10xx;
    return 0;
}

} // namespace romfs::boards
