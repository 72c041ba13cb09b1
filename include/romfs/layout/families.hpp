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

namespace detail {
template <class Policy>
constexpr device make_device(std::uint64_t size) noexcept {
    return flash_device<Policy>(Policy::name, size);
}
// Size-dependent sector maps: pick the variant for the size.
constexpr device make_stm32f4(std::uint64_t size) noexcept {
    using namespace romfs::flash;
    if (size > 1 * MiB) return flash_device<stm32f4<2 * MiB>>("stm32f4", size);
    if (size < 1 * MiB) return flash_device<stm32f4<512 * KiB>>("stm32f4", size);
    return flash_device<stm32f4<1 * MiB>>("stm32f4", size);
}
constexpr device make_stm32f76x(std::uint64_t size) noexcept {
    using namespace romfs::flash;
    if (size > 1 * MiB) return flash_device<stm32f76x<2 * MiB>>("stm32f76x", size);
    return flash_device<stm32f76x<1 * MiB>>("stm32f76x", size);
}
constexpr device make_ra6(std::uint64_t size) noexcept {
    using namespace romfs::flash;
    if (size > 1 * MiB) return flash_device<renesas_ra6<2 * MiB>>("renesas-ra6", size);
    return flash_device<renesas_ra6<1 * MiB>>("renesas-ra6", size);
}
} // namespace detail

/// Every family, in the order of the geometry table.
inline constexpr std::array<family, 23> families = [] {
    using namespace romfs::flash;
    using detail::make_device;
    return std::array<family, 23>{{
        {"stm32f4", 1 * MiB, &detail::make_stm32f4, false},
        {"stm32f72x", 512 * KiB, &make_device<stm32f72x>, false},
        {"stm32f76x", 2 * MiB, &detail::make_stm32f76x, false},
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
        {"renesas-ra6", 1 * MiB, &detail::make_ra6, false},
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
