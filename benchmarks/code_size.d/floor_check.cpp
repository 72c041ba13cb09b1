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
#include <romfs/romfs.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "floor_reference.hpp"

namespace {

struct listed {
    const void* name;
    std::uint32_t name_length;
    int is_dir;
    std::uint32_t size;
    bool operator==(const listed&) const = default;
};

std::vector<listed>* emitted = nullptr;
void emit(const std::uint8_t* name, std::uint32_t name_length, int is_dir, std::uint32_t size) {
    emitted->push_back({name, name_length, is_dir, size});
}

// romfs_list's result for a library error.
int list_status(romfs::errc code) {
    switch (code) {
    case romfs::errc::ok: return 0;
    case romfs::errc::not_found: return floor_not_found;
    case romfs::errc::not_a_directory: return floor_not_a_directory;
    default: return floor_corrupt;
    }
}

struct checker {
    std::size_t images = 0;
    std::size_t comparisons = 0;
    std::size_t failures = 0;
    std::string where;

    void fail(const char* what, std::string_view path) {
        if (++failures <= 20)
            std::fprintf(stderr, "floor_check: %s: %s disagrees for path \"%.*s\"\n", where.c_str(), what,
                         static_cast<int>(path.size()), path.data());
    }

    // Both readers on one image (held in a buffer of exactly its size, so
    // the sanitizers see any read past it).
    void compare(const std::vector<std::uint8_t>& bytes, const std::vector<std::string>& paths) {
        ++images;
        const auto* data = bytes.data();
        const auto size = static_cast<std::uint32_t>(bytes.size());
        const auto lib = romfs::image::open(std::as_bytes(std::span(data, bytes.size())));
        floor_image ref{};
        const int opened = romfs_open(data, size, &ref);
        ++comparisons;
        if (lib.has_value() != (opened == 0)) return fail("open", "");
        if (!lib) return;
        if (ref.base != data + lib->payload_offset() || ref.end != ref.base + lib->payload_size())
            return fail("payload", "");

        for (const auto& path : paths) {
            const auto n = static_cast<std::uint32_t>(path.size());
            ++comparisons;
            const auto f = lib->open_file(path);
            std::uint32_t file_size = 0;
            const std::uint8_t* file = romfs_file(&ref, path.data(), n, &file_size);
            if (f.has_value() != (file != nullptr) ||
                (f && (static_cast<const void*>(f->data()) != file || f->size() != file_size)))
                fail("file", path);

            ++comparisons;
            std::vector<listed> from_lib, from_ref;
            const auto l = lib->for_each(path, [&](const romfs::image::entry& e) {
                const auto name = e.name();
                from_lib.push_back({name.bytes().data(), static_cast<std::uint32_t>(name.size()), e.is_directory(),
                                    e.size()});
                return true;
            });
            emitted = &from_ref;
            const int status = romfs_list(&ref, path.data(), n, emit);
            if (list_status(l.code()) != status || from_lib != from_ref) fail("listing", path);
        }
    }
};

// Paths worth looking up in `bytes`: the seed's, the root's, a miss, and
// every path the library walks (with a trailing '/' variant), at most 40.
std::vector<std::string> paths_of(const std::vector<std::uint8_t>& bytes, std::string_view seed_path) {
    std::vector<std::string> paths{std::string(seed_path), "", "/", "missing", "//"};
    const auto img = romfs::image::open(std::as_bytes(std::span(bytes)));
    if (!img) return paths;
    char buf[512];
    romfs::basic_walker<romfs::host_traits, 32> walk(*img, buf);
    for (const auto& item : walk) {
        if (!item || paths.size() >= 40) break;
        paths.emplace_back(item->path);
        paths.emplace_back(std::string(item->path.substr(1)) + "/");
    }
    return paths;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: floor_check CORPUS_DIR\n");
        return 2;
    }
    checker check;
    std::error_code ec;
    for (const auto& seed : std::filesystem::directory_iterator(argv[1], ec)) {
        if (!seed.is_regular_file()) continue;
        std::ifstream in(seed.path(), std::ios::binary);
        const std::vector<std::uint8_t> input{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (input.empty()) continue;
        const std::size_t n = input[0] < input.size() - 1 ? input[0] : input.size() - 1;
        const std::string_view seed_path(reinterpret_cast<const char*>(input.data() + 1), n);
        const std::vector<std::uint8_t> image(input.begin() + 1 + static_cast<std::ptrdiff_t>(n), input.end());
        const auto paths = paths_of(image, seed_path);

        check.where = seed.path().filename().string();
        check.compare(image, paths);
        // Single-byte mutations: zeroed, erased, and flipped bits, at up to
        // 512 positions spread over the image.
        const std::size_t step = image.size() / 512 + 1;
        for (std::size_t at = 0; at < image.size(); at += step) {
            const std::uint8_t was = image[at];
            for (const std::uint8_t to : {std::uint8_t(0x00), std::uint8_t(0xff), std::uint8_t(was ^ 0x01),
                                          std::uint8_t(was ^ 0x80), std::uint8_t(was + 1), std::uint8_t(was - 1)}) {
                if (to == was) continue;
                auto mutated = image;
                mutated[at] = to;
                check.where = seed.path().filename().string() + " with byte " + std::to_string(at) + " = " +
                              std::to_string(to);
                check.compare(mutated, paths);
            }
        }
        // Truncations, at the same positions.
        for (std::size_t keep = 0; keep < image.size(); keep += step) {
            check.where = seed.path().filename().string() + " cut to " + std::to_string(keep) + " bytes";
            check.compare(std::vector<std::uint8_t>(image.begin(), image.begin() + static_cast<std::ptrdiff_t>(keep)),
                          paths);
        }
    }
    if (ec || check.images == 0) {
        std::fprintf(stderr, "floor_check: no corpus in %s\n", argv[1]);
        return 2;
    }
    std::printf("floor_check: %zu images, %zu comparisons, %zu disagreements\n", check.images, check.comparisons,
                check.failures);
    return check.failures == 0 ? 0 : 1;
}
