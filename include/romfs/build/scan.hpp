/// @file
/// Reads a host directory into a builder tree: sorted by name bytes,
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

#include "builder.hpp"
#include "glob.hpp"
#include "tree.hpp"

namespace romfs::build {

/// Options for `scan`.
struct scan_options {
    /// Paths (relative to the source root) or names to leave out; see
    /// `rule_matches`. An excluded directory is skipped whole.
    std::vector<std::string> exclude;
    /// Called for each file after it is read from the directory, with the
    /// names of its siblings; may replace it (e.g. `.py` compiled to `.mpy`).
    /// Returns false and sets the failure to stop the scan.
    std::function<bool(node& file, const std::filesystem::path& dir, const std::vector<std::string>& siblings,
                       failure& error)>
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

inline bool scan_dir(const std::filesystem::path& dir, const std::string& rel, const scan_options& opts,
                     std::vector<dir_id>& chain, node& out, failure& error) {
    std::vector<std::string> names;
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) {
        error.message = (rel.empty() ? dir.string() : rel) + ": cannot list directory: " + ec.message();
        return false;
    }
    for (const auto end = std::filesystem::directory_iterator(); it != end; it.increment(ec)) {
        if (ec) break;
        names.push_back(it->path().filename().string());
    }
    if (ec) {
        error.message = (rel.empty() ? dir.string() : rel) + ": cannot list directory: " + ec.message();
        return false;
    }
    // Byte order, independent of the directory's own order and the locale.
    std::sort(names.begin(), names.end());
    if (opts.inputs) opts.inputs->push_back(dir);
    for (const auto& name : names) {
        const std::string path = rel.empty() ? name : rel + "/" + name;
        bool excluded = false;
        for (const auto& g : opts.exclude) excluded = excluded || rule_matches(g, path);
        if (excluded) continue;
        const std::filesystem::path full = dir / name;
        struct stat st {};
        if (::stat(full.c_str(), &st) != 0) {
            const int e = errno;
            if (e == ELOOP) {
                error.message = path + ": symlink loop";
            } else {
                struct stat lst {};
                const bool dangling = ::lstat(full.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode);
                error.message = path + (dangling ? ": dangling symlink" : ": cannot stat: " + errno_text(e));
            }
            return false;
        }
        if (S_ISDIR(st.st_mode)) {
            for (const auto& d : chain)
                if (d.dev == st.st_dev && d.ino == st.st_ino) {
                    error.message = path + ": symlink loop (a directory that contains itself)";
                    return false;
                }
            node d = directory(name);
            chain.push_back({st.st_dev, st.st_ino});
            const bool ok = scan_dir(full, path, opts, chain, d, error);
            chain.pop_back();
            if (!ok) return false;
            out.children.push_back(std::move(d));
        } else if (S_ISREG(st.st_mode)) {
            std::FILE* f = std::fopen(full.c_str(), "rb");
            if (f == nullptr) {
                error.message = path + ": cannot read: " + errno_text(errno);
                return false;
            }
            std::fclose(f);
            node file = host_file(name, full, static_cast<std::uint64_t>(st.st_size));
            if (opts.inputs) opts.inputs->push_back(full);
            if (opts.transform && !opts.transform(file, dir, names, error)) return false;
            out.children.push_back(std::move(file));
        } else {
            const char* what = S_ISFIFO(st.st_mode)   ? "a FIFO"
                               : S_ISSOCK(st.st_mode) ? "a socket"
                               : S_ISCHR(st.st_mode)  ? "a character device"
                               : S_ISBLK(st.st_mode)  ? "a block device"
                                                      : "not a regular file";
            error.message = path + ": is " + std::string(what) + "; only files and directories can be stored";
            return false;
        }
    }
    return true;
}

} // namespace detail

/// Reads the directory `root` into `out` (a directory node named "").
inline bool scan(const std::filesystem::path& root, const scan_options& opts, node& out, failure& error) {
    struct stat st {};
    if (::stat(root.c_str(), &st) != 0) {
        error.message = root.string() + ": " + detail::errno_text(errno);
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        error.message = root.string() + ": not a directory";
        return false;
    }
    out = directory("");
    std::vector<detail::dir_id> chain{{st.st_dev, st.st_ino}};
    return detail::scan_dir(root, "", opts, chain, out, error);
}

} // namespace romfs::build
