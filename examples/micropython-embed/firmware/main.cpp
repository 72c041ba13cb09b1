// MicroPython embedded in a C++ firmware that boots from ROMFS: two ROM
// partitions from the linker script (checked against the board layout in
// the compiler, and after the link), mounted at /rom and /rom1, beside a
// stand-in for the writable filesystem (/flash, the current directory); the
// search path puts ROMFS first; boot.py and main.py run from there and
// imports, .mpy bytecode included, run in place from flash.
//
// The QEMU command line (-append, read through semihosting) may say
//   order=romfs-first | part1-first | micropython   (default romfs-first)
//   residency=copy     (MicroPython copies .mpy code to RAM instead)
// Exit status: main.py's (0 when it ends, sys.exit's code), 70 when it
// raised, 66 when there is no main.py; 4 when linked for another layout;
// a fault exits 99 (startup.cpp).
#include <romfs/boot/mount_table.hpp>
#include <romfs/boot/search_path.hpp>
#include <romfs/layout/compare.hpp>
#include <romfs/layout/link_check.hpp>
#include <romfs/layout/rules.hpp>
#include <romfs/micropython/port.hpp> // MicroPython's port functions, on romfs (once per firmware)

extern "C" {
#include "port/micropython_embed.h"
#include "py/stackctrl.h"
}

#include "board.hpp"
#include "firmware_ld.hpp"
#include "semihosting.hpp"

extern "C" const std::byte _micropy_hw_romfs_part0_start[], _micropy_hw_romfs_part0_size[];
extern "C" const std::byte _micropy_hw_romfs_part1_start[], _micropy_hw_romfs_part1_size[];

// The layout obeys the rules, and the linker script says the same.
static_assert(romfs::layout::check<board::layout>());
static_assert(romfs::layout::check_script<firmware_ld::script, board::layout>());

namespace {

// The writable filesystem's stand-in, a place of the firmware's own: files in
// RAM under /flash, which is also the current directory as on MicroPython's
// boards (so the search path's "" finds them too). It holds a stale
// which.py: MicroPython's order imports it, ROMFS first does not.
struct flash_files {
    struct file {
        std::string_view path;
        std::string_view text;
    };
    static constexpr file files[] = {{"which.py", "WHERE = \"flash (a stale copy on the writable filesystem)\"\n"}};

    // "/flash/a" and "a" (the current directory) name the same file; "" and
    // "/flash" the directory; other absolute paths are not here.
    static constexpr bool relative(std::string_view& path) noexcept {
        if (path == "/flash") path = {};
        else if (path.starts_with("/flash/")) path.remove_prefix(7);
        else if (path.starts_with("/")) return false;
        return true;
    }
    constexpr romfs::boot::node stat(std::string_view path) const noexcept {
        if (!relative(path)) return romfs::boot::node::none;
        if (path.empty()) return romfs::boot::node::directory;
        for (const auto& f : files)
            if (f.path == path) return romfs::boot::node::file;
        return romfs::boot::node::none;
    }
    romfs::result<romfs::boot::source, romfs::boot::error> open(std::string_view path) const noexcept {
        if (relative(path))
            for (const auto& f : files)
                if (f.path == path) // RAM that may change: MicroPython copies what it keeps
                    return romfs::boot::source{{reinterpret_cast<const std::byte*>(f.text.data()), f.text.size()}, false};
        return romfs::boot::error{romfs::boot::errc::not_found};
    }
};
static_assert(romfs::boot::place<flash_files>);

romfs::boot::basic_mount_table<board::flash, 2> mounts;
const flash_files flash;
// Where MicroPython imports from: the ROM partitions and the writable filesystem.
const romfs::boot::places<decltype(mounts), flash_files> everywhere(mounts, flash);
char heap[128 * 1024]; // MicroPython's GC heap
constexpr mp_uint_t python_stack = 64 * 1024;

void print(std::string_view s) { semihosting::write(s); }

void print_number(std::uint32_t v) {
    char out[12];
    int n = sizeof out;
    do {
        out[--n] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    print({out + n, sizeof out - n});
}

// The QEMU command line (-append), or "".
std::string_view command_line() {
    static char buffer[128];
    std::uintptr_t args[2] = {reinterpret_cast<std::uintptr_t>(buffer), sizeof buffer - 1};
    if (semihosting::call(0x15, args) != 0) return {}; // SYS_GET_CMDLINE
    return {buffer, args[1]};
}

bool has(std::string_view line, std::string_view word) { return line.find(word) != std::string_view::npos; }

// Mounts a partition that passes every check: the integrity record when the
// image has one, and the whole structure, so a damaged partition is left
// out as a whole and the other one boots.
void mount(const char* point, std::span<const std::byte> partition, romfs::boot::residency where) {
    const auto m = mounts.mount(point, partition,
                                {.where = where, .hash = romfs::integrity::check_if_present, .verify = true});
    if (m) return;
    print("romfs: ");
    print(point);
    print(": ");
    print(romfs::boot::message(m.error().code));
    if (m.error().code == romfs::boot::errc::bad_image) {
        print(": ");
        print(romfs::message(m.error().image.code));
        print(" at byte ");
        print_number(m.error().image.offset);
    }
    print("; booting without it\n");
}

template <std::size_t N>
int boot(const romfs::boot::search_path<N>& order) {
    print("search path:");
    for (const auto entry : order) {
        print(" '");
        print(entry);
        print("'");
    }
    print("\n");
    const auto report = romfs::micropython::boot(everywhere, order);
    for (const auto* s : {&report.boot_py, &report.main_py}) {
        print(s == &report.boot_py ? "romfs boot: boot.py " : "romfs boot: main.py ");
        switch (s->status) {
        case romfs::micropython::script_status::missing: print("missing\n"); continue;
        case romfs::micropython::script_status::ran: print("ran"); break;
        case romfs::micropython::script_status::exited: print("exited"); break;
        case romfs::micropython::script_status::raised: print("raised"); break;
        }
        print(" from ");
        print(s->found.path());
        print("\n");
    }
    return report.exit_status();
}

} // namespace

// MicroPython's console output, through semihosting.
extern "C" void mp_hal_stdout_tx_strn_cooked(const char* str, size_t len) { print({str, len}); }

int main() {
    print("romfs: MicroPython embedded on mps2-an385 (Cortex-M3)\n");
    const auto check0 = romfs::layout::check_romfs_symbols(board::layout, 0, _micropy_hw_romfs_part0_start,
                                                           _micropy_hw_romfs_part0_size);
    const auto check1 = romfs::layout::check_romfs_symbols(board::layout, 1, _micropy_hw_romfs_part1_start,
                                                           _micropy_hw_romfs_part1_size);
    if (!check0.ok || !check1.ok) {
        print("romfs: linker symbols do not match the board layout\n");
        return 4;
    }
    const auto line = command_line();
    const auto where = has(line, "residency=copy") ? romfs::boot::residency::copy : romfs::boot::residency::in_place;
    mount("/rom", romfs::boot::linker_partition(0), where);
    mount("/rom1", romfs::boot::linker_partition(1), where);

    int stack_top;
    mp_embed_init(heap, sizeof heap, &stack_top);
    // MicroPython's share of the stack (which runs from the top of RAM down
    // towards .bss): past it, Python code gets RecursionError, not a fault.
    mp_stack_set_limit(python_stack - 1024);
    int status = 0;
    if (has(line, "order=micropython")) {
        status = boot(romfs::boot::micropython_order);
    } else if (has(line, "order=part1-first")) {
        status = boot(romfs::boot::make_search_path("/rom1", "/rom1/lib", "/rom", "/rom/lib"));
    } else {
        status = boot(romfs::boot::romfs_first);
    }
    mp_embed_deinit();
    print("romfs boot: exit status ");
    print_number(static_cast<std::uint32_t>(status));
    print("\n");
    return status;
}
