/// @file
/// The image builder. Plans the whole image from the tree's metadata (sizes,
/// names, alignment, deduplication), then writes it in one streaming pass over
/// the file contents, holding one fixed-size buffer.
///
/// With default options the output is byte-identical to
/// `mpremote romfs build` (without mpy-cross): entries in the tree's order
/// (sort it with `sort_tree`), one verbatim data record per file, minimal
/// varuints, and an odd total made even by padding the filesystem length
/// varuint with one 0x80. The options add, without changing what an older
/// reader sees:
/// - per-file data alignment relative to the image start: padding before the
///   data record (a padding record, or one 0x80 on the data length varuint
///   for a single byte); the total is then made even by a 3-byte padding
///   record at the end of the root, which moves no data;
/// - deduplication: a file whose contents equal an earlier file's (SHA-256)
///   gets an indirect data record pointing at the earlier copy.
#pragma once

#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../format/kinds.hpp"
#include "../format/varuint.hpp"
#include "glob.hpp"
#include "sha256.hpp"
#include "tree.hpp"

namespace romfs::build {

/// Align the data of matching files to `alignment` bytes from the image
/// start. An empty `glob` matches every file.
struct align_rule {
    std::uint32_t alignment = 1; ///< A power of two.
    std::string glob;            ///< See `rule_matches`.
};

/// Builder options. The defaults reproduce `mpremote romfs build`.
struct options {
    std::vector<align_rule> align; ///< First matching rule wins.
    bool deduplicate = false;      ///< Share identical contents through indirect records.
    /// Append an integrity record (SHA-256 of the payload in front of it) as
    /// the root's last record; readers that skip unknown kinds see the same tree.
    bool integrity = false;
};

/// A builder failure: what went wrong, naming the path involved.
struct failure {
    std::string message; ///< Human-readable, e.g. "lib/a.py: cannot read: Permission denied".
};

/// Receives the image bytes in order; returns false to abort (e.g. disk full).
using sink = std::function<bool(std::span<const std::byte>)>;

/// Called while writing with (bytes written, total).
using progress = std::function<void(std::uint64_t, std::uint64_t)>;

/// Largest alignment a rule may ask for.
inline constexpr std::uint32_t max_alignment = 1u << 24;

/// A planned image: every record's position and size is known; `write`
/// produces the bytes.
class plan {
public:
    /// Plans an image of `root` (a directory node; its name is ignored). The
    /// plan refers to the tree, which must outlive it. Returns false and sets
    /// `error` when the tree or options are invalid.
    bool make(const node& root, const options& opts, failure& error) {
        items_.clear();
        aligned_ = false;
        hash_ = opts.integrity;
        for (const auto& r : opts.align) {
            if (r.alignment == 0 || (r.alignment & (r.alignment - 1)) != 0 || r.alignment > max_alignment) {
                error.message = "alignment " + std::to_string(r.alignment) + " is not a power of two up to 2^24";
                return false;
            }
            aligned_ = aligned_ || r.alignment > 1;
        }
        if (!root.directory) {
            error.message = "the root of an image must be a directory";
            return false;
        }
        root_ = &root;
        if (!flatten(root, opts, error)) return false;
        if (opts.deduplicate && !find_duplicates(error)) return false;
        return layout(error);
    }

    /// A temporary tree would dangle: keep the tree alive while planning and writing.
    bool make(node&&, const options&, failure&) = delete;

    /// Total image size in bytes.
    std::uint64_t size() const noexcept { return size_; }
    /// Number of files and directories in the image.
    std::size_t entries() const noexcept { return items_.size(); }

    /// Writes the image to `out`. Fails, naming the path, if a host file
    /// cannot be read or no longer has the size it had when planned.
    bool write(const sink& out, failure& error, const progress& report = {}) const {
        return write_impl(out, -1, error, report);
    }

private:
    bool write_impl(const sink& out, int fd, failure& error, const progress& report) const {
        writer w(out, report, size_);
        // The hash must see every payload byte: no in-kernel copies then.
        w.fd = hash_ ? -1 : fd;
        w.header(romfs::kind::filesystem, root_width_, root_payload_);
        w.hashing = hash_;
        const std::size_t n = items_.size();
        for (std::size_t i = 0; i < n; i = items_[i].end) {
            if (!emit(w, i, error)) return false;
        }
        if (tail_pad_) {
            const std::byte pad[3] = {std::byte{1}, std::byte{1}, std::byte{0}};
            w.put(pad);
        }
        if (hash_) {
            w.hashing = false;
            const romfs::sha256::digest d = w.hash.finish();
            w.header(romfs::kind::integrity, 1, 1 + d.size());
            w.varuint(romfs::hash_algorithm::sha256, 1);
            w.put(std::as_bytes(std::span<const std::uint8_t>(d)));
        }
        if (!w.flush()) {
            error.message = "cannot write the image";
            return false;
        }
        if (w.written != size_) {
            error.message = "internal error: wrote " + std::to_string(w.written) + " bytes, planned " +
                            std::to_string(size_);
            return false;
        }
        return true;
    }

public:
    /// Writes the image to the file descriptor `fd` (a regular file or a
    /// pipe). File contents go from source to output inside the kernel
    /// (`copy_file_range`) where possible, without passing through user space.
    bool write_fd(int fd, failure& error, const progress& report = {}) const {
        const sink to_fd = [fd](std::span<const std::byte> b) { return write_all(fd, b); };
        // Reserve the blocks up front (regular files only; a pipe says no).
        (void)::posix_fallocate(fd, 0, static_cast<off_t>(size_));
        return write_impl(to_fd, fd, error, report);
    }

    /// Where the data of the file at `relative_path` starts (from the image
    /// start), for listings and tests; 0 if there is no such file.
    std::uint64_t data_offset(std::string_view relative_path) const {
        for (const auto& it : items_)
            if (!it.n->directory && it.path == relative_path) return it.data_offset;
        return 0;
    }

private:
    struct item {
        const node* n = nullptr;
        std::string path;            // relative to the source root: "lib/a.py"
        std::size_t end = 0;         // pre-order index past this subtree
        std::uint32_t alignment = 1; // required data alignment
        std::ptrdiff_t canonical = -1; // dedup: index of the file holding the data
        std::size_t width = 1;       // record length varuint width
        std::uint64_t payload = 0;   // record payload length
        std::uint64_t pad = 0;       // bytes of padding record before the data record
        std::size_t data_width = 1;  // verbatim data length varuint width
        std::uint64_t data_offset = 0;
    };

    static std::size_t vsize(std::uint64_t v) { return romfs::varuint_size(v); }

    bool flatten(const node& root, const options& opts, failure& error) {
        // Pre-order, iteratively: (node, parent path, index of its item).
        struct frame {
            const node* n;
            std::size_t child;
            std::size_t index;
        };
        std::vector<frame> stack;
        auto add = [&](const node& n, const std::string& parent) -> bool {
            if (!valid_name(n.name)) {
                error.message = (parent.empty() ? "" : parent + "/") + n.name + ": invalid name";
                return false;
            }
            item it;
            it.n = &n;
            it.path = parent.empty() ? n.name : parent + "/" + n.name;
            if (!n.directory) {
                for (const auto& r : opts.align)
                    if (r.glob.empty() || rule_matches(r.glob, it.path)) {
                        it.alignment = r.alignment;
                        break;
                    }
                if (n.source.empty() && n.contents.size() != n.size) {
                    error.message = it.path + ": size does not match contents";
                    return false;
                }
            }
            items_.push_back(std::move(it));
            return true;
        };
        stack.push_back({&root, 0, static_cast<std::size_t>(-1)});
        while (!stack.empty()) {
            frame& f = stack.back();
            if (f.child == f.n->children.size()) {
                if (f.index != static_cast<std::size_t>(-1)) items_[f.index].end = items_.size();
                stack.pop_back();
                continue;
            }
            const node& c = f.n->children[f.child++];
            const std::string parent = f.index == static_cast<std::size_t>(-1) ? std::string() : items_[f.index].path;
            if (!add(c, parent)) return false;
            const std::size_t index = items_.size() - 1;
            if (c.directory) {
                stack.push_back({&c, 0, index});
            } else {
                items_[index].end = index + 1;
            }
        }
        return true;
    }

    // Reads a file's bytes in chunks, passing each to `use`.
    static bool read_file(const node& n, const std::string& path, std::uint64_t expected,
                          const std::function<void(std::span<const std::byte>)>& use, failure& error) {
        if (n.source.empty()) {
            use(std::as_bytes(std::span<const char>(n.contents.data(), n.contents.size())));
            return true;
        }
        std::FILE* f = std::fopen(n.source.c_str(), "rb");
        if (f == nullptr) {
            error.message = path + ": cannot read " + n.source.string();
            return false;
        }
        static thread_local std::array<std::byte, 1 << 16> buffer;
        std::uint64_t total = 0;
        for (;;) {
            const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), f);
            if (got == 0) break;
            total += got;
            if (total > expected) break;
            use(std::span<const std::byte>(buffer.data(), got));
        }
        const bool read_error = std::ferror(f) != 0;
        std::fclose(f);
        if (read_error) {
            error.message = path + ": read error on " + n.source.string();
            return false;
        }
        if (total != expected) {
            error.message = path + ": file changed size during the build (" + n.source.string() + ")";
            return false;
        }
        return true;
    }

    bool find_duplicates(failure& error) {
        // Only files sharing a size can be equal; only those are hashed.
        // Below 8 bytes an indirect record is no smaller than the data.
        std::map<std::uint64_t, std::vector<std::size_t>> by_size;
        for (std::size_t i = 0; i < items_.size(); ++i)
            if (!items_[i].n->directory && items_[i].n->size >= 8) by_size[items_[i].n->size].push_back(i);
        for (auto& [size, group] : by_size) {
            if (group.size() < 2) continue;
            std::map<sha256::digest, std::size_t> first;
            for (std::size_t i : group) {
                sha256 h;
                if (!read_file(*items_[i].n, items_[i].path, size, [&](auto s) { h.update(s); }, error)) return false;
                const auto [it, inserted] = first.emplace(h.finish(), i);
                if (!inserted) {
                    items_[i].canonical = static_cast<std::ptrdiff_t>(it->second);
                    auto& c = items_[it->second];
                    c.alignment = std::max(c.alignment, items_[i].alignment);
                }
            }
        }
        return true;
    }

    // Lower bound of every record's size (no alignment padding, shortest
    // indirect offsets), used as the starting varuint widths so that the
    // default layout is exact in one pass and others only ever grow.
    std::uint64_t lower_bound(std::size_t i) {
        item& it = items_[i];
        const std::uint64_t name = vsize(it.n->name.size()) + it.n->name.size();
        std::uint64_t payload = name;
        if (it.n->directory) {
            for (std::size_t j = i + 1; j < it.end; j = items_[j].end) payload += lower_bound(j);
        } else if (it.canonical >= 0) {
            payload += 2 + vsize(it.n->size) + 1;
        } else {
            payload += 1 + vsize(it.n->size) + it.n->size;
        }
        it.width = vsize(payload);
        return 1 + it.width + payload;
    }

    // Places record i at absolute offset s; returns its total size. Widths
    // only grow, so the fixed point is reached in a few passes.
    std::uint64_t place(std::size_t i, std::uint64_t s) {
        item& it = items_[i];
        for (;;) {
            const std::uint64_t payload_start = s + 1 + it.width;
            const std::uint64_t q = payload_start + vsize(it.n->name.size()) + it.n->name.size();
            std::uint64_t end = q;
            if (it.n->directory) {
                for (std::size_t j = i + 1; j < it.end; j = items_[j].end) end += place(j, end);
            } else if (it.canonical >= 0) {
                const item& c = items_[static_cast<std::size_t>(it.canonical)];
                it.data_offset = c.data_offset;
                end += 2 + vsize(it.n->size) + vsize(c.data_offset - fs_base_);
            } else {
                const std::uint64_t a = it.alignment;
                const std::uint64_t base = q + 1 + vsize(it.n->size);
                const std::uint64_t k = (a - base % a) % a;
                it.pad = k == 1 ? 0 : k;
                it.data_width = vsize(it.n->size) + (k == 1 ? 1 : 0);
                it.data_offset = q + it.pad + 1 + it.data_width;
                end = it.data_offset + it.n->size;
            }
            const std::uint64_t payload = end - payload_start;
            if (vsize(payload) > it.width) {
                it.width = vsize(payload);
                continue;
            }
            it.payload = payload;
            return 1 + it.width + payload;
        }
    }

    bool layout(failure& error) {
        std::uint64_t lower = 0;
        for (std::size_t i = 0; i < items_.size(); i = items_[i].end) lower += lower_bound(i);
        root_width_ = vsize(lower);
        tail_pad_ = false;
        for (;;) {
            fs_base_ = 3 + root_width_;
            std::uint64_t end = fs_base_;
            for (std::size_t i = 0; i < items_.size(); i = items_[i].end) end += place(i, end);
            if (hash_) end += romfs::integrity_record_size;
            std::uint64_t payload = end - fs_base_;
            if (vsize(payload) > root_width_) {
                root_width_ = vsize(payload);
                continue;
            }
            const bool odd = (fs_base_ + payload) % 2 != 0;
            if (aligned_) {
                // Fix parity at the end, where it moves no aligned data.
                tail_pad_ = odd;
                if (odd) payload += 3;
                if (vsize(payload) > root_width_) {
                    root_width_ = vsize(payload);
                    continue;
                }
            } else if (odd) {
                // mpremote's rule: one 0x80 in front of the filesystem length.
                ++root_width_;
                continue;
            }
            root_payload_ = payload;
            size_ = fs_base_ + payload;
            break;
        }
        if (size_ > 0xffffffffu) {
            error.message = "the image would be " + std::to_string(size_) + " bytes; ROMFS images are at most 4 GiB - 1";
            return false;
        }
        return true;
    }

    static bool write_all(int fd, std::span<const std::byte> b) {
        while (!b.empty()) {
            const ssize_t n = ::write(fd, b.data(), b.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            b = b.subspan(static_cast<std::size_t>(n));
        }
        return true;
    }

    struct writer {
        writer(const sink& o, const progress& r, std::uint64_t t) : out(o), report(r), total(t) {}
        int fd = -1; // when set, host file data is copied straight to it
        const sink& out;
        const progress& report;
        std::uint64_t total;
        std::array<std::byte, 1 << 16> buffer{};
        std::size_t fill = 0;
        std::uint64_t written = 0;
        std::uint64_t reported = 0;
        bool ok = true;
        bool hashing = false; // feeding payload bytes to `hash`
        romfs::sha256 hash;

        void put(std::span<const std::byte> bytes) {
            if (hashing) hash.update(bytes);
            while (!bytes.empty() && ok) {
                const std::size_t n = std::min(bytes.size(), buffer.size() - fill);
                std::copy_n(bytes.begin(), n, buffer.begin() + static_cast<std::ptrdiff_t>(fill));
                fill += n;
                written += n;
                bytes = bytes.subspan(n);
                if (fill == buffer.size()) flush();
            }
        }
        void varuint(std::uint64_t value, std::size_t width) {
            std::array<std::byte, 16> b{};
            const std::size_t padding = width - romfs::varuint_size(value);
            put(std::span<const std::byte>(b.data(), romfs::encode_varuint<std::uint64_t>(value, b, padding)));
        }
        void header(std::uint64_t kind, std::size_t width, std::uint64_t payload) {
            varuint(kind, romfs::varuint_size(kind));
            varuint(payload, width);
        }
        bool flush() {
            if (fill > 0 && ok) ok = out(std::span<const std::byte>(buffer.data(), fill));
            fill = 0;
            if (report && written - reported >= (1u << 20)) {
                reported = written;
                report(written, total);
            }
            return ok;
        }
    };

    bool emit(writer& w, std::size_t i, failure& error) const {
        const item& it = items_[i];
        const node& n = *it.n;
        w.header(n.directory ? romfs::kind::directory : romfs::kind::file, it.width, it.payload);
        w.varuint(n.name.size(), vsize(n.name.size()));
        w.put(std::as_bytes(std::span<const char>(n.name.data(), n.name.size())));
        if (n.directory) {
            for (std::size_t j = i + 1; j < it.end; j = items_[j].end)
                if (!emit(w, j, error)) return false;
            return w.ok;
        }
        if (it.canonical >= 0) {
            const std::uint64_t offset = it.data_offset - fs_base_;
            w.header(romfs::kind::indirect, 1, vsize(n.size) + vsize(offset));
            w.varuint(n.size, vsize(n.size));
            w.varuint(offset, vsize(offset));
            return w.ok;
        }
        if (it.pad >= 2) {
            // A padding record of exactly `pad` bytes: kind, length (padded
            // to the width that makes the sum work), zero bytes.
            std::size_t width = 1;
            while (vsize(it.pad - 1 - width) > width) ++width;
            const std::uint64_t body = it.pad - 1 - width;
            w.header(romfs::kind::padding, width, body);
            static constexpr std::array<std::byte, 256> zeros{};
            for (std::uint64_t left = body; left > 0;) {
                const std::size_t chunk = static_cast<std::size_t>(std::min<std::uint64_t>(left, zeros.size()));
                w.put(std::span<const std::byte>(zeros.data(), chunk));
                left -= chunk;
            }
        }
        w.header(romfs::kind::verbatim, it.data_width, n.size);
        if (w.fd >= 0 && !n.source.empty()) return copy_file(w, n, it.path, error);
        if (!read_file(n, it.path, n.size, [&](auto s) { w.put(s); }, error)) return false;
        if (!w.ok) {
            error.message = "cannot write the image";
            return false;
        }
        return true;
    }

    // Copies a host file to the output descriptor: in the kernel when the
    // file systems allow it, else through one large buffer.
    static bool copy_file(writer& w, const node& n, const std::string& path, failure& error) {
        const int in = ::open(n.source.c_str(), O_RDONLY | O_CLOEXEC);
        if (in < 0) {
            error.message = path + ": cannot read " + n.source.string();
            return false;
        }
        struct closer {
            int fd;
            ~closer() { ::close(fd); }
        } close_in{in};
        if (!w.flush()) {
            error.message = "cannot write the image";
            return false;
        }
        static thread_local std::vector<std::byte> buffer(1 << 20);
        bool kernel = true;
        for (std::uint64_t left = n.size; left > 0;) {
            ssize_t got = -1;
            if (kernel) {
                got = ::copy_file_range(in, nullptr, w.fd, nullptr, static_cast<std::size_t>(std::min<std::uint64_t>(left, 1u << 30)), 0);
                if (got < 0 && errno != EINTR && errno != EIO && errno != ENOSPC) {
                    kernel = false; // pipes, other file systems, old kernels
                    continue;
                }
            } else {
                got = ::read(in, buffer.data(), static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size())));
                if (got > 0 && !write_all(w.fd, std::span<const std::byte>(buffer.data(), static_cast<std::size_t>(got)))) {
                    error.message = "cannot write the image";
                    return false;
                }
            }
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) {
                error.message = path + ": read error on " + n.source.string();
                return false;
            }
            if (got == 0) {
                error.message = path + ": file changed size during the build (" + n.source.string() + ")";
                return false;
            }
            left -= static_cast<std::uint64_t>(got);
            w.written += static_cast<std::uint64_t>(got);
            if (w.report && w.written - w.reported >= (1u << 20)) {
                w.reported = w.written;
                w.report(w.written, w.total);
            }
        }
        std::byte probe[1];
        if (::read(in, probe, 1) != 0) {
            error.message = path + ": file changed size during the build (" + n.source.string() + ")";
            return false;
        }
        return true;
    }

    const node* root_ = nullptr;
    std::vector<item> items_;
    bool aligned_ = false;
    bool hash_ = false;
    bool tail_pad_ = false;
    std::size_t root_width_ = 1;
    std::uint64_t root_payload_ = 0;
    std::uint64_t fs_base_ = 4;
    std::uint64_t size_ = 4;
};

/// Builds an image of `root` into memory (convenient for small trees and
/// tests; the tool streams to a file instead).
inline bool build_to_memory(const node& root, const options& opts, std::vector<std::byte>& out, failure& error) {
    plan p;
    if (!p.make(root, opts, error)) return false;
    out.clear();
    out.reserve(static_cast<std::size_t>(p.size()));
    return p.write(
        [&](std::span<const std::byte> b) {
            out.insert(out.end(), b.begin(), b.end());
            return true;
        },
        error);
}

} // namespace romfs::build
