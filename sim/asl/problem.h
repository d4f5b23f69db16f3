// A validation problem: where (a JSON Pointer into the definition or scenario) and what.
#pragma once

#include <string>
#include <vector>

namespace wfsim::asl {

struct Problem {
  std::string path;     // JSON Pointer, e.g. "/States/Ship/HeartbeatSeconds"; "" is the root.
  std::string message;  // e.g. "must be smaller than TimeoutSeconds (30)"
  friend bool operator==(const Problem&, const Problem&) = default;
};

using Problems = std::vector<Problem>;

// Escapes a JSON object key for use as one JSON Pointer segment ("~" -> "~0", "/" -> "~1").
std::string pointer_segment(const std::string& key);

// "/States/Ship: message"
std::string to_string(const Problem& problem);

}  // namespace wfsim::asl
