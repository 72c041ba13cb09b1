// Reader benchmarks (Google Benchmark):
//   lookup in a directory of 10,000 entries,
//   lookup of a 16-deep path,
//   full walk of a 10,000-file image.
#include <benchmark/benchmark.h>

#include <string>

#include <romfs/romfs.hpp>

#include "image_writer.hpp"

using namespace romfs::test;

namespace {

const bytes& flat_image() {
    static const bytes img = [] {
        bytes entries;
        for (int i = 0; i < 10000; ++i) {
            const auto f = file(numbered("file_", i, ".py"), numbered("x = ", i, "\n"));
            entries.insert(entries.end(), f.begin(), f.end());
        }
        return image(entries);
    }();
    return img;
}

const bytes& deep_image() {
    static const bytes img = [] {
        bytes inner = cat({file("other.py", "o"), file("leaf.py", "leaf")});
        for (int level = 15; level >= 0; --level)
            inner = cat({file(numbered("sibling_", level), "s"), dir(numbered("dir_", level), inner)});
        return image(inner);
    }();
    return img;
}

std::string deep_path() {
    std::string p;
    for (int level = 0; level < 16; ++level) p += numbered("/dir_", level);
    return p.append("/leaf.py");
}

// 100 directories of 100 files.
const bytes& tree_image() {
    static const bytes img = [] {
        bytes dirs;
        for (int d = 0; d < 100; ++d) {
            bytes files;
            for (int f = 0; f < 100; ++f) {
                const auto e = file(numbered("f", f, ".mpy"), std::string(32, 'b'));
                files.insert(files.end(), e.begin(), e.end());
            }
            const auto e = dir(numbered("d", d), files);
            dirs.insert(dirs.end(), e.begin(), e.end());
        }
        return image(dirs);
    }();
    return img;
}

void BM_lookup_flat_10000_last(benchmark::State& state) {
    const auto img = *romfs::image::open(flat_image());
    for (auto _ : state) {
        auto f = img.open_file("/file_9999.py");
        benchmark::DoNotOptimize(f);
    }
}
BENCHMARK(BM_lookup_flat_10000_last);

void BM_lookup_flat_10000_middle(benchmark::State& state) {
    const auto img = *romfs::image::open(flat_image());
    for (auto _ : state) {
        auto f = img.open_file("/file_5000.py");
        benchmark::DoNotOptimize(f);
    }
}
BENCHMARK(BM_lookup_flat_10000_middle);

void BM_lookup_16_deep(benchmark::State& state) {
    const auto img = *romfs::image::open(deep_image());
    const std::string path = deep_path();
    if (!img.open_file(path)) state.SkipWithError("deep path not found");
    for (auto _ : state) {
        auto f = img.open_file(path);
        benchmark::DoNotOptimize(f);
    }
}
BENCHMARK(BM_lookup_16_deep);

void BM_walk_10000_files(benchmark::State& state) {
    const auto img = *romfs::image::open(tree_image());
    std::size_t files = 0;
    for (auto _ : state) {
        char buf[64];
        romfs::walker<4> w(img, buf);
        files = 0;
        for (const auto& item : w) files += item->entry.is_file();
        benchmark::DoNotOptimize(files);
    }
    if (files != 10000) state.SkipWithError("walk did not see 10,000 files");
    state.counters["files"] = static_cast<double>(files);
}
BENCHMARK(BM_walk_10000_files);

void BM_verify_10000_files(benchmark::State& state) {
    const auto img = *romfs::image::open(tree_image());
    for (auto _ : state) {
        auto r = romfs::verify(img);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_verify_10000_files);

} // namespace

BENCHMARK_MAIN();
