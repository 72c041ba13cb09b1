/// @file
/// Host only (POSIX stat): reads a host directory into a builder tree: sorted by name bytes,
/// symlinks followed (loops refused), special files refused, excluded globs
/// skipped, every file checked readable before anything is written.
#pragma once

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <romfs/builder.hpp>

namespace romfs::tool {

using builder::node;

/// Options for `scan`.
struct scan_options {
    /// Paths (relative to the source root) or names to leave out; see
    /// `rule_matches`. An excluded directory is skipped whole.
    std::vector<std::string> exclude;
    /// Called for each file after it is read from the directory, with the
    /// names of its siblings; may replace it (e.g. `.py` compiled to `.mpy`).
    /// A failure stops the scan.
    std::function<builder::result<void>(node& file, const std::filesystem::path& dir,
                                        const std::vector<std::string>& siblings)>
        transform;
    /// Every directory and file read, for build-system dependency files.
    std::vector<std::filesystem::path>* inputs = nullptr;
};

namespace detail {

inline std::string errno_text(int e) { return std::strerror(e); }

// One directory level being read: its (device, inode) guards against loops.
struct dir_id {
    dev_t dev;
    ino_t ino;
};

inline builder::result<void> scan_dir(const std::filesystem::path& dir, const std::string& rel,
                                      const scan_options& opts, std::vector<dir_id>& chain, node& out) {
    using builder::errc;
    std::vector<std::string> names;
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) {
        return builder::failure{errc::read_failed, (rel.empty() ? dir.string() : rel) + ": cannot list directory: " + ec.message()};
    }
    for (const auto end = std::filesystem::directory_iterator(); it != end; it.increment(ec)) {
        if (ec) break;
        names.push_back(it->path().filename().string());
    }
    if (ec) {
        return builder::failure{errc::read_failed, (rel.empty() ? dir.string() : rel) + ": cannot list directory: " + ec.message()};
    }
    // Byte order, independent of the directory's own order and the locale.
    std::sort(names.begin(), names.end());
    if (opts.inputs) opts.inputs->push_back(dir);
    for (const auto& name : names) {
        const std::string path = rel.empty() ? name : rel + "/" + name;
        bool excluded = false;
        for (const auto& g : opts.exclude) excluded = excluded || builder::rule_matches(g, path);
        if (excluded) continue;
        const std::filesystem::path full = dir / name;
        struct stat st {};
        if (::stat(full.c_str(), &st) != 0) {
            const int e = errno;
            if (e == ELOOP) return builder::failure{errc::invalid_tree, path + ": symlink loop"};
            struct stat lst {};
            const bool dangling = ::lstat(full.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode);
            return builder::failure{dangling ? errc::invalid_tree : errc::read_failed,
                           path + (dangling ? ": dangling symlink" : ": cannot stat: " + errno_text(e))};
        }
        if (S_ISDIR(st.st_mode)) {
            for (const auto& d : chain)
                if (d.dev == st.st_dev && d.ino == st.st_ino) {
                    return builder::failure{errc::invalid_tree, path + ": symlink loop (a directory that contains itself)"};
                }
            node d = builder::directory(name);
            chain.push_back({st.st_dev, st.st_ino});
            auto scanned = scan_dir(full, path, opts, chain, d);
            chain.pop_back();
            if (!scanned) return scanned;
            out.children.push_back(std::move(d));
        } else if (S_ISREG(st.st_mode)) {
            std::FILE* f = std::fopen(full.c_str(), "rb");
            if (f == nullptr) {
                return builder::failure{errc::read_failed, path + ": cannot read: " + errno_text(errno)};
            }
            std::fclose(f);
            node file = builder::host_file(name, full, static_cast<std::uint64_t>(st.st_size));
            if (opts.inputs) opts.inputs->push_back(full);
            if (opts.transform)
                if (auto r = opts.transform(file, dir, names); !r) return r;
            out.children.push_back(std::move(file));
        } else {
            const char* what = S_ISFIFO(st.st_mode)   ? "a FIFO"
                               : S_ISSOCK(st.st_mode) ? "a socket"
                               : S_ISCHR(st.st_mode)  ? "a character device"
                               : S_ISBLK(st.st_mode)  ? "a block device"
                                                      : "not a regular file";
            return builder::failure{errc::invalid_tree,
                           path + ": is " + std::string(what) + "; only files and directories can be stored"};
        }
    }
    return {};
}

} // namespace detail

/// Reads the directory `root` into a directory node named "". A root that
/// cannot be read, or is not a directory, is `read_failed` (the tool's
/// exit code 2: unreadable input).
inline builder::result<node> scan(const std::filesystem::path& root, const scan_options& opts) {
    using builder::errc;
    struct stat st {};
    if (::stat(root.c_str(), &st) != 0)
        return builder::failure{errc::read_failed, root.string() + ": " + detail::errno_text(errno)};
    if (!S_ISDIR(st.st_mode)) return builder::failure{errc::read_failed, root.string() + ": not a directory"};
    node out = builder::directory("");
    std::vector<detail::dir_id> chain{{st.st_dev, st.st_ino}};
    if (auto r = detail::scan_dir(root, "", opts, chain, out); !r) return r.error();
    return out;
}

} // namespace romfs::tool
