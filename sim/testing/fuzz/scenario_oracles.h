// The promise every file reader of wfsim makes, checked by the fuzz targets that read scenario
// files, mock configs and capsules: a rejected input names at least one problem, and each
// problem has a message and a JSON Pointer (and, where the reader was given a file, names it).
#pragma once

#include "fuzz_support.h"
#include "scenario/problems.h"

namespace wfsim::fuzz {

inline void check_file_problems(const scenario::FileProblems& problems, bool names_a_file) {
  WFSIM_FUZZ_CHECK(!problems.empty(), "rejected without a problem");
  for (const scenario::FileProblem& problem : problems) {
    WFSIM_FUZZ_CHECK(!problem.message.empty(), "a problem without a message");
    WFSIM_FUZZ_CHECK(problem.pointer.empty() || problem.pointer.front() == '/',
                     "not a JSON Pointer: " + problem.pointer);
    if (names_a_file) WFSIM_FUZZ_CHECK(!problem.file.empty(), "a problem naming no file");
  }
}

}  // namespace wfsim::fuzz
