// A writable ROM partition for MicroPython's qemu port, replacing
// ports/qemu/vfs_rom_ioctl.c in the tests' copy (the stock one can only
// count and get segments). The partition is the RAM at
// MICROPY_HW_ROMFS_PART0_START, written with NOR rules so that a client
// that relies on anything else fails here as it would on a real board:
// - erase works on whole 4 KiB sectors and sets them to 0xFF;
// - a write must be 16-byte aligned in offset and length and may only
//   clear bits: setting one is -EIO (a real NOR chip would silently AND);
// - out-of-range requests are -EINVAL.
// ROMFS_TEST_SHAPE_BLOCK selects the segment shape: 0 is a memoryview with
// rom_ioctl(3..6) (stm32, alif, samd, renesas-ra), 1 is a block device with
// ioctl/readblocks/writeblocks and the buffer protocol (rp2, esp32, mimxrt,
// nrf). Counters of erases and writes are kept for the tests (rom_ioctl(100)).
#include <string.h>

#include "py/obj.h"
#include "py/objarray.h"
#include "py/runtime.h"
#include "py/mperrno.h"
#include "extmod/vfs.h"

#if MICROPY_VFS_ROM_IOCTL

#ifndef ROMFS_TEST_SHAPE_BLOCK
#define ROMFS_TEST_SHAPE_BLOCK (0)
#endif

#define TEST_SECTOR (4096)
#define TEST_MIN_WRITE (16)
#define TEST_BASE ((uint8_t *)(MICROPY_HW_ROMFS_PART0_START))
#define TEST_SIZE ((size_t)(MICROPY_HW_ROMFS_PART0_SIZE))

static size_t test_erases;
static size_t test_writes;

// Erases every sector that [offset, offset + len) touches.
static int test_erase(size_t offset, size_t len) {
    if (offset > TEST_SIZE || len > TEST_SIZE - offset) {
        return -MP_EINVAL;
    }
    size_t first = offset / TEST_SECTOR;
    size_t end = (offset + len + TEST_SECTOR - 1) / TEST_SECTOR;
    for (size_t s = first; s < end; ++s) {
        memset(TEST_BASE + s * TEST_SECTOR, 0xff, TEST_SECTOR);
        ++test_erases;
    }
    return 0;
}

// Programs len bytes at offset: aligned, in range, clearing bits only.
static int test_program(size_t offset, const uint8_t *src, size_t len) {
    if (offset > TEST_SIZE || len > TEST_SIZE - offset) {
        return -MP_EINVAL;
    }
    if (offset % TEST_MIN_WRITE != 0 || len % TEST_MIN_WRITE != 0) {
        return -MP_EINVAL;
    }
    uint8_t *dst = TEST_BASE + offset;
    for (size_t i = 0; i < len; ++i) {
        if ((dst[i] & src[i]) != src[i]) {
            return -MP_EIO;
        }
    }
    for (size_t i = 0; i < len; ++i) {
        dst[i] &= src[i];
    }
    ++test_writes;
    return 0;
}

#if ROMFS_TEST_SHAPE_BLOCK

typedef struct _test_flash_obj_t {
    mp_obj_base_t base;
} test_flash_obj_t;

static mp_int_t test_flash_get_buffer(mp_obj_t self_in, mp_buffer_info_t *bufinfo, mp_uint_t flags) {
    if (flags != MP_BUFFER_READ) {
        return 1;
    }
    bufinfo->buf = TEST_BASE;
    bufinfo->len = TEST_SIZE;
    bufinfo->typecode = 'B';
    return 0;
}

// The byte offset and buffer of readblocks/writeblocks(block, buf[, offset]).
static size_t test_block_args(size_t n_args, const mp_obj_t *args, mp_buffer_info_t *bufinfo, mp_uint_t flags) {
    mp_int_t block = mp_obj_get_int(args[1]);
    mp_get_buffer_raise(args[2], bufinfo, flags);
    mp_int_t extra = n_args == 4 ? mp_obj_get_int(args[3]) : 0;
    if (block < 0 || extra < 0 || (size_t)block > TEST_SIZE / TEST_SECTOR) {
        mp_raise_OSError(MP_EINVAL);
    }
    return (size_t)block * TEST_SECTOR + (size_t)extra;
}

// readblocks(block, buf[, offset])
static mp_obj_t test_flash_readblocks(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t bufinfo;
    size_t offset = test_block_args(n_args, args, &bufinfo, MP_BUFFER_WRITE);
    if (offset > TEST_SIZE || bufinfo.len > TEST_SIZE - offset) {
        mp_raise_OSError(MP_EINVAL);
    }
    memcpy(bufinfo.buf, TEST_BASE + offset, bufinfo.len);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(test_flash_readblocks_obj, 3, 4, test_flash_readblocks);

// writeblocks(block, buf) erases then writes; writeblocks(block, buf, offset)
// only writes (the extended block protocol, as rp2 implements it).
static mp_obj_t test_flash_writeblocks(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t bufinfo;
    size_t offset = test_block_args(n_args, args, &bufinfo, MP_BUFFER_READ);
    int ret = 0;
    if (n_args == 3) {
        ret = test_erase(offset, bufinfo.len);
    }
    if (ret == 0) {
        ret = test_program(offset, bufinfo.buf, bufinfo.len);
    }
    if (ret < 0) {
        mp_raise_OSError(-ret);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(test_flash_writeblocks_obj, 3, 4, test_flash_writeblocks);

static mp_obj_t test_flash_ioctl(mp_obj_t self_in, mp_obj_t cmd_in, mp_obj_t arg_in) {
    switch (mp_obj_get_int(cmd_in)) {
        case MP_BLOCKDEV_IOCTL_INIT:
        case MP_BLOCKDEV_IOCTL_DEINIT:
        case MP_BLOCKDEV_IOCTL_SYNC:
            return MP_OBJ_NEW_SMALL_INT(0);
        case MP_BLOCKDEV_IOCTL_BLOCK_COUNT:
            return MP_OBJ_NEW_SMALL_INT(TEST_SIZE / TEST_SECTOR);
        case MP_BLOCKDEV_IOCTL_BLOCK_SIZE:
            return MP_OBJ_NEW_SMALL_INT(TEST_SECTOR);
        case MP_BLOCKDEV_IOCTL_BLOCK_ERASE: {
            mp_int_t block = mp_obj_get_int(arg_in);
            if (block < 0 || (size_t)block >= TEST_SIZE / TEST_SECTOR) {
                return MP_OBJ_NEW_SMALL_INT(-MP_EINVAL);
            }
            return MP_OBJ_NEW_SMALL_INT(test_erase((size_t)block * TEST_SECTOR, TEST_SECTOR));
        }
        default:
            return mp_const_none;
    }
}
static MP_DEFINE_CONST_FUN_OBJ_3(test_flash_ioctl_obj, test_flash_ioctl);

static const mp_rom_map_elem_t test_flash_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_readblocks), MP_ROM_PTR(&test_flash_readblocks_obj) },
    { MP_ROM_QSTR(MP_QSTR_writeblocks), MP_ROM_PTR(&test_flash_writeblocks_obj) },
    { MP_ROM_QSTR(MP_QSTR_ioctl), MP_ROM_PTR(&test_flash_ioctl_obj) },
};
static MP_DEFINE_CONST_DICT(test_flash_locals_dict, test_flash_locals_dict_table);

static MP_DEFINE_CONST_OBJ_TYPE(
    test_flash_type,
    MP_QSTR_Flash,
    MP_TYPE_FLAG_NONE,
    buffer, test_flash_get_buffer,
    locals_dict, &test_flash_locals_dict
    );

static const test_flash_obj_t test_flash_obj = { { &test_flash_type } };

#else

static const mp_obj_array_t test_romfs_obj = {{&mp_type_memoryview}, 'B', 0, TEST_SIZE, TEST_BASE};

#endif

mp_obj_t mp_vfs_rom_ioctl(size_t n_args, const mp_obj_t *args) {
    mp_int_t cmd = mp_obj_get_int(args[0]);
    if (cmd == MP_VFS_ROM_IOCTL_GET_NUMBER_OF_SEGMENTS) {
        return MP_OBJ_NEW_SMALL_INT(1);
    }
    if (cmd == 100) {
        // For the tests: (erases, writes) so far.
        mp_obj_t counts[2] = { mp_obj_new_int_from_uint(test_erases), mp_obj_new_int_from_uint(test_writes) };
        return mp_obj_new_tuple(2, counts);
    }
    if (n_args < 2 || mp_obj_get_int(args[1]) != 0) {
        return MP_OBJ_NEW_SMALL_INT(-MP_EINVAL);
    }

    #if ROMFS_TEST_SHAPE_BLOCK
    if (cmd == MP_VFS_ROM_IOCTL_GET_SEGMENT) {
        return MP_OBJ_FROM_PTR(&test_flash_obj);
    }
    return MP_OBJ_NEW_SMALL_INT(-MP_EINVAL);
    #else
    switch (cmd) {
        case MP_VFS_ROM_IOCTL_GET_SEGMENT:
            return MP_OBJ_FROM_PTR(&test_romfs_obj);
        case MP_VFS_ROM_IOCTL_WRITE_PREPARE: {
            // rom_ioctl(3, id, len) or rom_ioctl(3, id, offset, len): erase,
            // then the minimum write size.
            if (n_args < 3) {
                return MP_OBJ_NEW_SMALL_INT(-MP_EINVAL);
            }
            mp_int_t offset = n_args == 3 ? 0 : mp_obj_get_int(args[2]);
            mp_int_t len = mp_obj_get_int(args[n_args == 3 ? 2 : 3]);
            if (offset < 0 || len < 0) {
                return MP_OBJ_NEW_SMALL_INT(-MP_EINVAL);
            }
            int ret = test_erase((size_t)offset, (size_t)len);
            return MP_OBJ_NEW_SMALL_INT(ret < 0 ? ret : TEST_MIN_WRITE);
        }
        case MP_VFS_ROM_IOCTL_WRITE: {
            // rom_ioctl(4, id, offset, buf)
            if (n_args < 4) {
                return MP_OBJ_NEW_SMALL_INT(-MP_EINVAL);
            }
            mp_int_t offset = mp_obj_get_int(args[2]);
            mp_buffer_info_t bufinfo;
            mp_get_buffer_raise(args[3], &bufinfo, MP_BUFFER_READ);
            if (offset < 0) {
                return MP_OBJ_NEW_SMALL_INT(-MP_EINVAL);
            }
            return MP_OBJ_NEW_SMALL_INT(test_program((size_t)offset, bufinfo.buf, bufinfo.len));
        }
        case MP_VFS_ROM_IOCTL_WRITE_COMPLETE:
            return MP_OBJ_NEW_SMALL_INT(0);
        case MP_VFS_ROM_IOCTL_GET_MIN_PREPARE:
            return MP_OBJ_NEW_SMALL_INT(TEST_SECTOR);
        default:
            return MP_OBJ_NEW_SMALL_INT(-MP_EINVAL);
    }
    #endif
}

#endif // MICROPY_VFS_ROM_IOCTL
