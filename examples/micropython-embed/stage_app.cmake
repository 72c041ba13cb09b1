# Stages an app directory for its ROMFS image: a copy of APP_DIR in STAGE,
# with each file of MPY (paths relative to the app, ';'-separated as "a|b")
# compiled by MPY_CROSS to .mpy in its place. Files of MPY that the app does
# not have are skipped (an app given by ROMFS_EXAMPLE_APP_DIR may have none).
#   cmake -DAPP_DIR=... -DSTAGE=... -DMPY_CROSS=... -DMPY=a|b -P stage_app.cmake
file(REMOVE_RECURSE ${STAGE})
file(MAKE_DIRECTORY ${STAGE})
file(COPY ${APP_DIR}/ DESTINATION ${STAGE})
string(REPLACE "|" ";" mpy "${MPY}")
foreach(f IN LISTS mpy)
  if(NOT EXISTS ${STAGE}/${f})
    continue()
  endif()
  string(REGEX REPLACE "\\.py$" ".mpy" out ${f})
  execute_process(COMMAND ${MPY_CROSS} -o ${STAGE}/${out} ${STAGE}/${f} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "mpy-cross failed on ${APP_DIR}/${f}")
  endif()
  file(REMOVE ${STAGE}/${f})
  message(STATUS "romfs example: ${f} -> ${out} (mpy-cross)")
endforeach()
