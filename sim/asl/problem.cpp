// Problem helpers; see problem.h.
#include "asl/problem.h"

namespace wfsim::asl {

std::string pointer_segment(const std::string& key) {
  std::string out;
  out.reserve(key.size());
  for (const char ch : key) {
    if (ch == '~') {
      out += "~0";
    } else if (ch == '/') {
      out += "~1";
    } else {
      out += ch;
    }
  }
  return out;
}

std::string to_string(const Problem& problem) {
  return (problem.path.empty() ? std::string("/") : problem.path) + ": " + problem.message;
}

}  // namespace wfsim::asl
