// A policy that is not memory-mapped must supply a driver read function.
#include <romfs/romfs.hpp>

#include "driver_traits.hpp"

struct no_read {
    static constexpr std::string_view name = "no-read";
    static constexpr std::uint64_t flash_size = 0x100000;
    static constexpr romfs::mapping mapping = romfs::mapping::none;
    static constexpr romfs::address_t mapped_base = 0;
    static constexpr std::uint64_t mapped_size = 0;
    static constexpr romfs::address_t program_unit = 1;
    static constexpr std::uint8_t erased_value = 0xff;
    static constexpr bool needs_erase = true;
    static constexpr romfs::erase_map sectors = romfs::erase_map::uniform(4096);
    using device_type = int;
#ifndef ROMFS_COMPILE_FAIL
    static constexpr bool read(const int&, romfs::address_t, std::span<std::byte>) { return false; }
#endif
};

int main() { (void)romfs::basic_image<no_read>::open(0, 0, 0); }
