/* romfs for MicroPython's embed port: the configuration the glue in
 * romfs/micropython/embed.hpp needs. Include it from the application's
 * mpconfigport.h, after <port/mpconfigport_common.h>. A C header: MicroPython
 * compiles its configuration as C.
 *
 * - imports go through the port functions (mp_import_stat,
 *   mp_lexer_new_from_file, mp_reader_new_file) that romfs defines, with no
 *   VFS and no POSIX reader;
 * - .mpy files load, and MICROPY_VFS_ROM lets MicroPython keep bytecode,
 *   strings and bytes constants in flash when the reader says the bytes are
 *   ROM (MP_READER_IS_ROM); romfs's mount table stands in for VfsRom, so
 *   MicroPython's own rom_ioctl mount stays off;
 * - the builtin romfs_where(obj): the mount point whose image holds the data
 *   of a str/bytes object (or None), so Python can see what runs in place. */
#ifndef ROMFS_MICROPYTHON_MPCONFIG_ROMFS_H
#define ROMFS_MICROPYTHON_MPCONFIG_ROMFS_H

#define MICROPY_ENABLE_EXTERNAL_IMPORT (1)
#define MICROPY_READER_POSIX (0)
#define MICROPY_READER_VFS (0)
#define MICROPY_HAS_FILE_READER (1)
#define MICROPY_PERSISTENT_CODE_LOAD (1)
#define MICROPY_VFS_ROM (1)
#define MICROPY_VFS_ROM_IOCTL (0)
#define MICROPY_PY_SYS (1)
#define MICROPY_PY_SYS_PATH (1)

struct _mp_obj_fun_builtin_fixed_t;
extern const struct _mp_obj_fun_builtin_fixed_t romfs_where_obj;
#define ROMFS_MICROPYTHON_BUILTINS {MP_ROM_QSTR(MP_QSTR_romfs_where), MP_ROM_PTR(&romfs_where_obj)},
#ifndef MICROPY_PORT_BUILTINS
#define MICROPY_PORT_BUILTINS ROMFS_MICROPYTHON_BUILTINS
#endif

#endif
