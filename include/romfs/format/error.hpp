/// @file
/// Errors as values: error codes, the byte offset where a problem is, and a
/// small constexpr `result<T>` (an `expected`-like type; no exceptions).
#pragma once

#include <cstdint>
#include <string_view>
#include <type_traits>
#include <memory>
#include <utility>

namespace romfs {

/// Byte offset or length inside an image. ROMFS partitions live in MCU
/// address spaces, so 32 bits is enough and keeps the reader small on
/// Cortex-M0.
using offset_t = std::uint32_t;

/// What went wrong. Each structural corruption class has its own code.
/// A full word: a Cortex-M0 loads a word from the stack in one instruction,
/// a byte in four, and results are tested on every call.
enum class errc : std::uint32_t {
    ok = 0,                ///< No error.
    bad_magic,             ///< Does not start with the filesystem kind 0x14a6b1 ("RM1").
    image_truncated,       ///< The filesystem length runs past the bytes given (or does not decode).
    varuint_truncated,     ///< A varuint runs off the end of the bytes it may use.
    varuint_overflow,      ///< A varuint's value does not fit its integer type.
    record_past_parent,    ///< A record's length runs past the record (or image) containing it.
    name_past_record,      ///< An entry's name length runs past its record.
    kind_zero,             ///< A record of kind 0: erased, zeroed or corrupt data.
    file_without_data,     ///< A file record holds no data record.
    indirect_out_of_range, ///< Indirect data points outside the filesystem payload.
    bad_name,              ///< (verify) An entry name is empty, ".", "..", or holds '/' or NUL.
    too_deep,              ///< Nesting is deeper than the caller's depth bound.
    not_found,             ///< No such path.
    not_a_directory,       ///< The path names a file where a directory is needed.
    not_a_file,            ///< The path names a directory where a file is needed.
    buffer_too_small,      ///< A caller-supplied buffer cannot hold the result.
    out_of_range,          ///< A read offset lies past the end of the file.
    io_error,              ///< The flash driver's read failed.
    no_integrity_record,   ///< An integrity check was required but the image has no integrity record.
    bad_integrity_record,  ///< The integrity record is malformed or names an unknown hash.
    hash_mismatch,         ///< The filesystem payload does not match the integrity record's hash.
};

/// A short, stable, human-readable description of an error code.
/// Returns a `std::string_view` of a string literal: static storage, never
/// dangling, not NUL-terminated by contract (use `.data()` with `.size()`;
/// every literal here does end in NUL, so `.data()` also works as a C string).
/// The other layers' `message()` overloads (deploy, ELF) return the same kind.
constexpr std::string_view message(errc code) noexcept {
    switch (code) {
    case errc::ok: return "ok";
    case errc::bad_magic: return "not a ROMFS image (bad magic)";
    case errc::image_truncated: return "image length runs past the end of the data";
    case errc::varuint_truncated: return "varuint runs off the end of its record";
    case errc::varuint_overflow: return "varuint value overflows";
    case errc::record_past_parent: return "record runs past its parent";
    case errc::name_past_record: return "name length runs past its record";
    case errc::kind_zero: return "record of kind 0 (erased or corrupt data)";
    case errc::file_without_data: return "file has no data record";
    case errc::indirect_out_of_range: return "indirect data points outside the filesystem";
    case errc::bad_name: return "invalid entry name";
    case errc::too_deep: return "nesting deeper than the depth bound";
    case errc::not_found: return "no such file or directory";
    case errc::not_a_directory: return "not a directory";
    case errc::not_a_file: return "is a directory";
    case errc::buffer_too_small: return "buffer too small";
    case errc::out_of_range: return "offset past the end of the file";
    case errc::io_error: return "flash read failed";
    case errc::no_integrity_record: return "image has no integrity record";
    case errc::bad_integrity_record: return "malformed integrity record";
    case errc::hash_mismatch: return "filesystem payload does not match its integrity hash";
    }
    return "unknown error";
}

/// An error code plus the byte offset (from the image start) it refers to.
struct error {
    errc code = errc::ok; ///< What went wrong.
    offset_t offset = 0;  ///< Where, in bytes from the start of the image.

    /// Equal when both code and offset are equal.
    friend constexpr bool operator==(const error&, const error&) = default;
};

namespace detail {
// Deliberately not constexpr: reaching it in a constant expression makes the
// expression non-constant, so misuse shows up as a compile error there; at
// run time it traps (no exceptions on the device).
[[noreturn]] inline void bad_result_access() noexcept { __builtin_trap(); }
} // namespace detail

/// @cond INTERNAL
namespace detail {
// The value (in a union, so an error result builds no T) and the error. For
// trivially copyable values (everything the reader returns) the storage is
// trivial, so results pass in registers on a Cortex-M; host values (strings,
// vectors) get a copy, move and destructor that touch the value only when
// it is there. A base class rather than constrained special members, which
// clang 14 does not implement.
template <class T, class E, bool = std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>>
struct result_storage {
    union {
        T value_;
    };
    E error_{};

    constexpr result_storage(const T& v) noexcept(std::is_nothrow_copy_constructible_v<T>) : value_(v) {}
    constexpr result_storage(T&& v) noexcept(std::is_nothrow_move_constructible_v<T>) : value_(static_cast<T&&>(v)) {}
    template <class... Args>
    constexpr explicit result_storage(std::in_place_t, Args&&... args) noexcept : value_(static_cast<Args&&>(args)...) {}
    constexpr result_storage(E&& e) noexcept(std::is_nothrow_move_constructible_v<E>) : error_(static_cast<E&&>(e)) {}
    template <class... Args>
    constexpr result_storage(const E& e, std::in_place_t, Args&&... args) noexcept
        : value_(static_cast<Args&&>(args)...), error_(e) {}
    constexpr bool has_value() const noexcept { return error_.code == decltype(E::code){}; }
};

template <class T, class E>
struct result_storage<T, E, false> {
    union {
        T value_;
    };
    E error_{};

    constexpr result_storage(const T& v) : value_(v) {}
    constexpr result_storage(T&& v) noexcept(std::is_nothrow_move_constructible_v<T>) : value_(static_cast<T&&>(v)) {}
    template <class... Args>
    constexpr explicit result_storage(std::in_place_t, Args&&... args) : value_(static_cast<Args&&>(args)...) {}
    constexpr result_storage(E&& e) noexcept(std::is_nothrow_move_constructible_v<E>) : error_(static_cast<E&&>(e)) {}
    constexpr bool has_value() const noexcept { return error_.code == decltype(E::code){}; }

    constexpr result_storage(const result_storage& o) : error_(o.error_) {
        if (o.has_value()) std::construct_at(&value_, o.value_);
    }
    constexpr result_storage(result_storage&& o) noexcept : error_(static_cast<E&&>(o.error_)) {
        if (has_value()) std::construct_at(&value_, static_cast<T&&>(o.value_));
    }
    constexpr result_storage& operator=(const result_storage& o) {
        if (this != &o) {
            this->~result_storage();
            std::construct_at(this, o);
        }
        return *this;
    }
    constexpr result_storage& operator=(result_storage&& o) noexcept {
        if (this != &o) {
            this->~result_storage();
            std::construct_at(this, static_cast<result_storage&&>(o));
        }
        return *this;
    }
    constexpr ~result_storage() {
        if (has_value()) value_.~T();
    }
};
} // namespace detail
/// @endcond

/// Either a value of type `T` or an error of type `E`: the one error model
/// of the library and its tools (each layer has its own small `E`: the
/// reader's `error`, `deploy::flash_error`, `ld::error`, `elf::error`,
/// `esp::error`, `builder::failure`). `E` has a `code` member whose
/// value-initialised state (0) means success. The value lives in a union
/// with no default construction, so an error result costs nothing to build;
/// for the reader's trivially copyable values the result is trivially
/// copyable too, and host code may hold strings and vectors.
template <class T, class E = romfs::error>
class [[nodiscard]] result : private detail::result_storage<T, E> {
    using storage = detail::result_storage<T, E>;

public:
    /// A successful result holding `value`.
    constexpr result(const T& value) noexcept(std::is_nothrow_copy_constructible_v<T>) : storage(value) {}
    /// A successful result holding `value`, moved in.
    constexpr result(T&& value) noexcept(std::is_nothrow_move_constructible_v<T>)
        : storage(static_cast<T&&>(value)) {}
    /// A failed result. `e.code` must not be the success code.
    constexpr result(E e) noexcept(std::is_nothrow_move_constructible_v<E>) : storage(static_cast<E&&>(e)) {}
    /// A successful result whose value is built in place from `args` (no
    /// copy of a temporary: smaller code on a Cortex-M0).
    template <class... Args>
    constexpr explicit result(std::in_place_t, Args&&... args) noexcept
        : storage(std::in_place, static_cast<Args&&>(args)...) {}

    /// The value built from `args` whatever `e` says, and the error `e`: a
    /// result in one step, with no branch between a value and an error
    /// (trivially copyable values only). The value is reachable only when `e`
    /// is no error. At -Os GCC keeps a result built on two paths in memory
    /// and reloads it; built on one path it stays in registers.
    template <class... Args>
        requires(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>)
    constexpr result(const E& e, std::in_place_t, Args&&... args) noexcept
        : storage(e, std::in_place, static_cast<Args&&>(args)...) {}

    /// True when a value is present.
    constexpr bool has_value() const noexcept { return storage::has_value(); }
    /// True when a value is present.
    constexpr explicit operator bool() const noexcept { return has_value(); }

    /// The value; on an error this traps (and is not a constant expression).
    constexpr const T& value() const& noexcept {
        if (!has_value()) detail::bad_result_access();
        return this->value_;
    }
    /// The value, moved out (host results holding containers).
    constexpr T&& value() && noexcept {
        if (!has_value()) detail::bad_result_access();
        return static_cast<T&&>(this->value_);
    }
    /// The value, checked like `value()`. After `if (!r) return ...;` the
    /// compiler drops the repeated check.
    constexpr const T& operator*() const& noexcept { return value(); }
    /// The value, moved out; see `value() &&`.
    constexpr T&& operator*() && noexcept { return static_cast<result&&>(*this).value(); }
    /// Member access to the value; see `operator*`.
    constexpr const T* operator->() const noexcept { return &value(); }
    /// The error (success code when a value is present).
    constexpr const E& error() const noexcept { return this->error_; }
    /// The error code (success code when a value is present).
    constexpr decltype(E::code) code() const noexcept { return this->error_.code; }
};

/// A result that carries no value: success, or an error of type `E`.
template <class E>
class [[nodiscard]] result<void, E> {
public:
    /// Success.
    constexpr result() noexcept = default;
    /// Failure with `e`.
    constexpr result(E e) noexcept : error_(e) {}
    /// True on success.
    constexpr bool has_value() const noexcept { return error_.code == decltype(E::code){}; }
    /// True on success.
    constexpr explicit operator bool() const noexcept { return has_value(); }
    /// The error (success code on success).
    constexpr const E& error() const noexcept { return error_; }
    /// The error code (success code on success).
    constexpr decltype(E::code) code() const noexcept { return error_.code; }

private:
    E error_{};
};

} // namespace romfs
