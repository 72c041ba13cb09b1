// romfs's reader side by side with MicroPython's own (extmod/vfs_rom.c,
// extracted at build time), on the same images and paths, both built with
// the same compiler at -O2. Checks first that both return the same data for
// every case, then prints, per case, the instructions per operation
// (callgrind, when valgrind is installed: the program runs itself under it,
// one case and reader at a time, counting only the measured loop) and the
// wall time of each, measured interleaved in one run, with the ratios.
//
//   romfs_vs_micropython [MICROPYTHON_LIB_DIR]
//   romfs_vs_micropython --check [MICROPYTHON_LIB_DIR]   (the agreement only: a CTest)
//
// The cases: the last of 10,000 entries in one directory, every file of
// micropython-lib (when its tree is given: the average per file), a 16-deep
// path, and listing the 10,000-entry directory.
#include <romfs/builder.hpp>
#include <romfs/romfs.hpp>

#include <valgrind/callgrind.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

#include "driver_traits.hpp"
#include "micropython/mp_reader.h"

namespace {

namespace b = romfs::builder;

std::vector<std::byte> build(const b::node& root) {
    auto out = b::build_to_memory(root, {});
    if (!out) {
        std::fprintf(stderr, "romfs_vs_micropython: %s\n", out.error().message.c_str());
        std::exit(2);
    }
    return *std::move(out);
}

// A case: an image and the operations on it (lookups of paths, or listings).
struct bench_case {
    std::string name;
    std::vector<std::byte> image;
    std::vector<std::string> paths;
    bool listing = false;
};

std::vector<bench_case> make_cases(const char* mp_lib) {
    std::vector<bench_case> cases;
    {
        b::node root = b::directory("");
        for (int i = 0; i < 10000; ++i) root.children.push_back(b::memory_file("f" + std::to_string(i), "x"));
        const auto img = build(root);
        cases.push_back({"lookup, last of 10,000 entries", img, {"/f9999"}, false});
        cases.push_back({"listing a 10,000-entry directory", img, {"/"}, true});
    }
    if (mp_lib != nullptr) {
        // Every .py of micropython-lib, in a tree as on a board's /lib.
        namespace fs = std::filesystem;
        b::node root = b::directory("");
        std::vector<std::string> paths;
        std::error_code ec;
        for (fs::recursive_directory_iterator it(mp_lib, ec), end; it != end && !ec; it.increment(ec)) {
            if (!it->is_regular_file() || it->path().extension() != ".py") continue;
            const auto rel = fs::relative(it->path(), mp_lib).generic_string();
            b::node* dir = &root;
            std::string::size_type start = 0;
            for (auto slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', start)) {
                const std::string part = rel.substr(start, slash - start);
                auto found = std::find_if(dir->children.begin(), dir->children.end(),
                                          [&](const b::node& n) { return n.directory && n.name == part; });
                if (found == dir->children.end()) {
                    dir->children.push_back(b::directory(part));
                    found = dir->children.end() - 1;
                }
                dir = &*found;
                start = slash + 1;
            }
            std::ifstream in(it->path(), std::ios::binary);
            std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            dir->children.push_back(b::memory_file(rel.substr(start), std::move(text)));
            paths.push_back("/" + rel);
        }
        b::sort_tree(root);
        std::sort(paths.begin(), paths.end());
        if (!paths.empty())
            cases.push_back({"every file of micropython-lib (" + std::to_string(paths.size()) + ", average)", build(root),
                             paths, false});
    }
    {
        b::node leaf = b::memory_file("file.py", "print(1)\n");
        std::string path;
        for (int d = 15; d >= 0; --d) {
            b::node dir = b::directory("d" + std::to_string(d));
            dir.children.push_back(b::memory_file("other.py", "x"));
            dir.children.push_back(std::move(leaf));
            leaf = std::move(dir);
        }
        for (int d = 0; d < 16; ++d) path += "/d" + std::to_string(d);
        b::node root = b::directory("", {std::move(leaf)});
        cases.push_back({"16-deep path", build(root), {path + "/file.py"}, false});
    }
    return cases;
}

// One operation per reader; the results feed `sink` so nothing is elided.
volatile std::size_t sink;

void romfs_op(const romfs::image& img, const bench_case& c, const std::string& path) {
    if (c.listing) {
        std::size_t n = 0;
        (void)img.for_each(path, [&](const romfs::image::entry& e) {
            n += e.size() + e.name_size();
            return true;
        });
        sink = n;
    } else {
        const auto f = img.open_file(path);
        sink = f ? f->size() : 0;
    }
}

void mp_op(const bench_case& c, const std::string& path) {
    if (c.listing) {
        std::size_t n = 0;
        mpr_list(
            path.c_str(),
            [](void* context, const std::uint8_t*, std::size_t len, int, std::size_t size) {
                *static_cast<std::size_t*>(context) += size + len;
            },
            &n);
        sink = n;
    } else {
        std::size_t size = 0;
        const std::uint8_t* data = nullptr;
        sink = mpr_search(path.c_str(), &size, &data) == MPR_FILE ? size : 0;
    }
}

// Both readers give the same data for every operation of the case.
bool agree(const romfs::image& img, const bench_case& c) {
    for (const auto& path : c.paths) {
        if (c.listing) {
            std::vector<std::string> ours, theirs;
            (void)img.for_each(path, [&](const romfs::image::entry& e) {
                ours.push_back(std::string(e.name().view()) + ":" + std::to_string(e.size()));
                return true;
            });
            mpr_list(
                path.c_str(),
                [](void* context, const std::uint8_t* name, std::size_t len, int, std::size_t size) {
                    static_cast<std::vector<std::string>*>(context)->push_back(
                        std::string(reinterpret_cast<const char*>(name), len) + ":" + std::to_string(size));
                },
                &theirs);
            if (ours != theirs || ours.empty()) return false;
        } else {
            const auto f = img.open_file(path);
            std::size_t size = 0;
            const std::uint8_t* data = nullptr;
            if (!f || mpr_search(path.c_str(), &size, &data) != MPR_FILE || size != f->size() ||
                data != reinterpret_cast<const std::uint8_t*>(f->data()))
                return false;
        }
    }
    return true;
}

bool mount(const bench_case& c, romfs::image& img) {
    const auto opened = romfs::image::open(c.image);
    if (!opened) return false;
    img = *opened;
    return mpr_mount(reinterpret_cast<const std::uint8_t*>(c.image.data()), c.image.size()) == 0;
}

// Under callgrind: `rounds` passes over the case's operations by one reader,
// counted from START to STOP.
int count_mode(const bench_case& c, bool ours, int rounds) {
    romfs::image img;
    if (!mount(c, img)) return 2;
    CALLGRIND_START_INSTRUMENTATION;
    for (int r = 0; r < rounds; ++r)
        for (const auto& p : c.paths) ours ? romfs_op(img, c, p) : mp_op(c, p);
    CALLGRIND_STOP_INSTRUMENTATION;
    return 0;
}

// Instructions per operation, from a callgrind run of count_mode.
double instructions(const char* self, std::size_t index, bool ours, int rounds, std::size_t ops, const char* mp_lib) {
    const std::string out = "/tmp/romfs-vs-mp-" + std::to_string(::getpid()) + ".callgrind";
    const std::string cmd = "valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=" +
                            out + " '" + self + "' --count " + std::to_string(index) + (ours ? " romfs " : " mp ") +
                            std::to_string(rounds) + (mp_lib ? std::string(" '") + mp_lib + "'" : std::string()) +
                            " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) return -1;
    std::ifstream in(out);
    std::string line;
    double total = -1;
    while (std::getline(in, line))
        if (line.rfind("summary: ", 0) == 0 || line.rfind("totals: ", 0) == 0) total = std::stod(line.substr(line.find(' ') + 1));
    std::filesystem::remove(out);
    return total < 0 ? -1 : total / (double(rounds) * double(ops));
}

bool have_valgrind() { return std::system("valgrind --version >/dev/null 2>&1") == 0; }

// Driver calls per lookup when the image is read through a driver (SPI
// flash): byte at a time, and with read-ahead windows of N bytes.
template <class Traits>
double driver_calls(const bench_case& c) {
    std::size_t reads = 0;
    const romfs::test::fake_device dev{c.image.data(), c.image.size(), &reads};
    const auto img = romfs::basic_image<Traits>::open(dev, 0, static_cast<romfs::offset_t>(c.image.size()));
    if (!img) return -1;
    reads = 0;
    for (const auto& p : c.paths)
        if (!img->open_file(p)) return -1;
    return double(reads) / double(c.paths.size());
}

void print_driver_calls(const std::vector<bench_case>& cases) {
    using plain = romfs::test::driver_traits;
    std::printf("\ndriver calls per lookup (image read through a driver)\n%-48s %9s %9s %9s %9s\n", "case", "byte",
                "16 B", "64 B", "256 B");
    for (const auto& c : cases) {
        if (c.listing) continue;
        std::printf("%-48s %9.1f %9.1f %9.1f %9.1f\n", c.name.c_str(), driver_calls<plain>(c),
                    driver_calls<romfs::with_read_ahead<plain, 16>>(c), driver_calls<romfs::with_read_ahead<plain, 64>>(c),
                    driver_calls<romfs::with_read_ahead<plain, 256>>(c));
    }
}

} // namespace

int main(int argc, char** argv) {
    // --count INDEX romfs|mp ROUNDS [MP_LIB]: the callgrind child.
    if (argc >= 5 && std::string(argv[1]) == "--count") {
        const auto cases = make_cases(argc >= 6 ? argv[5] : nullptr);
        const std::size_t index = std::stoul(argv[2]);
        if (index >= cases.size()) return 2;
        return count_mode(cases[index], std::string(argv[3]) == "romfs", std::stoi(argv[4]));
    }
    if (argc >= 2 && std::string(argv[1]) == "--check") {
        const auto cases = make_cases(argc >= 3 ? argv[2] : nullptr);
        std::size_t ops = 0;
        for (const auto& c : cases) {
            romfs::image img;
            if (!mount(c, img) || !agree(img, c)) {
                std::printf("the readers disagree on: %s\n", c.name.c_str());
                return 1;
            }
            ops += c.paths.size();
        }
        std::printf("romfs and MicroPython agree on %zu cases, %zu operations\n", cases.size(), ops);
        return 0;
    }
    const char* mp_lib = argc >= 2 ? argv[1] : nullptr;
    const auto cases = make_cases(mp_lib);
    const bool callgrind = have_valgrind();
    std::printf("%-48s %14s %14s %7s %11s %11s %7s\n", "case", "romfs instr", "MP instr", "ratio", "romfs ns",
                "MP ns", "ratio");
    int status = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const bench_case& c = cases[i];
        romfs::image img;
        if (!mount(c, img) || !agree(img, c)) {
            std::printf("%-48s the readers disagree\n", c.name.c_str());
            status = 1;
            continue;
        }
        double ours_i = -1, theirs_i = -1;
        if (callgrind) {
            const int rounds = c.paths.size() > 100 ? 3 : 20;
            ours_i = instructions(argv[0], i, true, rounds, c.paths.size(), mp_lib);
            theirs_i = instructions(argv[0], i, false, rounds, c.paths.size(), mp_lib);
        }
        // Wall time, interleaved: romfs then MicroPython, many times, the
        // best of each (the least disturbed run).
        using clock = std::chrono::steady_clock;
        double ours_ns = 1e300, theirs_ns = 1e300;
        const int per_round = c.paths.size() > 100 ? 1 : 50;
        for (int round = 0; round < 30; ++round) {
            auto t0 = clock::now();
            for (int k = 0; k < per_round; ++k)
                for (const auto& p : c.paths) romfs_op(img, c, p);
            auto t1 = clock::now();
            for (int k = 0; k < per_round; ++k)
                for (const auto& p : c.paths) mp_op(c, p);
            auto t2 = clock::now();
            const double ops = double(per_round) * double(c.paths.size());
            ours_ns = std::min(ours_ns, std::chrono::duration<double, std::nano>(t1 - t0).count() / ops);
            theirs_ns = std::min(theirs_ns, std::chrono::duration<double, std::nano>(t2 - t1).count() / ops);
        }
        char ours_s[32] = "-", theirs_s[32] = "-", ratio_s[16] = "-";
        if (ours_i > 0 && theirs_i > 0) {
            std::snprintf(ours_s, sizeof ours_s, "%.0f", ours_i);
            std::snprintf(theirs_s, sizeof theirs_s, "%.0f", theirs_i);
            std::snprintf(ratio_s, sizeof ratio_s, "%.2f", ours_i / theirs_i);
        }
        std::printf("%-48s %14s %14s %7s %11.0f %11.0f %7.2f\n", c.name.c_str(), ours_s, theirs_s, ratio_s, ours_ns,
                    theirs_ns, ours_ns / theirs_ns);
    }
    if (!callgrind) std::printf("(valgrind not found: no instruction counts)\n");
    print_driver_calls(cases);
    return status;
}
