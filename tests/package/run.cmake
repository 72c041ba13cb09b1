# Builds and runs tests/package/consumer against romfs, either installed to a
# temporary prefix (MODE=find_package) or added as a subdirectory.
file(REMOVE_RECURSE ${WORK_DIR})
include(${CMAKE_CURRENT_LIST_DIR}/../support/run_checked.cmake)

set(args -S ${SOURCE_DIR}/tests/package/consumer -B ${WORK_DIR}/build
         -DCMAKE_CXX_COMPILER=${CXX} -DROMFS_MODE=${MODE})
if(MODE STREQUAL "find_package")
  run(${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${WORK_DIR}/prefix)
  if(NOT EXISTS ${WORK_DIR}/prefix/include/romfs/romfs.hpp OR NOT EXISTS ${WORK_DIR}/prefix/include/romfs/micropython/mpconfig_romfs.h)
    message(FATAL_ERROR "install did not put romfs/romfs.hpp and romfs/micropython/mpconfig_romfs.h under include/")
  endif()
  list(APPEND args -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
else()
  list(APPEND args -DROMFS_SOURCE_DIR=${SOURCE_DIR})
endif()
run(${CMAKE_COMMAND} ${args})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/consumer)
if(NOT LAST_OUTPUT MATCHES "consumer: main.py = print\\(1\\)")
  message(FATAL_ERROR "unexpected consumer output: ${LAST_OUTPUT}")
endif()
message(STATUS "${MODE}: ${LAST_OUTPUT}")
