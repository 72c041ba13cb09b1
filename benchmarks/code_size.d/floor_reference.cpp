// A yardstick for benchmarks/code_size: the smallest reader we could write
// for the same job as reader_only.cpp (open + lookup + listing + file view)
// that is still safe against corrupt images and keeps MicroPython's lookup
// semantics (the file's data is looked for only on the entry found or
// listed, as MicroPython does).
//
// It is deliberately *not* the library: plain pointers, one "corrupt" flag
// instead of error codes with byte offsets, no not_a_file check, no result
// types, no views, no driver-read sources, no constant evaluation. What it
// keeps is every check the spec requires: bounded varuints with overflow
// refused, records and names inside their parent, indirect data inside the
// payload, kind 0 and files without data as corruption.
//
// code_size prints its size beside the library's, so the distance between
// the library and the 600-byte goal can be told apart from the cost of the
// checks themselves. floor_check.cpp compares it with the library on every
// seed of the fuzz corpus and on single-byte mutations of each, under the
// sanitizers: the figure is only meaningful if this reader is right.
#include "floor_reference.hpp"

namespace {

using u32 = std::uint32_t;
using u8 = std::uint8_t;

struct cursor {
    const u8* p;
    const u8* end;
};

struct entry {
    u32 kind;
    const u8* name;
    u32 name_length;
    const u8* data; // nested records, or a file's contents once found
    u32 size;
};

struct reader {
    const u8* fs_base;
    const u8* fs_end;
    u32 corrupt;
    entry x;

    // The varuint at c.p, below c.end; ~0 and the cursor at its end on
    // failure, so the caller's next bounds check fails too.
    [[gnu::noinline]] u32 varuint(cursor& c) {
        const u8* p = c.p;
        u32 v = 0;
        while (p < c.end) {
            const u32 b = *p++;
            if (v >> 25) break; // 7 more bits would not fit
            v = v << 7 | (b & 0x7f);
            if (!(b & 0x80)) {
                c.p = p;
                return v;
            }
        }
        corrupt = 1;
        c.p = c.end;
        return ~0u;
    }

    // A length-prefixed block at c.p (a record's payload, a name), inside c.
    [[gnu::noinline]] bool take(cursor& c, cursor& block) {
        const u32 n = varuint(c);
        const u8* s = c.p;
        if (n > u32(c.end - s)) {
            corrupt = 1;
            return false;
        }
        c.p = s + n;
        block = {s, s + n};
        return true;
    }

    // The next record in c of kind want or want + 1 (4: entries, 2: data).
    [[gnu::noinline]] u32 next(cursor& c, u32 want) {
        for (;;) {
            if (c.p >= c.end) return 0;
            const u32 k = varuint(c);
            cursor body;
            if (!take(c, body)) return 0;
            if (!k) {
                corrupt = 1;
                return 0;
            }
            if ((k & ~1u) != want) continue;
            if (want == 4) {
                x.kind = k;
                cursor name;
                if (!take(body, name)) return 0;
                x.name = name.p;
                x.name_length = u32(name.end - name.p);
            } else if (k == 3) {
                const u32 size = varuint(body);
                const u32 offset = varuint(body);
                const u32 room = u32(fs_end - fs_base);
                if (offset > room || size > room - offset) {
                    corrupt = 1;
                    return 0;
                }
                body = {fs_base + offset, fs_base + offset + size};
            }
            x.data = body.p;
            x.size = u32(body.end - body.p);
            return k;
        }
    }

    // The file in x: its first data record.
    [[gnu::noinline]] bool data() {
        cursor c{x.data, x.data + x.size};
        if (next(c, 2)) return true;
        corrupt = 1;
        return false;
    }

    // MicroPython's lookup from the root into x.
    [[gnu::noinline]] bool find(const floor_image* img, const char* path, u32 n) {
        fs_base = img->base;
        fs_end = img->end;
        corrupt = 0;
        x.kind = 4;
        x.data = fs_base;
        x.size = u32(fs_end - fs_base);
        if (n && *path == '/') {
            ++path;
            --n;
        }
        if (!n) return true;
        cursor c{fs_base, fs_end};
        for (;;) {
            if (!next(c, 4)) return false;
            const u32 l = x.name_length;
            if (l > n || (l < n && path[l] != '/')) continue;
            u32 i = l; // compared from the end: one counter, no second pointer
            while (i && x.name[i - 1] == u8(path[i - 1])) --i;
            if (i) continue;
            if (l == n) return x.kind == 4 || data();
            if (x.kind != 4) return false;
            path += l + 1;
            n -= l + 1;
            if (!n) return true; // "lib/": the directory
            c = {x.data, x.data + x.size};
        }
    }
};

} // namespace

extern "C" int romfs_open(const u8* data, u32 size, floor_image* out) {
    reader r;
    r.corrupt = 0;
    cursor c{data, data + size}, fs;
    // Exactly d2 cd 31, as MicroPython requires (not a padded varuint).
    if (r.varuint(c) != 0x14a6b1 || c.p != data + 3 || !r.take(c, fs)) return 1;
    *out = {fs.p, fs.end};
    return 0;
}

extern "C" const u8* romfs_file(const floor_image* img, const char* path, u32 length, u32* size) {
    reader r;
    if (!r.find(img, path, length) || r.x.kind != 5) return nullptr;
    *size = r.x.size;
    return r.x.data;
}

extern "C" int romfs_list(const floor_image* img, const char* path, u32 length, floor_emit emit) {
    reader r;
    if (!r.find(img, path, length)) return r.corrupt ? floor_corrupt : floor_not_found;
    if (r.x.kind != 4) return floor_not_a_directory;
    cursor c{r.x.data, r.x.data + r.x.size};
    while (const u32 k = r.next(c, 4)) {
        if (k == 5 && !r.data()) break;
        emit(r.x.name, r.x.name_length, k == 4, r.x.size);
    }
    return r.corrupt ? floor_corrupt : 0;
}
