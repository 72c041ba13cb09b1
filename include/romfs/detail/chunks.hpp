/// @file
/// The one chunk loop: a range walked in pieces of at most a buffer's size,
/// for reads through a driver, hashing and programming. Internal.
#pragma once

/// @cond INTERNAL
namespace romfs::detail {

// Calls `visit(at, n)` for consecutive pieces [at, at + n) of [from, to), each
// at most `step` bytes (step > 0), until one returns false. Returns whether
// every call returned true. `U` is an unsigned offset type.
template <class U, class Visit>
constexpr bool for_each_chunk(U from, U to, U step, Visit&& visit) noexcept {
    for (U at = from; at < to;) {
        const U n = to - at < step ? to - at : step;
        if (!visit(at, n)) return false;
        at += n;
    }
    return true;
}

} // namespace romfs::detail
/// @endcond
