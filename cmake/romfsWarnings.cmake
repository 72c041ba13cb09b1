# Warnings for our own tests, examples and benchmarks (never for consumers).
add_library(romfs_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(romfs_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror)
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
