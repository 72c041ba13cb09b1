# Warnings for our own tests, examples and benchmarks (never for consumers).
add_library(romfs_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(romfs_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror)
endif()
if(ROMFS_SANITIZE)
  target_compile_options(romfs_warnings INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all
                                                  -fno-omit-frame-pointer)
  target_link_options(romfs_warnings INTERFACE -fsanitize=address,undefined)
endif()
