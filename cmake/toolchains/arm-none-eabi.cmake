# Cortex-M bare metal with Debian's gcc-arm-none-eabi, newlib and libstdc++.
# Set ROMFS_CPU (cortex-m0, cortex-m0plus, cortex-m3, cortex-m4, cortex-m7).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

find_program(ARM_NONE_EABI_GCC arm-none-eabi-gcc REQUIRED)
set(CMAKE_C_COMPILER ${ARM_NONE_EABI_GCC})
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER ${ARM_NONE_EABI_GCC})
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "objcopy")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "size")

if(NOT ROMFS_CPU)
  set(ROMFS_CPU cortex-m3)
endif()
set(ROMFS_ARCH_FLAGS "-mcpu=${ROMFS_CPU} -mthumb")
if(ROMFS_CPU STREQUAL "cortex-m4")
  string(APPEND ROMFS_ARCH_FLAGS " -mfloat-abi=soft")
endif()

set(CMAKE_C_FLAGS_INIT "${ROMFS_ARCH_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "${ROMFS_ARCH_FLAGS} -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit")
set(CMAKE_ASM_FLAGS_INIT "${ROMFS_ARCH_FLAGS}")
# Link with the C driver (not g++): no libstdc++ runtime, no exception support.
set(CMAKE_CXX_LINK_EXECUTABLE "<CMAKE_C_COMPILER> <FLAGS> <CMAKE_CXX_LINK_FLAGS> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${ROMFS_ARCH_FLAGS} --specs=nano.specs --specs=nosys.specs -nostartfiles -Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
