// Talking to a MicroPython board: a serial port (a USB CDC ACM device or a
// pseudo-terminal, with plain termios at mpremote's 115200 baud) and the raw
// REPL on it, as mpremote speaks it (tools/mpremote/mpremote/
// transport_serial.py in MicroPython's tree): Ctrl-C to interrupt, Ctrl-A for
// the raw REPL, the code, Ctrl-D, "OK", the output and the error output each
// ended by Ctrl-D, then the ">" prompt; raw-paste mode (Ctrl-E A Ctrl-A, the
// device's window size, flow control by Ctrl-A) when the device has it.
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
        while (!bytes.empty()) {
            const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return failure{2, path_ + ": write failed: " + std::strerror(errno)};
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
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
            if (::read(fd_, buf, sizeof buf) <= 0) return;
        }
    }

    const std::string& path() const { return path_; }

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
};

// The raw REPL on a serial port.
class raw_repl {
public:
    explicit raw_repl(serial_port& port) : port_(port) {}

    // Interrupts whatever runs and enters the raw REPL (no soft reset: the
    // board keeps its state, as `mpremote romfs query` leaves it).
    // A board still booting (or just plugged in) may miss the first
    // Ctrl-C/Ctrl-A: they are sent again every 2 s, for up to `timeout_ms`.
    result<void> enter(int timeout_ms = 10000) {
        failure last{2, port_.path() + ": no answer from the device"};
        for (int waited = 0; waited < timeout_ms; waited += 2000) {
            if (auto r = port_.write("\r\x03\x03"); !r) return r;
            port_.drain(200);
            if (auto r = port_.write("\r\x01"); !r) return r;
            auto got = port_.read_until("raw REPL; CTRL-B to exit\r\n", 2000, 2000);
            if (got) return {};
            last = got.error();
            if (last.message.find("closed the connection") != std::string::npos ||
                last.message.find("read failed") != std::string::npos)
                return last;
        }
        return last;
    }

    // Back to the friendly REPL.
    void exit() { (void)port_.write("\r\x02"); }

    struct output {
        std::string out;
        std::string err;
    };

    // Runs `code`; its output and error output. Raw-paste mode when the
    // device supports it (flow-controlled, fast), else the raw REPL in
    // 256-byte pieces as mpremote writes them.
    result<output> exec(std::string_view code, int timeout_ms = 10000) {
        if (auto r = port_.read_until(">", timeout_ms); !r) return r.error();
        if (raw_paste_) {
            if (auto r = port_.write("\x05" "A\x01"); !r) return r.error();
            const auto answer = port_.read_exactly(2, timeout_ms);
            if (!answer) return answer.error();
            if (*answer == "R\x01") {
                if (auto r = paste(code, timeout_ms); !r) return r.error();
                return follow(timeout_ms);
            }
            raw_paste_ = false;
            if (*answer != "R\x00") {
                // An older device: it read Ctrl-E as "raw REPL" again.
                if (auto r = port_.read_until("w REPL; CTRL-B to exit\r\n>", timeout_ms); !r) return r.error();
            }
        }
        for (std::size_t i = 0; i < code.size(); i += 256) {
            if (auto r = port_.write(code.substr(i, 256)); !r) return r.error();
            ::usleep(10000);
        }
        if (auto r = port_.write("\x04"); !r) return r.error();
        const auto ok = port_.read_exactly(2, timeout_ms);
        if (!ok) return ok.error();
        if (*ok != "OK") return failure{2, port_.path() + ": the device refused the code (answer '" + *ok + "')"};
        return follow(timeout_ms);
    }

    // Whether the last exec used raw-paste mode.
    bool raw_paste() const { return raw_paste_; }

private:
    result<output> follow(int timeout_ms) {
        auto out = port_.read_until("\x04", timeout_ms);
        if (!out) return out.error();
        auto err = port_.read_until("\x04", timeout_ms);
        if (!err) return err.error();
        std::string o = *std::move(out), e = *std::move(err);
        o.pop_back(); // the Ctrl-D that ends each
        e.pop_back();
        return output{std::move(o), std::move(e)};
    }

    result<void> paste(std::string_view code, int timeout_ms) {
        const auto header = port_.read_exactly(2, timeout_ms);
        if (!header) return header.error();
        const std::size_t window = static_cast<unsigned char>((*header)[0]) | static_cast<unsigned char>((*header)[1]) << 8;
        std::size_t remain = window;
        for (std::size_t i = 0; i < code.size();) {
            while (remain == 0) {
                const auto flow = port_.read_exactly(1, timeout_ms);
                if (!flow) return flow.error();
                if (*flow == "\x01") {
                    remain += window;
                } else if (*flow == "\x04") {
                    // The device ended the paste early: acknowledge it.
                    (void)port_.write("\x04");
                    return {};
                } else {
                    return failure{2, port_.path() + ": unexpected byte from the device during raw paste"};
                }
            }
            const std::size_t n = std::min(remain, code.size() - i);
            if (auto r = port_.write(code.substr(i, n)); !r) return r;
            remain -= n;
            i += n;
        }
        if (auto r = port_.write("\x04"); !r) return r;
        if (auto r = port_.read_until("\x04", timeout_ms); !r) return r.error();
        return {};
    }

    serial_port& port_;
    bool raw_paste_ = true;
};

} // namespace romfs::tool
