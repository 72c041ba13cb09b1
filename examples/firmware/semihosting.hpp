// ARM semihosting (BKPT 0xAB on Cortex-M): console output and exit with a
// status, which QEMU turns into its own exit code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace semihosting {

inline std::uintptr_t call(std::uintptr_t op, const void* arg) {
    register std::uintptr_t r0 asm("r0") = op;
    register const void* r1 asm("r1") = arg;
    asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

// SYS_WRITE to the console (handle from SYS_OPEN ":tt").
inline void write(std::string_view text) {
    static std::uintptr_t handle = ~std::uintptr_t{0};
    if (handle == ~std::uintptr_t{0}) {
        const std::uintptr_t open_args[3] = {reinterpret_cast<std::uintptr_t>(":tt"), 4 /* "w" */, 3};
        handle = call(0x01, open_args);
    }
    const std::uintptr_t args[3] = {handle, reinterpret_cast<std::uintptr_t>(text.data()), text.size()};
    call(0x05, args);
}

// SYS_EXIT_EXTENDED: ADP_Stopped_ApplicationExit with an exit status.
[[noreturn]] inline void exit(int code) {
    const std::uintptr_t args[2] = {0x20026, static_cast<std::uintptr_t>(code)};
    call(0x20, args);
    for (;;) {
    }
}

} // namespace semihosting
