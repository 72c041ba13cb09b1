/// @file
/// Flash families by name (the `name` column of flash-families.md), for
/// tools that pick a policy at run time: `--family stm32f4 --flash-size 2M`.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "../flash/families.hpp"
#include "layout.hpp"

namespace romfs::layout {

/// A family: its name and how to make a device of a given size (and, for
/// families whose mapped base varies by chip, at a given base).
struct family {
    std::string_view name;                        ///< E.g. "stm32f4".
    std::uint64_t default_size;                   ///< Flash size when none is given.
    device (*make)(std::uint64_t size);           ///< A device of `size` bytes.
    bool variable_base;                           ///< Whether `--flash-base` applies.
};

/// Calls `f.template operator()<Policy>()` with the flash policy of the
/// family called `name` on a part with `size` bytes of flash (the size picks
/// the sector map where it depends on it: STM32F4, STM32F76x, RA6) and
/// returns what it returns; `otherwise` for an unknown name. Tools use it to
/// run compile-time machinery (the deploy writer) on a family chosen at run
/// time.
template <class R, class F>
constexpr R with_policy(std::string_view name, std::uint64_t size, R otherwise, F&& f) {
    using namespace romfs::flash;
    if (name == "stm32f4") {
        if (size > 1 * MiB) return f.template operator()<stm32f4<2 * MiB>>();
        if (size < 1 * MiB) return f.template operator()<stm32f4<512 * KiB>>();
        return f.template operator()<stm32f4<1 * MiB>>();
    }
    if (name == "stm32f72x") return f.template operator()<stm32f72x>();
    if (name == "stm32f76x") {
        if (size > 1 * MiB) return f.template operator()<stm32f76x<2 * MiB>>();
        return f.template operator()<stm32f76x<1 * MiB>>();
    }
    if (name == "stm32h7") return f.template operator()<stm32h7<>>();
    if (name == "stm32-paged") return f.template operator()<stm32_paged<>>();
    if (name == "stm32-qspi") return f.template operator()<stm32_qspi<>>();
    if (name == "stm32n6-xspi") return f.template operator()<stm32n6_xspi<>>();
    if (name == "rp2040") return f.template operator()<rp2040<>>();
    if (name == "rp2350") return f.template operator()<rp2350<>>();
    if (name == "esp32") return f.template operator()<esp32<>>();
    if (name == "esp8266") return f.template operator()<esp8266<>>();
    if (name == "imxrt-nor") return f.template operator()<imxrt_nor<>>();
    if (name == "imxrt-hyperflash") return f.template operator()<imxrt_hyperflash<>>();
    if (name == "samd21") return f.template operator()<samd21<>>();
    if (name == "samd51") return f.template operator()<samd51<>>();
    if (name == "nrf51") return f.template operator()<nrf51<>>();
    if (name == "nrf52") return f.template operator()<nrf52<>>();
    if (name == "nrf91") return f.template operator()<nrf91<>>();
    if (name == "renesas-ra4") return f.template operator()<renesas_ra4<>>();
    if (name == "renesas-ra6") {
        if (size > 1 * MiB) return f.template operator()<renesas_ra6<2 * MiB>>();
        return f.template operator()<renesas_ra6<1 * MiB>>();
    }
    if (name == "alif-mram") return f.template operator()<alif_mram<>>();
    if (name == "alif-ospi") return f.template operator()<alif_ospi<>>();
    if (name == "qemu") return f.template operator()<qemu<>>();
    return otherwise;
}

namespace detail {
template <class Policy>
constexpr device make_device(std::uint64_t size) noexcept {
    return flash_device<Policy>(Policy::name, size);
}
// Families whose sector map depends on the size: pick the variant for it.
template <const std::string_view& Name>
constexpr device make_sized(std::uint64_t size) noexcept {
    return with_policy(Name, size, device{}, [size]<class Policy>() { return flash_device<Policy>(Name, size); });
}
inline constexpr std::string_view stm32f4_name = "stm32f4";
inline constexpr std::string_view stm32f76x_name = "stm32f76x";
inline constexpr std::string_view ra6_name = "renesas-ra6";
} // namespace detail

/// Every family, in the order of the geometry table.
inline constexpr std::array<family, 23> families = [] {
    using namespace romfs::flash;
    using detail::make_device;
    return std::array<family, 23>{{
        {"stm32f4", 1 * MiB, &detail::make_sized<detail::stm32f4_name>, false},
        {"stm32f72x", 512 * KiB, &make_device<stm32f72x>, false},
        {"stm32f76x", 2 * MiB, &detail::make_sized<detail::stm32f76x_name>, false},
        {"stm32h7", 2 * MiB, &make_device<stm32h7<>>, false},
        {"stm32-paged", 512 * KiB, &make_device<stm32_paged<>>, false},
        {"stm32-qspi", 16 * MiB, &make_device<stm32_qspi<>>, false},
        {"stm32n6-xspi", 64 * MiB, &make_device<stm32n6_xspi<>>, false},
        {"rp2040", 2 * MiB, &make_device<rp2040<>>, false},
        {"rp2350", 4 * MiB, &make_device<rp2350<>>, false},
        {"esp32", 4 * MiB, &make_device<esp32<>>, false},
        {"esp8266", 2 * MiB, &make_device<esp8266<>>, false},
        {"imxrt-nor", 8 * MiB, &make_device<imxrt_nor<>>, true},
        {"imxrt-hyperflash", 64 * MiB, &make_device<imxrt_hyperflash<>>, true},
        {"samd21", 256 * KiB, &make_device<samd21<>>, false},
        {"samd51", 512 * KiB, &make_device<samd51<>>, false},
        {"nrf51", 256 * KiB, &make_device<nrf51<>>, false},
        {"nrf52", 512 * KiB, &make_device<nrf52<>>, false},
        {"nrf91", 1 * MiB, &make_device<nrf91<>>, false},
        {"renesas-ra4", 256 * KiB, &make_device<renesas_ra4<>>, false},
        {"renesas-ra6", 1 * MiB, &detail::make_sized<detail::ra6_name>, false},
        {"alif-mram", 4 * MiB, &make_device<alif_mram<>>, false},
        {"alif-ospi", 32 * MiB, &make_device<alif_ospi<>>, true},
        {"qemu", 16 * MiB, &make_device<qemu<>>, true},
    }};
}();

/// The family called `name`, or nullptr.
constexpr const family* find_family(std::string_view name) noexcept {
    for (std::size_t i = 0; i < families.size(); ++i)
        if (families[i].name == name) return &families[i];
    return nullptr;
}

} // namespace romfs::layout
