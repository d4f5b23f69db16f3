// Rendering of file problems; see problems.h.
#include "scenario/problems.h"

namespace wfsim::scenario {

std::string to_string(const FileProblem& problem) {
  std::string out = problem.file;
  out += ": ";
  if (!problem.pointer.empty()) {
    out += problem.pointer;
    out += ": ";
  }
  out += problem.message;
  return out;
}

void append_problems(FileProblems& out, const std::string& file, const std::string& prefix,
                     const asl::Problems& problems) {
  for (const asl::Problem& problem : problems) {
    out.push_back({file, prefix + problem.path, problem.message});
  }
}

}  // namespace wfsim::scenario
