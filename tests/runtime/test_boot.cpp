// The boot layer at run time: the mount table, places and the search path
// over images built by the builder and composed ones, through a driver as
// well as mapped, and over every one-byte corruption of a partition (error
// values or not-found, never a crash: the sanitizer build runs this).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <romfs/boot.hpp>
#include <romfs/builder/builder.hpp>
#include <romfs/format/bytes.hpp>

#include "boot_images.hpp"
#include "driver_traits.hpp"

using namespace romfs::boot;
using romfs::builder::directory;
using romfs::builder::memory_file;

namespace {

std::vector<std::byte> copy_of(std::span<const std::byte> b) { return {b.begin(), b.end()}; }

std::vector<std::byte> built_app() {
    auto root = directory("", {memory_file("main.py", "import app\n"),
                               directory("lib", {directory("app", {memory_file("__init__.py", "X = 1\n"),
                                                                   memory_file("core.mpy", std::string("M\x06\x00\x1f", 4))})})});
    auto out = romfs::builder::build_to_memory(root, {});
    REQUIRE(out);
    return *std::move(out);
}

} // namespace

TEST_CASE("boot: mount table and search path at run time", "[boot]") {
    const auto part0 = copy_of(romfs::test::boot_part0.bytes());
    const auto part1 = built_app();
    mount_table<3> t;
    REQUIRE(t.mount("/rom", part0));
    REQUIRE(t.mount("/rom1", part1));
    CHECK(t.mount("/rom1", part1).error() == error{errc::mount_point_taken});
    CHECK(t.stat("/rom1/lib/app/core.mpy") == node::file);
    CHECK(t.open("/rom1/lib/app/core.mpy")->bytes.size() == 4);
    // The file's bytes are the partition's, not a copy.
    CHECK(t.open("/rom1/main.py")->bytes.data() >= part1.data());
    CHECK(t.open("/rom1/main.py")->bytes.data() < part1.data() + part1.size());

    const auto app = find_module(t, romfs_first, "app.core");
    REQUIRE(app);
    CHECK(app->path() == "/rom1/lib/app/core.mpy");
    CHECK(app->kind == module_kind::bytecode);
    CHECK(find_module(t, romfs_first, "app")->path() == "/rom1/lib/app/__init__.py");
    CHECK(find_script(t, romfs_first, "main.py")->path() == "/rom/main.py");
    CHECK(find_script(t, make_search_path("/rom1", "/rom"), "main.py")->path() == "/rom1/main.py");

    std::vector<std::string> root;
    REQUIRE(t.for_each("/", [&](const auto& l) {
        root.emplace_back(l.mount_name);
        return true;
    }));
    CHECK(root == std::vector<std::string>{"rom", "rom1"});
    std::vector<std::string> lib;
    REQUIRE(t.for_each("/rom1/lib/app", [&](const auto& l) {
        lib.emplace_back(std::string(l.image_entry.name().view()) + (l.kind() == node::directory ? "/" : ""));
        return true;
    }));
    CHECK(lib == std::vector<std::string>{"__init__.py", "core.mpy"});

    // Residency is kept per mount and inherited by images inside it.
    mount_table<3> copied;
    REQUIRE(copied.mount("/ram", part0, {.where = residency::copy}));
    REQUIRE(copied.mount_file("/ram/assets", "/ram/assets.img"));
    CHECK_FALSE(copied.open("/ram/which.py")->in_place);
    CHECK_FALSE(copied.open("/ram/assets/inner.py")->in_place);
    CHECK(t.open("/rom/which.py")->in_place);

    // Checks at mount: the integrity record, and the whole structure.
    auto hashed_tree = directory("", {memory_file("main.py", "print(1)\n")});
    romfs::builder::options hashed;
    hashed.integrity = true;
    auto with_hash = romfs::builder::build_to_memory(hashed_tree, hashed);
    REQUIRE(with_hash);
    mount_table<2> checked;
    REQUIRE(checked.mount("/rom", *with_hash, {.hash = romfs::integrity::require}));
    auto tampered = *with_hash;
    const auto at = std::string_view(reinterpret_cast<const char*>(tampered.data()), tampered.size()).find("print");
    REQUIRE(at != std::string_view::npos);
    tampered[at] = std::byte{'P'};
    CHECK(checked.mount("/rom1", tampered, {.hash = romfs::integrity::require}).error().image.code ==
          romfs::errc::hash_mismatch);
    CHECK(checked.mount("/rom1", part0, {.hash = romfs::integrity::require}).error().image.code ==
          romfs::errc::no_integrity_record);
    CHECK(checked.mount("/rom1", tampered).has_value()); // the header alone is fine
    // A structural fault deep in the image: found by verify at mount.
    const auto kind0 = copy_of(romfs::literal_bytes("\xd2\xcd\x31\x10"
                                                    "\x05\x05\x01" "a" "\x02\x01" "A"
                                                    "\x00\x00"
                                                    "\x05\x05\x01" "b" "\x02\x01" "B"));
    mount_table<2> strict;
    CHECK(strict.mount("/a", kind0).has_value());
    const auto refused = strict.mount("/b", kind0, {.verify = true});
    CHECK(refused.error().code == errc::bad_image);
    CHECK(refused.error().image.code == romfs::errc::kind_zero);
    CHECK(strict.mount("/b", kind0, {.verify = true}).error().image.offset == 11);
    CHECK(strict.mounts().size() == 1);
}

TEST_CASE("boot: partitions from linker symbols", "[boot]") {
    // A host link defines no _micropy_hw_romfs_partN_* symbols (they are
    // weak): no partition, and mounting it fails cleanly.
    CHECK(linker_partition(0).empty());
    CHECK(linker_partition(1).empty());
    CHECK(linker_partition(2).empty());
    mount_table<1> t;
    CHECK(t.mount("/rom", linker_partition(0)).error() == error{errc::bad_image, {romfs::errc::bad_magic, 0}});
    // The shape MicroPython's scripts give them: the size symbol's address is the size.
    const std::byte bytes[4]{};
    const auto p = partition(bytes, reinterpret_cast<const std::byte*>(std::uintptr_t{4}));
    CHECK(p.data() == bytes);
    CHECK(p.size() == 4);
}

TEST_CASE("boot: a mount table of images read through a driver", "[boot]") {
    using table_t = basic_mount_table<romfs::test::driver_traits, 2>;
    const auto part0 = copy_of(romfs::test::boot_part0.bytes());
    std::size_t reads = 0;
    bool out_of_bounds = false;
    const romfs::test::fake_device dev{part0.data(), part0.size(), &reads, &out_of_bounds};
    const auto img = table_t::image_type::open(dev, 0, static_cast<romfs::offset_t>(part0.size()));
    REQUIRE(img);
    table_t t;
    REQUIRE(t.mount("/rom", *img));
    CHECK(find_module(t, romfs_first, "pkg.sub")->path() == "/rom/lib/pkg/sub.py");
    CHECK(find_script(t, romfs_first, "boot.py")->path() == "/rom/boot.py");
    CHECK(reads > 0);
    CHECK_FALSE(out_of_bounds);
    // A driver that fails: paths are not there, nothing is invented.
    romfs::test::fake_device failing = dev;
    // A byte of lib/'s record, which every lookup below lib passes through.
    failing.fail_at = t.resolve("/rom/lib")->found.record_offset() + 1;
    table_t broken;
    REQUIRE(broken.mount("/rom", *table_t::image_type::open(failing, 0, static_cast<romfs::offset_t>(part0.size()))));
    CHECK(find_module(broken, romfs_first, "pkg.sub").error() == error{errc::not_found});
    CHECK(broken.resolve("/rom/lib/pkg/sub.py").error().code == errc::bad_image);
    CHECK(broken.resolve("/rom/lib/pkg/sub.py").error().image.code == romfs::errc::io_error);
}

TEST_CASE("boot: every one-byte corruption of a partition gives values, never a crash", "[boot][corruption]") {
    const auto good = copy_of(romfs::test::boot_part0.bytes());
    const auto part1 = copy_of(romfs::test::boot_part1.bytes());
    const char* modules[] = {"which", "pkg", "pkg.sub", "ns.x", "both", "onlympy", "pkgm", "extra", "nope.x"};
    std::size_t mounted = 0, refused = 0;
    for (std::size_t at = 0; at < good.size(); ++at) {
        for (unsigned v : {0x00u, 0xffu, 0x80u, static_cast<unsigned>(good[at]) ^ 0x01u}) {
            auto bad = good;
            bad[at] = std::byte(v);
            mount_table<3> t;
            const auto m = t.mount("/rom", bad);
            (m ? mounted : refused) += 1;
            if (!m) CHECK(m.error().code == errc::bad_image);
            REQUIRE(t.mount("/rom1", part1));
            (void)t.mount_file("/rom/assets", "/rom/assets.img");
            for (const char* name : modules) {
                const auto r = find_module(t, romfs_first, name);
                if (r) CHECK(t.stat(r->path()) != node::none);
                else CHECK(r.error().code != errc::ok);
            }
            // part1's main.py is there whatever happened to part0.
            const auto main_py = find_script(t, romfs_first, "main.py");
            REQUIRE(main_py);
            CHECK((main_py->path() == "/rom/main.py" || main_py->path() == "/rom1/main.py"));
            std::size_t listed = 0;
            (void)t.for_each("/rom/lib", [&](const auto&) { return ++listed < 1000; });
            CHECK(listed < 1000);
        }
    }
    CHECK(mounted > 0);
    CHECK(refused > 0);
}
