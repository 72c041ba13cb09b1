/// @file
/// MicroPython's embed port on ROMFS: the boot layer's places and search
/// path behind the functions an embedding application supplies to
/// MicroPython (`mp_import_stat`, `mp_lexer_new_from_file`,
/// `mp_reader_new_file`; defined once per firmware by
/// `romfs/micropython/port.hpp`), `.mpy` bytecode run in place from flash
/// through `mp_reader_new_mem(..., MP_READER_IS_ROM)`, `sys.path` set from
/// the search path, and `boot()`, which runs `boot.py` then `main.py` as
/// MicroPython's ports do and reports what happened as values.
///
/// Compiles only against MicroPython's own headers (the embed port's
/// generated `micropython_embed/`), configured with
/// `romfs/micropython/mpconfig_romfs.h`. Run it after `mp_embed_init`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "../boot/mount_table.hpp"
#include "../boot/place.hpp"
#include "../boot/search_path.hpp"
#include "mpy.hpp"

extern "C" {
#include <py/builtin.h>
#include <py/compile.h>
#include <py/lexer.h>
#include <py/mperrno.h>
#include <py/nlr.h>
#include <py/objexcept.h>
#include <py/persistentcode.h>
#include <py/reader.h>
#include <py/runtime.h>
}

namespace romfs::micropython {

// mpy.hpp's copy of the .mpy format's numbers is MicroPython's.
static_assert(MPY_VERSION == 6, "check_mpy reads .mpy version 6");
static_assert(detail::obj_fun_table == MP_PERSISTENT_OBJ_FUN_TABLE && detail::obj_ellipsis == MP_PERSISTENT_OBJ_ELLIPSIS &&
              detail::obj_str == MP_PERSISTENT_OBJ_STR && detail::obj_bytes == MP_PERSISTENT_OBJ_BYTES &&
              detail::obj_tuple == MP_PERSISTENT_OBJ_TUPLE && MPY_FEATURE_ARCH_FLAGS >> 2 != 0);

/// The place MicroPython's port functions read from, type-erased: set by
/// `install`.
struct installed_place {
    const void* self = nullptr; ///< The place.
    boot::node (*stat)(const void*, std::string_view) = nullptr; ///< Its `stat`.
    result<boot::source, boot::error> (*open)(const void*, std::string_view) = nullptr; ///< Its `open`.
    /// The mount point whose image holds `address`, or "" (mount tables only).
    std::string_view (*where)(const void*, const void* address) = nullptr;
};

/// The installed place (one per firmware; MicroPython has one import system).
inline constinit installed_place current_place{};

/// @cond INTERNAL
namespace detail {
inline std::string_view where_nowhere(const void*, const void*) noexcept { return {}; }
template <flash_traits Traits, std::size_t N>
std::string_view where_in_table(const void* self, const void* address) noexcept {
    const auto& t = *static_cast<const boot::basic_mount_table<Traits, N>*>(self);
    const auto* a = static_cast<const std::byte*>(address);
    std::string_view best;
    std::size_t best_size = ~std::size_t{0};
    for (const auto& m : t.mounts()) {
        const auto b = m.image.bytes();
        // The innermost mount (an image inside an image) is the smallest.
        if (a >= b.data() && a < b.data() + b.size() && b.size() < best_size) {
            best = m.path;
            best_size = b.size();
        }
    }
    return best;
}
template <class P>
struct where_of {
    static constexpr auto fn = &where_nowhere;
};
template <flash_traits Traits, std::size_t N>
    requires(memory_mapped<Traits>)
struct where_of<boot::basic_mount_table<Traits, N>> {
    static constexpr auto fn = &where_in_table<Traits, N>;
};
// Places joined: the first of them that knows the address.
template <boot::place... Ps>
struct where_of<boot::places<Ps...>> {
    static std::string_view in(const void* self, const void* address) noexcept {
        std::string_view found;
        static_cast<const boot::places<Ps...>*>(self)->each([&](const auto& p) {
            if (found.empty()) found = where_of<std::remove_cvref_t<decltype(p)>>::fn(&p, address);
        });
        return found;
    }
    static constexpr auto fn = &in;
};
} // namespace detail
/// @endcond

/// Makes `p` the place MicroPython imports and reads scripts from. `p` must
/// outlive every import (a static object in firmware).
template <boot::place P>
void install(const P& p) noexcept {
    current_place.self = &p;
    current_place.stat = [](const void* s, std::string_view path) { return static_cast<const P*>(s)->stat(path); };
    current_place.open = [](const void* s, std::string_view path) { return static_cast<const P*>(s)->open(path); };
    current_place.where = detail::where_of<P>::fn;
}

/// Replaces `sys.path` with `path`'s entries, in order (after `mp_init`).
/// Raises MemoryError as MicroPython does when the heap is full: call it
/// inside an `nlr_push` (as `boot` does).
template <std::size_t N>
void set_sys_path(const boot::search_path<N>& path) {
    if (mp_sys_path == MP_OBJ_NULL) mp_sys_path = mp_obj_new_list(0, nullptr);
    mp_obj_list_t* list = static_cast<mp_obj_list_t*>(MP_OBJ_TO_PTR(mp_sys_path));
    list->len = 0;
    for (const auto entry : path) mp_obj_list_append(mp_sys_path, mp_obj_new_str(entry.data(), entry.size()));
}

/// `mp_import_stat` on the installed place.
inline mp_import_stat_t import_stat(const char* path) noexcept {
    if (current_place.stat == nullptr) return MP_IMPORT_STAT_NO_EXIST;
    switch (current_place.stat(current_place.self, path)) {
    case boot::node::file: return MP_IMPORT_STAT_FILE;
    case boot::node::directory: return MP_IMPORT_STAT_DIR;
    case boot::node::none: break;
    }
    return MP_IMPORT_STAT_NO_EXIST;
}

/// `mp_reader_new_file`: a memory reader over the file's bytes, marked
/// `MP_READER_IS_ROM` when the place says they stay in place, so the `.mpy`
/// loader keeps bytecode and constants in flash. Raises OSError(ENOENT)
/// (as MicroPython's readers do) when the file cannot be opened, and
/// ValueError for a `.mpy` that runs past its end (`check_mpy`), which
/// MicroPython's loader would loop on or read beyond.
inline void reader_new_file(mp_reader_t* reader, qstr filename) {
    size_t length = 0;
    const char* path = reinterpret_cast<const char*>(qstr_data(filename, &length));
    if (current_place.open == nullptr) mp_raise_OSError(MP_ENOENT);
    const auto f = current_place.open(current_place.self, {path, length});
    if (!f) mp_raise_OSError(MP_ENOENT);
    if (boot::detail::ends_with({path, length}, ".mpy")) {
        const auto shape = check_mpy(f->bytes);
        if (shape == mpy_shape::truncated || shape == mpy_shape::too_deep) {
            static constexpr char message[] = "romfs: truncated or corrupt .mpy file";
            nlr_raise(mp_obj_new_exception_arg1(&mp_type_ValueError, mp_obj_new_str(message, sizeof message - 1)));
        }
    }
    mp_reader_new_mem(reader, reinterpret_cast<const byte*>(f->bytes.data()), f->bytes.size(),
                      f->in_place ? MP_READER_IS_ROM : 0);
}

/// `mp_lexer_new_from_file`: the lexer over `reader_new_file`'s reader.
inline mp_lexer_t* lexer_new_from_file(qstr filename) {
    mp_reader_t reader;
    reader_new_file(&reader, filename);
    return mp_lexer_new(filename, reader);
}

/// The builtin `romfs_where(obj)`: the mount point whose image holds the
/// data of `obj` (anything with the buffer protocol: str, bytes), or None.
inline mp_obj_t where(mp_obj_t obj) {
    mp_buffer_info_t info;
    mp_get_buffer_raise(obj, &info, MP_BUFFER_READ);
    if (current_place.where == nullptr) return mp_const_none;
    const auto point = current_place.where(current_place.self, info.buf);
    if (point.empty()) return mp_const_none;
    return mp_obj_new_str(point.data(), point.size());
}

/// How a boot script ended.
enum class script_status : std::uint8_t {
    missing, ///< Not on the search path.
    ran,     ///< Ran to its end.
    exited,  ///< Raised SystemExit (`sys.exit(n)`): `exit_code` is n.
    raised,  ///< Raised another exception: the traceback was printed.
};

/// One boot script's outcome.
struct script_outcome {
    script_status status = script_status::missing; ///< How it ended.
    int exit_code = 0;                              ///< SystemExit's code.
    boot::location<MICROPY_ALLOC_PATH_MAX> found;   ///< Where it was found (when not missing).
};

/// Exit statuses a firmware can pass on (sysexits.h's values).
inline constexpr int exit_uncaught_exception = 70; ///< EX_SOFTWARE: main.py raised.
inline constexpr int exit_no_main = 66;            ///< EX_NOINPUT: no main.py anywhere.

/// What `boot` did.
struct boot_report {
    script_outcome boot_py; ///< boot.py.
    script_outcome main_py; ///< main.py (missing when boot.py exited).

    /// An exit status for the firmware: 0 when main.py ran to its end,
    /// SystemExit's code when it exited, `exit_uncaught_exception` when it
    /// raised, `exit_no_main` when there is none; boot.py's SystemExit
    /// ends the boot with its code.
    constexpr int exit_status() const noexcept {
        if (boot_py.status == script_status::exited) return boot_py.exit_code;
        switch (main_py.status) {
        case script_status::ran: return 0;
        case script_status::exited: return main_py.exit_code;
        case script_status::raised: return exit_uncaught_exception;
        case script_status::missing: break;
        }
        return exit_no_main;
    }
};

/// @cond INTERNAL
namespace detail {
// SystemExit's code as MicroPython's unix port takes it: None is 0, an int
// is itself, anything else is printed and is 1.
inline int system_exit_code(mp_obj_t exc) {
    const mp_obj_t value = mp_obj_exception_get_value(exc);
    if (value == mp_const_none) return 0;
    mp_int_t code = 0;
    if (mp_obj_get_int_maybe(value, &code)) return static_cast<int>(code);
    mp_obj_print_helper(&mp_plat_print, value, PRINT_STR);
    mp_print_str(&mp_plat_print, "\n");
    return 1;
}

// Compiles and runs the script at `path` in __main__'s globals.
inline script_status run_file(std::string_view path, int& exit_code) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_lexer_t* lex = lexer_new_from_file(qstr_from_strn(path.data(), path.size()));
        mp_parse_compile_execute(lex, MP_PARSE_FILE_INPUT, mp_globals_get(), mp_locals_get());
        nlr_pop();
        return script_status::ran;
    }
    const mp_obj_t exc = MP_OBJ_FROM_PTR(nlr.ret_val);
    if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(exc)), MP_OBJ_FROM_PTR(&mp_type_SystemExit))) {
        exit_code = system_exit_code(exc);
        return script_status::exited;
    }
    mp_obj_print_exception(&mp_plat_print, exc);
    return script_status::raised;
}
} // namespace detail
/// @endcond

/// Finds and runs one script by the search path's order.
template <boot::place P, std::size_t N>
script_outcome run_script(const P& fs, const boot::search_path<N>& path, std::string_view name) {
    script_outcome out;
    const auto found = boot::find_script<MICROPY_ALLOC_PATH_MAX>(fs, path, name);
    if (!found) return out;
    out.found = *found;
    out.status = detail::run_file(found->path(), out.exit_code);
    return out;
}

/// Boots MicroPython from `fs`: installs it for imports, sets `sys.path`
/// to `path`'s order, runs `boot.py` then `main.py` (each found by that
/// order; main.py is skipped when boot.py raised SystemExit). Exceptions are
/// printed with their traceback and reported, never propagated. Call after
/// `mp_embed_init`; `fs` must outlive MicroPython.
template <boot::place P, std::size_t N>
boot_report boot(const P& fs, const boot::search_path<N>& path) {
    install(fs);
    boot_report report;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        set_sys_path(path);
        nlr_pop();
    } else {
        mp_obj_print_exception(&mp_plat_print, MP_OBJ_FROM_PTR(nlr.ret_val));
        report.boot_py.status = script_status::raised;
        return report;
    }
    report.boot_py = run_script(fs, path, "boot.py");
    if (report.boot_py.status != script_status::exited) report.main_py = run_script(fs, path, "main.py");
    return report;
}

} // namespace romfs::micropython
