# romfs_compile_fail(<name> <source> <regex> [DEFINES <D>...])
#
# Two CTests for a file that must not compile:
# - compile_fail.<name>.control compiles it as-is, which must succeed (so the
#   file is otherwise valid and the failure below is the intended one);
# - compile_fail.<name> compiles it with ROMFS_COMPILE_FAIL defined, which must
#   fail with a diagnostic matching <regex>.
function(romfs_compile_fail name source regex)
  cmake_parse_arguments(PARSE_ARGV 3 arg "" "" "DEFINES")
  get_filename_component(src ${source} ABSOLUTE)
  set(flags -std=c++20 -fsyntax-only -I${PROJECT_SOURCE_DIR}/include -I${PROJECT_SOURCE_DIR}/tests/support)
  foreach(d IN LISTS arg_DEFINES)
    list(APPEND flags -D${d})
  endforeach()
  add_test(NAME compile_fail.${name}.control COMMAND ${CMAKE_CXX_COMPILER} ${flags} ${src})
  # ';' would split the list into separate add_test arguments: pass it joined.
  list(JOIN flags "|" joined)
  add_test(NAME compile_fail.${name}
    COMMAND ${CMAKE_COMMAND} -DCXX=${CMAKE_CXX_COMPILER} -DFLAGS=${joined} -DSRC=${src} -DREGEX=${regex}
            -P ${PROJECT_SOURCE_DIR}/cmake/romfsExpectCompileError.cmake)
endfunction()
