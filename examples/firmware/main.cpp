// ROMFS on a Cortex-M under QEMU: open the partition the linker script
// exports, check the symbols against the board layout, verify the image, list
// it, find boot.py then main.py as MicroPython does at start-up, print
// main.py. Exit codes: 0 ok, 2 does not open, 3 invalid image, 4 linked for
// another layout, 5 boot files missing; a fault exits 99 (startup.cpp).
#include <romfs/layout/compare.hpp>
#include <romfs/layout/link_check.hpp>
#include <romfs/layout/rules.hpp>
#include <romfs/romfs.hpp>

#include ROMFS_BOARD_HEADER // boards/<machine>.hpp
#include "firmware_ld.hpp"
#include "semihosting.hpp"

extern "C" const std::byte _micropy_hw_romfs_part0_start[];
extern "C" const std::byte _micropy_hw_romfs_part0_size[];

// The board layout obeys the rules, and the linker script says the same.
static_assert(romfs::layout::check<board::layout>());
static_assert(romfs::layout::check_script<firmware_ld::script, board::layout>());

namespace {

void print(std::string_view s) { semihosting::write(s); }

void print_number(std::uint32_t v) {
    char buf[12];
    int n = 0;
    do {
        buf[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    char out[12];
    for (int i = 0; i < n; ++i) out[i] = buf[n - 1 - i];
    print({out, static_cast<std::size_t>(n)});
}

int fail(std::string_view what, romfs::error e, int code) {
    print("romfs: ");
    print(what);
    print(": ");
    print(romfs::message(e.code));
    print(" at byte ");
    print_number(e.offset);
    print("\n");
    return code;
}

} // namespace

int main() {
    print("romfs firmware on " BOARD_NAME "\n");
    const auto check = romfs::layout::check_romfs_symbols(board::layout, 0, _micropy_hw_romfs_part0_start,
                                                          _micropy_hw_romfs_part0_size);
    if (!check.ok) {
        print("romfs: linker symbols do not match the board layout\n");
        return 4;
    }
    const auto size = reinterpret_cast<std::uintptr_t>(_micropy_hw_romfs_part0_size);
    const auto img = romfs::basic_image<board::flash>::open({_micropy_hw_romfs_part0_start, size});
    if (!img) return fail("cannot open the partition", img.error(), 2);
    if (const auto v = romfs::verify(*img); !v) return fail("image invalid", v.error(), 3);
    print("image: ");
    print_number(img->size());
    print(" bytes in a partition of ");
    print_number(static_cast<std::uint32_t>(size));
    print("\n");

    char path[96];
    romfs::basic_walker<board::flash, 8> walk(*img, path);
    for (const auto& item : walk) {
        if (!item) return fail("listing", item.error(), 3);
        print("  ");
        print(item->path);
        print(item->entry.is_directory() ? "/\n" : " (");
        if (item->entry.is_file()) {
            print_number(item->entry.size());
            print(" bytes)\n");
        }
    }
    // MicroPython at start-up: boot.py first, then main.py.
    for (const char* name : {"boot.py", "main.py"}) {
        const auto f = img->open_file(name);
        if (!f) return fail(name, f.error(), 5);
        print("found ");
        print(name);
        print("\n");
    }
    const auto main_py = img->open_file("main.py");
    print("--- main.py ---\n");
    print(main_py->view());
    print("--- end ---\n");
    return 0;
}
