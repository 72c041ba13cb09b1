// Two ROM partitions for the boot-layer tests, composed at compile time:
// part0 holds the application, part1 a fallback; "which" is in both.
#pragma once

#include <romfs/boot.hpp>

#include "constexpr_tree.hpp"

namespace romfs::test {

inline constexpr auto boot_part0 = tree_image(
    file("boot.py", "print('boot0')"), file("main.py", "print('main0')"), file("which.py", "W = 0"),
    dir("lib", dir("pkg", file("__init__.py", "P = 1"), file("sub.py", "S = 1")), dir("ns", file("x.py", "X = 1")),
        file("both.py", "B = 'py'"), file("both.mpy", "M\x06"), file("onlympy.mpy", "M\x06"),
        dir("pkgm", file("__init__.mpy", "M\x06")), dir("empty")),
    file("assets.img", tree_image(file("inner.py", "I = 1"), dir("d", file("e", "e")))), file("corrupt.img", "\xd2\xcd\x31\x7f"));

inline constexpr auto boot_part1 =
    tree_image(file("main.py", "print('main1')"), file("which.py", "W = 1"), dir("lib", file("extra.py", "E = 1")));

// A place that is not ROMFS: "frozen" modules under ".frozen/".
struct frozen_modules {
    static constexpr std::string_view files[] = {".frozen/frozen_only.py", ".frozen/which.py", ".frozen/fpkg/__init__.py"};
    static constexpr std::string_view dirs[] = {".frozen", ".frozen/fpkg"};
    constexpr romfs::boot::node stat(std::string_view p) const noexcept {
        for (auto f : files)
            if (f == p) return romfs::boot::node::file;
        for (auto d : dirs)
            if (d == p) return romfs::boot::node::directory;
        return romfs::boot::node::none;
    }
    constexpr result<romfs::boot::source, romfs::boot::error> open(std::string_view p) const noexcept {
        if (stat(p) != romfs::boot::node::file) return romfs::boot::error{romfs::boot::errc::not_found};
        return romfs::boot::source{{}, true};
    }
};

} // namespace romfs::test
