# The README's CMake snippet, verbatim, in a consumer project against an
# installed romfs: it builds in parallel, the image is built exactly once,
# the firmware sees the image, and a changed source file rebuilds it once.
# -DSOURCE_DIR= -DBINARY_DIR= -DWORK_DIR= -DCXX=
file(REMOVE_RECURSE ${WORK_DIR})
include(${CMAKE_CURRENT_LIST_DIR}/../support/run_checked.cmake)

# The snippet: the first ```cmake block of the README.
file(READ ${SOURCE_DIR}/README.md readme)
string(FIND "${readme}" "```cmake\n" start)
if(start LESS 0)
  message(FATAL_ERROR "README.md has no ```cmake block")
endif()
math(EXPR start "${start} + 9")
string(SUBSTRING "${readme}" ${start} -1 rest)
string(FIND "${rest}" "```" end)
string(SUBSTRING "${rest}" 0 ${end} snippet)
if(NOT snippet MATCHES "romfs_add_image" OR NOT snippet MATCHES "romfs_embed_image")
  message(FATAL_ERROR "README.md's cmake block is not the image snippet:\n${snippet}")
endif()

set(project ${WORK_DIR}/project)
file(WRITE ${project}/CMakeLists.txt
  "cmake_minimum_required(VERSION 3.25)\n"
  "project(readme_snippet LANGUAGES CXX)\n"
  "find_package(romfs CONFIG REQUIRED)\n"
  "add_executable(firmware main.cpp)\n"
  "${snippet}")
file(WRITE ${project}/main.cpp [=[
#include <cstdio>
#include <romfs/romfs.hpp>
#include "app_image.hpp"
constexpr auto img = romfs::image::open(assets::app_image);
static_assert(img.has_value() && romfs::verify(*img).has_value());
static_assert(img->lookup("__pycache__").code() == romfs::errc::not_found); // EXCLUDE
int main() {
    const auto f = img->open_file("main.py");
    if (!f || img->check_integrity().code() != romfs::errc::ok) return 1;  // HASH
    std::printf("main.py = %.*s\n", static_cast<int>(f->size()), reinterpret_cast<const char*>(f->data()));
    return f->offset() % 16 == 0 ? 0 : 2;  // ALIGN "16:*.py"
}
]=])
file(WRITE ${project}/app/main.py "v1")
file(WRITE ${project}/app/lib/a.py "a")
file(WRITE ${project}/app/__pycache__/x.pyc "junk")

run(${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} -S ${project} -B ${WORK_DIR}/build -DCMAKE_CXX_COMPILER=${CXX}
    -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)

function(build_and_check expected)
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/build --parallel 8)
  string(REGEX MATCHALL "romfs: building app.romfs" builds "${LAST_OUTPUT}")
  list(LENGTH builds n)
  if(NOT n EQUAL 1)
    message(FATAL_ERROR "the image was built ${n} times, not once:\n${LAST_OUTPUT}")
  endif()
  run(${WORK_DIR}/build/firmware)
  if(NOT LAST_OUTPUT STREQUAL "main.py = ${expected}\n")
    message(FATAL_ERROR "firmware printed '${LAST_OUTPUT}', expected main.py = ${expected}")
  endif()
endfunction()
build_and_check(v1)
execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 0.05)
file(WRITE ${project}/app/main.py "v2")
build_and_check(v2)
message(STATUS "README snippet: built once per change, in parallel; the firmware sees the image")
