// What MicroPython's ROMFS reader functions need from the rest of
// MicroPython, for a host build of them (see extract_reader.sh): integer and
// object types, errno values, and small stand-ins for the object API the
// listing and the mount check call (tuples, str/bytes, ints, buffers,
// OSError). Our code, written against MicroPython's names.
#pragma once

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

// As on MicroPython's unix port: machine-word integers.
typedef uintptr_t mp_uint_t;
typedef intptr_t mp_int_t;
typedef unsigned char byte;

typedef void* mp_obj_t;
typedef struct _mp_obj_type_t mp_obj_type_t;
typedef struct _mp_obj_base_t {
    const mp_obj_type_t* type;
} mp_obj_base_t;
typedef struct _mp_obj_vfs_rom_t mp_obj_vfs_rom_t;
typedef mp_obj_t (*mp_fun_1_t)(mp_obj_t);

typedef enum {
    MP_IMPORT_STAT_NO_EXIST,
    MP_IMPORT_STAT_DIR,
    MP_IMPORT_STAT_FILE,
} mp_import_stat_t;

#define MP_EIO (5)
#define MP_ENODEV (19)
#define MP_S_IFDIR (0x4000)
#define MP_S_IFREG (0x8000)
#define MP_BUFFER_READ (1)

#define MP_OBJ_TO_PTR(o) ((void*)(o))
#define MP_OBJ_FROM_PTR(p) ((mp_obj_t)(p))
#define MP_OBJ_NEW_SMALL_INT(x) ((mp_obj_t)(intptr_t)(x))
#define MP_OBJ_STOP_ITERATION ((mp_obj_t)0)

typedef struct {
    mp_obj_base_t base;
    size_t len;
    mp_obj_t items[4];
} mp_obj_tuple_t;

typedef struct {
    void* buf;
    size_t len;
    int typecode;
} mp_buffer_info_t;

// The stand-ins, defined in mp_reader_api.inc.
static mp_obj_t mp_obj_new_tuple(size_t n, const mp_obj_t* items);
static mp_obj_t mp_obj_new_str(const char* data, size_t len);
static mp_obj_t mp_obj_new_bytes(const byte* data, size_t len);
static mp_obj_t mp_obj_new_int(mp_int_t value);
static void mp_arg_check_num(size_t n_args, size_t n_kw, size_t n_args_min, size_t n_args_max, bool takes_kw);
static void mp_get_buffer_raise(mp_obj_t obj, mp_buffer_info_t* bufinfo, mp_uint_t flags);
static void mp_raise_OSError(int errcode);
static void* mp_shim_new(size_t size);
#define m_new_obj(type) ((type*)mp_shim_new(sizeof(type)))
