# Warnings for our own tests, examples and benchmarks (never for consumers).
add_library(romfs_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(romfs_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Werror)
endif()
# GCC 12 at -O2/-O3 reports -Wrestrict inside std::string (GCC bug 105329)
# and -Wstringop-overflow on copies its own flow analysis cannot see are
# guarded (a length check returns first): keep them visible, not fatal, so
# Release builds with GCC work.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(romfs_warnings INTERFACE -Wno-error=restrict -Wno-error=stringop-overflow)
endif()
# Sanitizers for what runs (tests, tools, examples); the static test trees
# only compile, and GCC's UBSan instrumentation gets in the way of constant
# evaluation there, so they take romfs_warnings alone.
add_library(romfs_sanitize INTERFACE)
if(ROMFS_SANITIZE)
  target_compile_options(romfs_sanitize INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all
                                                  -fno-omit-frame-pointer)
  target_link_options(romfs_sanitize INTERFACE -fsanitize=address,undefined)
endif()
# Executables: warnings and sanitizers.
add_library(romfs_checked INTERFACE)
target_link_libraries(romfs_checked INTERFACE romfs_warnings romfs_sanitize)
