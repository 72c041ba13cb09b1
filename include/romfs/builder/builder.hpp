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

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../format/error.hpp"
#include "../format/kinds.hpp"
#include "../format/varuint.hpp"
#include "glob.hpp"
#include "sha256.hpp"
#include "tree.hpp"

namespace romfs::builder {

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

/// The kind of builder failure (the message names the path).
enum class errc : std::uint8_t {
    ok = 0,          ///< No error.
    invalid_option,  ///< An option is out of range (e.g. an alignment that is not a power of two).
    invalid_tree,    ///< The tree cannot be stored (bad name, root not a directory, size mismatch).
    read_failed,     ///< A host file cannot be read.
    changed_size,    ///< A host file changed size between planning and writing.
    write_failed,    ///< The sink refused the bytes (e.g. disk full).
    internal,        ///< The bytes written differ from the plan (a bug).
};

/// A builder failure: what went wrong, naming the path involved.
struct failure {
    builder::errc code = errc::ok; ///< The kind of failure (`ok` when there is none).
    std::string message;           ///< Human-readable, e.g. "lib/a.py: cannot read: Permission denied".
};

/// A value or a builder `failure`.
template <class T>
using result = romfs::result<T, failure>;

/// Receives the image bytes in order; returns false to abort (e.g. disk full).
using sink = std::function<bool(std::span<const std::byte>)>;

/// Optional fast path for host files: appends the `file.size` bytes of
/// `file.source` to the output, after everything the sink has received,
/// without passing them through it (a tool may copy them inside the kernel).
/// `path` is the file's path in the image, for messages. Never used when the
/// image gets an integrity record (the hash must see every byte).
using file_copy = std::function<result<void>(const node& file, const std::string& path)>;

/// Called while writing with (bytes written, total).
using progress = std::function<void(std::uint64_t, std::uint64_t)>;

/// Largest alignment a rule may ask for.
inline constexpr std::uint32_t max_alignment = 1u << 24;

/// A planned image: every record's position and size is known; `write`
/// produces the bytes.
class plan {
public:
    /// Plans an image of `root` (a directory node; its name is ignored). The
    /// plan refers to the tree, which must outlive it. Fails when the tree or
    /// options are invalid.
    result<void> make(const node& root, const options& opts) {
        items_.clear();
        aligned_ = false;
        hash_ = opts.integrity;
        for (const auto& r : opts.align) {
            if (r.alignment == 0 || (r.alignment & (r.alignment - 1)) != 0 || r.alignment > max_alignment) {
                return failure{errc::invalid_option,
                               "alignment " + std::to_string(r.alignment) + " is not a power of two up to 2^24"};
            }
            aligned_ = aligned_ || r.alignment > 1;
        }
        if (!root.directory) return failure{errc::invalid_tree, "the root of an image must be a directory"};
        root_ = &root;
        if (auto r = flatten(root, opts); !r) return r;
        if (opts.deduplicate)
            if (auto r = find_duplicates(); !r) return r;
        return layout();
    }

    /// A temporary tree would dangle: keep the tree alive while planning and writing.
    result<void> make(node&&, const options&) = delete;

    /// Total image size in bytes.
    std::uint64_t size() const noexcept { return size_; }
    /// Number of files and directories in the image.
    std::size_t entries() const noexcept { return items_.size(); }

    /// Writes the image to `out`, reporting progress to `report`; host files
    /// go through `copy` when it is set (see `file_copy`). Fails, naming the
    /// path, if a host file cannot be read or no longer has the size it had
    /// when planned, or the sink refuses the bytes.
    result<void> write(const sink& out, const progress& report = {}, const file_copy& copy = {}) const {
        writer w(out, report, size_);
        // The hash must see every payload byte: no copies past it then.
        w.copy = hash_ ? nullptr : &copy;
        w.header(romfs::kind::filesystem, root_width_, root_payload_);
        w.hashing = hash_;
        const std::size_t n = items_.size();
        for (std::size_t i = 0; i < n; i = items_[i].end) {
            if (auto r = emit(w, i); !r) return r;
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
        if (!w.flush()) return cannot_write();
        if (w.written != size_)
            return failure{errc::internal, "internal error: wrote " + std::to_string(w.written) + " bytes, planned " +
                                               std::to_string(size_)};
        return {};
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

    static failure cannot_write() { return failure{errc::write_failed, "cannot write the image"}; }

    result<void> flatten(const node& root, const options& opts) {
        // Pre-order, iteratively: (node, parent path, index of its item).
        struct frame {
            const node* n;
            std::size_t child;
            std::size_t index;
        };
        std::vector<frame> stack;
        auto add = [&](const node& n, const std::string& parent) -> result<void> {
            if (!valid_name(n.name))
                return failure{errc::invalid_tree, (parent.empty() ? "" : parent + "/") + n.name + ": invalid name"};
            item it;
            it.n = &n;
            it.path = parent.empty() ? n.name : parent + "/" + n.name;
            if (!n.directory) {
                for (const auto& r : opts.align)
                    if (r.glob.empty() || rule_matches(r.glob, it.path)) {
                        it.alignment = r.alignment;
                        break;
                    }
                if (n.source.empty() && n.contents.size() != n.size)
                    return failure{errc::invalid_tree, it.path + ": size does not match contents"};
            }
            items_.push_back(std::move(it));
            return {};
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
            if (auto r = add(c, parent); !r) return r;
            const std::size_t index = items_.size() - 1;
            if (c.directory) {
                stack.push_back({&c, 0, index});
            } else {
                items_[index].end = index + 1;
            }
        }
        return {};
    }

    // Reads a file's bytes in chunks, passing each to `use`.
    static result<void> read_file(const node& n, const std::string& path, std::uint64_t expected,
                                  const std::function<void(std::span<const std::byte>)>& use) {
        if (n.source.empty()) {
            use(std::as_bytes(std::span<const char>(n.contents.data(), n.contents.size())));
            return {};
        }
        std::FILE* f = std::fopen(n.source.string().c_str(), "rb");
        if (f == nullptr) return failure{errc::read_failed, path + ": cannot read " + n.source.string()};
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
        if (read_error) return failure{errc::read_failed, path + ": read error on " + n.source.string()};
        if (total != expected)
            return failure{errc::changed_size, path + ": file changed size during the build (" + n.source.string() + ")"};
        return {};
    }

    result<void> find_duplicates() {
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
                if (auto r = read_file(*items_[i].n, items_[i].path, size, [&](auto s) { h.update(s); }); !r) return r;
                const auto [it, inserted] = first.emplace(h.finish(), i);
                if (!inserted) {
                    items_[i].canonical = static_cast<std::ptrdiff_t>(it->second);
                    auto& c = items_[it->second];
                    c.alignment = std::max(c.alignment, items_[i].alignment);
                }
            }
        }
        return {};
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

    result<void> layout() {
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
            return failure{errc::invalid_tree,
                           "the image would be " + std::to_string(size_) + " bytes; ROMFS images are at most 4 GiB - 1"};
        }
        return {};
    }

    struct writer {
        writer(const sink& o, const progress& r, std::uint64_t t) : out(o), report(r), total(t) {}
        const file_copy* copy = nullptr; // when set, host files go through it
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
            progressed();
            return ok;
        }
        void progressed() {
            if (report && written - reported >= (1u << 20)) {
                reported = written;
                report(written, total);
            }
        }
    };

    result<void> emit(writer& w, std::size_t i) const {
        const item& it = items_[i];
        const node& n = *it.n;
        w.header(n.directory ? romfs::kind::directory : romfs::kind::file, it.width, it.payload);
        w.varuint(n.name.size(), vsize(n.name.size()));
        w.put(std::as_bytes(std::span<const char>(n.name.data(), n.name.size())));
        if (n.directory) {
            for (std::size_t j = i + 1; j < it.end; j = items_[j].end)
                if (auto r = emit(w, j); !r) return r;
            return w.ok ? result<void>() : cannot_write();
        }
        if (it.canonical >= 0) {
            const std::uint64_t offset = it.data_offset - fs_base_;
            w.header(romfs::kind::indirect, 1, vsize(n.size) + vsize(offset));
            w.varuint(n.size, vsize(n.size));
            w.varuint(offset, vsize(offset));
            return w.ok ? result<void>() : cannot_write();
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
        if (w.copy != nullptr && *w.copy && !n.source.empty()) {
            if (!w.flush()) return cannot_write();
            if (auto r = (*w.copy)(n, it.path); !r) return r;
            w.written += n.size;
            w.progressed();
            return {};
        }
        if (auto r = read_file(n, it.path, n.size, [&](auto s) { w.put(s); }); !r) return r;
        return w.ok ? result<void>() : cannot_write();
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
inline result<std::vector<std::byte>> build_to_memory(const node& root, const options& opts) {
    plan p;
    if (auto r = p.make(root, opts); !r) return r.error();
    std::vector<std::byte> out;
    out.reserve(static_cast<std::size_t>(p.size()));
    const auto written = p.write([&](std::span<const std::byte> b) {
        out.insert(out.end(), b.begin(), b.end());
        return true;
    });
    if (!written) return written.error();
    return out;
}

} // namespace romfs::builder
