# romfs_linker_script(<target> SCRIPTS <a.ld> [<b.ld>...] [INCLUDES <c.ld>...]
#                     [SEARCH_DIRS <dir>...]
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
#   SEARCH_DIRS are the linker's -L directories: every file an INCLUDE names
#   (in the scripts, and in the files they include) is looked up there, in
#   order, after the including script's own directory, and added to INCLUDES;
#   a file found nowhere is a configure error naming the directories searched.
#   The header is regenerated when a script changes. The parser's capacities
#   are sized from the texts, and the target raises the compiler's
#   constant-evaluation limits in proportion to them.

include(${CMAKE_CURRENT_LIST_DIR}/romfsCommon.cmake)


function(romfs_linker_script target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "PREPROCESS" "" "SCRIPTS;INCLUDES;DEFSYM;DEFINES;SEARCH_DIRS")
  _romfs_check_args(romfs_linker_script ${target} SCRIPTS)
  # INCLUDEd files, found through SEARCH_DIRS as ld finds them through -L.
  set(found_names)
  if(arg_SEARCH_DIRS)
    set(dirs)
    foreach(d IN LISTS arg_SEARCH_DIRS)
      get_filename_component(d ${d} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
      list(APPEND dirs ${d})
    endforeach()
    set(queue ${arg_SCRIPTS} ${arg_INCLUDES})
    set(seen)
    while(queue)
      list(POP_FRONT queue s)
      get_filename_component(s ${s} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
      if(s IN_LIST seen)
        continue()
      endif()
      list(APPEND seen ${s})
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${s})
      file(READ ${s} text)
      string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" "" text "${text}") # comments
      string(REGEX MATCHALL "INCLUDE[ \t]+\"?[^ \t\r\n\";]+" incs "${text}")
      get_filename_component(here ${s} DIRECTORY)
      foreach(inc IN LISTS incs)
        string(REGEX REPLACE "^INCLUDE[ \t]+\"?" "" name "${inc}")
        if(name IN_LIST found_names)
          continue()
        endif()
        set(path)
        foreach(d IN ITEMS ${here} ${dirs})
          if(NOT path AND EXISTS ${d}/${name})
            set(path ${d}/${name})
          endif()
        endforeach()
        if(NOT path)
          string(REPLACE ";" ", " searched "${here};${dirs}")
          message(FATAL_ERROR "romfs_linker_script(${target}): ${s}: INCLUDE ${name}: no such file (searched ${searched})")
        endif()
        list(APPEND found_names ${name})
        list(APPEND arg_INCLUDES ${path})
        list(APPEND queue ${path})
      endforeach()
    endwhile()
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
  # Source names: each file's name, or for a file found through SEARCH_DIRS
  # the name its INCLUDE wrote (the parser matches INCLUDE by that name).
  set(names)
  list(LENGTH arg_SCRIPTS n_scripts)
  list(LENGTH arg_INCLUDES n_includes)
  list(LENGTH found_names n_found)
  math(EXPR first_found "${n_scripts} + ${n_includes} - ${n_found}")
  set(k 0)
  foreach(f IN LISTS arg_SCRIPTS arg_INCLUDES)
    if(k GREATER_EQUAL first_found)
      math(EXPR j "${k} - ${first_found}")
      list(GET found_names ${j} name)
    else()
      get_filename_component(name ${f} NAME)
    endif()
    list(APPEND names ${name})
    math(EXPR k "${k} + 1")
  endforeach()
  string(REPLACE ";" "|" names_arg "${names}")
  string(REPLACE ";" "|" inputs_arg "${inputs}")
  string(REPLACE ";" "|" kinds_arg "${kinds}")
  string(REPLACE ";" "|" defsym_arg "${arg_DEFSYM}")
  add_custom_command(OUTPUT ${header}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${header} -DNAMESPACE=${target} -DINPUTS=${inputs_arg} -DNAMES=${names_arg}
            -DKINDS=${kinds_arg} -DDEFSYMS=${defsym_arg}
            -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/romfsLinkerScriptGenerate.cmake
    DEPENDS ${inputs} ${originals} ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/romfsLinkerScriptGenerate.cmake
    COMMENT "romfs: linker scripts for ${target}"
    VERBATIM)
  _romfs_header_library(${target} ${dir} ${header})
  # Parsing in the compiler costs steps in proportion to the text; raise the
  # compilers' constant-evaluation limits to fit real scripts (ESP8266's
  # 25 KB link needs about 4 M clang steps, 30 M GCC operations).
  set(bytes 0)
  foreach(f IN LISTS originals)
    file(SIZE ${f} n)
    math(EXPR bytes "${bytes} + ${n}")
  endforeach()
  math(EXPR clang_steps "1048576 + 256 * ${bytes}")
  math(EXPR gcc_ops "33554432 + 2048 * ${bytes}")
  target_compile_options(${target} INTERFACE
    "$<$<CXX_COMPILER_ID:Clang,AppleClang>:-fconstexpr-steps=${clang_steps}>"
    "$<$<CXX_COMPILER_ID:GNU>:-fconstexpr-ops-limit=${gcc_ops}>")
endfunction()

# romfs_layout_asserts(<target> HEADER <board.hpp> LAYOUT <c++ expression>
#                      OUTPUT <file.ld> [SYMBOLS_ONLY])
#
#   Generates, at build time, a linker-script fragment of ASSERT()s from a
#   constexpr layout: give it to the linker after the board's scripts and the
#   link fails, with a message naming the region or symbol, when the scripts
#   place anything elsewhere. SYMBOLS_ONLY checks just the ROMFS symbols
#   (for ports whose ROMFS has no MEMORY region). Builds a small host program,
#   so it needs a host C++ compiler in this build.
function(romfs_layout_asserts target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "SYMBOLS_ONLY" "HEADER;LAYOUT;OUTPUT" "")
  _romfs_check_args(romfs_layout_asserts ${target} HEADER LAYOUT OUTPUT)
  get_filename_component(output ${arg_OUTPUT} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})
  if(arg_SYMBOLS_ONLY)
    set(regions false)
  else()
    set(regions true)
  endif()
  set(gen ${CMAKE_CURRENT_BINARY_DIR}/${target}_gen.cpp)
  file(GENERATE OUTPUT ${gen} CONTENT "// Generated by romfs_layout_asserts().
#include <cstdio>
#include <romfs/layout/link_check.hpp>
#include <${arg_HEADER}>
int main() {
    constexpr auto f = romfs::layout::linker_asserts(${arg_LAYOUT}, romfs::layout::assert_options{${regions}, true});
    static_assert(!f.truncated, \"too many regions for one fragment\");
    return std::fwrite(f.text, 1, f.size, stdout) == f.size ? 0 : 1;
}
")
  add_executable(${target}_gen ${gen})
  target_link_libraries(${target}_gen PRIVATE romfs::romfs)
  add_custom_command(OUTPUT ${output}
    COMMAND ${target}_gen > ${output}.tmp
    COMMAND ${CMAKE_COMMAND} -E rename ${output}.tmp ${output}
    DEPENDS ${target}_gen
    COMMENT "romfs: link-time layout asserts ${arg_OUTPUT}"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${output})
endfunction()

# romfs_check_elf(<executable target> FAMILY <family>... [FLASH_SIZE <size>...]
#                 [FLASH_BASE <address>...] [BOARD <board>] [TOOL <romfs>])
#
#   After every link of <target>, checks the linked ELF as the linker left it
#   (`romfs layout check --elf`): the _micropy_hw_romfs_part* and filesystem
#   symbols, where each loadable section really went (LMA and VMA), no
#   firmware bytes inside a ROM partition or the filesystem, partitions
#   erase-aligned and in the mapped window, and, with BOARD, firmware clear of
#   the board's bootloader. A broken layout fails the build with the tool's
#   message, and the ELF is removed so that the next build links again.
#   FAMILY, FLASH_SIZE and FLASH_BASE are the tool's --family, --flash-size
#   and --flash-base, one per flash device, in the same order.
function(romfs_check_elf target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "BOARD;TOOL" "FAMILY;FLASH_SIZE;FLASH_BASE")
  _romfs_check_args(romfs_check_elf ${target} FAMILY)
  if(NOT TARGET ${target})
    message(FATAL_ERROR "romfs_check_elf(${target}): no such target")
  endif()
  _romfs_tool(tool tool_deps "${arg_TOOL}")
  set(args)
  foreach(kind FAMILY FLASH_SIZE FLASH_BASE)
    string(TOLOWER ${kind} option)
    string(REPLACE "_" "-" option ${option})
    foreach(v IN LISTS arg_${kind})
      list(APPEND args --${option} ${v})
    endforeach()
  endforeach()
  if(arg_BOARD)
    list(APPEND args --board ${arg_BOARD})
  endif()
  string(REPLACE ";" "|" args_arg "${args}")
  if(tool_deps)
    add_dependencies(${target} ${tool_deps})
  endif()
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DTOOL=${tool} -DELF=$<TARGET_FILE:${target}> -DARGS=${args_arg}
            -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/scripts/check_elf.cmake
    COMMENT "romfs: checking the flash layout of ${target}"
    VERBATIM)
endfunction()
