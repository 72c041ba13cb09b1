// A plan refers to its tree: planning a temporary tree would leave it
// dangling, so it must not compile.
#include <romfs/build/builder.hpp>

int main() {
    using namespace romfs::build;
    failure err;
    plan p;
    const node tree = directory("", {memory_file("a", "x")});
    (void)p.make(tree, {}, err);
#ifdef ROMFS_COMPILE_FAIL
    (void)p.make(directory("", {memory_file("a", "x")}), {}, err);
#endif
}
