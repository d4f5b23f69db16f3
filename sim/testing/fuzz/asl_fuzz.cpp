// libFuzzer target: ASL definitions as `wfsim validate` and the scenario loader read them. Bytes
// go through the strict JSON reader (scenario/strict_json.h, the CLI's only way in), then
// asl::validate and asl::parse_definition.
//
// Promises checked, beyond "no crash, no hang, no escaped exception, no WFSIM_ASSERT":
//   - validate() and parse_definition() agree: a definition compiles exactly when validate()
//     finds no problem, and the problems are the same;
//   - every problem has a message and a JSON Pointer ("" or starting with "/");
//   - a compiled definition keeps its source (capsules inline it from there).
// This target does not run definitions (scenario_fuzz does, through the world).
#include <variant>

#include "asl/definition.h"
#include "fuzz_support.h"
#include "scenario/strict_json.h"

namespace {

using namespace wfsim;

void check_problems(const asl::Problems& problems) {
  for (const asl::Problem& problem : problems) {
    WFSIM_FUZZ_CHECK(!problem.message.empty(), "a problem without a message at " + problem.path);
    WFSIM_FUZZ_CHECK(problem.path.empty() || problem.path.front() == '/',
                     "not a JSON Pointer: " + problem.path);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto document = scenario::parse_json_text(fuzz::as_text(data, size), "fuzz.asl.json");
  if (std::holds_alternative<scenario::FileProblem>(document)) {
    fuzz::tally("not_json");
    return 0;
  }
  const Json& definition = std::get<Json>(document);
  const asl::Problems problems = asl::validate(definition);
  check_problems(problems);
  auto parsed = asl::parse_definition(definition);
  if (const auto* found = std::get_if<asl::Problems>(&parsed)) {
    WFSIM_FUZZ_CHECK(!found->empty(), "parse_definition failed without a problem");
    WFSIM_FUZZ_CHECK(*found == problems, "parse_definition and validate disagree");
    fuzz::tally("rejected");
    return 0;
  }
  WFSIM_FUZZ_CHECK(problems.empty(), "compiled although validate found " + problems[0].message);
  const auto& compiled = std::get<std::shared_ptr<const asl::Definition>>(parsed);
  WFSIM_FUZZ_CHECK(compiled->source == definition, "the compiled definition lost its source");
  fuzz::tally("accepted");
  return 0;
}
