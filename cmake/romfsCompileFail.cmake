# romfs_compile_fail(<name> <source> <regex>)
#
# Two CTests for a file that must not compile:
# - compile_fail.<name>.control compiles it as-is, which must succeed (so the
#   file is otherwise valid and the failure below is the intended one);
# - compile_fail.<name> compiles it with ROMFS_COMPILE_FAIL defined, which must
#   fail with a diagnostic matching <regex>.
function(romfs_compile_fail name source regex)
  get_filename_component(src ${source} ABSOLUTE)
  set(flags -std=c++20 -fsyntax-only -I${PROJECT_SOURCE_DIR}/include -I${PROJECT_SOURCE_DIR}/tests/support)
  add_test(NAME compile_fail.${name}.control COMMAND ${CMAKE_CXX_COMPILER} ${flags} ${src})
  # ';' would split the list into separate add_test arguments: pass it joined.
  list(JOIN flags "|" joined)
  add_test(NAME compile_fail.${name}
    COMMAND ${CMAKE_COMMAND} -DCXX=${CMAKE_CXX_COMPILER} -DFLAGS=${joined} -DSRC=${src} -DREGEX=${regex}
            -P ${PROJECT_SOURCE_DIR}/cmake/romfsExpectCompileError.cmake)
endfunction()
