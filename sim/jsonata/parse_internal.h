// Shared between the parser (parse.cpp) and its post-processing (parse_post.cpp): the syntax
// error thrown inside the parser, caught at compile()'s boundary. Internal to sim/jsonata.
#pragma once

#include <string>

#include "jsonata/ast.h"

namespace wfsim::jsonata::detail {

// A syntax error with jsonata-js's inserts; never escapes compile().
struct SyntaxError {
  std::string code;
  size_t position = 0;
  std::string token;       // inserted as {{token}}: JSON text
  bool has_token = false;
  std::string value_json;  // inserted as {{value}} (already JSON text)
  std::string message;     // {{{message}}} (S0303)
};

[[noreturn]] void syntax_error(std::string code, size_t position);
[[noreturn]] void syntax_error_token(std::string code, size_t position, std::string token);
[[noreturn]] void syntax_error_value(std::string code, size_t position, std::string value_json);

// parse_post.cpp: turns the raw Pratt tree into the evaluator's tree (paths, stages, tuples).
Node* process_tree(Program& program, Node* raw);

}  // namespace wfsim::jsonata::detail
