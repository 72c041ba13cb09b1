# The README's MicroPython snippet compiles, as written, for the Cortex-M3
# against MicroPython's own headers (the embed example's generated package):
# the block after "## Booting MicroPython from ROMFS" becomes main()'s body.
# -DSOURCE_DIR= -DWORK_DIR= -DCXX= -DPACKAGE= -DCONFIG_DIR=
file(READ ${SOURCE_DIR}/README.md readme)
string(FIND "${readme}" "## Booting MicroPython from ROMFS" at)
if(at LESS 0)
  message(FATAL_ERROR "README.md has no MicroPython section")
endif()
string(SUBSTRING "${readme}" ${at} -1 rest)
string(FIND "${rest}" "```cpp\n" start)
math(EXPR start "${start} + 7")
string(SUBSTRING "${rest}" ${start} -1 rest)
string(FIND "${rest}" "```" end)
string(SUBSTRING "${rest}" 0 ${end} snippet)
# The include, then five lines: the table and four of code (no lists: the code has ';').
string(REGEX REPLACE "[^\n]" "" newlines "${snippet}")
string(LENGTH "${newlines}" n)
if(NOT n EQUAL 6)
  message(FATAL_ERROR "README.md's MicroPython snippet has ${n} lines, not 6:\n${snippet}")
endif()
string(FIND "${snippet}" "\n" eol)
string(SUBSTRING "${snippet}" 0 ${eol} include_line)
math(EXPR eol "${eol} + 1")
string(SUBSTRING "${snippet}" ${eol} -1 rest)
string(FIND "${rest}" "\n" eol)
string(SUBSTRING "${rest}" 0 ${eol} table_line)
math(EXPR eol "${eol} + 1")
string(SUBSTRING "${rest}" ${eol} -1 body)
file(WRITE ${WORK_DIR}/snippet.cpp "${include_line}
#include <romfs/flash/qemu.hpp>
extern \"C\" {
#include \"port/micropython_embed.h\"
}
static char heap[4096];
${table_line}
int main() {
    int stack_top;
${body}}
")
execute_process(COMMAND ${CXX} -std=c++20 -mcpu=cortex-m3 -mthumb -fno-exceptions -fno-rtti -Wall -Wextra -Werror
                        -fsyntax-only -I${SOURCE_DIR}/include -isystem ${CONFIG_DIR} -isystem ${PACKAGE}
                        -isystem ${PACKAGE}/port ${WORK_DIR}/snippet.cpp
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "README.md's MicroPython snippet does not compile:\n${out}")
endif()
message("README.md's MicroPython snippet compiles against MicroPython's headers")
