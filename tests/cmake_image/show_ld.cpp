#include <cstdio>

#include "board_ld.hpp"

// Prints the ROMFS region the linker script declares, as parsed at compile time.
int main() {
    static_assert(board_ld::script.ok());
    constexpr auto* r = board_ld::script.region("FLASH_ROMFS");
    static_assert(r != nullptr);
    std::printf("FLASH_ROMFS %llx %llx\n", static_cast<unsigned long long>(r->origin),
                static_cast<unsigned long long>(r->length));
    return 0;
}
