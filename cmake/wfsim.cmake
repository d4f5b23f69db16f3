# Helpers that give every sim/ module its own CMake target and include root.
#
# Each module's headers are reachable as "<module>/<file>.h" only through a per-module include
# root in the build tree (a symlink named after the module). A target sees a module's headers only
# when it links that module, so an #include against the dependency direction in DESIGN.md is a
# build error, not a convention.

set(WFSIM_WARNINGS -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wimplicit-fallthrough)
if(WFSIM_WERROR)
  list(APPEND WFSIM_WARNINGS -Werror)
endif()

if(WFSIM_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# wfsim_module(NAME <module> SOURCES ... DEPENDS <targets>...)
function(wfsim_module)
  cmake_parse_arguments(M "" "NAME" "SOURCES;DEPENDS" ${ARGN})
  set(root "${CMAKE_BINARY_DIR}/include/${M_NAME}")
  file(MAKE_DIRECTORY "${root}")
  if(NOT EXISTS "${root}/${M_NAME}")
    file(CREATE_LINK "${CMAKE_CURRENT_SOURCE_DIR}" "${root}/${M_NAME}" SYMBOLIC)
  endif()
  add_library(wfsim_${M_NAME} STATIC ${M_SOURCES})
  target_include_directories(wfsim_${M_NAME} PUBLIC "${root}")
  target_compile_options(wfsim_${M_NAME} PRIVATE ${WFSIM_WARNINGS})
  target_link_libraries(wfsim_${M_NAME} PUBLIC ${M_DEPENDS})
endfunction()

# wfsim_test(NAME <test> SOURCES ... DEPENDS ... [LABELS ...])
# A Boost.Test executable registered with ctest; tests run with the throwing assertion handler.
function(wfsim_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;DEPENDS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES} "${PROJECT_SOURCE_DIR}/sim/core/test_main.cpp")
  target_compile_options(${T_NAME} PRIVATE ${WFSIM_WARNINGS})
  target_link_libraries(${T_NAME} PRIVATE ${T_DEPENDS} Boost::unit_test_framework)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME} --log_level=warning)
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 600)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "WFSIM_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  if(T_LABELS)
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
  endif()
endfunction()
