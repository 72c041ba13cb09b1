// Host I/O for the romfs tool (POSIX): whole-file reads, atomic outputs,
// and the in-kernel copy of host files into a built image.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <romfs/builder.hpp>
#include <romfs/format/error.hpp>

namespace romfs::tool {

// An error for the user: printed as "romfs: <message>". `code` is the exit
// code (docs/cli.md): 1 the content is invalid or a check failed, 2 a usage
// error or unreadable input; 0, the value-initialised state, is success.
struct failure {
    int code = 0;
    std::string message;
};

template <class T>
using result = romfs::result<T, failure>;

// Prints "romfs: <message>" to stderr and returns the failure's exit code.
inline int report(const failure& f) {
    std::fprintf(stderr, "romfs: %s\n", f.message.c_str());
    return f.code;
}

// The exit code of a builder failure: an unreadable input or a bad option is
// 2, a tree that cannot be stored or a failed write 1.
inline int exit_code(const builder::failure& f) {
    return f.code == builder::errc::read_failed || f.code == builder::errc::invalid_option ? 2 : 1;
}

// Reads a whole file (an image) into memory; "-" is standard input. A
// directory or an unreadable file is exit code 2.
inline result<std::vector<std::byte>> read_file(const std::string& path) {
    if (path != "-" && std::filesystem::is_directory(path)) return failure{2, path + ": is a directory, not an image"};
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (f == nullptr) return failure{2, path + ": " + std::strerror(errno)};
    std::vector<std::byte> out;
    std::byte buf[1 << 16];
    for (;;) {
        const std::size_t n = std::fread(buf, 1, sizeof buf, f);
        if (n == 0) break;
        out.insert(out.end(), buf, buf + n);
    }
    const bool bad = std::ferror(f) != 0;
    if (f != stdin) std::fclose(f);
    if (bad) return failure{2, path + ": read error"};
    return out;
}

// Writes all of `b` to `fd`.
inline bool write_all(int fd, std::span<const std::byte> b) {
    while (!b.empty()) {
        const ssize_t n = ::write(fd, b.data(), b.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        b = b.subspan(static_cast<std::size_t>(n));
    }
    return true;
}

// The builder's fast path for host files into the descriptor `fd`: inside
// the kernel (copy_file_range) where the file systems allow it, else through
// one large buffer; the file must still have the size it was planned with.
inline builder::file_copy copy_into(int fd) {
    return [fd](const builder::node& n, const std::string& path) -> builder::result<void> {
        using builder::errc;
        using builder::failure;
        const int in = ::open(n.source.c_str(), O_RDONLY | O_CLOEXEC);
        if (in < 0) return failure{errc::read_failed, path + ": cannot read " + n.source.string()};
        struct closer {
            int fd;
            ~closer() { ::close(fd); }
        } close_in{in};
        const failure changed{errc::changed_size, path + ": file changed size during the build (" + n.source.string() + ")"};
        static thread_local std::vector<std::byte> buffer(1 << 20);
        bool kernel = true;
        for (std::uint64_t left = n.size; left > 0;) {
            ssize_t got = -1;
            if (kernel) {
                got = ::copy_file_range(in, nullptr, fd, nullptr, static_cast<std::size_t>(std::min<std::uint64_t>(left, 1u << 30)), 0);
                if (got < 0 && errno != EINTR && errno != EIO && errno != ENOSPC) {
                    kernel = false; // pipes, other file systems, old kernels
                    continue;
                }
            } else {
                got = ::read(in, buffer.data(), static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size())));
                if (got > 0 && !write_all(fd, std::span<const std::byte>(buffer.data(), static_cast<std::size_t>(got))))
                    return failure{errc::write_failed, "cannot write the image"};
            }
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) return failure{errc::read_failed, path + ": read error on " + n.source.string()};
            if (got == 0) return changed;
            left -= static_cast<std::uint64_t>(got);
        }
        std::byte probe[1];
        if (::read(in, probe, 1) != 0) return changed;
        return {};
    };
}

// An output file that appears only when complete: bytes go to a temporary
// file in the same directory, renamed over the target on commit. Without a
// commit (any error), the temporary file is removed and the target untouched.
class atomic_file {
public:
    atomic_file() = default;
    atomic_file(const atomic_file&) = delete;
    atomic_file& operator=(const atomic_file&) = delete;
    ~atomic_file() { discard(); }

    result<void> open(const std::filesystem::path& target) {
        target_ = target;
        if (target == "-") {
            file_ = stdout;
            return {};
        }
        std::string tmpl = (target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path()) /
                           ("." + target.filename().string() + ".tmp-XXXXXX");
        std::vector<char> name(tmpl.begin(), tmpl.end());
        name.push_back('\0');
        const int fd = ::mkstemp(name.data());
        if (fd < 0) {
            const int e = errno;
            const auto parent = target.parent_path();
            if (e == ENOENT && !parent.empty() && !std::filesystem::exists(parent))
                return failure{2, target.string() + ": cannot create: the directory " + parent.string() + " does not exist"};
            return failure{2, target.string() + ": cannot create: " + std::strerror(e)};
        }
        temp_ = name.data();
        // mkstemp makes 0600; an output file gets the usual 0666 & ~umask.
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ::fchmod(fd, 0666 & ~mask);
        file_ = ::fdopen(fd, "wb");
        if (file_ == nullptr) {
            ::close(fd);
            return failure{2, target.string() + ": cannot open: " + std::strerror(errno)};
        }
        return {};
    }

    bool write(std::span<const std::byte> bytes) {
        return std::fwrite(bytes.data(), 1, bytes.size(), file_) == bytes.size();
    }

    std::FILE* stream() const { return file_; }

    result<void> commit() {
        if (file_ == stdout) {
            file_ = nullptr;
            if (std::fflush(stdout) != 0) return failure{1, "cannot write to standard output"};
            return {};
        }
        // Atomic against errors and concurrent readers; no fsync: a build
        // output is cheap to redo, and fsync would dominate build time.
        const bool flushed = std::fflush(file_) == 0;
        const bool closed = std::fclose(file_) == 0;
        file_ = nullptr;
        if (!flushed || !closed) {
            const int e = errno;
            discard();
            return failure{1, target_.string() + ": write failed: " + std::strerror(e)};
        }
        if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
            const int e = errno;
            discard();
            return failure{1, target_.string() + ": cannot replace: " + std::strerror(e)};
        }
        temp_.clear();
        return {};
    }

    void discard() {
        if (file_ != nullptr && file_ != stdout) std::fclose(file_);
        file_ = nullptr;
        if (!temp_.empty()) {
            ::unlink(temp_.c_str());
            temp_.clear();
        }
    }

private:
    std::filesystem::path target_;
    std::string temp_;
    std::FILE* file_ = nullptr;
};

} // namespace romfs::tool
