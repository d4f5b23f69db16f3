// Problem helpers; see problem.h.
#include "asl/problem.h"

#include "record/json_reader.h"

namespace wfsim::asl {

std::string pointer_segment(const std::string& key) { return json_pointer_token(key); }

std::string to_string(const Problem& problem) {
  return (problem.path.empty() ? std::string("/") : problem.path) + ": " + problem.message;
}

}  // namespace wfsim::asl
