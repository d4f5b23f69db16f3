# Helpers that give every sim/ module its own CMake target and include root.
#
# Each module's headers are reachable as "<module>/<file>.h" only through a per-module include
# root in the build tree (a symlink named after the module). A target sees a module's headers only
# when it links that module, so an #include against the dependency direction in docs/design.md is a
# build error, not a convention.

set(WFSIM_WARNINGS -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # clang (the fuzz build) spells GCC's -Wshadow=local as -Wshadow-uncaptured-local.
  list(TRANSFORM WFSIM_WARNINGS REPLACE "^-Wshadow=local$" "-Wshadow-uncaptured-local")
endif()
if(WFSIM_WERROR)
  list(APPEND WFSIM_WARNINGS -Werror)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 (Debian bookworm's) misreports `"literal" + std::string` as an overlapping memcpy of
    # exabytes (GCC bug 105329): still shown, never an error.
    list(APPEND WFSIM_WARNINGS -Wno-error=restrict)
  endif()
endif()

# WFSIM_SANITIZE: AddressSanitizer and UndefinedBehaviorSanitizer over the whole tree; any report
# ends the process (-fno-sanitize-recover=all), so a ctest run fails instead of scrolling past it.
# WFSIM_FUZZ builds the libFuzzer targets (clang only) with the same sanitizers, plus coverage
# instrumentation of every library they link. docs/reliability.md has the commands.
if(WFSIM_SANITIZE OR WFSIM_FUZZ)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
endif()
# WFSIM_SANITIZE_THREAD: ThreadSanitizer, for explore's worker threads and its signal handling
# (scripts/sanitize --thread); it cannot be combined with AddressSanitizer.
if(WFSIM_SANITIZE_THREAD)
  if(WFSIM_SANITIZE OR WFSIM_FUZZ)
    message(FATAL_ERROR "WFSIM_SANITIZE_THREAD cannot be combined with WFSIM_SANITIZE or WFSIM_FUZZ")
  endif()
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
if(WFSIM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "WFSIM_FUZZ needs clang (libFuzzer): configure with "
                        "-DCMAKE_CXX_COMPILER=clang++ (Debian packages clang, libclang-rt-dev)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
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

# wfsim_fuzzer(NAME <target> SOURCES ... DEPENDS ... [JSON_MUTATOR])
# A libFuzzer target (LLVMFuzzerTestOneInput), built only with WFSIM_FUZZ=ON into <build>/fuzz/.
# scripts/fuzz assembles its seed corpus and runs it; sim/testing/fuzz/<target>.dict is its
# dictionary. JSON_MUTATOR: the input is one JSON document, mutated structurally as well
# (sim/testing/fuzz/json_mutator.cpp).
function(wfsim_fuzzer)
  cmake_parse_arguments(F "JSON_MUTATOR" "NAME" "SOURCES;DEPENDS" ${ARGN})
  if(NOT WFSIM_FUZZ)
    return()
  endif()
  if(F_JSON_MUTATOR)
    list(APPEND F_SOURCES "${PROJECT_SOURCE_DIR}/sim/testing/fuzz/json_mutator.cpp")
  endif()
  add_executable(${F_NAME} ${F_SOURCES} "${PROJECT_SOURCE_DIR}/sim/testing/fuzz/fuzz_support.cpp")
  target_compile_options(${F_NAME} PRIVATE ${WFSIM_WARNINGS})
  target_link_options(${F_NAME} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${F_NAME} PRIVATE ${F_DEPENDS} wfsim_core)
  target_compile_definitions(${F_NAME} PRIVATE
    WFSIM_DEFAULT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  set_target_properties(${F_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/fuzz")
  if(NOT TARGET fuzzers)
    add_custom_target(fuzzers)
  endif()
  add_dependencies(fuzzers ${F_NAME})
endfunction()

# wfsim_embed(TARGET <target> INPUT <file> NAMESPACE <ns> FUNCTION <name>)
# Adds to <target> a generated source defining `std::string_view <ns>::<name>()`, which returns
# the bytes of <file> (a file of the source tree); regenerated whenever the file changes.
function(wfsim_embed)
  cmake_parse_arguments(E "" "TARGET;INPUT;NAMESPACE;FUNCTION" "" ${ARGN})
  get_filename_component(input "${E_INPUT}" ABSOLUTE)
  get_filename_component(name "${input}" NAME)
  set(output "${CMAKE_CURRENT_BINARY_DIR}/embedded/${name}.cpp")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND "${CMAKE_COMMAND}" "-DINPUT=${input}" "-DOUTPUT=${output}"
            "-DNAMESPACE=${E_NAMESPACE}" "-DFUNCTION=${E_FUNCTION}"
            -P "${PROJECT_SOURCE_DIR}/cmake/embed.cmake"
    DEPENDS "${input}" "${PROJECT_SOURCE_DIR}/cmake/embed.cmake"
    COMMENT "Embedding ${name}")
  target_sources(${E_TARGET} PRIVATE "${output}")
endfunction()
