// Shared fuzz-target support; see fuzz_support.h. LLVMFuzzerInitialize runs once before the
// first input: it installs the aborting assertion handler and the tally's printer (libFuzzer
// leaves through exit(), so atexit handlers run).
#include "fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "core/assert.h"

#ifndef WFSIM_DEFAULT_SOURCE_DIR
#error "WFSIM_DEFAULT_SOURCE_DIR must be defined by the build"
#endif

namespace wfsim::fuzz {
namespace {

// Inputs per outcome. libFuzzer runs inputs on one thread.
std::map<std::string, uint64_t>& outcomes() {
  static auto* counts = new std::map<std::string, uint64_t>();  // Alive through atexit.
  return *counts;
}

void print_outcomes() {
  std::string line = "wfsim fuzz outcomes:";
  for (const auto& [outcome, count] : outcomes()) {
    line += " " + outcome + "=" + std::to_string(count);
  }
  std::fprintf(stderr, "%s\n", line.c_str());
}

[[noreturn]] void abort_on_assertion(const AssertionInfo& info) {
  std::fprintf(stderr, "wfsim: %s\n", format_assertion(info).c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace

std::filesystem::path source_dir() {
  const char* root = std::getenv("WFSIM_SOURCE_DIR");
  return root != nullptr && *root != '\0' ? root : WFSIM_DEFAULT_SOURCE_DIR;
}

void tally(const char* outcome) { ++outcomes()[outcome]; }

void oracle_failed(const std::string& what) {
  std::fprintf(stderr, "wfsim: fuzz oracle failed: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace wfsim::fuzz

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  wfsim::set_assertion_handler(&wfsim::fuzz::abort_on_assertion);
  std::atexit(&wfsim::fuzz::print_outcomes);
  return 0;
}
