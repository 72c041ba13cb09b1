// romfs build: a directory to an image, streaming, written atomically.
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <romfs/builder/builder.hpp>

#include "commands.hpp"
#include "io.hpp"
#include "scan.hpp"

extern char** environ;

namespace romfs::tool {

int report(const std::string& message, int code) {
    std::fprintf(stderr, "romfs: %s\n", message.c_str());
    return code;
}

std::optional<std::uint64_t> parse_size(const std::string& text) {
    if (text.empty()) return std::nullopt;
    std::uint64_t multiplier = 1;
    std::string digits = text;
    const char last = text.back();
    if (last == 'K' || last == 'k') multiplier = 1024;
    if (last == 'M' || last == 'm') multiplier = 1024 * 1024;
    if (multiplier != 1) digits.pop_back();
    if (digits.empty() || digits.size() > 12) return std::nullopt;
    std::uint64_t v = 0;
    const bool hex = digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
    for (std::size_t i = hex ? 2 : 0; i < digits.size(); ++i) {
        const char c = digits[i];
        int d = -1;
        if (c >= '0' && c <= '9') d = c - '0';
        if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        if (d < 0) return std::nullopt;
        v = v * (hex ? 16 : 10) + static_cast<std::uint64_t>(d);
    }
    return v * multiplier;
}

namespace {

std::optional<std::string> find_on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    if (path == nullptr) return std::nullopt;
    std::string p = path;
    std::size_t start = 0;
    while (start <= p.size()) {
        const std::size_t end = p.find(':', start);
        const std::string dir = p.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return std::nullopt;
}

// Runs argv; returns its exit status, or -1 if it could not be started.
int run_process(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return -1;
    int status = 0;
    if (::waitpid(pid, &status, 0) < 0) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

// Parses "N" or "N:GLOB".
bool parse_align(const std::string& text, builder::align_rule& rule) {
    const auto colon = text.find(':');
    const auto n = parse_size(text.substr(0, colon));
    if (!n || *n == 0 || *n > builder::max_alignment || (*n & (*n - 1)) != 0) return false;
    rule.alignment = static_cast<std::uint32_t>(*n);
    rule.glob = colon == std::string::npos ? "" : text.substr(colon + 1);
    return colon == std::string::npos || !rule.glob.empty();
}

void print_tree(std::FILE* out, const builder::node& dir, const std::string& prefix) {
    for (std::size_t i = 0; i < dir.children.size(); ++i) {
        const auto& c = dir.children[i];
        const bool last = i + 1 == dir.children.size();
        std::fprintf(out, "%s%s %s%s\n", prefix.c_str(), last ? "\\--" : "|--",
                     (c.display.empty() ? c.name : c.display).c_str(), c.directory ? "/" : "");
        if (c.directory) print_tree(out, c, prefix + (last ? "    " : "|   "));
    }
}

// Make syntax: spaces, '#' and '$' escaped.
std::string make_escape(const std::string& path) {
    std::string out;
    for (char c : path) {
        if (c == ' ' || c == '#' || c == '\\') out += '\\';
        if (c == '$') out += '$';
        out += c;
    }
    return out;
}

bool has_python_sources(const builder::node& n) {
    for (const auto& c : n.children) {
        if (c.directory ? has_python_sources(c) : c.name.size() > 3 && c.name.ends_with(".py")) return true;
    }
    return false;
}

} // namespace

int run_build(const build_args& a) {
    builder::options opts;
    for (const auto& text : a.align) {
        builder::align_rule rule;
        if (!parse_align(text, rule))
            return report("--align " + text + ": expected N or N:GLOB with N a power of two up to 16M", 2);
        opts.align.push_back(rule);
    }
    opts.deduplicate = a.dedup;
    opts.integrity = a.hash;
    std::optional<std::uint64_t> max_size;
    if (!a.max_size.empty()) {
        max_size = parse_size(a.max_size);
        if (!max_size) return report("--max-size " + a.max_size + ": expected a byte count (K/M suffixes allowed)", 2);
    }

    std::string source = a.source;
    while (source.size() > 1 && source.back() == '/') source.pop_back();
    // The default output goes beside the directory, never inside the tree it
    // reads (`romfs build .` would otherwise take in its own last output).
    std::string output = a.output;
    if (output.empty()) {
        std::error_code ec;
        const auto dir = std::filesystem::weakly_canonical(std::filesystem::absolute(source), ec);
        if (ec || dir.filename().empty() || dir == dir.root_path())
            return report(a.source + ": give the output with -o (no name beside this directory)", 2);
        output = (dir.parent_path() / (dir.filename().string() + ".romfs")).string();
    }
    std::FILE* tree_out = output == "-" ? stderr : stdout;

    // mpy-cross: given, or found on PATH, unless switched off.
    std::optional<std::string> mpy_cross;
    if (!a.no_mpy_cross) {
        if (!a.mpy_cross.empty()) {
            if (::access(a.mpy_cross.c_str(), X_OK) != 0)
                return report("--mpy-cross " + a.mpy_cross + ": not an executable file", 2);
            mpy_cross = a.mpy_cross;
        } else {
            mpy_cross = find_on_path("mpy-cross");
        }
    }

    std::filesystem::path temp_dir;
    struct cleanup {
        std::filesystem::path& dir;
        ~cleanup() {
            std::error_code ec;
            if (!dir.empty()) std::filesystem::remove_all(dir, ec);
        }
    } clean{temp_dir};

    std::vector<std::filesystem::path> inputs;
    scan_options scan;
    scan.exclude = a.exclude;
    scan.inputs = a.depfile.empty() ? nullptr : &inputs;
    std::size_t compiled = 0;
    if (mpy_cross) {
        scan.transform = [&](builder::node& file, const std::filesystem::path& dir,
                             const std::vector<std::string>& siblings) -> builder::result<void> {
            if (file.name.size() <= 3 || !file.name.ends_with(".py")) return {};
            // As mpremote: a .py with a .mpy beside it is stored as it is.
            const std::string mpy = file.name.substr(0, file.name.size() - 3) + ".mpy";
            for (const auto& s : siblings)
                if (s == mpy) return {};
            if (temp_dir.empty()) {
                char tmpl[] = "/tmp/romfs-mpy-XXXXXX";
                if (::mkdtemp(tmpl) == nullptr)
                    return builder::failure{builder::errc::write_failed,
                                            "cannot create a temporary directory for mpy-cross"};
                temp_dir = tmpl;
            }
            const auto out = temp_dir / (std::to_string(compiled++) + ".mpy");
            const int rc = run_process({*mpy_cross, "-o", out.string(), (dir / file.name).string()});
            struct stat st {};
            if (rc != 0 || ::stat(out.c_str(), &st) != 0)
                return builder::failure{builder::errc::invalid_tree,
                                        (dir / file.name).string() + ": mpy-cross failed" +
                                            (rc < 0 ? " to start" : " (exit " + std::to_string(rc) + ")")};
            file.display = file.name + " -> .mpy"; // as mpremote shows it
            file.name = mpy;
            file.source = out;
            file.size = static_cast<std::uint64_t>(st.st_size);
            return {};
        };
    }

    auto scanned = tool::scan(source, scan);
    if (!scanned) return report(scanned.error().message, exit_code(scanned.error()));
    const builder::node root = *std::move(scanned);
    if (!mpy_cross && !a.no_mpy_cross && has_python_sources(root))
        std::fprintf(stderr, "romfs: warning: mpy-cross not found; .py files are stored as source\n");

    builder::plan plan;
    if (auto r = plan.make(root, opts); !r) return report(r.error().message, exit_code(r.error()));
    if (!a.quiet) {
        std::fprintf(tree_out, "Building romfs filesystem, source directory: %s\n/\n", source.c_str());
        print_tree(tree_out, root, "");
        std::fprintf(tree_out, "Image size is %llu bytes\n", static_cast<unsigned long long>(plan.size()));
    }
    if (max_size && plan.size() > *max_size)
        return report("image is " + std::to_string(plan.size()) + " bytes, more than --max-size " +
                      std::to_string(*max_size));

    atomic_file out;
    if (auto r = out.open(output); !r) return report(r.error().message, r.error().code);

    // Progress on stderr, only on a terminal and only once a build has taken
    // a second (ROMFS_PROGRESS_DELAY_MS changes the delay; the tests use 0).
    const auto start = std::chrono::steady_clock::now();
    auto delay = std::chrono::milliseconds(1000);
    if (const char* d = std::getenv("ROMFS_PROGRESS_DELAY_MS"); d != nullptr) {
        if (const auto ms = parse_size(d)) delay = std::chrono::milliseconds(*ms);
    }
    const bool tty = ::isatty(2) != 0;
    bool shown = false;
    builder::progress progress;
    if (tty) {
        progress = [&](std::uint64_t done, std::uint64_t total) {
            if (std::chrono::steady_clock::now() - start < delay) return;
            shown = true;
            std::fprintf(stderr, "\rromfs: writing %llu / %llu KiB (%u%%)", static_cast<unsigned long long>(done >> 10),
                         static_cast<unsigned long long>(total >> 10),
                         static_cast<unsigned>(total ? done * 100 / total : 100));
        };
    }
    std::fflush(out.stream());
    const int fd = ::fileno(out.stream());
    // Reserve the blocks up front (regular files only; a pipe says no).
    (void)::posix_fallocate(fd, 0, static_cast<off_t>(plan.size()));
    const auto written = plan.write([fd](std::span<const std::byte> b) { return write_all(fd, b); }, progress,
                                    copy_into(fd));
    if (shown) std::fprintf(stderr, "\n");
    if (!written) return report(written.error().message, exit_code(written.error()));
    if (auto r = out.commit(); !r) return report(r.error().message, r.error().code);

    if (!a.depfile.empty()) {
        atomic_file dep;
        if (auto r = dep.open(a.depfile); !r) return report(r.error().message, r.error().code);
        std::string text = make_escape(output) + ":";
        for (const auto& p : inputs) text += " \\\n  " + make_escape(std::filesystem::absolute(p).string());
        text += "\n";
        if (!dep.write(std::as_bytes(std::span<const char>(text.data(), text.size()))))
            return report(a.depfile + ": cannot write", 1);
        if (auto r = dep.commit(); !r) return report(r.error().message, r.error().code);
    }
    if (!a.quiet && output != "-")
        std::fprintf(tree_out, "Wrote %llu bytes to %s\n", static_cast<unsigned long long>(plan.size()),
                     output.c_str());
    return 0;
}

int with_image(const std::string& image, const build_args& b, const std::function<int(const std::string&)>& use) {
    std::error_code ec;
    if (!std::filesystem::is_directory(image, ec)) return use(image);
    char tmpl[] = "/tmp/romfs-deploy-XXXXXX";
    const int fd = ::mkstemp(tmpl);
    if (fd < 0) return report("cannot create a temporary file for the image of " + image, 2);
    ::close(fd);
    build_args args = b;
    args.source = image;
    args.output = tmpl;
    args.quiet = true;
    args.depfile.clear();
    int rc = run_build(args);
    if (rc == 0) rc = use(tmpl);
    ::unlink(tmpl);
    return rc;
}

} // namespace romfs::tool
