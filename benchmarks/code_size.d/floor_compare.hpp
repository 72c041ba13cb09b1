// The comparison of the library with the code-size yardstick
// (floor_reference.cpp): both readers open an image, look up paths as files
// and list them as directories, and must agree on success or failure, on the
// file's bytes in place, on every listed entry and on the kind of failure.
// Shared by floor_check (the corpus and its mutations, a CTest) and
// fuzz_floor (a libFuzzer target).
#pragma once

#include <romfs/romfs.hpp>

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corpus_variants.hpp"
#include "floor_reference.hpp"

namespace floor_compare {

using corpus_variants::emit;
using corpus_variants::emitted;
using corpus_variants::listed;

// romfs_list's result for a library error.
inline int list_status(romfs::errc code) {
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

} // namespace floor_compare
