// Static tests of the boot layer (mount table, places, search path): every
// check is a static_assert over images composed at compile time.
#include <romfs/boot.hpp>
#include <romfs/format/bytes.hpp>

#include "boot_images.hpp"
#include "driver_traits.hpp"

namespace {

using namespace romfs::boot;
using namespace romfs::test;

static_assert(place<mount_table<2>>);
static_assert(place<frozen_modules>);
static_assert(place<places<mount_table<2>, frozen_modules>>);
static_assert(!place<int> && !searchable<int>);
static_assert(searchable<basic_mount_table<romfs::test::driver_traits, 1>> &&
              !place<basic_mount_table<romfs::test::driver_traits, 1>>);

constexpr auto mounted = [] {
    mount_table<4> t;
    (void)t.mount("/rom", boot_part0.bytes());
    (void)t.mount("/rom1", boot_part1.bytes());
    return t;
};
constexpr auto table = mounted();

// Mount points
static_assert(valid_mount_point("/rom") && valid_mount_point("/rom1") && valid_mount_point("/a/b"));
static_assert(!valid_mount_point("") && !valid_mount_point("/") && !valid_mount_point("rom") &&
              !valid_mount_point("/rom/") && !valid_mount_point("/a//b") && !valid_mount_point("/./a") &&
              !valid_mount_point("/a/.."));
constexpr error mount_error(std::string_view point) {
    auto t = mounted();
    return t.mount(point, boot_part1.bytes()).error();
}
static_assert(mount_error("rom2") == error{errc::bad_mount_point});
static_assert(mount_error("/rom") == error{errc::mount_point_taken});
static_assert(mount_error("/rom2").code == errc::ok);
constexpr error full_error() {
    mount_table<1> t;
    (void)t.mount("/rom", boot_part0.bytes());
    return t.mount("/rom1", boot_part1.bytes()).error();
}
static_assert(full_error() == error{errc::table_full});
constexpr auto bad_magic = romfs::literal_bytes("\xd2\xcd\x32\x00");
constexpr error corrupt_error() {
    mount_table<2> t;
    return t.mount("/rom", bad_magic).error();
}
static_assert(corrupt_error() == error{errc::bad_image, {romfs::errc::bad_magic, 0}});

// Resolution: longest whole-component prefix, MicroPython's lookup inside.
static_assert(table.stat("/") == node::directory && table.stat("//") == node::directory);
static_assert(table.stat("/rom") == node::directory && table.stat("/rom/") == node::directory);
static_assert(table.stat("/rom/main.py") == node::file && table.stat("/rom1/main.py") == node::file);
static_assert(table.stat("/rom/lib/extra.py") == node::none && table.stat("/rom1/lib/extra.py") == node::file);
static_assert(table.stat("/romx/main.py") == node::none && table.stat("/ro") == node::none);
static_assert(table.stat("main.py") == node::none && table.stat("") == node::none);
static_assert(table.stat("/rom/lib/") == node::directory && table.stat("/rom/main.py/") == node::none);
static_assert(table.resolve("/rom1/which.py")->mount == 1 && table.resolve("/rom/which.py")->mount == 0);
static_assert(table.resolve("/rom/nope").error() == error{errc::not_found});
static_assert(table.open("/rom/lib").error() == error{errc::not_a_file});
static_assert(table.open("/rom/which.py")->bytes.size() == 5 && table.open("/rom/which.py")->in_place);

// "/" lists the mount points' first components, each once.
constexpr int root_count(const mount_table<4>& t) {
    int n = 0;
    (void)t.for_each("/", [&](const auto& l) {
        n += l.is_mount_point() && l.kind() == node::directory ? 1 : 100;
        return true;
    });
    return n;
}
static_assert(root_count(table) == 2);
constexpr int lib_count() {
    int n = 0;
    (void)table.for_each("/rom/lib", [&](const auto& l) {
        n += !l.is_mount_point() ? 1 : 100;
        return true;
    });
    return n;
}
static_assert(lib_count() == 7);
static_assert(table.for_each("/rom/main.py", [](const auto&) { return true; }).error() ==
              error{errc::not_a_directory});
static_assert(table.for_each("/nowhere", [](const auto&) { return true; }).error() == error{errc::not_found});

// An image stored as a file in another image, mounted in place; nested
// mount points win over their parent and sit above nothing at "/".
constexpr auto with_assets = [] {
    auto t = mounted();
    (void)t.mount_file("/rom/assets", "/rom/assets.img");
    (void)t.mount_file("/data/assets", "/rom/assets.img");
    return t;
}();
static_assert(with_assets.mounts().size() == 4);
static_assert(with_assets.stat("/rom/assets/inner.py") == node::file && with_assets.stat("/rom/assets/d/e") == node::file);
static_assert(with_assets.stat("/rom/assets.img") == node::file && with_assets.stat("/rom/main.py") == node::file);
static_assert(with_assets.stat("/data") == node::directory && with_assets.stat("/data/assets/inner.py") == node::file);
static_assert(root_count(with_assets) == 3);
constexpr error mount_file_error(std::string_view file) {
    auto t = mounted();
    return t.mount_file("/x", file).error();
}
static_assert(mount_file_error("/rom/lib") == error{errc::not_a_file});
static_assert(mount_file_error("/rom/none.img") == error{errc::not_found});
static_assert(mount_file_error("/rom/corrupt.img").code == errc::bad_image &&
              mount_file_error("/rom/corrupt.img").image.code == romfs::errc::image_truncated);
constexpr bool unmounts() {
    auto t = mounted();
    return t.unmount("/rom").has_value() && t.stat("/rom/main.py") == node::none &&
           t.stat("/rom1/main.py") == node::file && t.unmount("/rom").error() == error{errc::not_found};
}
static_assert(unmounts());

// Import resolution (py/builtinimport.c), ROMFS first.
template <std::size_t N = 128, class Fs = mount_table<4>, std::size_t K = 8>
constexpr auto found(std::string_view name, const Fs& fs = table, const search_path<K>& sp = romfs_first) {
    return find_module<N>(fs, sp, name);
}
constexpr bool is(std::string_view name, std::string_view path, module_kind kind) {
    const auto r = found(name);
    return r && r->path() == path && r->kind == kind;
}
static_assert(is("which", "/rom/which.py", module_kind::source) && found("which")->entry == 0);
static_assert(is("extra", "/rom1/lib/extra.py", module_kind::source) && found("extra")->entry == 3);
static_assert(is("pkg", "/rom/lib/pkg/__init__.py", module_kind::package));
static_assert(is("pkg.sub", "/rom/lib/pkg/sub.py", module_kind::source));
static_assert(is("ns", "/rom/lib/ns", module_kind::namespace_package) && is("ns.x", "/rom/lib/ns/x.py", module_kind::source));
static_assert(is("both", "/rom/lib/both.py", module_kind::source));               // .py before .mpy
static_assert(is("onlympy", "/rom/lib/onlympy.mpy", module_kind::bytecode) && found("onlympy")->is_bytecode());
static_assert(is("pkgm", "/rom/lib/pkgm/__init__.mpy", module_kind::package) && found("pkgm")->is_bytecode());
static_assert(is("empty", "/rom/lib/empty", module_kind::namespace_package));
static_assert(found("which.x").error() == error{errc::not_a_package});
static_assert(found("pkg.nope").error() == error{errc::not_found} && found("nope").error() == error{errc::not_found});
static_assert(found("").error() == error{errc::bad_module_name} && found("a..b").error() == error{errc::bad_module_name} &&
              found(".a").error() == error{errc::bad_module_name} && found("a.").error() == error{errc::bad_module_name} &&
              found("a/b").error() == error{errc::bad_module_name});
static_assert(found<12>("pkg").error() == error{errc::path_too_long});
static_assert(found<24>("pkg")->path() == "/rom/lib/pkg/__init__.py");

// The configured order decides: part1 first, or MicroPython's order with
// frozen modules before ROMFS.
constexpr auto part1_first = make_search_path("/rom1", "/rom1/lib", "/rom", "/rom/lib");
static_assert(found("which", table, part1_first)->path() == "/rom1/which.py");
constexpr frozen_modules frozen{};
constexpr places<mount_table<4>, frozen_modules> everything(table, frozen);
static_assert(found("which", everything, romfs_first)->path() == "/rom/which.py");
static_assert(found("which", everything, micropython_order)->path() == ".frozen/which.py");
static_assert(found("frozen_only", everything, romfs_first)->path() == ".frozen/frozen_only.py");
static_assert(found("fpkg", everything, romfs_first)->kind == module_kind::package);
static_assert(found("frozen_only", table, romfs_first).error() == error{errc::not_found});
static_assert(everything.open(".frozen/which.py").has_value() && everything.open("/rom/which.py")->in_place);
static_assert(everything.open("/nowhere").error() == error{errc::not_found});

// Boot scripts by the same order; a part0 that does not mount leaves part1's.
static_assert(find_script(table, romfs_first, "boot.py")->path() == "/rom/boot.py");
static_assert(find_script(table, romfs_first, "main.py")->path() == "/rom/main.py");
static_assert(find_script(table, part1_first, "main.py")->path() == "/rom1/main.py");
static_assert(find_script(table, romfs_first, "none.py").error() == error{errc::not_found});
static_assert(find_script(table, romfs_first, "lib/a.py").error() == error{errc::bad_module_name});
constexpr auto part0_corrupt = [] {
    mount_table<2> t;
    (void)t.mount("/rom", bad_magic);
    (void)t.mount("/rom1", boot_part1.bytes());
    return t;
}();
static_assert(part0_corrupt.mounts().size() == 1);
static_assert(find_script(part0_corrupt, romfs_first, "boot.py").error() == error{errc::not_found});
static_assert(find_script(part0_corrupt, romfs_first, "main.py")->path() == "/rom1/main.py");
static_assert(found("which", part0_corrupt)->path() == "/rom1/which.py");

} // namespace
