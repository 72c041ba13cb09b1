// A MicroPython board over its raw REPL, through vfs.rom_ioctl as mpremote
// reads it (both partition shapes: a memoryview, or a block device with
// ioctl/readblocks):
// - romfs query --port PORT: every ROM partition: whether it holds an
//   image, its size, and its integrity record checked on the device
//   (SHA-256 there, compared here);
// - romfs pull --port PORT [--partition N] -o IMAGE: a partition's image
//   back to the host, verified before it is written (atomically).
// Neither writes to the board.
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include <romfs/romfs.hpp>

#include "commands.hpp"
#include "describe.hpp"
#include "io.hpp"
#include "json.hpp"
#include "device.hpp"

namespace romfs::tool {

namespace {

// `pull`: partition i's image in base64 lines of 768 bytes.
constexpr const char* pull_code = R"PY(def _romfs_pull(i):
    r = _romfs_part(i)
    if isinstance(r, int):
        print('ERR', r)
        return
    size, bs, rd = r
    n = _romfs_len(rd(0, min(16, size)), size)
    if not n:
        print('NOIMAGE')
        return
    print('SIZE', n)
    o = 0
    while o < n:
        t = min(768, n - o)
        print(_rb.b2a_base64(rd(o, t)).decode(), end='')
        o += t
    print('END')
_romfs_pull(@INDEX@)
del _romfs_pull, _romfs_part, _romfs_len, _rb
)PY";

// `query`: every partition, and the integrity record (the root's last
// record) checked by a SHA-256 computed here; safe on any partition
// contents (a corrupt image must not raise: the walk is bounded).
constexpr const char* query_code = R"PY(def _romfs_query():
    try:
        import uhashlib as hashlib
    except ImportError:
        try:
            import hashlib
        except ImportError:
            hashlib = None
    if not hasattr(vfs, 'rom_ioctl'):
        print('NOROMFS')
        return
    n = vfs.rom_ioctl(1)
    print('N', n)
    for i in range(n if n > 0 else 0):
        r = _romfs_part(i)
        if isinstance(r, int):
            print('P', i, 'ERR', r)
            continue
        size, bs, rd = r
        shape = 'block' if bs else 'memoryview'
        prep = vfs.rom_ioctl(6, i)
        head = rd(0, min(16, size))
        print('P', i, size, bs, prep, shape, _rb.hexlify(head).decode() or '-')
        if head[:3] != b'\xd2\xcd\x31' or hashlib is None:
            continue
        def vu(p, end):
            v = 0
            while p < end:
                b = rd(p, 1)[0]
                p += 1
                v = (v << 7) | (b & 0x7f)
                if not b & 0x80:
                    return v, p
            return -1, end
        length, base = vu(3, size)
        end = base + length
        if length < 0 or end > size:
            continue
        p = base
        last = -1
        while p < end:
            last = p
            k, p = vu(p, end)
            ln, p = vu(p, end)
            if k < 0 or ln < 0 or ln > end - p:
                last = -1
                break
            p += ln
        if last < 0:
            continue
        h = hashlib.sha256()
        q = base
        while q < last:
            t = min(256, last - q)
            h.update(rd(q, t))
            q += t
        print('I', i, last, _rb.hexlify(h.digest()).decode(), _rb.hexlify(rd(last, min(48, end - last))).decode())
_romfs_query()
del _romfs_query, _romfs_part, _romfs_len, _rb
)PY";

struct partition_info {
    int index = 0;
    long long error = 0; // rom_ioctl(2)'s negative result
    std::uint64_t size = 0;
    std::uint64_t block_size = 0; // of a block device (0: a memoryview)
    long long prepare = 0;        // rom_ioctl(6): the minimum prepare size, or a negative errno
    std::string shape;
    std::string head; // bytes
    bool integrity_seen = false;
    std::uint64_t record_offset = 0;
    std::string digest; // computed on the device, hex
    std::string record; // the last root record's bytes
};

std::string unhex(const std::string& h) {
    std::string out;
    for (std::size_t i = 0; i + 1 < h.size(); i += 2) out += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
    return out;
}

// What the header says: the payload's length and the whole image's size
// (kind, length varuint, payload); both 0 when the partition holds no image.
struct image_sizes {
    std::uint64_t total = 0;
    std::uint64_t payload = 0;
};
image_sizes sizes_of(const std::string& head) {
    if (head.size() < 4 || head.compare(0, 3, "\xd2\xcd\x31") != 0) return {};
    const auto length = romfs::decode_varuint(std::as_bytes(std::span<const char>(head.data() + 3, head.size() - 3)));
    if (!length) return {};
    return {3 + std::uint64_t{length->length} + length->value, length->value};
}

// The integrity record found on the device: {kind, matches}, or none.
nlohmann::ordered_json integrity(const partition_info& p) {
    nlohmann::ordered_json j;
    const auto rec = std::as_bytes(std::span<const char>(p.record.data(), p.record.size()));
    const auto kind = romfs::decode_varuint(rec);
    if (!p.integrity_seen || !kind || kind->value != romfs::kind::integrity) {
        j["kind"] = "none";
        return j;
    }
    const auto len = romfs::decode_varuint(rec.subspan(kind->length));
    const std::size_t body = kind->length + (len ? len->length : 0);
    if (!len || len->value != 33 || rec.size() < body + 33 || rec[body] != std::byte{romfs::hash_algorithm::sha256}) {
        j["kind"] = "unknown";
        j["matches"] = false;
        return j;
    }
    j["kind"] = "sha256";
    j["matches"] = hex(std::string_view(p.record.data() + body + 1, 32)) == p.digest;
    return j;
}


// Connects, enters the raw REPL and runs `code`; its output, or the failure.
result<std::string> run_on_device(const std::string& port_path, std::string_view code, int timeout_ms) {
    device_session board;
    if (auto r = board.open(port_path, timeout_ms); !r) return r.error();
    return board.run(code, timeout_ms);
}

} // namespace

int run_pull(const pull_args& a) {
    std::string code = pull_code;
    code.replace(code.find("@INDEX@"), 7, std::to_string(a.partition));
    const auto out = run_on_device(a.port, code, a.timeout_ms);
    if (!out) return report(out.error());
    std::istringstream lines(*out);
    std::vector<std::byte> image;
    std::uint64_t size = 0;
    bool ended = false;
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("ERR ", 0) == 0)
            return report(a.port + ": ROMFS" + std::to_string(a.partition) + ": no such partition (rom_ioctl(2) gave " +
                              line.substr(4) + ")",
                          1);
        if (line == "NOIMAGE")
            return report(a.port + ": ROMFS" + std::to_string(a.partition) + " holds no ROMFS image", 1);
        if (line.rfind("SIZE ", 0) == 0) {
            size = std::stoull(line.substr(5));
            continue;
        }
        if (line == "END") {
            ended = true;
            break;
        }
        if (!base64_append(line, image)) return report(a.port + ": garbled data from the device", 2);
    }
    if (!ended || image.size() != size)
        return report(a.port + ": the transfer ended early: " + std::to_string(image.size()) + " of " +
                          std::to_string(size) + " bytes",
                      2);
    // Only an image that verifies is written.
    const auto img = romfs::image::open(image);
    if (!img) return report(a.port + ": ROMFS" + std::to_string(a.partition) + ": the image does not open: " +
                            std::string(romfs::message(img.code())), 1);
    if (const auto v = romfs::verify(*img); !v)
        return report(a.port + ": ROMFS" + std::to_string(a.partition) + ": invalid image: " +
                          std::string(romfs::message(v.code())) + " at byte " + std::to_string(v.error().offset),
                      1);
    atomic_file file;
    if (auto r = file.open(a.output); !r) return report(r.error());
    if (!file.write(image)) return report(a.output + ": write failed");
    if (auto r = file.commit(); !r) return report(r.error());
    if (a.output != "-")
        std::printf("pulled %zu-byte image from ROMFS%zu of %s into %s\n", image.size(), a.partition, a.port.c_str(),
                    a.output.c_str());
    return 0;
}

int run_query(const query_args& a) {
    const auto ran = run_on_device(a.port, query_code, a.timeout_ms);
    if (!ran) return report(ran.error());

    std::vector<partition_info> parts;
    long long count = -1;
    bool no_romfs = false;
    std::istringstream lines(*ran);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::istringstream w(line);
        std::string tag;
        w >> tag;
        if (tag == "NOROMFS") no_romfs = true;
        if (tag == "N") w >> count;
        if (tag == "P") {
            partition_info p;
            std::string field;
            w >> p.index >> field;
            if (field == "ERR") {
                w >> p.error;
            } else {
                p.size = std::stoull(field);
                std::string head;
                w >> p.block_size >> p.prepare >> p.shape >> head;
                p.head = head == "-" ? std::string() : unhex(head);
            }
            parts.push_back(p);
        }
        if (tag == "I") {
            int index = 0;
            std::string digest, record;
            w >> index >> std::ws;
            std::uint64_t at = 0;
            w >> at >> digest >> record;
            for (auto& p : parts)
                if (p.index == index) {
                    p.integrity_seen = true;
                    p.record_offset = at;
                    p.digest = digest;
                    p.record = unhex(record);
                }
        }
    }
    if (no_romfs) return report(a.port + ": ROMFS is not enabled on this device (no vfs.rom_ioctl)", 1);
    if (count < 0) return report(a.port + ": the device gave no partition count", 2);

    nlohmann::ordered_json out;
    out["port"] = a.port;
    out["partitions"] = nlohmann::ordered_json::array();
    if (!a.json && count == 0) std::printf("No ROMFS partitions available\n");
    for (const auto& p : parts) {
        nlohmann::ordered_json j;
        j["index"] = p.index;
        if (p.error < 0) {
            j["error"] = errno_name(p.error);
            out["partitions"].push_back(j);
            if (!a.json) std::printf("ROMFS%d partition not found on device (%s)\n", p.index, errno_name(p.error).c_str());
            continue;
        }
        // The erase block: a block device's block size, else what
        // rom_ioctl(6) says, else (as mpremote) the whole partition.
        const std::uint64_t block = p.block_size ? p.block_size : (p.prepare > 0 ? std::uint64_t(p.prepare) : p.size);
        const image_sizes sizes = sizes_of(p.head);
        const std::uint64_t img = sizes.total;
        j["size"] = p.size;
        j["shape"] = p.shape;
        j["erase_block_size"] = block;
        j["erase_block_count"] = block ? p.size / block : 0;
        j["min_prepare_size"] = p.prepare > 0 ? nlohmann::ordered_json(p.prepare) : nlohmann::ordered_json(nullptr);
        if (p.prepare <= 0) j["min_prepare_size_error"] = errno_name(p.prepare);
        // Only rom_ioctl(3) (write prepare) tells the minimum write size,
        // and it erases: query never calls it (deploy reports the size).
        j["min_write_size"] = nullptr;
        j["header"] = hex(p.head);
        j["valid_image"] = img != 0 && img <= p.size;
        j["image_size"] = img ? nlohmann::ordered_json(img) : nlohmann::ordered_json(nullptr);
        j["payload_size"] = img ? nlohmann::ordered_json(sizes.payload) : nlohmann::ordered_json(nullptr);
        j["integrity"] = integrity(p);
        if (!a.json) {
            // The lines mpremote prints, as it prints them, then ours.
            std::printf("ROMFS%d partition has size %llu bytes (%llu blocks of %llu bytes each)\n", p.index,
                        static_cast<unsigned long long>(p.size), static_cast<unsigned long long>(block ? p.size / block : 0),
                        static_cast<unsigned long long>(block));
            std::printf("  Shape: %s\n", p.shape == "block" ? "block device (ioctl, readblocks)" : "memoryview");
            if (p.prepare > 0) std::printf("  Minimum prepare size: %lld bytes\n", p.prepare);
            else std::printf("  Minimum prepare size: not given (rom_ioctl(6) returned %s)\n", errno_name(p.prepare).c_str());
            if (p.shape != "block")
                std::printf("  Minimum write size: told only by rom_ioctl(3), which erases (romfs deploy reports it)\n");
            std::printf("  Raw contents: %s ...\n", hex(p.head.substr(0, 12), ':').c_str());
            if (!img || img > p.size) {
                std::printf("  Not a valid ROMFS\n");
            } else {
                // mpremote's line (its "image size" is the payload's length),
                // then the whole image with its header.
                std::printf("  ROMFS image size: %llu\n", static_cast<unsigned long long>(sizes.payload));
                std::printf("  Image bytes: %llu (with the header)\n", static_cast<unsigned long long>(img));
                const auto in = j["integrity"];
                std::printf("  Integrity: %s\n", in["kind"] == "none" ? "no integrity record"
                                                 : in["kind"] == "sha256" ? (in["matches"] == true ? "sha256, matches" : "sha256, DOES NOT MATCH")
                                                                          : "unknown record");
            }
        }
        out["partitions"].push_back(j);
    }
    if (a.json) print_json(out);
    return 0;
}

} // namespace romfs::tool
