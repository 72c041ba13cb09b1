// romfs deploy IMAGE --port PORT: an image onto a MicroPython board's ROM
// partition through vfs.rom_ioctl over the raw REPL, as safely as
// romfs/deploy/deploy.hpp does on a device:
// 1. the device hashes the partition (the whole image range first, then
//    each erase block only if that differs): unchanged blocks are skipped,
//    an unchanged image writes nothing;
// 2. erase block 0 first: the old header is gone before any byte changes;
// 3. every other changed block: erase, write (deflate or base64, as the
//    device can decode), read back and compare its SHA-256 on the device;
// 4. block 0 after its header, verified; then the header, and a SHA-256 of
//    the whole image read back.
// Killed at any point (link lost, process killed, board reset), the
// partition holds the old image (nothing was erased yet) or none (the
// header is erased or not yet written), never a new header over a partial
// body. Each rom_ioctl result is checked: a board that cannot write makes
// this exit 1 and claim nothing.
#include <zlib.h>

#include <unistd.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include <romfs/romfs.hpp>

#include "commands.hpp"
#include "describe.hpp"
#include "device.hpp"
#include "io.hpp"

namespace romfs::tool {

namespace {

// Partition i's writer: _H(offset, length, k) (the first k bytes of a
// SHA-256 of the range, in hex), _E(offset, length) (erase: the minimum
// write size, or a negative errno), _W(offset, data) (decode and write:
// prints "E errno" on failure). Prints "S size block_size min_prepare codec"
// (codec 3: deflate, 2: base64, 1: hex, 0: bytes literals), or "ERR errno",
// or "NOHASH" when the device cannot check what it holds.
constexpr const char* setup_code = R"PY(def _romfs_setup(i):
    global _H, _E, _W
    r = _romfs_part(i)
    if isinstance(r, int):
        print('ERR', r)
        return
    size, bs, rd = r
    d = vfs.rom_ioctl(2, i)
    try:
        import uhashlib as hl
    except ImportError:
        try:
            import hashlib as hl
        except ImportError:
            print('NOHASH')
            return
    z = 1 if hasattr(bytes, 'fromhex') else 0
    if hasattr(_rb, 'a2b_base64'):
        z = 2
        try:
            from deflate import DeflateIO, RAW
            from io import BytesIO
            z = 3
        except ImportError:
            pass
    mp = bs if bs else vfs.rom_ioctl(6, i)
    def H(o, n, k):
        s = hl.sha256()
        while n > 0:
            t = min(1024, n)
            s.update(rd(o, t))
            o += t
            n -= t
        return _rb.hexlify(s.digest()[:k]).decode()
    def E(o, n):
        if not bs:
            return vfs.rom_ioctl(3, i, o, n)
        for b in range(o // bs, (o + n + bs - 1) // bs):
            r = d.ioctl(6, b)
            if r and r < 0:
                return r
        return 256
    def W(o, x):
        if z == 3:
            x = DeflateIO(BytesIO(_rb.a2b_base64(x)), RAW, 9).read()
        elif z == 2:
            x = _rb.a2b_base64(x)
        elif z == 1:
            x = bytes.fromhex(x)
        if bs:
            try:
                d.writeblocks(o // bs, x, o % bs)
            except OSError as e:
                print('E', -e.errno)
            return
        r = vfs.rom_ioctl(4, i, o, x)
        if r and r < 0:
            print('E', r)
    _H, _E, _W = H, E, W
    print('S', size, bs, mp, z)
_romfs_setup(@INDEX@)
del _romfs_setup
)PY";

constexpr const char* cleanup_code = "del _H, _E, _W, _romfs_part, _rb\n";

std::string sha256_hex(std::span<const std::byte> data, std::size_t bytes = 32) {
    romfs::sha256 h;
    h.update(data);
    const auto d = h.finish();
    return hex(std::string_view(reinterpret_cast<const char*>(d.data()), bytes));
}

// Raw deflate with a 512-byte window: what DeflateIO(..., RAW, 9) inflates
// in the least RAM (mpremote's choice too). Empty on failure.
std::vector<std::byte> deflate_raw(std::span<const std::byte> data) {
    z_stream z{};
    if (deflateInit2(&z, 9, Z_DEFLATED, -9, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
    std::vector<std::byte> out(deflateBound(&z, static_cast<uLong>(data.size())) + 16);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int r = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return r == Z_STREAM_END ? out : std::vector<std::byte>{};
}

// A chunk as the argument of _W for the device's codec.
std::string encode_chunk(std::span<const std::byte> data, int codec) {
    if (codec == 3) {
        const auto packed = deflate_raw(data);
        if (!packed.empty()) return "b'" + base64(packed) + "'";
        codec = 2;
    }
    if (codec == 2) return "b'" + base64(data) + "'";
    if (codec == 1) return "'" + hex(std::string_view(reinterpret_cast<const char*>(data.data()), data.size())) + "'";
    std::string lit = "b'";
    for (const std::byte b : data) {
        char buf[5];
        std::snprintf(buf, sizeof buf, "\\x%02x", std::to_integer<unsigned>(b));
        lit += buf;
    }
    return lit + "'";
}

// A progress line on stderr: bytes, rate and time left.
class progress_bar {
public:
    progress_bar(bool shown, std::uint64_t total) : shown_(shown), total_(total) {}
    void update(std::uint64_t done) {
        if (!shown_) return;
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
        const int width = 30;
        const int fill = total_ ? static_cast<int>(width * done / total_) : width;
        const double left = rate > 0 ? static_cast<double>(total_ - done) / rate : 0;
        std::fprintf(stderr, "\rromfs: [%.*s%*s] %" PRIu64 "/%" PRIu64 " KiB  %.1f KiB/s  ETA %d:%02d ", fill,
                     "##############################", width - fill, "", done >> 10, total_ >> 10, rate / 1024,
                     static_cast<int>(left) / 60, static_cast<int>(left) % 60);
        std::fflush(stderr);
        drawn_ = true;
    }
    ~progress_bar() {
        if (drawn_) std::fprintf(stderr, "\n");
    }

private:
    bool shown_;
    std::uint64_t total_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// The deploy, once connected; what it did, for the summary line.
struct deployer {
    const deploy_args& a;
    std::span<const std::byte> image;
    device_session& board;
    std::string where; // "ROMFS0 of PORT"

    std::uint64_t size = 0, block = 0, min_write = 0;
    int codec = 0;
    bool block_shape = false;
    unsigned erased = 0, written = 0, unchanged = 0;
    std::uint64_t data_bytes = 0;
    bool header_gone = false; // the old image is no longer there
    bool unmount = false;     // /rom reads this partition: unmount before any change
    bool unmounted = false;

    result<std::string> run(const std::string& code, int extra_ms = 0) {
        return board.run(code, a.timeout_ms + extra_ms);
    }

    // The error with what the partition holds now.
    failure fail(std::string message) const {
        if (header_gone) message += "; the old image was invalidated first, so ROMFS" + std::to_string(a.where.partition) +
                                    " now holds no image (never a partial one): deploy again";
        else message += "; nothing was written, the image on the device is as it was";
        return failure{1, where + ": " + message};
    }

    std::uint64_t erase_length(std::uint64_t b) const {
        // One block the size of the partition (no rom_ioctl(6)): only the
        // image's range, as mpremote prepares it.
        if (block == size) return image.size();
        return std::min(block, size - b * block);
    }

    // Erases block b; the minimum write size it reports.
    result<std::uint64_t> erase(std::uint64_t b) {
        const std::uint64_t len = erase_length(b);
        // Timeouts scale with the erase: 10 KiB/s is slower than any NOR chip.
        const auto out = run("print(_E(" + std::to_string(b * block) + "," + std::to_string(len) + "))",
                             static_cast<int>(len / 10));
        if (!out) return out.error();
        long long r = 0;
        try {
            r = std::stoll(trim(*out));
        } catch (...) {
            return failure{2, where + ": unexpected answer to an erase: '" + trim(*out) + "'"};
        }
        if (r < 0)
            return fail(std::string("the device cannot erase block ") + std::to_string(b) + " (" +
                        (block_shape ? "ioctl(6)" : "rom_ioctl(3), write prepare,") + " returned " + std::to_string(r) +
                        ", " + errno_name(r) + ")");
        header_gone = true;
        ++erased;
        return static_cast<std::uint64_t>(r > 0 ? r : 4);
    }

    // Writes image bytes [from, to) (from aligned to the write size), then
    // checks them on the device; pads with 0xff (the erased value).
    result<void> write_range(std::uint64_t from, std::uint64_t to, progress_bar& bar, std::uint64_t& done) {
        const std::uint64_t w = min_write;
        std::uint64_t chunk = std::max<std::uint64_t>(w, std::min<std::uint64_t>(block, 4096) / w * w);
        for (std::uint64_t at = from; at < to; at += chunk) {
            const std::uint64_t end = std::min(at + chunk, to);
            std::vector<std::byte> data(image.begin() + static_cast<std::ptrdiff_t>(at),
                                        image.begin() + static_cast<std::ptrdiff_t>(end));
            data.resize((data.size() + w - 1) / w * w, std::byte{0xff});
            const bool erased_already =
                std::all_of(data.begin(), data.end(), [](std::byte b) { return b == std::byte{0xff}; });
            if (!erased_already) {
                const auto out = run("_W(" + std::to_string(at) + "," + encode_chunk(data, codec) + ")");
                if (!out) return out.error();
                if (const std::string o = trim(*out); !o.empty()) {
                    long long e = 0;
                    if (o.rfind("E ", 0) == 0) e = std::atoll(o.c_str() + 2);
                    return fail("the device refused a write at offset " + std::to_string(at) + " (" +
                                (block_shape ? "writeblocks" : "rom_ioctl(4)") + " gave " +
                                (e ? std::to_string(e) + ", " + errno_name(e) : "'" + o + "'") + ")");
                }
                data_bytes += data.size();
            }
            done += end - at;
            bar.update(done);
        }
        // Read back on the device: the range's SHA-256 there against ours.
        const auto out = run("print(_H(" + std::to_string(from) + "," + std::to_string(to - from) + ",16))");
        if (!out) return out.error();
        if (trim(*out) != sha256_hex(image.subspan(from, to - from), 16))
            return fail("bytes " + std::to_string(from) + "-" + std::to_string(to) +
                        " read back differently from what was written");
        return {};
    }

    result<void> deploy() {
        const std::uint64_t n = image.size();
        const std::uint64_t count = (n + block - 1) / block;
        const std::string digest = sha256_hex(image);
        std::vector<bool> changed(count, true);
        if (!a.full) {
            const auto whole = run("print(_H(0," + std::to_string(n) + ",32))", static_cast<int>(n / 100));
            if (!whole) return whole.error();
            if (trim(*whole) == digest) {
                unchanged = static_cast<unsigned>(count);
                return {};
            }
            std::string code = "for b in range(" + std::to_string(count) + "):\n print(_H(b*" + std::to_string(block) +
                               ",min(" + std::to_string(block) + "," + std::to_string(n) + "-b*" +
                               std::to_string(block) + "),8))\n";
            const auto hashes = run(code, static_cast<int>(n / 100));
            if (!hashes) return hashes.error();
            std::istringstream lines(*hashes);
            std::string line;
            for (std::uint64_t b = 0; b < count; ++b) {
                if (!std::getline(lines, line)) return failure{2, where + ": the device sent too few block hashes"};
                const std::uint64_t from = b * block;
                changed[b] = trim(line) != sha256_hex(image.subspan(from, std::min(block, n - from)), 8);
            }
        }
        // /rom must not read the partition while it changes (as mpremote).
        if (unmount) {
            if (auto r = run("try:\n    vfs.umount('/rom')\nexcept OSError:\n    pass\n"); !r) return r.error();
            unmounted = true;
        }
        // Header last: block 0 is erased first whatever changed, so the old
        // header is gone before anything else changes.
        changed[0] = true;
        std::uint64_t total = 0;
        for (std::uint64_t b = 0; b < count; ++b) {
            if (changed[b]) total += std::min(block, n - b * block);
            else ++unchanged;
        }
        progress_bar bar(!a.quiet && ::isatty(2) != 0, total);
        std::uint64_t done = 0;

        const auto w = erase(0);
        if (!w) return w.error();
        min_write = block_shape ? 256 : *w;
        if (min_write > block || block % min_write != 0)
            return fail("the device's write size " + std::to_string(min_write) + " does not divide its erase block " +
                        std::to_string(block));
        for (std::uint64_t b = 1; b < count; ++b) {
            if (!changed[b]) continue;
            if (block != size)
                if (auto e = erase(b); !e) return e.error();
            if (auto r = write_range(b * block, std::min(n, (b + 1) * block), bar, done); !r) return r;
            ++written;
        }
        // Block 0 after the header, then the header: the image's first
        // write-size unit (the header is at most 8 bytes).
        const std::uint64_t head = std::min(min_write, n);
        if (head < std::min(block, n))
            if (auto r = write_range(head, std::min(block, n), bar, done); !r) return r;
        if (auto r = write_range(0, head, bar, done); !r) return r;
        ++written;
        const auto whole = run("print(_H(0," + std::to_string(n) + ",32))", static_cast<int>(n / 100));
        if (!whole) return whole.error();
        if (trim(*whole) != digest) return fail("the image read back differs from the one sent");
        if (!block_shape) {
            const auto out = run("print(vfs.rom_ioctl(5," + std::to_string(a.where.partition) + "))");
            if (!out) return out.error();
            if (const long long r = std::atoll(trim(*out).c_str()); r < 0)
                return failure{1, where + ": the image is written and verified, but completing the write "
                                          "(rom_ioctl(5)) failed: " + errno_name(r)};
        }
        return {};
    }
};

} // namespace

int run_device_deploy(const deploy_args& a, std::span<const std::byte> image) {
    const auto start = std::chrono::steady_clock::now();
    const std::string where = "ROMFS" + std::to_string(a.where.partition) + " of " + a.port;
    device_session board;
    if (auto r = board.open(a.port, a.timeout_ms); !r) return report(r.error());
    const std::size_t index = a.where.partition;
    std::string code = setup_code;
    code.replace(code.find("@INDEX@"), 7, std::to_string(index));
    const auto setup = board.run(code, a.timeout_ms);
    if (!setup) return report(setup.error());
    const std::string answer = trim(*setup);
    if (answer.rfind("ERR ", 0) == 0)
        return report(a.port + ": no ROMFS partition " + std::to_string(index) + " (rom_ioctl(2) gave " +
                          answer.substr(4) + ", " + errno_name(std::atoll(answer.c_str() + 4)) + "); nothing was written",
                      1);
    if (answer == "NOHASH")
        return report(where + ": the device has no hashlib, so nothing written could be checked; nothing was written", 1);
    std::istringstream s(answer);
    std::string tag;
    long long size = 0, bs = 0, prepare = 0;
    int codec = 0;
    s >> tag >> size >> bs >> prepare >> codec;
    if (tag != "S" || size <= 0) return report(a.port + ": unexpected answer from the device: '" + answer + "'", 2);

    deployer d{a, image, board, where};
    d.size = static_cast<std::uint64_t>(size);
    d.block_shape = bs > 0;
    d.block = bs > 0 ? static_cast<std::uint64_t>(bs) : (prepare > 0 ? static_cast<std::uint64_t>(prepare) : d.size);
    d.codec = codec;
    if (image.size() > d.size)
        return report(where + ": the image is " + std::to_string(image.size()) + " bytes; the partition holds " +
                          std::to_string(d.size) + "; nothing was written",
                      1);

    d.unmount = index == 0;
    const auto deployed = d.deploy();

    // /rom shows what the partition holds now: remounted (or, with
    // --reset, the board's own boot mounts it).
    std::string after;
    if (a.reset) {
        (void)board.run(cleanup_code, a.timeout_ms);
        if (auto r = board.soft_reset(a.timeout_ms); !r) after = "; the soft reset failed: " + r.error().message;
        else after = "; soft reset: the board remounted /rom";
    } else if (d.unmounted) {
        // As the board's boot mounts it (extmod/vfs.c): /rom, then "/rom"
        // and "/rom/lib" on sys.path if they are not there yet.
        const auto m = board.run("import sys\ntry:\n    vfs.mount(vfs.VfsRom(vfs.rom_ioctl(2,0)),'/rom')\n"
                                 "    for p in ('/rom','/rom/lib'):\n        if p not in sys.path:\n"
                                 "            sys.path.append(p)\n    print('M')\n"
                                 "except OSError as e:\n    print('N', e.errno)\n",
                                 a.timeout_ms);
        after = m && trim(*m) == "M" ? "; /rom remounted" : "; /rom is not mounted (no valid image)";
        (void)board.run(cleanup_code, a.timeout_ms);
    } else {
        (void)board.run(cleanup_code, a.timeout_ms);
        if (index != 0 && d.erased) after = "; not mounted at /rom (only partition 0 is): reset the board to use it";
    }
    if (!deployed) {
        failure f = deployed.error();
        f.message += after;
        return report(f);
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!a.quiet) {
        const std::uint64_t blocks = (image.size() + d.block - 1) / d.block;
        if (d.erased == 0)
            std::printf("%s already holds this %zu-byte image: nothing written (%u blocks unchanged)", where.c_str(),
                        image.size(), d.unchanged);
        else
            std::printf("deployed %zu-byte image to %s (%s, %" PRIu64 " blocks of %" PRIu64
                        " bytes): %u blocks erased, %u written, %u unchanged; read back and verified (SHA-256)",
                        image.size(), where.c_str(), d.block_shape ? "block device" : "memoryview", blocks, d.block,
                        d.erased, d.written, d.unchanged);
        std::printf("; %" PRIu64 " bytes sent, %" PRIu64 " received in %.1f s%s\n", board.port().sent(),
                    board.port().received(), secs, after.c_str());
    }
    return 0;
}

} // namespace romfs::tool
