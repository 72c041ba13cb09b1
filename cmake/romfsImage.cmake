# romfs_add_image(<target> SOURCE_DIR <dir> OUTPUT <file>
#                 [ALIGN <N|N:GLOB>...] [EXCLUDE <glob>...] [DEDUP]
#                 [MAX_SIZE <bytes>] [MPY_CROSS <path>] [TOOL <romfs>])
#
#   Builds a ROMFS image from SOURCE_DIR at build time, as target <target>.
#   The image is rebuilt when any file under SOURCE_DIR is added, removed or
#   changed: the tool writes a dependency file naming every file and directory
#   it read (a directory's time stamp changes when entries come or go).
#   .py files are stored as they are unless MPY_CROSS is given.
#
# romfs_embed_image(<target> IMAGE <file> NAME <identifier>
#                   [NAMESPACE <ns>] [SECTION <name>] [ALIGN <n>] [TOOL <romfs>])
#
#   Makes the image's bytes available to C++ as
#   `inline constexpr std::array<std::byte, N> <ns>::<identifier>` in the
#   header <identifier>.hpp, on an INTERFACE target <target> to link against.
#   Firmware can static_assert on the image's contents; SECTION places it in
#   a named linker section, ALIGN aligns its start.

include(${CMAKE_CURRENT_LIST_DIR}/romfsCommon.cmake)


function(romfs_add_image target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "DEDUP" "SOURCE_DIR;OUTPUT;MAX_SIZE;MPY_CROSS;TOOL" "ALIGN;EXCLUDE")
  _romfs_check_args(romfs_add_image ${target} SOURCE_DIR OUTPUT)
  get_filename_component(source ${arg_SOURCE_DIR} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  get_filename_component(output ${arg_OUTPUT} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})
  if(NOT IS_DIRECTORY ${source})
    message(FATAL_ERROR "romfs_add_image(${target}): ${source} is not a directory")
  endif()
  _romfs_tool(tool tool_deps "${arg_TOOL}")
  set(args build ${source} -o ${output} --quiet --depfile ${output}.d)
  foreach(a IN LISTS arg_ALIGN)
    list(APPEND args --align ${a})
  endforeach()
  foreach(e IN LISTS arg_EXCLUDE)
    list(APPEND args --exclude ${e})
  endforeach()
  if(arg_DEDUP)
    list(APPEND args --dedup)
  endif()
  if(arg_MAX_SIZE)
    list(APPEND args --max-size ${arg_MAX_SIZE})
  endif()
  if(arg_MPY_CROSS)
    list(APPEND args --mpy-cross ${arg_MPY_CROSS})
  else()
    list(APPEND args --no-mpy-cross)
  endif()
  add_custom_command(OUTPUT ${output}
    COMMAND ${tool} ${args}
    DEPENDS ${source} ${tool_deps}
    DEPFILE ${output}.d
    COMMENT "romfs: building ${arg_OUTPUT} from ${arg_SOURCE_DIR}"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${output})
  set_target_properties(${target} PROPERTIES ROMFS_IMAGE ${output})
endfunction()

function(romfs_embed_image target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "IMAGE;NAME;NAMESPACE;SECTION;ALIGN;TOOL" "")
  _romfs_check_args(romfs_embed_image ${target} IMAGE NAME)
  get_filename_component(image ${arg_IMAGE} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})
  _romfs_tool(tool tool_deps "${arg_TOOL}")
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${target}_embed)
  set(header ${dir}/${arg_NAME}.hpp)
  set(args embed ${image} -o ${header} --name ${arg_NAME})
  if(arg_NAMESPACE)
    list(APPEND args --namespace ${arg_NAMESPACE})
  endif()
  if(arg_SECTION)
    list(APPEND args --section ${arg_SECTION})
  endif()
  if(arg_ALIGN)
    list(APPEND args --align ${arg_ALIGN})
  endif()
  add_custom_command(OUTPUT ${header}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${tool} ${args}
    DEPENDS ${image} ${tool_deps}
    COMMENT "romfs: embedding ${arg_IMAGE} as ${arg_NAME}"
    VERBATIM)
  _romfs_header_library(${target} ${dir} ${header})
endfunction()
