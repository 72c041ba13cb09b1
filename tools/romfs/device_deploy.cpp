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
#include <unordered_map>
#include <algorithm>
#include <string>
#include <vector>

#include <romfs/romfs.hpp>

#include "commands.hpp"
#include "describe.hpp"
#include "device.hpp"
#include "io.hpp"

namespace romfs::tool {

namespace {

// Partition i's reader, all an unchanged image needs: _H(offset, length,
// k) (the first k bytes of a SHA-256 of the range, in hex). Prints
// "S size block_size min_prepare old_image_size", or "ERR errno", or
// "NOHASH" when the device cannot check what it holds.
constexpr const char* setup_code = R"PY(def _romfs_setup(i):
    global _H
    r = _romfs_part(i)
    if isinstance(r, int):
        print('ERR', r)
        return
    size, bs, rd = r
    try:
        import uhashlib as hl
    except ImportError:
        try:
            import hashlib as hl
        except ImportError:
            print('NOHASH')
            return
    def H(o, n, k):
        s = hl.sha256()
        while n > 0:
            t = min(1024, n)
            s.update(rd(o, t))
            o += t
            n -= t
        return _rb.hexlify(s.digest()[:k]).decode()
    _H = H
    print('S', size, bs, bs if bs else vfs.rom_ioctl(6, i), _romfs_len(rd(0, min(16, size)), size))
_romfs_setup(@INDEX@)
del _romfs_setup
)PY";

// Partition i's writer, sent only when something changes: _E(offset,
// length) (erase: the minimum write size, or a negative errno), _W(offset,
// data) (decode and write: prints "E errno" on failure), and _B(offset,
// erase length, verified length, pieces) (a block put together from
// pieces, each (old offset, length) of what the partition holds or encoded
// new bytes, then erased (unless the erase length is 0) and written from
// byte h on, and hashed from there: prints the hash, or "E errno"), and
// _K(n) (keep the first n bytes, block 0, in RAM before it is erased, for
// _B's copies). Prints "Z codec" (3: deflate, 2: base64, 1: hex, 0: bytes
// literals).
constexpr const char* writer_code = R"PY(def _romfs_writer(i):
    global _E, _W, _B, _K
    size, bs, rd = _romfs_part(i)
    d = vfs.rom_ioctl(2, i)
    z = 1 if hasattr(bytes, 'fromhex') else 0
    if hasattr(_rb, 'a2b_base64'):
        z = 2
        try:
            from deflate import DeflateIO, RAW
            from io import BytesIO
            z = 3
        except ImportError:
            pass
    def E(o, n):
        if not bs:
            # From the start, the 3-argument form: esp8266 and renesas-ra
            # read only (id, length) and erase from the partition's start.
            return vfs.rom_ioctl(3, i, n) if o == 0 else vfs.rom_ioctl(3, i, o, n)
        for b in range(o // bs, (o + n + bs - 1) // bs):
            r = d.ioctl(6, b)
            if r and r < 0:
                return r
        return 256
    def D(x):
        if z == 3:
            return DeflateIO(BytesIO(_rb.a2b_base64(x)), RAW, 11).read()
        if z == 2:
            return _rb.a2b_base64(x)
        if z == 1:
            return bytes.fromhex(x)
        return x
    def P(o, x):
        if bs:
            try:
                d.writeblocks(o // bs, x, o % bs)
            except OSError as e:
                return -e.errno
            return 0
        return vfs.rom_ioctl(4, i, o, x)
    def W(o, x):
        r = P(o, D(x))
        if r and r < 0:
            print('E', r)
    def K(n):
        global _O
        _O = rd(0, n)
    def G(o, n):
        k = len(_O) if '_O' in globals() else 0
        if o + n <= k:
            return _O[o:o + n]
        if o < k:
            return _O[o:] + rd(k, o + n - k)
        return rd(o, n)
    def B(o, n, v, s, h):
        b = bytearray()
        for x in s:
            b += G(x[0], x[1]) if isinstance(x, tuple) else D(x)
        r = E(o, n) if n else 0
        q = h
        while r >= 0 and q < len(b):
            r = P(o + q, b[q:q + 4096]) or 0
            q += 4096
        print(('E %d' % r) if r < 0 else _H(o + h, v - h, 16))
    _E, _W, _B, _K = E, W, B, K
    print('Z', z)
_romfs_writer(@INDEX@)
del _romfs_writer
)PY";

constexpr const char* cleanup_code = R"PY(for n in ('_H', '_E', '_W', '_B', '_K', '_O', '_romfs_part', '_romfs_len', '_rb'):
    if n in globals():
        del globals()[n]
del n
)PY";

std::string sha256_hex(std::span<const std::byte> data, std::size_t bytes = 32) {
    romfs::sha256 h;
    h.update(data);
    const auto d = h.finish();
    return hex(std::string_view(reinterpret_cast<const char*>(d.data()), bytes));
}

// Raw deflate with a 2 KiB window (DeflateIO(..., RAW, 11) on the device:
// 2 KiB of RAM while a chunk is decoded; 14% fewer bytes on the wire than
// mpremote's 512-byte window on micropython-lib). Empty on failure.
std::vector<std::byte> deflate_raw(std::span<const std::byte> data) {
    z_stream z{};
    if (deflateInit2(&z, 9, Z_DEFLATED, -11, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
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
    bool header_gone = false; // the old image is no longer there
    bool unmounted = false; // /rom (partition 0's mount) was unmounted for the change

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

    // --- Delta: blocks put together on the device from the old image.
    // The device hashes the old image in 512-byte chunks; the new image is
    // matched against them at every byte offset (so data that moved, as
    // behind a file that grew, is found), and each changed block is sent as
    // copies of old chunks plus new bytes. Blocks are buffered in the
    // device's RAM, so this is for erase blocks up to 8 KiB.
    static constexpr std::uint64_t chunk_size = 512;
    static constexpr std::uint64_t max_delta_block = 8192;
    std::uint64_t old_size = 0;
    struct piece {
        std::uint64_t dst, len;
        std::int64_t src; // offset in the old image, or -1: new bytes
    };
    std::vector<piece> delta{};
    std::vector<bool> rewritten{};

    result<void> plan_delta() {
        const std::uint64_t n = image.size();
        const std::uint64_t chunks = (old_size + chunk_size - 1) / chunk_size;
        const auto out = run("for k in range(" + std::to_string(chunks) + "):\n print(_H(k*512,min(512," +
                                 std::to_string(old_size) + "-k*512),6))\n",
                             static_cast<int>(old_size / 100));
        if (!out) return out.error();
        std::vector<std::string> old;
        std::unordered_map<std::string, std::uint64_t> where_is;
        std::istringstream lines(*out);
        for (std::string line; std::getline(lines, line);) {
            old.push_back(trim(line));
            const std::uint64_t at = (old.size() - 1) * chunk_size;
            if (at + chunk_size <= old_size) where_is.emplace(old.back(), at);
        }
        if (old.size() != chunks) return failure{2, where + ": the device sent " + std::to_string(old.size()) +
                                                        " chunk hashes, not " + std::to_string(chunks)};
        auto window = [&](std::uint64_t p, std::uint64_t len) { return sha256_hex(image.subspan(p, len), 6); };
        std::uint64_t p = 0, literal = 0;
        // Sliding costs a SHA-256 of a chunk per byte: bounded (four per
        // chunk, and eight chunks' worth of sliding), so a wholly new image
        // costs a few hashes of itself, not one per offset; a shift of d
        // bytes is found after d slides.
        std::uint64_t budget = 4 * (n / chunk_size + 1) + 8 * chunk_size;
        auto emit = [&](std::uint64_t dst, std::uint64_t len, std::int64_t src) {
            if (len == 0) return;
            if (!delta.empty()) {
                piece& last = delta.back();
                const bool joins = last.src < 0 ? src < 0
                                                : src >= 0 && static_cast<std::uint64_t>(last.src) + last.len ==
                                                                  static_cast<std::uint64_t>(src);
                if (joins) {
                    last.len += len;
                    return;
                }
            }
            delta.push_back({dst, len, src});
        };
        while (p + chunk_size <= n && budget > 0) {
            --budget;
            const std::string h = window(p, chunk_size);
            // Where it was, if it did not move; else anywhere.
            std::int64_t src = -1;
            if (p % chunk_size == 0 && p / chunk_size < old.size() && old[p / chunk_size] == h &&
                p + chunk_size <= old_size)
                src = static_cast<std::int64_t>(p);
            else if (const auto it = where_is.find(h); it != where_is.end())
                src = static_cast<std::int64_t>(it->second);
            if (src < 0) {
                ++p;
                continue;
            }
            emit(literal, p - literal, -1);
            emit(p, chunk_size, src);
            p += chunk_size;
            literal = p;
        }
        // The image's last partial chunk, where it was.
        if (budget > 0 && p == literal && p < n && p % chunk_size == 0 && p / chunk_size < old.size() &&
            old_size - p == n - p && old[p / chunk_size] == window(p, n - p)) {
            emit(p, n - p, static_cast<std::int64_t>(p));
            literal = n;
        }
        emit(literal, n - literal, -1);
        return {};
    }

    // Whether block b is already there: copies of itself, from where it is.
    bool kept(std::uint64_t b) const {
        const std::uint64_t from = b * block, to = std::min<std::uint64_t>(image.size(), from + block);
        for (const piece& x : delta) {
            if (x.dst + x.len <= from || x.dst >= to) continue;
            if (x.src < 0 || static_cast<std::uint64_t>(x.src) != x.dst) return false;
        }
        return true;
    }

    // Whether old bytes [src, src + len) are still on the device: in no
    // block already rewritten, and in block 0 (erased first) only when the
    // device kept a copy of it.
    bool still_there(std::uint64_t src, std::uint64_t len) const {
        if (src + len > old_size || (src < block && !kept0)) return false;
        for (std::uint64_t b = src / block; b * block < src + len; ++b)
            if (b != 0 && b < rewritten.size() && rewritten[b]) return false;
        return true;
    }
    bool kept0 = false; // old block 0 is in the device's RAM (_K)

    // The changed blocks after block 0, in an order that keeps old data
    // readable while blocks still copy from it: a block is rewritten once
    // no other block left to write reads its old bytes (where data moved
    // down, front to back; where it moved up, back to front); in a cycle,
    // the block fewest others read goes first (they send those bytes).
    std::vector<std::uint64_t> block_order(const std::vector<bool>& changed) const {
        std::vector<std::uint64_t> todo;
        for (std::uint64_t b = 1; b < changed.size(); ++b)
            if (changed[b]) todo.push_back(b);
        if (delta.empty()) return todo;
        std::vector<std::vector<std::uint64_t>> sources(changed.size());
        std::vector<std::uint64_t> readers(changed.size(), 0);
        for (const std::uint64_t b : todo) {
            const std::uint64_t from = b * block, to = std::min<std::uint64_t>(image.size(), from + block);
            for (const piece& x : delta) {
                const std::uint64_t lo = std::max(x.dst, from), hi = std::min(x.dst + x.len, to);
                if (x.src < 0 || lo >= hi) continue;
                const std::uint64_t src = static_cast<std::uint64_t>(x.src) + (lo - x.dst);
                for (std::uint64_t s = src / block; s * block < src + (hi - lo) && s < changed.size(); ++s)
                    if (s != b && changed[s] &&
                        std::find(sources[b].begin(), sources[b].end(), s) == sources[b].end()) {
                        sources[b].push_back(s);
                        ++readers[s];
                    }
            }
        }
        std::vector<std::uint64_t> order;
        std::vector<bool> done(changed.size(), false);
        while (order.size() < todo.size()) {
            std::uint64_t pick = 0;
            for (const std::uint64_t b : todo)
                if (!done[b] && (pick == 0 || readers[b] < readers[pick])) pick = b;
            done[pick] = true;
            order.push_back(pick);
            for (const std::uint64_t s : sources[pick]) --readers[s];
        }
        return order;
    }

    // Block b from the plan: true when written and verified, false when
    // the device's hash differs (send it whole instead).
    // Block 0 is already erased and its first `head` bytes (the header's
    // unit) wait: they are left out, and written last by the caller.
    result<bool> assemble(std::uint64_t b, std::uint64_t head) {
        const std::uint64_t from = b * block, to = std::min<std::uint64_t>(image.size(), from + block);
        std::string pieces;
        std::vector<std::byte> pending; // new bytes not yet encoded
        auto flush = [&] {
            if (pending.empty()) return;
            pieces += encode_chunk(pending, codec) + ",";
            pending.clear();
        };
        const std::vector<piece> all_new{{from, to - from, -1}};
        for (const piece& x : delta.empty() ? all_new : delta) {
            const std::uint64_t lo = std::max(x.dst, from), hi = std::min(x.dst + x.len, to);
            if (lo >= hi) continue;
            const std::uint64_t src = x.src < 0 ? 0 : static_cast<std::uint64_t>(x.src) + (lo - x.dst);
            if (x.src >= 0 && still_there(src, hi - lo)) {
                flush();
                pieces += "(" + std::to_string(src) + "," + std::to_string(hi - lo) + "),";
            } else {
                pending.insert(pending.end(), image.begin() + static_cast<std::ptrdiff_t>(lo),
                               image.begin() + static_cast<std::ptrdiff_t>(hi));
            }
        }
        // Whole write units: the erased value after the image's end.
        const std::uint64_t padded = (to - from + min_write - 1) / min_write * min_write;
        pending.resize(pending.size() + (padded - (to - from)), std::byte{0xff});
        flush();
        const std::uint64_t len = b == 0 ? 0 : erase_length(b);
        const auto out = run("_B(" + std::to_string(from) + "," + std::to_string(len) + "," +
                                 std::to_string(to - from) + ",[" + pieces + "]," + std::to_string(head) + ")",
                             static_cast<int>(len / 10));
        if (!out) return out.error();
        const std::string o = trim(*out);
        if (o.rfind("E ", 0) == 0) {
            const long long e = std::atoll(o.c_str() + 2);
            return fail("the device could not rewrite block " + std::to_string(b) + " (" + std::to_string(e) + ", " +
                        errno_name(e) + ")");
        }
        if (b != 0) ++erased;
        return o == sha256_hex(image.subspan(from + head, to - from - head), 16);
    }

    result<void> deploy() {
        const std::uint64_t n = image.size();
        const std::uint64_t count = (n + block - 1) / block;
        const std::string digest = sha256_hex(image);
        std::vector<bool> changed(count, true);
        // Only when the partition holds an image is there anything to keep.
        if (!a.full && old_size != 0) {
            if (old_size == n) {
                const auto whole = run("print(_H(0," + std::to_string(n) + ",32))", static_cast<int>(n / 100));
                if (!whole) return whole.error();
                if (trim(*whole) == digest) {
                    unchanged = static_cast<unsigned>(count);
                    return {};
                }
            }
            if (block <= max_delta_block) {
                if (auto r = plan_delta(); !r) return r;
                for (std::uint64_t b = 0; b < count; ++b) changed[b] = !kept(b);
            } else {
                std::string code = "for b in range(" + std::to_string(count) + "):\n print(_H(b*" +
                                   std::to_string(block) + ",min(" + std::to_string(block) + "," + std::to_string(n) +
                                   "-b*" + std::to_string(block) + "),8))\n";
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
        }
        // Something changes: the writer's functions.
        std::string code = writer_code;
        code.replace(code.find("@INDEX@"), 7, std::to_string(a.where.partition));
        const auto z = run(code);
        if (!z) return z.error();
        if (trim(*z).rfind("Z ", 0) != 0) return failure{2, where + ": unexpected answer from the device: '" + trim(*z) + "'"};
        codec = std::atoi(trim(*z).c_str() + 2);
        // /rom must not read the partition while it changes (as mpremote).
        if (a.where.partition == 0) {
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
        rewritten.assign(count, false);

        if (!delta.empty()) {
            if (auto r = run("_K(" + std::to_string(std::min(block, old_size)) + ")"); !r) return r.error();
            kept0 = true;
        }
        const auto w = erase(0);
        if (!w) return w.error();
        min_write = block_shape ? 256 : *w;
        if (min_write > block || block % min_write != 0)
            return fail("the device's write size " + std::to_string(min_write) + " does not divide its erase block " +
                        std::to_string(block));
        for (const std::uint64_t b : block_order(changed)) {
            if (block <= max_delta_block && block != size) {
                // One command per block: put together on the device from
                // what it holds and new bytes, erased, written, hashed; a
                // hash that differs (a stale or colliding copy) falls back
                // to sending the block in pieces.
                const auto r = assemble(b, 0);
                if (!r) return r.error();
                if (*r) {
                    done += std::min(n, (b + 1) * block) - b * block;
                    bar.update(done);
                    ++written;
                    rewritten[b] = true;
                    continue;
                }
            }
            if (block != size)
                if (auto e = erase(b); !e) return e.error();
            if (auto r = write_range(b * block, std::min(n, (b + 1) * block), bar, done); !r) return r;
            ++written;
            rewritten[b] = true;
        }
        // Block 0 after the header, then the header: the image's first
        // write-size unit (the header is at most 8 bytes).
        const std::uint64_t head = std::min(min_write, n);
        if (head < std::min(block, n)) {
            bool assembled = false;
            if (block <= max_delta_block && block != size) {
                const auto r = assemble(0, head);
                if (!r) return r.error();
                assembled = *r;
                if (assembled) {
                    done += std::min(block, n) - head;
                    bar.update(done);
                }
            }
            if (!assembled)
                if (auto r = write_range(head, std::min(block, n), bar, done); !r) return r;
        }
        if (auto r = write_range(0, head, bar, done); !r) return r;
        ++written;
        // Every block written was read back and compared by SHA-256 on the
        // device, every block kept was compared by its hash: no second
        // pass over the whole image.
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
    long long old_size = 0;
    s >> tag >> size >> bs >> prepare >> old_size;
    if (tag != "S" || size <= 0) return report(a.port + ": unexpected answer from the device: '" + answer + "'", 2);

    deployer d{a, image, board, where};
    d.size = static_cast<std::uint64_t>(size);
    d.block_shape = bs > 0;
    d.block = bs > 0 ? static_cast<std::uint64_t>(bs) : (prepare > 0 ? static_cast<std::uint64_t>(prepare) : d.size);
    d.old_size = old_size > 0 ? static_cast<std::uint64_t>(old_size) : 0;
    if (image.size() > d.size)
        return report(where + ": the image is " + std::to_string(image.size()) + " bytes; the partition holds " +
                          std::to_string(d.size) + "; nothing was written",
                      1);

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
                        " bytes, writes of %" PRIu64 "): %u blocks erased, %u written, %u unchanged; read back and "
                        "verified (SHA-256)",
                        image.size(), where.c_str(), d.block_shape ? "block device" : "memoryview", blocks, d.block,
                        d.min_write, d.erased, d.written, d.unchanged);
        static constexpr const char* codecs[] = {"bytes literals", "hex", "base64", "deflate + base64"};
        if (d.erased) std::printf("; sent as %s", codecs[d.codec >= 0 && d.codec <= 3 ? d.codec : 0]);
        std::printf("; %" PRIu64 " bytes sent, %" PRIu64 " received in %.1f s%s\n", board.port().sent(),
                    board.port().received(), secs, after.c_str());
    }
    return 0;
}

} // namespace romfs::tool
