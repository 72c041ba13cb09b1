# romfs_check_elf()'s POST_BUILD step: runs `TOOL layout check --elf ELF ARGS`
# (ARGS separated by '|') with its report going straight to the build log
# (CMake would reflow it); on a problem, removes the ELF (so the next build
# links again instead of keeping a bad firmware) and fails.
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${TOOL} layout check --elf ${ELF} ${args} RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  file(REMOVE ${ELF})
  message(FATAL_ERROR "romfs: the flash layout of ${ELF} is wrong (the problems are listed above; "
                      "romfs layout check --elf exited ${rc}); the ELF was removed")
endif()
