// Properties of the loaders over generated input: arbitrary JSON (and arbitrary bytes) never
// crash, throw or assert; they load or give problems that each name the file.
#include <boost/test/unit_test.hpp>
#include <rapidcheck.h>
#include <rapidcheck/boost_test.h>

#include "scenario/capsule.h"
#include "scenario/mock_config.h"
#include "scenario_test_support.h"

namespace wfsim::scenario {
namespace {

// JSON values biased toward scenario keys, so generated documents reach deep into the loader.
rc::Gen<Json> json_value(int depth) {
  static const std::vector<std::string> kKeys = {
      "name", "dialect", "definition", "workflow", "input", "resources", "faults", "actions",
      "expect", "options", "Ship", "workers", "duration_seconds", "attempts", "0", "1-2",
      "Return", "Throw", "Hang", "Crash", "script", "rates", "kind", "at_seconds", "uniform",
      "status", "epoch", "StartAt", "States", "Type", "Task", "End", "steps", "activity"};
  const auto scalar = rc::gen::oneOf(
      rc::gen::just(Json(nullptr)), rc::gen::map(rc::gen::arbitrary<bool>(), [](bool b) {
        return Json(b);
      }),
      rc::gen::map(rc::gen::arbitrary<int64_t>(), [](int64_t i) { return Json(i); }),
      rc::gen::map(rc::gen::inRange(-1000, 1000), [](int i) { return Json(i / 8.0); }),
      rc::gen::map(rc::gen::elementOf(kKeys), [](const std::string& s) { return Json(s); }));
  if (depth <= 0) return scalar;
  const auto child = json_value(depth - 1);
  const auto array = rc::gen::mapcat(rc::gen::inRange(0, 4), [child](int count) {
    return rc::gen::map(rc::gen::container<std::vector<Json>>(static_cast<size_t>(count), child),
                        [](const std::vector<Json>& items) { return Json(items); });
  });
  using Members = std::vector<std::pair<std::string, Json>>;
  const auto member = rc::gen::pair(rc::gen::elementOf(kKeys), child);
  const auto object = rc::gen::map(
      rc::gen::mapcat(rc::gen::inRange(0, 5),
                      [member](int count) {
                        return rc::gen::container<Members>(static_cast<size_t>(count), member);
                      }),
      [](const Members& members) {
        Json out = Json::object();
        for (const auto& [key, value] : members) out[key] = value;
        return out;
      });
  return rc::gen::oneOf(scalar, array, object);
}

void require_named(const FileProblems& problems, const std::string& file) {
  RC_ASSERT(!problems.empty());
  for (const FileProblem& problem : problems) {
    RC_ASSERT(problem.file == file);
    RC_ASSERT(!problem.message.empty());
    RC_ASSERT(problem.pointer.empty() || problem.pointer[0] == '/');
  }
}

RC_BOOST_PROP(arbitrary_json_loads_as_a_scenario_or_gives_problems_naming_the_file, ()) {
  Json document = *json_value(4);
  if (*rc::gen::arbitrary<bool>() && document.is_object()) {
    document["definition"] = Json::parse(test::kOneTask);
  }
  const auto loaded = parse_scenario(document, {"gen.json", "", std::nullopt, {}});
  if (const auto* problems = std::get_if<FileProblems>(&loaded)) {
    require_named(*problems, "gen.json");
  } else {
    // What loads must load again from its self-contained form.
    const auto& scenario = std::get<Scenario>(loaded);
    RC_ASSERT(std::holds_alternative<Scenario>(
        parse_scenario(scenario.self_contained, {"again.json", "", std::nullopt, {}})));
  }
}

RC_BOOST_PROP(arbitrary_json_is_never_taken_for_a_capsule_or_mock_config_silently, ()) {
  const Json document = *json_value(4);
  const auto capsule = capsule_from_json(document, "c.json");
  if (const auto* problems = std::get_if<FileProblems>(&capsule)) {
    require_named(*problems, "c.json");
  }
  const auto mock = parse_mock_config(document, "m.json");
  if (const auto* problems = std::get_if<FileProblems>(&mock)) require_named(*problems, "m.json");
}

RC_BOOST_PROP(arbitrary_bytes_parse_or_give_one_problem_naming_the_file, ()) {
  const auto bytes = *rc::gen::container<std::string>(
      rc::gen::elementOf(std::string("{}[]\",:0123456789.eE+-truefalsn \\u\x80\xff")));
  const auto parsed = parse_json_text(bytes, "bytes.json");
  if (const auto* problem = std::get_if<FileProblem>(&parsed)) {
    RC_ASSERT(problem->file == "bytes.json");
    RC_ASSERT(!problem->message.empty());
  }
}

}  // namespace
}  // namespace wfsim::scenario
