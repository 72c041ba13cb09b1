// Keeps the code-size yardstick honest: floor_reference.cpp must read
// exactly what the library reads. For every seed of the fuzz corpus
// ([n][path][image], as fuzz_reader.cpp takes them) and for single-byte
// mutations of each, both readers open the image, look up paths (the seed's,
// the root's and every path the library walks in the seed) as files and
// list them as directories. They must agree on success or failure, on the
// file's bytes in place, on every listed entry, and on the kind of failure
// (not found, not a directory, corrupt). Run under the sanitizers, this also
// checks the reference never reads outside the image.
//
// Usage: floor_check CORPUS_DIR
#include <cstdio>

#include "corpus_variants.hpp"
#include "floor_compare.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: floor_check CORPUS_DIR\n");
        return 2;
    }
    floor_compare::checker check;
    const bool any = corpus_variants::for_each_variant(
        argv[1], [&](const std::string& where, const std::vector<std::uint8_t>& image,
                     const std::vector<std::string>& paths) {
            check.where = where;
            check.compare(image, paths);
        });
    if (!any) {
        std::fprintf(stderr, "floor_check: no corpus in %s\n", argv[1]);
        return 2;
    }
    std::printf("floor_check: %zu images, %zu comparisons, %zu disagreements\n", check.images, check.comparisons,
                check.failures);
    return check.failures == 0 ? 0 : 1;
}
