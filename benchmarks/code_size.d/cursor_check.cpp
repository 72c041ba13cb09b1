// Holds cursor_reader.cpp to the library, exactly: on the fuzz corpus, its
// one-byte mutations and its truncations (corpus_variants.hpp), both open
// the image (the same error code), look paths up as files and as
// directories (success, or the same error code at the same byte offset; the
// same file bytes in place) and list them (the same entries, or the same
// error at the same offset). Run under the sanitizers, this also checks the
// cursor reader never reads outside the image.
//
// Usage: cursor_check CORPUS_DIR
#include <romfs/romfs.hpp>

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "corpus_variants.hpp"

extern "C" {
struct cursor_image {
    const std::uint8_t* src;
    const std::uint8_t* base;
    const std::uint8_t* end;
};
using cursor_emit = void (*)(const std::uint8_t*, std::uint32_t, int, std::uint32_t);
int romfs_open(const std::uint8_t* data, std::uint32_t size, cursor_image* out);
std::uint32_t cursor_find(const cursor_image* img, const char* path, std::uint32_t length, std::uint32_t want,
                          std::uint32_t* at, const std::uint8_t** data, std::uint32_t* size);
std::uint32_t cursor_list(const cursor_image* img, const char* path, std::uint32_t length, cursor_emit emit,
                          std::uint32_t* at);
}

namespace {

using corpus_variants::emit;
using corpus_variants::emitted;
using corpus_variants::listed;

std::size_t images = 0, comparisons = 0, failures = 0;

void fail(const std::string& where, const char* what, const std::string& path, std::uint32_t code, std::uint32_t at,
          romfs::error lib) {
    if (++failures <= 20)
        std::fprintf(stderr, "cursor_check: %s: %s \"%s\": cursor reader %u at %u, library %u at %u\n", where.c_str(),
                     what, path.c_str(), code, at, static_cast<unsigned>(lib.code), lib.offset);
}

void compare(const std::string& where, const std::vector<std::uint8_t>& bytes, const std::vector<std::string>& paths) {
    ++images;
    const auto lib = romfs::image::open(std::as_bytes(std::span(bytes)));
    cursor_image img{};
    const int opened = romfs_open(bytes.data(), static_cast<std::uint32_t>(bytes.size()), &img);
    ++comparisons;
    if (static_cast<std::uint32_t>(opened) != static_cast<std::uint32_t>(lib.code()))
        return fail(where, "open", "", static_cast<std::uint32_t>(opened), 0, lib.error());
    if (!lib) return;
    for (const auto& path : paths) {
        const auto n = static_cast<std::uint32_t>(path.size());
        for (const std::uint32_t want : {5u, 4u}) {
            ++comparisons;
            std::uint32_t at = 0, size = 0;
            const std::uint8_t* data = nullptr;
            const std::uint32_t code = cursor_find(&img, path.data(), n, want, &at, &data, &size);
            romfs::error e{};
            bool same_bytes = true;
            if (want == 5) {
                const auto f = lib->open_file(path);
                if (!f) e = f.error();
                else same_bytes = static_cast<const void*>(f->data()) == data && f->size() == size;
            } else if (const auto d = lib->open_directory(path); !d) {
                e = d.error();
            }
            if (code != static_cast<std::uint32_t>(e.code) || (code != 0 && at != e.offset) || !same_bytes)
                fail(where, want == 5 ? "file" : "directory", path, code, at, e);
        }
        ++comparisons;
        std::vector<listed> from_cursor, from_lib;
        emitted = &from_cursor;
        std::uint32_t at = 0;
        const std::uint32_t code = cursor_list(&img, path.data(), n, emit, &at);
        const auto l = lib->for_each(path, [&](const romfs::image::entry& entry) {
            from_lib.push_back({entry.name().bytes().data(), static_cast<std::uint32_t>(entry.name().size()),
                                entry.is_directory(), entry.size()});
            return true;
        });
        if (code != static_cast<std::uint32_t>(l.code()) || (code != 0 && at != l.error().offset) ||
            from_cursor != from_lib)
            fail(where, "listing", path, code, at, l.error());
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: cursor_check CORPUS_DIR\n");
        return 2;
    }
    if (!corpus_variants::for_each_variant(argv[1], compare)) {
        std::fprintf(stderr, "cursor_check: no corpus in %s\n", argv[1]);
        return 2;
    }
    std::printf("cursor_check: %zu images, %zu comparisons, %zu disagreements\n", images, comparisons, failures);
    return failures == 0 ? 0 : 1;
}
