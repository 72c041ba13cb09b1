// A plan refers to its tree: planning a temporary tree would leave it
// dangling, so it must not compile.
#include <romfs/builder/builder.hpp>

int main() {
    using namespace romfs::builder;
    plan p;
    const node tree = directory("", {memory_file("a", "x")});
    (void)p.make(tree, {});
#ifdef ROMFS_COMPILE_FAIL
    (void)p.make(directory("", {memory_file("a", "x")}), {});
#endif
}
