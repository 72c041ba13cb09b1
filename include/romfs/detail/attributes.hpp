/// @file
/// Inlining attributes that keep one source fast on hosts and small on a
/// Cortex-M0. Internal: not part of the API.
#pragma once

/// @cond INTERNAL
// Outlines a function in builds optimised for size (-Os), where one shared
// copy beats inlining at each call; inlined otherwise, where speed matters.
#if defined(__OPTIMIZE_SIZE__)
#define ROMFS_DETAIL_OUTLINE_IF_SIZE [[gnu::noinline]]
#else
#define ROMFS_DETAIL_OUTLINE_IF_SIZE
#endif
// Inlines a small hot function at every call, except in builds optimised for
// size (-Os), where one shared copy is smaller. Keeps host speed from
// depending on the compiler's inlining guesses.
#if defined(__OPTIMIZE_SIZE__) || !defined(__GNUC__)
#define ROMFS_DETAIL_INLINE_IF_SPEED
#else
#define ROMFS_DETAIL_INLINE_IF_SPEED [[gnu::always_inline]]
#endif
/// @endcond
