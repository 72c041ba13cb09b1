# romfs_add_image rebuilds when a file under the source directory is added,
# changed or removed; romfs_embed_image follows. Drives a scratch project.
file(REMOVE_RECURSE ${WORK_DIR})
set(app ${WORK_DIR}/app)
file(WRITE ${app}/main.py "v1")
file(WRITE ${app}/lib/a.py "a")
set(board_ld ${WORK_DIR}/board.ld)
file(WRITE ${board_ld} "MEMORY { FLASH_ROMFS (r) : ORIGIN = 0x10080000, LENGTH = ROMFS_BYTES }\n")

function(step expected)
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "build failed:\n${out}")
  endif()
  execute_process(COMMAND ${WORK_DIR}/build/show RESULT_VARIABLE rc OUTPUT_VARIABLE shown)
  if(NOT rc EQUAL 0 OR NOT shown STREQUAL expected)
    message(FATAL_ERROR "after rebuild the image holds:\n${shown}\nexpected:\n${expected}")
  endif()
endfunction()

execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/cmake_image -B ${WORK_DIR}/build
  -DROMFS_SOURCE_DIR=${SOURCE_DIR} -DROMFS_TOOL=${TOOL} -DAPP_DIR=${app} -DBOARD_LD=${board_ld}
  -DCMAKE_CXX_COMPILER=${CXX}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configure failed:\n${out}")
endif()
step("/lib/a.py=a\n/main.py=v1\n")
# Nothing changed: the image is not rebuilt (its time stamp stays).
file(TIMESTAMP ${WORK_DIR}/build/app.romfs before "%s%f")
execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 0.05)
step("/lib/a.py=a\n/main.py=v1\n")
file(TIMESTAMP ${WORK_DIR}/build/app.romfs after "%s%f")
if(NOT before STREQUAL after)
  message(FATAL_ERROR "the image was rebuilt although nothing changed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 0.05)
file(WRITE ${app}/lib/b.py "b")           # added in a subdirectory
step("/lib/a.py=a\n/lib/b.py=b\n/main.py=v1\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 0.05)
file(WRITE ${app}/main.py "v2")           # changed
step("/lib/a.py=a\n/lib/b.py=b\n/main.py=v2\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 0.05)
file(REMOVE ${app}/lib/a.py)              # removed
step("/lib/b.py=b\n/main.py=v2\n")

# romfs_linker_script: the constexpr text follows the script.
function(show_ld expected)
  execute_process(COMMAND ${WORK_DIR}/build/show_ld OUTPUT_VARIABLE shown RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT shown STREQUAL expected)
    message(FATAL_ERROR "show_ld printed '${shown}', expected '${expected}'")
  endif()
endfunction()
show_ld("FLASH_ROMFS 10080000 10000\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 0.05)
file(WRITE ${board_ld} "MEMORY { FLASH_ROMFS (r) : ORIGIN = 0x10090000, LENGTH = ROMFS_BYTES * 2 }\n")
step("/lib/b.py=b\n/main.py=v2\n")
show_ld("FLASH_ROMFS 10090000 20000\n")
message(STATUS "romfs_add_image rebuilt on add, change and remove; romfs_linker_script on a script change")
