// A second yardstick for benchmarks/code_size: a reader for the same job as
// reader_only.cpp (open + lookup + listing + file view) with the library's
// checks *and* its error codes and byte offsets, in a different shape: plain
// pointers instead of offsets, the directory cursor kept inside the reader
// (no cursor structs passed or copied), the error offset computed once in
// fail(); a lookup walks into each directory it matches instead of
// building the root as an entry first, and keeps the kind found in a local;
// a file's data is searched for where it is needed (the lookup keeps no
// cursor after it, the listing keeps only the directory's end); the bound
// of the varuints read is a member set once per header and once per body.
// cursor_check.cpp holds it to the library: the same success or
// failure, the same error code at the same offset, the same file bytes and
// listings, on the fuzz corpus, its one-byte mutations and its truncations,
// under the sanitizers.
//
// It is not the library (memory-mapped bytes only, no constant evaluation,
// no driver reads, no views or result types), and it is not a floor: it is
// the smallest design measured so far that keeps everything the size goal
// of #17 asks to keep, so that a reshaped library parser has a target that
// is known to be right. code_size prints it as "<core> cursor-reader".
#include <cstdint>

using u32 = std::uint32_t;
using u8 = std::uint8_t;

// The library's error codes (romfs::errc), by value; cursor_check compares them.
enum : u32 { ok, bad_magic, image_truncated, varuint_truncated, varuint_overflow, record_past_parent, name_past_record,
             kind_zero, file_without_data, indirect_out_of_range, bad_name, too_deep, not_found, not_a_directory, not_a_file };

extern "C" {
/// An opened image: the bytes' start (offsets are from it) and the payload.
struct cursor_image {
    const u8* src;
    const u8* base;
    const u8* end;
};
using cursor_emit = void (*)(const u8* name, u32 name_length, int is_dir, u32 size);
int romfs_open(const u8* data, u32 size, cursor_image* out);
const u8* romfs_file(const cursor_image* img, const char* path, u32 length, u32* size);
int romfs_list(const cursor_image* img, const char* path, u32 length, cursor_emit emit);
// For cursor_check (built with ROMFS_CURSOR_CHECK): the same paths with the error's offset.
u32 cursor_find(const cursor_image* img, const char* path, u32 length, u32 want, u32* at, const u8** data, u32* size);
u32 cursor_list(const cursor_image* img, const char* path, u32 length, cursor_emit emit, u32* at);
}

namespace {

struct reader {
    const u8* p;   // the cursor: records still to read are [p, end)
    const u8* end;
    const u8* src; // the image's first byte: error offsets count from it
    const u8* base; // the filesystem payload [base, fend)
    const u8* fend;
    const u8* lim; // the bound of varuint(): the parent's end for a record's header, the record's end for its body
    u32 code, at;  // the first error and its offset (sticky)
    // The entry found: record, name; a directory's nested records or
    // a file's contents (once its data record is found), as [data, data_end).
    const u8* record;
    const u8* name;
    u32 name_size;
    const u8* data;
    const u8* data_end;

#ifndef ROMFS_CURSOR_CODES_OFF
    [[gnu::noinline]] void fail(u32 c, const u8* where) {
        if (!code) {
            code = c;
            at = u32(where - src);
        }
    }
#else
    // Measurement only (code_size's "cursor-reader-codes-off"): every
    // check still stops the walk, but no code or offset is kept, to show
    // what the error values cost in this design.
    void fail(u32, const u8*) { code = 1; }
#endif

    // The varuint at p, below lim (a member, not an argument: no call
    // passes it, 6 bytes less on a Cortex-M0+): on failure the error names its first
    // byte, p is lim and the value ~0, so the caller's bounds check fails too.
    [[gnu::noinline]] u32 varuint() {
        const u8* q = p;
        u32 v = 0, problem = varuint_truncated;
        while (q < lim) {
            const u32 b = *q++;
            if (v >> 25) {
                problem = varuint_overflow;
                break;
            }
            v = v << 7 | (b & 0x7f);
            if (!(b & 0x80)) {
                p = q;
                return v;
            }
        }
        fail(problem, p);
        p = lim;
        return ~0u;
    }

    // The next record in [p, end) whose kind without bit 0 is want (2:
    // entries, kinds 4 and 5, with their names; 1: a file's data, kinds 2
    // and 3), skipping others; kind 0 is corruption. 0 at the end or on an
    // error. Every check jumps to one call that records its problem and
    // the byte it names (6 bytes less than a call per check).
    [[gnu::noinline]] u32 next(u32 want) {
        const u8* start;
        const u8* where;
        const u8* body_end;
        u32 problem;
        for (;;) {
            where = start = p;
            if (start >= end) return 0;
            lim = end;
            const u32 k = varuint();
            const u32 len = varuint();
            problem = record_past_parent;
            if (len > u32(end - p)) goto bad;
            body_end = lim = p + len;
            problem = kind_zero;
            if (!k) goto bad;
            if ((k >> 1) == want) {
                if (want == 2) {
                    where = p;
                    const u32 n = varuint();
                    problem = name_past_record;
                    if (n > u32(body_end - p)) goto bad;
                    record = start;
                    name = p;
                    name_size = n;
                    data = p + n;
                    data_end = body_end;
                } else if (k == 3) {
                    const u32 sz = varuint(), off = varuint(), room = u32(fend - base);
                    problem = indirect_out_of_range;
                    if (off > room || sz > room - off) goto bad;
                    data = base + off;
                    data_end = data + sz;
                } else {
                    data = p;
                    data_end = body_end;
                }
                p = body_end;
                return k;
            }
            p = body_end;
        }
    bad:
        fail(problem, where);
        return 0;
    }

    // MicroPython's lookup from the root, as the library's: an optional
    // leading '/', whole components, first match wins, a file on the way is
    // not_found, "dir/" is the directory. Then the entry must be of kind
    // want (not_a_file / not_a_directory), and the cursor is its records:
    // each directory matched is entered at once, so the root needs no entry
    // of its own and the cursor is ready when the path runs out.
    [[gnu::noinline]] bool find(const cursor_image* img, const char* s, u32 n, u32 want) {
        src = img->src;
        base = p = img->base;
        fend = end = img->end;
        code = 0;
        if (n && *s == '/') {
            ++s;
            --n;
        }
        const u8* parent = src; // the directory searched, then the entry found
        u32 k = 4;
        while (n) {
            k = next(2);
            if (!k) {
                fail(not_found, parent);
                return false;
            }
            const u32 l = name_size;
            if (l > n || (l < n && s[l] != '/')) continue;
            u32 i = l; // compared from the end: one counter
            while (i && name[i - 1] == u8(s[i - 1])) --i;
            if (i) continue;
            parent = record;
            if (k == 5) {
                if (l != n) {
                    fail(not_found, parent);
                    return false;
                }
                // Its data: the first data record among its records (the
                // cursor is not needed after it).
                p = data;
                end = data_end;
                if (!next(1)) {
                    fail(file_without_data, parent);
                    return false;
                }
                break;
            }
            p = data;
            end = data_end;
            n -= l;
            if (!n) break;
            s += l + 1;
            --n;
        }
        if (k != want) {
            fail(not_a_directory + (want - 4), parent); // 4: not_a_directory, 5: not_a_file
            return false;
        }
        return true;
    }
};

} // namespace

namespace {
// The listing, shared by romfs_list and cursor_list.
[[gnu::always_inline]] inline void list(reader& r, const cursor_image* img, const char* path, u32 length,
                                        cursor_emit emit) {
    if (!r.find(img, path, length, 4)) return;
    while (const u32 k = r.next(2)) {
        if (k == 5) {
            // The file's data: its first data record. The search ends inside
            // the file's record, so only the directory's end is kept; the
            // cursor goes back to where the file's record ends.
            const u8* dir_end = r.end;
            r.p = r.data;
            r.end = r.data_end;
            const u32 found = r.next(1);
            r.p = r.end;
            r.end = dir_end;
            if (!found) {
                r.fail(file_without_data, r.record);
                break;
            }
        }
        emit(r.name, r.name_size, k == 4, u32(r.data_end - r.data));
    }
}
} // namespace

// Exactly d2 cd 31 (three byte compares: smaller than decoding the kind),
// then the payload's length, inside the bytes given.
extern "C" int romfs_open(const u8* d, u32 size, cursor_image* out) {
    if (size < 3 || d[0] != 0xd2 || d[1] != 0xcd || d[2] != 0x31) return bad_magic;
    reader r;
    r.src = d;
    r.p = d + 3;
    r.code = 0;
    r.lim = d + size;
    const u32 len = r.varuint();
    if (len > u32(r.lim - r.p)) return image_truncated;
    *out = {d, r.p, r.p + len};
    return 0;
}

extern "C" const u8* romfs_file(const cursor_image* img, const char* path, u32 length, u32* size) {
    reader r;
    if (!r.find(img, path, length, 5)) return nullptr;
    *size = u32(r.data_end - r.data);
    return r.data;
}

extern "C" int romfs_list(const cursor_image* img, const char* path, u32 length, cursor_emit emit) {
    reader r;
    list(r, img, path, length, emit);
    return r.code;
}

#ifdef ROMFS_CURSOR_CHECK
// cursor_check's view of the same core: the error code and its offset
// (not in the measured firmware).
extern "C" u32 cursor_find(const cursor_image* img, const char* path, u32 length, u32 want, u32* at,
                           const u8** data, u32* size) {
    reader r;
    const bool found = r.find(img, path, length, want);
    *at = r.at;
    *data = r.data;
    *size = u32(r.data_end - r.data);
    return found ? 0 : r.code;
}

extern "C" u32 cursor_list(const cursor_image* img, const char* path, u32 length, cursor_emit emit, u32* at) {
    reader r;
    list(r, img, path, length, emit);
    *at = r.at;
    return r.code;
}
#endif
