// Cross-compile smoke: the device side of deploy (driver concept, partition
// writer, safe deploy) as Cortex-M firmware code (-fno-exceptions
// -fno-rtti), on an STM32F4 driver whose flash operations are the port's
// own functions, with the partition given by linker symbols.
#include <romfs/deploy.hpp>
#include <romfs/flash/stm32.hpp>

extern "C" const std::byte _micropy_hw_romfs_part0_start[];
extern "C" const std::byte _micropy_hw_romfs_part0_size[];
// The port's flash primitives (HAL calls on a real board).
extern "C" int port_flash_erase(std::uint32_t address, std::uint32_t size);
extern "C" int port_flash_program(std::uint32_t address, const void* data, std::uint32_t size);
extern "C" void port_flash_flush_caches(void);

namespace {

struct stm32f4_driver {
    using traits = romfs::flash::stm32f4<>;
    romfs::deploy::driver_errc read(romfs::address_t a, std::span<std::byte> out) {
        const auto* p = reinterpret_cast<const volatile std::byte*>(a);
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = p[i];
        return romfs::deploy::driver_errc::ok;
    }
    romfs::deploy::driver_errc program(romfs::address_t a, std::span<const std::byte> in) {
        return port_flash_program(a, in.data(), static_cast<std::uint32_t>(in.size())) == 0
                   ? romfs::deploy::driver_errc::ok
                   : romfs::deploy::driver_errc::other;
    }
    romfs::deploy::driver_errc erase(romfs::sector s) {
        return port_flash_erase(s.start, s.size) == 0 ? romfs::deploy::driver_errc::ok
                                                      : romfs::deploy::driver_errc::other;
    }
    romfs::deploy::driver_errc complete() {
        port_flash_flush_caches();
        return romfs::deploy::driver_errc::ok;
    }
    const std::byte* mapped(romfs::address_t a) { return reinterpret_cast<const std::byte*>(a); }
};
static_assert(romfs::deploy::mappable_driver<stm32f4_driver>);

stm32f4_driver driver;

romfs::deploy::partition_writer<stm32f4_driver> writer() {
    const auto start = static_cast<romfs::address_t>(reinterpret_cast<std::uintptr_t>(_micropy_hw_romfs_part0_start));
    const auto size = static_cast<romfs::address_t>(reinterpret_cast<std::uintptr_t>(_micropy_hw_romfs_part0_size));
    return {driver, {{{start, size}}}};
}

} // namespace

// rom_ioctl(3, 0, len) and rom_ioctl(4, 0, offset, buf): negative errno on failure.
extern "C" int romfs_prepare(std::uint32_t length) {
    auto w = writer();
    const auto r = w.prepare(0, length);
    return r ? static_cast<int>(*r) : -romfs::deploy::to_errno(r.code());
}
extern "C" int romfs_write(std::uint32_t offset, const void* data, std::uint32_t length) {
    auto w = writer();
    const auto r = w.write(0, offset, {static_cast<const std::byte*>(data), length});
    return r ? 0 : -romfs::deploy::to_errno(r.code());
}
// The whole safe deploy of an image received into RAM.
extern "C" int romfs_deploy(const void* image, std::uint32_t length) {
    auto w = writer();
    const auto r = romfs::deploy::deploy(w, 0, {static_cast<const std::byte*>(image), length});
    return r ? static_cast<int>(r->sectors_erased) : -romfs::deploy::to_errno(r.code());
}
