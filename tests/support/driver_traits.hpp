// A flash policy that is not memory-mapped: the image is read through a
// "driver" that copies from a buffer, counts reads, fails on request, and
// records any request outside the device (which the reader must never make).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include <romfs/traits/flash_traits.hpp>

namespace romfs::test {

struct fake_device {
    const std::byte* data = nullptr;
    std::size_t size = 0;
    std::size_t* reads = nullptr;           // incremented per read, when set
    bool* out_of_bounds = nullptr;          // set when a read leaves the device
    std::uint64_t fail_at = ~std::uint64_t{0}; // reads touching this address fail
};

struct driver_traits {
    static constexpr std::string_view name = "test-driver";
    static constexpr std::uint64_t flash_size = 16 * 1024 * 1024;
    static constexpr romfs::mapping mapping = romfs::mapping::none;
    static constexpr romfs::address_t mapped_base = 0;
    static constexpr std::uint64_t mapped_size = 0;
    static constexpr romfs::address_t program_unit = 256;
    static constexpr std::uint8_t erased_value = 0xff;
    static constexpr bool needs_erase = true;
    static constexpr romfs::erase_map sectors = romfs::erase_map::uniform(4096);
    using device_type = fake_device;

    static constexpr bool read(const fake_device& d, romfs::address_t address, std::span<std::byte> out) {
        if (d.reads != nullptr) ++*d.reads;
        if (address > d.size || out.size() > d.size - address) {
            if (d.out_of_bounds != nullptr) *d.out_of_bounds = true;
            return false;
        }
        if (d.fail_at >= address && d.fail_at < address + out.size()) return false;
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = d.data[address + i];
        return true;
    }
};

static_assert(romfs::flash_traits<driver_traits>);

} // namespace romfs::test
