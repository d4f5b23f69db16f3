// Regular expressions of JSONata (/pattern/flags literals), compiled with PCRE2 to behave as
// close to JavaScript's RegExp as PCRE2 allows (UTF-8 code points, ASCII \w \d \s-classes,
// JavaScript escapes, $ only at the end unless /m, unset back-references match empty), with a
// match limit so that catastrophic backtracking ends in an error instead of a hang.
//
// Not here: the JSONata functions that use them ($match, $replace, $split, $contains: see
// functions_string.cpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jsonata/ast.h"

namespace wfsim::jsonata::detail {

struct Regex {
  std::string pattern;
  std::string flags;
  size_t position = 0;
  void* code = nullptr;  // pcre2_code_8*
  uint32_t capture_count = 0;
  ~Regex();
};

// Compiles a regex literal into `program` (S0303 when PCRE2 refuses the pattern).
const Regex* compile_regex(Program& program, const std::string& pattern, const std::string& flags,
                           size_t position);

struct RegexMatch {
  size_t start = 0;  // byte offsets into the subject
  size_t end = 0;
  std::vector<std::optional<std::string_view>> groups;  // capture groups 1..n (unset: nullopt)
};

enum class RegexStatus { matched, no_match, limit };

// The first match starting at or after byte `from`.
RegexStatus regex_search(const Regex& regex, std::string_view subject, size_t from,
                         RegexMatch& match);

}  // namespace wfsim::jsonata::detail
