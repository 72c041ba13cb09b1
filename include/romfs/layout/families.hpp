/// @file
/// Flash families by name (the `name` column of flash-families.md), for
/// tools that pick a policy at run time: `--family stm32f4 --flash-size 2M`.
///
/// One list, `family_list`, holds a descriptor type per family: its name,
/// the flash sizes its chips come in, its UF2 family ID, whether its mapped
/// base varies by chip, and the policy for a chip size. The run-time table
/// (`families`, `find_family`), `with_policy` and `uf2_family_for` are all
/// derived from it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "../flash/families.hpp"
#include "layout.hpp"

namespace romfs::layout {

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

/// Descriptors, one per family: plain structs of constants plus the policy
/// for a chip of `Size` bytes.
namespace family_descriptor {
using namespace romfs::flash; // the policies, by their family names
// clang-format off
/// A family whose policy takes the chip size (the sector map may depend on it).
template <template <std::uint64_t> class Policy, std::uint64_t... Sizes>
struct sized {
    static constexpr std::string_view name = Policy<std::array<std::uint64_t, sizeof...(Sizes)>{Sizes...}[0]>::name; ///< CLI name.
    static constexpr std::array<std::uint64_t, sizeof...(Sizes)> chip_sizes{Sizes...};  ///< Sizes chips come in.
    template <std::uint64_t Size> using policy = Policy<Size>;                           ///< Policy for a size.
};
/// A family with one policy whatever the chip size.
template <class Policy, std::uint64_t... Sizes>
struct fixed {
    static constexpr std::string_view name = Policy::name;                              ///< CLI name.
    static constexpr std::array<std::uint64_t, sizeof...(Sizes)> chip_sizes{Sizes...};  ///< Sizes chips come in.
    template <std::uint64_t> using policy = Policy;                                      ///< Policy for a size.
};
/// The stm32h7 policy for a chip of S bytes.
template <std::uint64_t S> using stm32h7_sized = stm32h7<S>;
/// The stm32_paged policy for a chip of S bytes.
template <std::uint64_t S> using stm32_paged_sized = stm32_paged<S>;

/// UF2 ID, base variability and the descriptor: one row per family.
template <class D, std::uint32_t Uf2 = 0, bool VariableBase = false, std::uint32_t Uf2Large = Uf2,
          std::uint64_t LargeFrom = ~std::uint64_t{0}>
struct row : D {
    static constexpr std::uint32_t uf2 = Uf2;            ///< UF2 family ID (0: none).
    static constexpr std::uint32_t uf2_large = Uf2Large; ///< UF2 family ID from `large_from` bytes on.
    static constexpr std::uint64_t large_from = LargeFrom; ///< Chip size where `uf2_large` starts.
    static constexpr bool variable_base = VariableBase;  ///< Whether `--flash-base` applies.
};
// clang-format on
} // namespace family_descriptor

/// A list of family descriptors.
template <class... F>
struct type_list {
    static constexpr std::size_t size = sizeof...(F); ///< Number of families.
};

namespace family_descriptor {
/// The imxrt_nor policy for a chip of S bytes.
template <std::uint64_t S> using imxrt_nor_sized = imxrt_nor<0x60000000, S>;
/// The imxrt_hyperflash policy for a chip of S bytes.
template <std::uint64_t S> using imxrt_hyperflash_sized = imxrt_hyperflash<0x60000000, S>;
/// The alif_ospi policy for a chip of S bytes.
template <std::uint64_t S> using alif_ospi_sized = alif_ospi<0xC0000000, S>;
/// The qemu policy for a chip of S bytes.
template <std::uint64_t S> using qemu_sized = qemu<0x21000000, S>;
/// The esp32 policy for a chip of S bytes.
template <std::uint64_t S> using esp32_sized = esp32<S>;
inline constexpr std::uint64_t K = KiB; ///< Shorthand for the table.
inline constexpr std::uint64_t M = MiB; ///< Shorthand for the table.
} // namespace family_descriptor

namespace family_descriptor {
/// Every family, in the order of the geometry table: name and policy, chip
/// sizes, UF2 family ID, whether the base varies.
using list = type_list<
    row<sized<flash::stm32f4, 1 * M, 512 * K, 2 * M>, uf2_family::stm32f4>,
    row<fixed<flash::stm32f72x, 512 * K>, uf2_family::stm32f7>,
    row<sized<flash::stm32f76x, 2 * M, 1 * M>, uf2_family::stm32f7>,
    row<sized<stm32h7_sized, 2 * M, 1 * M>, uf2_family::stm32h7>,
    row<sized<stm32_paged_sized, 512 * K, 128 * K, 256 * K, 1 * M>>,
    row<sized<flash::stm32_qspi, 16 * M, 2 * M, 4 * M, 8 * M, 32 * M, 64 * M>>,
    row<sized<flash::stm32n6_xspi, 64 * M, 32 * M, 128 * M>>,
    row<sized<flash::rp2040, 2 * M, 4 * M, 8 * M, 16 * M>, uf2_family::rp2040>,
    row<sized<flash::rp2350, 4 * M, 8 * M, 16 * M>, uf2_family::rp2350>,
    row<sized<esp32_sized, 4 * M, 2 * M, 8 * M, 16 * M, 32 * M>, uf2_family::esp32>,
    row<sized<flash::esp8266, 2 * M, 512 * K, 1 * M, 4 * M>, uf2_family::esp8266>,
    row<sized<imxrt_nor_sized, 8 * M, 2 * M, 4 * M, 16 * M, 64 * M>, uf2_family::mimxrt10xx, true>,
    row<sized<imxrt_hyperflash_sized, 64 * M>, 0, true>,
    row<sized<flash::samd21, 256 * K>, uf2_family::samd21>,
    row<sized<flash::samd51, 512 * K, 1 * M>, uf2_family::samd51>,
    row<sized<flash::nrf51, 256 * K>>,
    row<sized<flash::nrf52, 512 * K, 1 * M>, uf2_family::nrf52, false, uf2_family::nrf52840, 1 * M>,
    row<sized<flash::nrf91, 1 * M>>,
    row<sized<flash::renesas_ra4, 256 * K, 512 * K>>,
    row<sized<flash::renesas_ra6, 1 * M, 512 * K, 2 * M>>,
    row<sized<flash::alif_mram, 5632 * K>>,
    row<sized<alif_ospi_sized, 32 * M>, 0, true>,
    row<sized<qemu_sized, 16 * M>, 0, true>>;
} // namespace family_descriptor

/// Every family (see family_descriptor::list).
using family_list = family_descriptor::list;

/// A family: its name, the sizes its chips come in, how to make a device of
/// a given size, its UF2 family, and whether its base varies.
struct family {
    std::string_view name;                        ///< E.g. "stm32f4".
    std::uint64_t default_size;                   ///< The typical part's flash size (listed first), which
                                                  ///< tools that must assume one say they assume.
    std::array<std::uint64_t, 8> chip_sizes{};    ///< Sizes its chips come in (first `size_count`).
    std::size_t size_count = 0;                   ///< Entries of `chip_sizes` in use.
    device (*make)(std::uint64_t size);           ///< A device of `size` bytes.
    bool variable_base;                           ///< Whether `--flash-base` applies.
    std::uint32_t uf2 = 0;                        ///< UF2 family ID (for chips below `uf2_large_from`).
    std::uint32_t uf2_large = 0;                  ///< UF2 family ID from `uf2_large_from` bytes on.
    std::uint64_t uf2_large_from = ~std::uint64_t{0}; ///< See `uf2_large`.

    /// Whether its chips come in more than one size.
    constexpr bool sizes_vary() const noexcept { return size_count > 1; }
    /// The UF2 family ID for a chip of `size` bytes (0: none).
    constexpr std::uint32_t uf2_for(std::uint64_t size) const noexcept {
        return size >= uf2_large_from ? uf2_large : uf2;
    }
};

namespace detail {
// The policy for a chip of `size` bytes: the smallest chip size of the
// family that holds it, else the largest.
template <class D, class F, std::size_t... I>
constexpr decltype(auto) dispatch_size(std::uint64_t size, F&& f, std::index_sequence<I...>) {
    constexpr auto& sizes = D::chip_sizes;
    std::size_t pick = 0;
    bool found = false;
    for (std::size_t i = 0; i < sizes.size(); ++i)
        if (sizes[i] >= size && (!found || sizes[i] < sizes[pick])) {
            pick = i;
            found = true;
        }
    if (!found)
        for (std::size_t i = 0; i < sizes.size(); ++i)
            if (sizes[i] > sizes[pick]) pick = i;
    using R = decltype(f.template operator()<typename D::template policy<sizes[0]>>());
    R out{};
    ((pick == I ? (void)(out = f.template operator()<typename D::template policy<sizes[I]>>()) : (void)0), ...);
    return out;
}

template <class D>
constexpr device make_device(std::uint64_t size) noexcept {
    return dispatch_size<D>(size, [size]<class Policy>() { return flash_device<Policy>(D::name, size); },
                            std::make_index_sequence<D::chip_sizes.size()>{});
}

template <class D>
constexpr family entry() noexcept {
    family f{D::name, D::chip_sizes[0], {}, 0, &make_device<D>, D::variable_base, D::uf2, D::uf2_large, D::large_from};
    for (auto s : D::chip_sizes) f.chip_sizes[f.size_count++] = s;
    return f;
}

template <class... D>
constexpr auto table(type_list<D...>) noexcept {
    return std::array<family, sizeof...(D)>{entry<D>()...};
}

template <class R, class F, class... D>
constexpr R with_policy(std::string_view name, std::uint64_t size, R otherwise, F& f, type_list<D...>) {
    R out = otherwise;
    bool done = false;
    (((!done && D::name == name)
          ? (void)(done = true,
                   out = dispatch_size<D>(size, f, std::make_index_sequence<D::chip_sizes.size()>{}))
          : (void)0),
     ...);
    return out;
}
} // namespace detail

/// Every family, in the order of the geometry table.
inline constexpr auto families = detail::table(family_list{});

/// Calls `f.template operator()<Policy>()` with the flash policy of the
/// family called `name` on a part with `size` bytes of flash (the size picks
/// the sector map where it depends on it: STM32F4, STM32F76x, RA6) and
/// returns what it returns; `otherwise` for an unknown name. Tools use it to
/// run compile-time machinery (the deploy writer) on a family chosen at run
/// time.
template <class R, class F>
constexpr R with_policy(std::string_view name, std::uint64_t size, R otherwise, F&& f) {
    return detail::with_policy(name, size, otherwise, f, family_list{});
}

/// The family called `name`, or nullptr.
constexpr const family* find_family(std::string_view name) noexcept {
    for (std::size_t i = 0; i < families.size(); ++i)
        if (families[i].name == name) return &families[i];
    return nullptr;
}

/// The UF2 family ID for a flash family name (and flash size, which tells
/// nRF52840 from nRF52832), 0 when there is none.
constexpr std::uint32_t uf2_family_for(std::string_view name, std::uint64_t flash_size) noexcept {
    const family* f = find_family(name);
    return f == nullptr ? 0 : f->uf2_for(flash_size);
}

} // namespace romfs::layout
