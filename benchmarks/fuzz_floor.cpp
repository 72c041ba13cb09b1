// Differential libFuzzer target: the library against the code-size yardstick
// (code_size.d/floor_reference.cpp) on any input, so the yardstick cannot
// drift from what the library reads (a reader that parsed names of records
// nested inside files once passed floor_check and fell here in about 68k
// executions). Input layout (the reader corpus's): [n][n bytes of path][image].
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "code_size.d/corpus_variants.hpp"
#include "code_size.d/floor_compare.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::size_t n = data[0] < size - 1 ? data[0] : size - 1;
    const std::string_view path(reinterpret_cast<const char*>(data + 1), n);
    const std::vector<std::uint8_t> image(data + 1 + n, data + size); // exactly the image's size
    floor_compare::checker check;
    check.where = "input";
    check.compare(image, corpus_variants::paths_of(image, path));
    if (check.failures != 0) __builtin_trap();
    return 0;
}
