/// @file
/// Defines the C functions MicroPython's embed port asks the application
/// for, on `romfs/micropython/embed.hpp`: `mp_import_stat`,
/// `mp_lexer_new_from_file`, `mp_reader_new_file`, and the builtin
/// `romfs_where`'s function object. Include it in exactly one source file
/// of the firmware.
#pragma once

#include "embed.hpp"

extern "C" {

/// MicroPython's import asks what `path` is: `romfs::micropython::import_stat`.
mp_import_stat_t mp_import_stat(const char* path) { return romfs::micropython::import_stat(path); }

/// A lexer over a source file: `romfs::micropython::lexer_new_from_file`.
mp_lexer_t* mp_lexer_new_from_file(qstr filename) { return romfs::micropython::lexer_new_from_file(filename); }

/// A reader over a file (`.mpy` loads): `romfs::micropython::reader_new_file`.
void mp_reader_new_file(mp_reader_t* reader, qstr filename) { romfs::micropython::reader_new_file(reader, filename); }

/// @cond INTERNAL
static mp_obj_t romfs_micropython_where(mp_obj_t obj) { return romfs::micropython::where(obj); }
/// @endcond

/// The builtin `romfs_where(obj)` (`ROMFS_MICROPYTHON_BUILTINS` registers it).
const mp_obj_fun_builtin_fixed_t romfs_where_obj = {{&mp_type_fun_builtin_1}, {._1 = romfs_micropython_where}};
}
