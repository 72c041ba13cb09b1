# romfs_linker_script(<target> SCRIPTS <a.ld> [<b.ld>...] [INCLUDES <c.ld>...]
#                     [DEFSYM <name>=<value>...] [PREPROCESS [DEFINES <D>...]])
#
#   Makes the link's scripts available to C++ as constexpr text: the header
#   <target>.hpp (on the INTERFACE target <target>) defines, in namespace
#   <target>,
#     sources  : std::array<romfs::layout::ld::source, N>  (SCRIPTS, then INCLUDES)
#     defsyms  : std::array<romfs::layout::ld::defsym, M>  (the DEFSYM values)
#     script   : the parsed link, romfs::layout::ld::script<>
#   so a board definition can static_assert that the regions and symbols the
#   linker will use equal its constexpr layout. PREPROCESS runs the C
#   preprocessor over every script first (with DEFINES), as some ports do.
#   The header is regenerated when a script changes.

set(_ROMFS_LINKER_SCRIPT_DIR ${CMAKE_CURRENT_LIST_DIR})

function(romfs_linker_script target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "PREPROCESS" "" "SCRIPTS;INCLUDES;DEFSYM;DEFINES")
  if(NOT arg_SCRIPTS)
    message(FATAL_ERROR "romfs_linker_script(${target}): SCRIPTS is required")
  endif()
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "romfs_linker_script(${target}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT target MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "romfs_linker_script(${target}): the target name is also a C++ namespace: use [A-Za-z0-9_]")
  endif()
  foreach(d IN LISTS arg_DEFSYM)
    if(NOT d MATCHES "^[A-Za-z_.$][A-Za-z0-9_.$]*=.+$")
      message(FATAL_ERROR "romfs_linker_script(${target}): DEFSYM ${d}: expected NAME=VALUE")
    endif()
  endforeach()
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${target}_ld)
  set(header ${dir}/${target}.hpp)
  set(inputs)
  set(kinds)
  set(originals)
  foreach(kind SCRIPTS INCLUDES)
    foreach(s IN LISTS arg_${kind})
      get_filename_component(abs ${s} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
      list(APPEND originals ${abs})
      if(arg_PREPROCESS)
        get_filename_component(name ${abs} NAME)
        set(out ${dir}/pp/${name})
        set(defs)
        foreach(d IN LISTS arg_DEFINES)
          list(APPEND defs -D${d})
        endforeach()
        add_custom_command(OUTPUT ${out}
          COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}/pp
          COMMAND ${CMAKE_CXX_COMPILER} -E -P -x c -undef ${defs} -I${CMAKE_CURRENT_SOURCE_DIR} -o ${out} ${abs}
          DEPENDS ${abs}
          IMPLICIT_DEPENDS C ${abs}
          COMMENT "romfs: preprocessing ${name}"
          VERBATIM)
        list(APPEND inputs ${out})
      else()
        list(APPEND inputs ${abs})
      endif()
      if(kind STREQUAL "SCRIPTS")
        list(APPEND kinds 1)
      else()
        list(APPEND kinds 0)
      endif()
    endforeach()
  endforeach()
  string(REPLACE ";" "|" inputs_arg "${inputs}")
  string(REPLACE ";" "|" kinds_arg "${kinds}")
  string(REPLACE ";" "|" defsym_arg "${arg_DEFSYM}")
  add_custom_command(OUTPUT ${header}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${header} -DNAMESPACE=${target} -DINPUTS=${inputs_arg}
            -DKINDS=${kinds_arg} -DDEFSYMS=${defsym_arg}
            -P ${_ROMFS_LINKER_SCRIPT_DIR}/romfsLinkerScriptGenerate.cmake
    DEPENDS ${inputs} ${originals} ${_ROMFS_LINKER_SCRIPT_DIR}/romfsLinkerScriptGenerate.cmake
    COMMENT "romfs: linker scripts for ${target}"
    VERBATIM)
  add_custom_target(${target}_header DEPENDS ${header})
  add_library(${target} INTERFACE)
  target_include_directories(${target} INTERFACE ${dir})
  target_link_libraries(${target} INTERFACE romfs::romfs)
  add_dependencies(${target} ${target}_header)
endfunction()
