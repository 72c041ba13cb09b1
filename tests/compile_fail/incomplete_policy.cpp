// A policy missing part of the flash_traits concept is rejected by name.
#include <romfs/romfs.hpp>

struct no_erase_map {
    static constexpr std::string_view name = "no-erase-map";
    static constexpr std::uint64_t flash_size = 0x100000;
    static constexpr romfs::mapping mapping = romfs::mapping::fixed;
    static constexpr romfs::address_t mapped_base = 0x08000000;
    static constexpr std::uint64_t mapped_size = 0x100000;
    static constexpr romfs::address_t program_unit = 4;
    static constexpr std::uint8_t erased_value = 0xff;
    static constexpr bool needs_erase = true;
#ifndef ROMFS_COMPILE_FAIL
    static constexpr romfs::erase_map sectors = romfs::erase_map::uniform(1);
#endif
};

int main() { (void)romfs::basic_image<no_erase_map>::open(romfs::empty_image); }
