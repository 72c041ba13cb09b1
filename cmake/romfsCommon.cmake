# Helpers shared by romfs's CMake functions.
include_guard(GLOBAL)

# Stops with a message when a required keyword argument of `fn` is missing
# or unknown arguments were given (uses the caller's arg_ variables).
macro(_romfs_check_args fn target)
  foreach(_romfs_required ${ARGN})
    if(NOT arg_${_romfs_required})
      message(FATAL_ERROR "${fn}(${target}): ${_romfs_required} is required")
    endif()
  endforeach()
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${fn}(${target}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
endmacro()

# The romfs tool to run: TOOL if given, else the in-tree or imported target,
# else `romfs` on PATH. `deps_var` gets what the command must depend on.
function(_romfs_tool out_var deps_var given)
  set(deps)
  if(given)
    set(${out_var} ${given} PARENT_SCOPE)
  elseif(TARGET romfs::romfs_cli)
    set(${out_var} $<TARGET_FILE:romfs::romfs_cli> PARENT_SCOPE)
    set(deps romfs::romfs_cli)
  else()
    find_program(ROMFS_TOOL_EXECUTABLE romfs)
    if(NOT ROMFS_TOOL_EXECUTABLE)
      message(FATAL_ERROR "romfs: the romfs tool is not available: build romfs with ROMFS_TOOL=ON, "
                          "install it, or pass TOOL <path>")
    endif()
    set(${out_var} ${ROMFS_TOOL_EXECUTABLE} PARENT_SCOPE)
  endif()
  set(${deps_var} ${deps} PARENT_SCOPE)
endfunction()

# An INTERFACE library <target> whose include directory `dir` holds the
# generated `header`, built before anything that links it.
function(_romfs_header_library target dir header)
  add_custom_target(${target}_header DEPENDS ${header})
  add_library(${target} INTERFACE)
  target_include_directories(${target} INTERFACE ${dir})
  target_link_libraries(${target} INTERFACE romfs::romfs)
  add_dependencies(${target} ${target}_header)
endfunction()
