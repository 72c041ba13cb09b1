// Minimal Cortex-M startup for QEMU: vector table, a reset handler that
// copies .data, zeroes .bss, runs static constructors, calls main and exits
// through semihosting with main's return code; a fault handler that reports
// and exits with a distinct code, so a fault never passes as success.
#include <cstdint>

#include "semihosting.hpp"

extern "C" {
extern std::uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[], _estack[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
int main();
[[noreturn]] void Reset_Handler();
[[noreturn]] void Fault_Handler();
}

namespace {
constexpr int fault_exit_code = 99;
}

extern "C" [[noreturn]] void Fault_Handler() {
    semihosting::write("romfs firmware: FAULT (HardFault or other exception)\n");
    semihosting::exit(fault_exit_code);
}

extern "C" [[noreturn]] void Reset_Handler() {
    for (std::uint32_t *src = _sidata, *dst = _sdata; dst < _edata;) *dst++ = *src++;
    for (std::uint32_t* dst = _sbss; dst < _ebss;) *dst++ = 0;
    for (auto* f = __init_array_start; f < __init_array_end; ++f) (*f)();
    semihosting::exit(main());
}

// Initial stack pointer, reset, then every exception to the fault handler.
extern "C" __attribute__((section(".isr_vector"), used)) void (*const vector_table[16])() = {
    reinterpret_cast<void (*)()>(_estack), Reset_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler,
    Fault_Handler, nullptr, nullptr, nullptr, nullptr, Fault_Handler, Fault_Handler, nullptr, Fault_Handler,
    Fault_Handler,
};
