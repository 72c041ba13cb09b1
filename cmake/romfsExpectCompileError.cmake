# Compiles SRC with ROMFS_COMPILE_FAIL defined; passes only when compilation
# fails and the diagnostic matches REGEX.
string(REPLACE "|" ";" flags "${FLAGS}")
execute_process(COMMAND ${CXX} ${flags} -DROMFS_COMPILE_FAIL ${SRC}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "${SRC} compiled, but it must be rejected")
endif()
if(NOT out MATCHES "${REGEX}")
  message(FATAL_ERROR "${SRC} failed for another reason; expected /${REGEX}/ in:\n${out}")
endif()
message(STATUS "rejected as expected: /${REGEX}/")
