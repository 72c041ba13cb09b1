// A policy missing part of the flash_traits concept is rejected by name.
#include <romfs/romfs.hpp>

struct no_erase_map {
    static constexpr bool memory_mapped = true;
    static constexpr romfs::mapping mapping = romfs::mapping::fixed;
    static constexpr romfs::address_t mapped_base = 0x08000000;
    static constexpr std::uint64_t mapped_size = 0x100000;
    static constexpr romfs::address_t program_unit = 4;
    static constexpr std::uint8_t erased_value = 0xff;
    static constexpr bool needs_erase = true;
#ifndef ROMFS_COMPILE_FAIL
    static constexpr romfs::sector sector_at(romfs::address_t a) { return {a, 1}; }
#endif
};

int main() { (void)romfs::basic_image<no_erase_map>::open(romfs::empty_image); }
