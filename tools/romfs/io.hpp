// Host I/O for the romfs tool: whole-file reads and atomic outputs.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace romfs::tool {

// An error for the user: printed as "romfs: <message>", exit code 1.
struct failure {
    std::string message;
    int exit_code = 1;
};

// Reads a whole file (an image) into memory.
inline bool read_file(const std::string& path, std::vector<std::byte>& out, failure& error) {
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        error = {path + ": " + std::strerror(errno), 2};
        return false;
    }
    out.clear();
    std::byte buf[1 << 16];
    for (;;) {
        const std::size_t n = std::fread(buf, 1, sizeof buf, f);
        if (n == 0) break;
        out.insert(out.end(), buf, buf + n);
    }
    const bool bad = std::ferror(f) != 0;
    if (f != stdin) std::fclose(f);
    if (bad) {
        error = {path + ": read error", 2};
        return false;
    }
    return true;
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

    bool open(const std::filesystem::path& target, failure& error) {
        target_ = target;
        if (target == "-") {
            file_ = stdout;
            return true;
        }
        std::string tmpl = (target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path()) /
                           ("." + target.filename().string() + ".tmp-XXXXXX");
        std::vector<char> name(tmpl.begin(), tmpl.end());
        name.push_back('\0');
        const int fd = ::mkstemp(name.data());
        if (fd < 0) {
            error = {target.string() + ": cannot create: " + std::strerror(errno)};
            return false;
        }
        temp_ = name.data();
        // mkstemp makes 0600; an output file gets the usual 0666 & ~umask.
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ::fchmod(fd, 0666 & ~mask);
        file_ = ::fdopen(fd, "wb");
        if (file_ == nullptr) {
            ::close(fd);
            error = {target.string() + ": cannot open: " + std::strerror(errno)};
            return false;
        }
        return true;
    }

    bool write(std::span<const std::byte> bytes) {
        return std::fwrite(bytes.data(), 1, bytes.size(), file_) == bytes.size();
    }

    std::FILE* stream() const { return file_; }

    bool commit(failure& error) {
        if (file_ == stdout) {
            file_ = nullptr;
            if (std::fflush(stdout) != 0) {
                error = {"cannot write to standard output"};
                return false;
            }
            return true;
        }
        // Atomic against errors and concurrent readers; no fsync: a build
        // output is cheap to redo, and fsync would dominate build time.
        const bool flushed = std::fflush(file_) == 0;
        const bool closed = std::fclose(file_) == 0;
        file_ = nullptr;
        if (!flushed || !closed) {
            error = {target_.string() + ": write failed: " + std::strerror(errno)};
            discard();
            return false;
        }
        if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
            error = {target_.string() + ": cannot replace: " + std::strerror(errno)};
            discard();
            return false;
        }
        temp_.clear();
        return true;
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
