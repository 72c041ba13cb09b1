// The builder is portable C++: it compiles for a target with no POSIX file
// API (newlib on Cortex-M, where copy_file_range, posix_fallocate and
// O_CLOEXEC do not exist), so it builds on any host the standard library
// supports. File and OS I/O live in the tool (tools/romfs/io.hpp).
#include <romfs/builder.hpp>

std::uint64_t planned_size() {
    using namespace romfs::builder;
    static const node tree = directory("", {memory_file("main.py", "print(1)\n")});
    plan p;
    if (!p.make(tree, {})) return 0;
    return p.size();
}
