# The Cortex-M firmware examples: built for three QEMU machines through a
# nested CMake build (ExternalProject) with the arm-none-eabi toolchain, each
# with the app image and with a corrupted copy; run under qemu-system-arm by
# CTest (label "qemu"). Skipped, with a message, without the cross toolchain
# or QEMU.
find_program(ROMFS_ARM_GCC_FW arm-none-eabi-gcc)
find_program(ROMFS_ARM_NM arm-none-eabi-nm)
find_program(ROMFS_ARM_READELF arm-none-eabi-readelf)
find_program(ROMFS_QEMU_ARM qemu-system-arm)

set(machines mps2_an385 mps2_an500 microbit)
set(qemu_mps2_an385 mps2-an385)
set(qemu_mps2_an500 mps2-an500)
set(qemu_microbit microbit)
set(cpu_mps2_an385 cortex-m3)
set(cpu_mps2_an500 cortex-m7)
set(cpu_microbit cortex-m0)
set(header_mps2_an385 romfs/boards/qemu.hpp)
set(header_mps2_an500 romfs/boards/qemu.hpp)
set(header_microbit romfs/boards/nrf.hpp)

if(NOT ROMFS_ARM_GCC_FW OR NOT TARGET romfs_example_app_image)
  set(why "arm-none-eabi-gcc not found (install gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-dev)")
  if(NOT TARGET romfs_example_app_image)
    set(why "the romfs tool is not built (ROMFS_TOOL=OFF)")
  endif()
  message(STATUS "romfs: firmware examples skipped: ${why}")
  if(ROMFS_TESTS)
    foreach(m IN LISTS machines)
      add_test(NAME qemu.${m} COMMAND ${CMAKE_COMMAND} -E echo "SKIPPED: ${why}")
      set_tests_properties(qemu.${m} PROPERTIES LABELS qemu SKIP_REGULAR_EXPRESSION "SKIPPED")
    endforeach()
  endif()
  return()
endif()

include(ExternalProject)
set(fw_dir ${CMAKE_CURRENT_BINARY_DIR}/firmware)
get_target_property(image romfs_example_app_image ROMFS_IMAGE)
set(corrupt ${fw_dir}/app-corrupt.romfs)

add_executable(romfs_example_corrupt firmware/host/corrupt.cpp)
target_link_libraries(romfs_example_corrupt PRIVATE romfs::romfs romfs_checked)
add_custom_command(OUTPUT ${corrupt}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${fw_dir}
  COMMAND romfs_example_corrupt ${image} ${corrupt}
  DEPENDS romfs_example_corrupt ${image} romfs_example_app_image
  COMMENT "Corrupting a copy of app.romfs for the second firmware variant")
add_custom_target(romfs_example_corrupt_image ALL DEPENDS ${corrupt})

foreach(m IN LISTS machines)
  # Link-time ASSERTs generated from the constexpr board layout (host build).
  romfs_layout_asserts(romfs_firmware_asserts_${m}
    HEADER ${header_${m}} LAYOUT romfs::boards::${m} OUTPUT ${fw_dir}/${m}_asserts.ld)
  ExternalProject_Add(romfs_firmware_${m}
    SOURCE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/firmware
    BINARY_DIR ${fw_dir}/${m}
    CMAKE_ARGS
      -DCMAKE_TOOLCHAIN_FILE=${PROJECT_SOURCE_DIR}/cmake/toolchains/arm-none-eabi.cmake
      -DCMAKE_BUILD_TYPE=MinSizeRel
      -DROMFS_CPU=${cpu_${m}}
      -DROMFS_MACHINE=${m}
      -DROMFS_SOURCE_DIR=${PROJECT_SOURCE_DIR}
      -DROMFS_IMAGE=${image}
      -DROMFS_IMAGE_CORRUPT=${corrupt}
      -DROMFS_ASSERTS=${fw_dir}/${m}_asserts.ld
      -DROMFS_TOOL_PATH=$<TARGET_FILE:romfs_cli>
    BUILD_ALWAYS ON
    INSTALL_COMMAND ""
    DEPENDS romfs_example_app_image romfs_example_corrupt_image romfs_firmware_asserts_${m} romfs_cli)
  if(NOT ROMFS_TESTS)
    continue()
  endif()
  set(elf ${fw_dir}/${m}/firmware_${m}.elf)
  set(bad_elf ${fw_dir}/${m}/firmware_${m}_corrupt.elf)
  if(ROMFS_QEMU_ARM)
    add_test(NAME qemu.${m}
      COMMAND ${CMAKE_COMMAND} -DQEMU=${ROMFS_QEMU_ARM} -DMACHINE=${qemu_${m}} -DELF=${elf} -DEXPECT_RC=0
              "-DEXPECT=image: [0-9]+ bytes.*  /lib/greeting.py \\([0-9]+ bytes\\).*found boot.py\nfound main.py\n--- main.py ---.*greeting.hello\\(\"ROMFS\"\\)"
              -DREJECT=FAULT
              -P ${CMAKE_CURRENT_SOURCE_DIR}/firmware/run_qemu.cmake)
    add_test(NAME qemu.${m}_corrupt
      COMMAND ${CMAKE_COMMAND} -DQEMU=${ROMFS_QEMU_ARM} -DMACHINE=${qemu_${m}} -DELF=${bad_elf} -DEXPECT_RC=3
              "-DEXPECT=romfs: image invalid: record of kind 0 \\(erased or corrupt data\\) at byte [0-9]+"
              -DREJECT=FAULT
              -P ${CMAKE_CURRENT_SOURCE_DIR}/firmware/run_qemu.cmake)
    set_tests_properties(qemu.${m} qemu.${m}_corrupt PROPERTIES LABELS qemu TIMEOUT 120)
  else()
    add_test(NAME qemu.${m} COMMAND ${CMAKE_COMMAND} -E echo "SKIPPED: qemu-system-arm not found (install qemu-system-arm)")
    set_tests_properties(qemu.${m} PROPERTIES LABELS qemu SKIP_REGULAR_EXPRESSION "SKIPPED")
    message(STATUS "romfs: QEMU tests skipped: qemu-system-arm not found")
  endif()
  add_test(NAME firmware.${m}_no_heap_no_exceptions
    COMMAND ${CMAKE_COMMAND} -DNM=${ROMFS_ARM_NM} -DREADELF=${ROMFS_ARM_READELF} -DELF=${elf}
            -P ${CMAKE_CURRENT_SOURCE_DIR}/firmware/check_no_heap.cmake)
  set_tests_properties(firmware.${m}_no_heap_no_exceptions PROPERTIES LABELS firmware)
  if(m STREQUAL "microbit" AND TARGET romfs_cli)
    # The ELF check: the linked example agrees with its scripts, and a firmware
    # with data placed into the ROM partition by address is caught.
    add_test(NAME firmware.elf_check
      COMMAND bash ${PROJECT_SOURCE_DIR}/tests/link/elf_check.sh $<TARGET_FILE:romfs_cli> ${elf} ${PROJECT_SOURCE_DIR}
              ${CMAKE_CURRENT_BINARY_DIR}/elf-check)
    set_tests_properties(firmware.elf_check PROPERTIES LABELS "firmware;layout")
  endif()
endforeach()
