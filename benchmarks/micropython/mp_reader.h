// MicroPython's own ROMFS reader (extmod/vfs_rom.c, extracted at build time
// by extract_reader.sh), behind a small C API for the differential fuzz
// target and the side-by-side benchmark. One mounted image at a time.
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { MPR_NO_EXIST = 0, MPR_DIR = 1, MPR_FILE = 2 };

/// vfs.VfsRom(memory): 0 when MicroPython mounts `data`, else -errno (ENODEV).
int mpr_mount(const uint8_t* data, size_t len);
/// Where the mounted filesystem's payload starts and ends, from `data`.
size_t mpr_fs_offset(const uint8_t* data);
size_t mpr_fs_end(const uint8_t* data);
/// mp_vfs_rom_search_filesystem: MPR_FILE (data and size of the file),
/// MPR_DIR (its nested records) or MPR_NO_EXIST. `path` is NUL-terminated.
int mpr_search(const char* path, size_t* size, const uint8_t** data);

/// One listed entry: name, MPR_DIR or MPR_FILE, size as os.ilistdir gives it.
typedef void (*mpr_emit)(void* context, const uint8_t* name, size_t name_len, int type, size_t size);
/// os.ilistdir(path): the entries through `emit`; their number, or -1 when
/// `path` is not a directory (ENOENT).
int mpr_list(const char* path, mpr_emit emit, void* context);

#ifdef __cplusplus
}
#endif
