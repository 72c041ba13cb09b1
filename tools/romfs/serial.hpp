// A MicroPython board's connection: a serial port (a USB CDC ACM device or a
// pseudo-terminal, with plain termios at mpremote's 115200 baud), or a TCP
// connection as mpremote's socket://HOST:PORT. Reads are buffered.
#pragma once

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "io.hpp"

namespace romfs::tool {

// A serial port opened raw, or a TCP connection to one (socket://HOST:PORT,
// as mpremote accepts: a board's network REPL bridge, QEMU's -serial tcp).
// Errors are exit code 2 (the device cannot be reached or does not answer).
class serial_port {
public:
    serial_port() = default;
    serial_port(const serial_port&) = delete;
    serial_port& operator=(const serial_port&) = delete;
    ~serial_port() {
        if (fd_ >= 0) ::close(fd_);
    }

    result<void> open(const std::string& path) {
        if (path.rfind("socket://", 0) == 0) return connect(path);
        fd_ = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (fd_ < 0) return failure{2, path + ": cannot open: " + std::strerror(errno)};
        termios t{};
        if (::tcgetattr(fd_, &t) == 0) {
            ::cfmakeraw(&t);
            ::cfsetispeed(&t, B115200);
            ::cfsetospeed(&t, B115200);
            t.c_cflag |= CLOCAL | CREAD;
            (void)::tcsetattr(fd_, TCSANOW, &t);
        }
        path_ = path;
        return {};
    }

    result<void> write(std::string_view bytes) {
        if (!write_all(fd_, std::as_bytes(std::span<const char>(bytes.data(), bytes.size()))))
            return failure{2, path_ + ": write failed: " + std::strerror(errno)};
        sent_ += bytes.size();
        return {};
    }

    // Reads until the data read ends with `ending`, or `timeout_ms` passes
    // with no byte at all (a silent device), or `overall_ms` in total. Reads
    // in blocks; what comes after `ending` waits for the next read.
    result<std::string> read_until(std::string_view ending, int timeout_ms, int overall_ms = 600000) {
        std::string data;
        const auto start = std::chrono::steady_clock::now();
        std::size_t searched = 0; // `pending_` bytes known not to complete `ending`
        for (;;) {
            const std::size_t from = searched >= ending.size() ? searched - ending.size() + 1 : 0;
            if (const auto at = pending_.find(ending, from); at != std::string::npos) {
                data = pending_.substr(0, at + ending.size());
                pending_.erase(0, at + ending.size());
                return data;
            }
            searched = pending_.size();
            const auto spent =
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
            if (spent > overall_ms) return timeout(ending);
            if (auto r = fill(timeout_ms); !r) return r.error();
        }
    }

    // Reads exactly `n` bytes.
    result<std::string> read_exactly(std::size_t n, int timeout_ms) {
        while (pending_.size() < n)
            if (auto r = fill(timeout_ms); !r) {
                if (r.error().message.find("no answer") != std::string::npos)
                    return failure{2, path_ + ": the device stopped answering"};
                return r.error();
            }
        std::string data = pending_.substr(0, n);
        pending_.erase(0, n);
        return data;
    }

    // Discards what the device has sent so far.
    void drain(int quiet_ms) {
        pending_.clear();
        for (;;) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, quiet_ms) <= 0) return;
            char buf[256];
            const ssize_t n = ::read(fd_, buf, sizeof buf);
            if (n <= 0) return;
            received_ += static_cast<std::size_t>(n);
        }
    }

    const std::string& path() const { return path_; }

    // Bytes on the wire so far, each way (what a deploy reports).
    std::uint64_t sent() const { return sent_; }
    std::uint64_t received() const { return received_; }

private:
    // Appends what the device sends within `timeout_ms` to `pending_`.
    result<void> fill(int timeout_ms) {
        for (;;) {
            pollfd p{fd_, POLLIN, 0};
            const int r = ::poll(&p, 1, timeout_ms);
            if (r < 0 && errno == EINTR) continue;
            if (r == 0) return failure{2, path_ + ": no answer from the device: is a MicroPython REPL there?"};
            if (r < 0 || (p.revents & (POLLERR | POLLNVAL)) != 0)
                return failure{2, path_ + ": read failed: " + std::strerror(errno)};
            char buf[4096];
            const ssize_t n = ::read(fd_, buf, sizeof buf);
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (n <= 0) return failure{2, path_ + ": the device closed the connection"};
            pending_.append(buf, static_cast<std::size_t>(n));
            received_ += static_cast<std::size_t>(n);
            return {};
        }
    }

    result<void> connect(const std::string& url) {
        path_ = url;
        const std::string where = url.substr(9);
        const auto colon = where.rfind(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == where.size())
            return failure{2, url + ": expected socket://HOST:PORT"};
        std::string host = where.substr(0, colon);
        if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        if (const int e = ::getaddrinfo(host.c_str(), where.substr(colon + 1).c_str(), &hints, &found); e != 0)
            return failure{2, url + ": " + ::gai_strerror(e)};
        int err = 0;
        for (addrinfo* a = found; a != nullptr && fd_ < 0; a = a->ai_next) {
            fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
            if (fd_ >= 0 && ::connect(fd_, a->ai_addr, a->ai_addrlen) != 0) {
                err = errno;
                ::close(fd_);
                fd_ = -1;
            }
        }
        ::freeaddrinfo(found);
        if (fd_ < 0) return failure{2, url + ": cannot connect: " + std::strerror(err)};
        return {};
    }

    failure timeout(std::string_view ending) const {
        std::string shown;
        for (const char c : ending) shown += (c >= 0x20 && c < 0x7f) ? std::string(1, c) : "\\x" + std::to_string(int(c));
        return failure{2, path_ + ": no answer from the device (waiting for '" + shown + "'): is a MicroPython REPL there?"};
    }

    int fd_ = -1;
    std::string path_;
    std::string pending_; // read from the device, not yet consumed
    std::uint64_t sent_ = 0;
    std::uint64_t received_ = 0;
};

} // namespace romfs::tool
