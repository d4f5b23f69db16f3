# Script mode: checks that no file under sim/ includes a module above its own (docs/design.md,
# "Dependency rules"), tests and headers included; sim/testing alone may include any module.
#   cmake -DSOURCE_DIR=<repository> -P check_includes.cmake
# The libraries' own CMake targets already make a wrong include in a library a build error; this
# also covers the test files, which link more than their module does. Registered with ctest as
# include_direction_test.
cmake_minimum_required(VERSION 3.25)
if(NOT DEFINED SOURCE_DIR)
  message(FATAL_ERROR "check_includes.cmake: SOURCE_DIR is not set")
endif()

# What each module may include besides itself (the transitive closure of its dependencies).
set(allowed_core "")
set(allowed_record "core")
set(allowed_jsonata "record;core")
set(allowed_s3 "record;core")
set(allowed_asl "jsonata;record;core")
set(allowed_engine "asl;jsonata;s3;record;core")
set(allowed_world "engine;asl;jsonata;s3;record;core")
set(allowed_check "asl;jsonata;record;core")
set(allowed_scenario "world;check;engine;asl;jsonata;s3;record;core")
set(allowed_run "scenario;world;check;engine;asl;jsonata;s3;record;core")
set(allowed_report "run;scenario;world;check;engine;asl;jsonata;s3;record;core")
set(allowed_cli "report;run;scenario;world;check;engine;asl;jsonata;s3;record;core")
set(modules core record s3 jsonata asl engine world check scenario run report cli)

set(violations 0)
file(GLOB_RECURSE files RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/sim/*.h" "${SOURCE_DIR}/sim/*.cpp")
foreach(file IN LISTS files)
  string(REGEX MATCH "^sim/([a-z0-9_]+)/" _ "${file}")
  set(module "${CMAKE_MATCH_1}")
  if(module STREQUAL "testing")
    continue()
  endif()
  if(NOT module IN_LIST modules)
    message(SEND_ERROR "${file}: sim/${module} is not a module this check knows; add it to "
                       "cmake/check_includes.cmake and docs/design.md")
    math(EXPR violations "${violations} + 1")
    continue()
  endif()
  file(STRINGS "${SOURCE_DIR}/${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]+\"[a-z0-9_]+/")
  foreach(line IN LISTS includes)
    string(REGEX MATCH "\"([a-z0-9_]+)/" _ "${line}")
    set(included "${CMAKE_MATCH_1}")
    if(included STREQUAL module OR included IN_LIST allowed_${module})
      continue()
    endif()
    message(SEND_ERROR "${file}: sim/${module} includes sim/${included} (${line}), which is "
                       "above it; move the code, or the test into sim/testing")
    math(EXPR violations "${violations} + 1")
  endforeach()
endforeach()
list(LENGTH files count)
if(violations GREATER 0)
  message(FATAL_ERROR "${violations} include(s) against the dependency direction")
endif()
message(STATUS "include direction: ${count} files under sim/ checked, none includes a module "
               "above its own")
