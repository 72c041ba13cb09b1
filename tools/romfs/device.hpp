// What the device commands (query, pull, deploy --port) share: the code
// every session runs first on the board, errno names, and a session (the
// port, the raw REPL, the prelude) that leaves the raw REPL when it ends.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "repl.hpp"

namespace romfs::tool {

// Runs on the device before either command: the built-in binascii (by its
// u-name: an image's own binascii.py, which micropython-lib has, would
// shadow the plain name) and partition i as (size, block size (0 for a
// memoryview), rd(offset, length) -> bytes), or rom_ioctl(2)'s negative
// errno; and _romfs_len(first bytes, size): the size of the image a header
// gives (0: no image, or one larger than the partition). Small and allocation-light, for MicroPython's small heap.
inline constexpr const char* device_prelude = R"PY(import vfs
try:
    import ubinascii as _rb
except ImportError:
    import binascii as _rb
def _romfs_part(i):
    d = vfs.rom_ioctl(2, i)
    if isinstance(d, int):
        return d
    if hasattr(d, 'ioctl'):
        bs = d.ioctl(5, 0)
        buf = bytearray(bs)
        def rd(o, k):
            out = bytearray()
            while k > 0:
                d.readblocks(o // bs, buf)
                s = o % bs
                t = min(k, bs - s)
                out += buf[s:s + t]
                o += t
                k -= t
            return bytes(out)
        return d.ioctl(4, 0) * bs, bs, rd
    return len(d), 0, lambda o, k: bytes(d[o:o + k])
def _romfs_len(h, size):
    if h[:3] != b'\xd2\xcd\x31':
        return 0
    v = 0
    p = 3
    while p < len(h):
        b = h[p]
        p += 1
        v = (v << 7) | (b & 0x7f)
        if not b & 0x80:
            break
    return p + v if p + v <= size else 0
)PY";

// rom_ioctl's negative results by name (MicroPython's mperrno.h values).
inline std::string errno_name(long long e) {
    switch (-e) {
    case 5: return "EIO";
    case 16: return "EBUSY";
    case 19: return "ENODEV";
    case 22: return "EINVAL";
    case 28: return "ENOSPC";
    default: return "errno " + std::to_string(-e);
    }
}

// Base64 (RFC 4648) as binascii.b2a_base64 writes it; false on a bad digit.
inline bool base64_append(std::string_view text, std::vector<std::byte>& out) {
    std::uint32_t acc = 0;
    int bits = 0;
    for (const char c : text) {
        int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '+') v = 62;
        else if (c == '/') v = 63;
        else if (c == '=' || c == '\n' || c == '\r') continue;
        else return false;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::byte>((acc >> bits) & 0xff));
        }
    }
    return true;
}

// Base64 (RFC 4648) without line breaks, as binascii.a2b_base64 reads it.
inline std::string base64(std::span<const std::byte> data) {
    static constexpr char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < data.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, data.size() - i);
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 3; ++k) v = v << 8 | (k < n ? std::to_integer<std::uint32_t>(data[i + k]) : 0u);
        for (std::size_t k = 0; k < 4; ++k) out += k <= n ? digits[(v >> (18 - 6 * k)) & 63] : '=';
    }
    return out;
}

// A board in the raw REPL for the length of one command.
class device_session {
public:
    device_session() = default;
    device_session(const device_session&) = delete;
    device_session& operator=(const device_session&) = delete;
    ~device_session() {
        if (entered_) repl_.exit();
    }

    // Connects, enters the raw REPL and runs the prelude.
    result<void> open(const std::string& port, int timeout_ms) {
        if (auto r = port_.open(port); !r) return r;
        if (auto r = repl_.enter(timeout_ms); !r) return r;
        entered_ = true;
        if (auto r = run(device_prelude, timeout_ms); !r) return r.error();
        return {};
    }

    // Runs `code`; its output. Output on the error stream (a Python
    // exception) is a failure with exit code 1.
    result<std::string> run(std::string_view code, int timeout_ms) {
        const auto ran = repl_.exec(code, timeout_ms);
        if (!ran) return ran.error();
        if (!ran->err.empty()) return failure{1, port_.path() + ": the code failed on the device: " + ran->err};
        return ran->out;
    }

    // A soft reset (Ctrl-D in the raw REPL): the board reboots its
    // MicroPython, remounting /rom, and is left in the friendly REPL.
    result<void> soft_reset(int timeout_ms) {
        if (auto r = port_.read_until(">", timeout_ms); !r) return r.error();
        if (auto r = port_.write("\x04"); !r) return r;
        if (auto r = port_.read_until("soft reboot\r\n", timeout_ms); !r) return r.error();
        if (auto r = port_.read_until("raw REPL; CTRL-B to exit\r\n", timeout_ms); !r) return r.error();
        return {};
    }

    serial_port& port() { return port_; }

private:
    serial_port port_;
    raw_repl repl_{port_};
    bool entered_ = false;
};

} // namespace romfs::tool
