# romfs_add_image(<target> SOURCE_DIR <dir> OUTPUT <file>
#                 [ALIGN <N|N:GLOB>...] [EXCLUDE <glob>...] [DEDUP] [HASH]
#                 [MAX_SIZE <bytes>] [MPY_CROSS <path>] [TOOL <romfs>])
#
#   Builds a ROMFS image from SOURCE_DIR at build time, as target <target>,
#   with the options of `romfs build`: ALIGN (--align), EXCLUDE (--exclude),
#   DEDUP (--dedup), HASH (--hash: an integrity record), MAX_SIZE
#   (--max-size), MPY_CROSS (--mpy-cross; without it .py files are stored as
#   they are). The image is rebuilt when any file under SOURCE_DIR is added,
#   removed or changed: the tool writes a dependency file naming every file
#   and directory it read (a directory's time stamp changes when entries come
#   or go). The target's ROMFS_IMAGE property is the image's path.
#
# romfs_embed_image(<target> IMAGE <file> | IMAGE_TARGET <image target>
#                   NAME <identifier> [NAMESPACE <ns>] [SECTION <name>]
#                   [ALIGN <n>] [TOOL <romfs>])
#
#   Makes the image's bytes available to C++ as
#   `inline constexpr std::array<std::byte, N> <ns>::<identifier>` in the
#   header <identifier>.hpp, on an INTERFACE target <target> to link against.
#   Firmware can static_assert on the image's contents; SECTION places it in
#   a named linker section, ALIGN aligns its start. The image is a target of
#   romfs_add_image (IMAGE_TARGET), or a file (IMAGE); a file that a
#   romfs_add_image of the same project builds is recognised, so either way
#   the image is built once, before the header, never twice in parallel.

include(${CMAKE_CURRENT_LIST_DIR}/romfsCommon.cmake)


function(romfs_add_image target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "DEDUP;HASH" "SOURCE_DIR;OUTPUT;MAX_SIZE;MPY_CROSS;TOOL" "ALIGN;EXCLUDE")
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
  if(arg_HASH)
    list(APPEND args --hash)
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
  # So romfs_embed_image(IMAGE <this file>) finds the target that builds it.
  string(MAKE_C_IDENTIFIER "${output}" key)
  set_property(GLOBAL PROPERTY ROMFS_IMAGE_TARGET_${key} ${target})
endfunction()

function(romfs_embed_image target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "IMAGE;IMAGE_TARGET;NAME;NAMESPACE;SECTION;ALIGN;TOOL" "")
  _romfs_check_args(romfs_embed_image ${target} NAME)
  if(arg_IMAGE AND arg_IMAGE_TARGET)
    message(FATAL_ERROR "romfs_embed_image(${target}): give IMAGE or IMAGE_TARGET, not both")
  endif()
  if(arg_IMAGE_TARGET)
    if(NOT TARGET ${arg_IMAGE_TARGET})
      message(FATAL_ERROR "romfs_embed_image(${target}): IMAGE_TARGET ${arg_IMAGE_TARGET} is not a target")
    endif()
    get_target_property(image ${arg_IMAGE_TARGET} ROMFS_IMAGE)
    if(NOT image)
      message(FATAL_ERROR "romfs_embed_image(${target}): ${arg_IMAGE_TARGET} was not made by romfs_add_image")
    endif()
    set(image_target ${arg_IMAGE_TARGET})
  elseif(arg_IMAGE)
    get_filename_component(image ${arg_IMAGE} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})
    string(MAKE_C_IDENTIFIER "${image}" key)
    get_property(image_target GLOBAL PROPERTY ROMFS_IMAGE_TARGET_${key})
  else()
    message(FATAL_ERROR "romfs_embed_image(${target}): IMAGE or IMAGE_TARGET is required")
  endif()
  if(NOT arg_IMAGE)
    set(arg_IMAGE ${image})
  endif()
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
  if(image_target)
    # Build the image in its own target first: a custom command's output
    # listed by two targets would otherwise be built by both, in parallel.
    add_dependencies(${target}_header ${image_target})
  endif()
endfunction()
