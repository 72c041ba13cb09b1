# romfs_add_image rebuilds when a file under the source directory is added,
# changed or removed; romfs_embed_image follows. Drives a scratch project.
file(REMOVE_RECURSE ${WORK_DIR})
set(app ${WORK_DIR}/app)
file(WRITE ${app}/main.py "v1")
file(WRITE ${app}/lib/a.py "a")

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
  -DROMFS_SOURCE_DIR=${SOURCE_DIR} -DROMFS_TOOL=${TOOL} -DAPP_DIR=${app} -DCMAKE_CXX_COMPILER=${CXX}
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
message(STATUS "romfs_add_image rebuilt on add, change and remove")
