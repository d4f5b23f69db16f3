// What every libFuzzer target of wfsim shares (docs/reliability.md): a failed WFSIM_ASSERT
// aborts, so libFuzzer records the input as a crash instead of the process exiting with 70; a
// broken oracle in a target aborts the same way; the source tree is found for targets that
// resolve bundled files; and each input's outcome is tallied, the tally printed at exit as
// "wfsim fuzz outcomes: accepted=N not_json=N rejected=N" (scripts/fuzz reports it).
//
// This file does not define LLVMFuzzerTestOneInput (each target does) and is linked only into
// fuzz targets (wfsim_fuzzer in cmake/wfsim.cmake), never into wfsim or the tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace wfsim::fuzz {

// The input as text (any bytes, not necessarily UTF-8).
inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The wfsim source tree: $WFSIM_SOURCE_DIR, else the one this target was built from.
std::filesystem::path source_dir();

// Counts one input under `outcome` ("not_json", "rejected", "accepted", ...).
void tally(const char* outcome);

// Prints "fuzz oracle failed: <what>" and aborts: the input broke a promise of the code under
// test (for example, a scenario that loads whose self-contained form does not).
[[noreturn]] void oracle_failed(const std::string& what);

}  // namespace wfsim::fuzz

#define WFSIM_FUZZ_CHECK(condition, what)                                             \
  do {                                                                                \
    if (!(condition)) ::wfsim::fuzz::oracle_failed(std::string(#condition ": ") + (what)); \
  } while (false)
