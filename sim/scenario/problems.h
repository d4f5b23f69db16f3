// Problems with input files (scenarios, definitions, mock configs, capsules), each naming the file
// and the JSON Pointer of the offending value, as the CLI prints them before exiting with code 2.
//
// This file owns the problem type and its one-line rendering. It does not decide what is a
// problem (the loaders do) and never throws.
#pragma once

#include <string>
#include <vector>

#include "asl/problem.h"

namespace wfsim::scenario {

struct FileProblem {
  std::string file;     // As the user named it (relative paths stay relative).
  std::string pointer;  // JSON Pointer into that file; "" for the whole file.
  std::string message;
  friend bool operator==(const FileProblem&, const FileProblem&) = default;
};

using FileProblems = std::vector<FileProblem>;

// "ship.json: /resources/Ship/workers: must be a positive integer"; a problem with the whole file
// (unreadable, not JSON) reads "ship.json: <message>".
std::string to_string(const FileProblem& problem);

// Appends asl/temporal problems (pointers relative to `prefix`) as problems of `file`.
void append_problems(FileProblems& out, const std::string& file, const std::string& prefix,
                     const asl::Problems& problems);

}  // namespace wfsim::scenario
