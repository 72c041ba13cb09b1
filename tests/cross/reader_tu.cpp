// Cross-compile smoke: the reader compiled as Cortex-M firmware code
// (-fno-exceptions -fno-rtti), opening a partition given by linker symbols.
#include <romfs/flash/stm32.hpp>
#include <romfs/romfs.hpp>

extern "C" const std::byte _micropy_hw_romfs_part0_start[];
extern "C" const std::byte _micropy_hw_romfs_part0_size[];

namespace {
using flash = romfs::flash::stm32f4<>; // any memory-mapped family policy
} // namespace

extern "C" int romfs_smoke(const char* path, void (*emit)(const char*, unsigned)) {
    const auto size = reinterpret_cast<std::uintptr_t>(_micropy_hw_romfs_part0_size);
    const auto img = romfs::basic_image<flash>::open({_micropy_hw_romfs_part0_start, size});
    if (!img) return -static_cast<int>(img.code());
    if (const auto v = romfs::verify(*img); !v) return -static_cast<int>(v.code());
    for (const auto& e : img->root()) {
        if (!e) return -static_cast<int>(e.code());
        emit(reinterpret_cast<const char*>(e->name().bytes().data()), e->name().size());
    }
    char buf[64];
    romfs::basic_walker<flash, 8> w(*img, buf);
    for (const auto& item : w) {
        if (!item) return -static_cast<int>(item.code());
        emit(item->path.data(), item->path.size());
    }
    const auto f = img->open_file(path);
    if (!f) return -static_cast<int>(f.code());
    emit(f->view().data(), f->size());
    return static_cast<int>(f->alignment());
}
