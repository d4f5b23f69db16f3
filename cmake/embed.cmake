# Script mode: writes a C++ source whose function returns the bytes of a text file, so that a
# file of the source tree (the timeline page's script and style sheet) is part of the binary.
#   cmake -DINPUT=<file> -DOUTPUT=<file.cpp> -DNAMESPACE=<ns> -DFUNCTION=<name> -P embed.cmake
# Used through wfsim_embed() in wfsim.cmake; the output is rewritten only when it changes.
foreach(var INPUT OUTPUT NAMESPACE FUNCTION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed.cmake: ${var} is not set")
  endif()
endforeach()
file(READ "${INPUT}" content)
set(delimiter "WFSIM_EMBED")
string(FIND "${content}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "embed.cmake: ${INPUT} contains the raw-string delimiter ')${delimiter}\"'")
endif()
set(text "// Generated from ${INPUT} by cmake/embed.cmake; edit that file, not this one.\n")
string(APPEND text "#include <string_view>\n\nnamespace ${NAMESPACE} {\n\n")
string(APPEND text "std::string_view ${FUNCTION}() {\n  return R\"${delimiter}(${content})${delimiter}\";\n}\n\n")
string(APPEND text "}  // namespace ${NAMESPACE}\n")
file(WRITE "${OUTPUT}.new" "${text}")
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
