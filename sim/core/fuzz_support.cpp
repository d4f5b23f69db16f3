// Shared fuzz-target support; see fuzz_support.h. LLVMFuzzerInitialize runs once before the
// first input and installs the aborting assertion handler.
#include "core/fuzz_support.h"

#include <cstdio>
#include <cstdlib>

#include "core/assert.h"

#ifndef WFSIM_DEFAULT_SOURCE_DIR
#error "WFSIM_DEFAULT_SOURCE_DIR must be defined by the build"
#endif

namespace wfsim::fuzz {
namespace {

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

void oracle_failed(const std::string& what) {
  std::fprintf(stderr, "wfsim: fuzz oracle failed: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace wfsim::fuzz

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  wfsim::set_assertion_handler(&wfsim::fuzz::abort_on_assertion);
  return 0;
}
