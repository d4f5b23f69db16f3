// The zero-configuration start end to end (issue 19): five real-world-shaped definitions that are
// not in the bundled library (sim/cli/testdata/real-world: a Lambda saga, a human approval with a
// callback, an ECS .sync pipeline in a Map, a polling loop with a Wait, nested startExecution
// .sync) explored with no scenario, `--seeds 500 --swarm`: each completes, and every finding is
// real (its capsule replays to the same finding, its message names a state of the definition).
// Also: describe-state-machine output, `scaffold` (what it writes runs exactly as the definition
// alone does), `validate` / `run` saying which form they read, and the other parts of issue 19
// through the program: per-item Map outcomes, liveness messages that say what is stuck,
// definition substitutions and input files (sim/cli/testdata/issue19).
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>

#include "cli_test_support.h"

namespace wfsim::cli::test {
namespace {

using Json = nlohmann::json;

fs::path real_world(const std::string& name) {
  return source_dir() / "sim" / "cli" / "testdata" / "real-world" / name;
}

fs::path issue19(const std::string& name) {
  return source_dir() / "sim" / "cli" / "testdata" / "issue19" / name;
}

const std::vector<std::string> kDefinitions = {
    "travel-saga.asl.json", "human-approval.asl.json", "ecs-batch-pipeline.asl.json",
    "job-polling.asl.json", "nested-workflows.asl.json", "human-approval.described.json"};

void collect_state_names(const Json& states, std::set<std::string>& names) {
  if (!states.is_object()) return;
  for (const auto& [name, state] : states.items()) {
    names.insert(name);
    for (const char* processor : {"ItemProcessor", "Iterator"}) {
      if (state.contains(processor)) collect_state_names(state[processor]["States"], names);
    }
    if (state.contains("Branches")) {
      for (const Json& branch : state["Branches"]) collect_state_names(branch["States"], names);
    }
  }
}

std::set<std::string> state_names(const fs::path& file) {
  Json document = Json::parse(slurp(file));
  if (document.contains("stateMachineArn")) {
    document = Json::parse(document["definition"].get<std::string>());
  }
  std::set<std::string> names;
  collect_state_names(document["States"], names);
  return names;
}

bool names_a_state(const std::string& message, const std::set<std::string>& names) {
  for (const std::string& name : names) {
    if (message.find("'" + name + "'") != std::string::npos ||
        message.find("\"" + name + "\"") != std::string::npos) {
      return true;
    }
  }
  return false;
}

// Every capsule under `out` replays to its finding (exit 1, or 3 for liveness) and its message
// names a state of the definition. Returns how many there were.
size_t check_capsules(const fs::path& out, const std::set<std::string>& names) {
  size_t capsules = 0;
  for (const auto& [file, text] : files_in(out)) {
    if (!file.ends_with(".json")) continue;
    ++capsules;
    const Json capsule = Json::parse(text);
    const std::string message = capsule["violation"]["message"].get<std::string>();
    const std::string invariant = capsule["violation"]["invariant"].get<std::string>();
    BOOST_TEST(names_a_state(message, names), file << ": " << invariant << ": " << message);
    const Exit replay = run_wfsim({"replay", (out / file).string()}, 120);
    const int expected = invariant.starts_with("liveness.") ? 3 : 1;
    BOOST_TEST(replay.code == expected, file << "\n" << replay.out << replay.err);
    BOOST_TEST(contains(replay.out, invariant), replay.out);
  }
  return capsules;
}

BOOST_AUTO_TEST_CASE(each_real_world_definition_explores_with_no_scenario_and_findings_are_real) {
  size_t capsules = 0;
  for (const std::string& definition : kDefinitions) {
    BOOST_TEST_CONTEXT(definition) {
      const Scratch scratch("zero-config");
      const fs::path out = scratch / "out";
      const Exit explore =
          run_wfsim({"explore", real_world(definition).string(), "--seeds", "500", "--swarm",
                     "--out", out.string(), "--jobs", "2", "--no-progress"},
                    300);
      BOOST_TEST((explore.code == 0 || explore.code == 1 || explore.code == 3),
                 explore.out << explore.err);
      BOOST_TEST(contains(explore.out, "seeds"));
      BOOST_TEST(contains(explore.out, "ran with the default scenario"));
      BOOST_TEST(contains(explore.out, "wfsim scaffold " + real_world(definition).string()));
      BOOST_TEST(contains(explore.out, definition.ends_with(".described.json")
                                           ? "read as describe-state-machine output"
                                           : "read as ASL definition"));
      capsules += check_capsules(out, state_names(real_world(definition)));
    }
  }
  BOOST_TEST_MESSAGE(capsules << " capsules replayed");
}

// The planted defects a definition alone exposes: its capsules (inline default scenario) replay.
BOOST_AUTO_TEST_CASE(findings_on_a_definition_alone_are_capsules_that_replay) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"travel-saga.asl.json", "token-reused-across-attempts"},
      {"human-approval.described.json", "closed-token-accepted"}};
  for (const auto& [definition, mutant] : cases) {
    BOOST_TEST_CONTEXT(definition << " with " << mutant) {
      const Scratch scratch("zero-config-mutant");
      const fs::path out = scratch / "out";
      const Exit explore = run_wfsim({"explore", real_world(definition).string(), "--seeds",
                                      "500", "--swarm", "--mutant", mutant, "--out",
                                      out.string(), "--no-progress"},
                                     300);
      BOOST_TEST(explore.code == 1, explore.out << explore.err);
      BOOST_TEST(check_capsules(out, state_names(real_world(definition))) > 0U);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_scaffold_runs_exactly_as_the_definition_alone) {
  const Scratch scratch("scaffold");
  const fs::path scenario = scratch / "saga.scenario.json";
  const Exit scaffold = run_wfsim(
      {"scaffold", real_world("travel-saga.asl.json").string(), "--out", scenario.string()});
  BOOST_TEST(scaffold.code == 0, scaffold.err);
  BOOST_TEST(contains(scaffold.err, "wrote " + scenario.string()));
  const Json written = Json::parse(slurp(scenario));
  BOOST_TEST(written["resources"].size() == 6U);
  BOOST_TEST(contains(written["resources"]["ReserveFlight"]["comment"].dump(), "pattern: lambda"));
  BOOST_TEST(fs::exists(scenario.parent_path() / written["definition"].get<std::string>()));
  const Exit validate = run_wfsim({"validate", scenario.string()});
  BOOST_TEST(validate.code == 0, validate.out << validate.err);
  const auto digests = [&](const std::string& input, const std::string& name) {
    const fs::path file = scratch / name;
    const Exit sweep = run_wfsim({"explore", input, "--seeds", "100", "--swarm", "--out",
                                  (scratch / ("out-" + name)).string(), "--digests",
                                  file.string(), "--no-progress"},
                                 120);
    BOOST_TEST(sweep.code != 2, sweep.err);
    return slurp(file);
  };
  const std::string alone = digests(real_world("travel-saga.asl.json").string(), "alone.txt");
  // The scaffold names its scenario after the definition, so the runs are the same.
  BOOST_TEST(!alone.empty());
  BOOST_TEST(digests(scenario.string(), "scaffold.txt") == alone);
  // Printed to standard output when there is no --out; a scenario is refused.
  const Exit printed = run_wfsim({"scaffold", real_world("job-polling.asl.json").string()});
  BOOST_TEST(printed.code == 0);
  BOOST_TEST(Json::parse(printed.out)["resources"].contains("GetStatus"));
  // Placeholders are listed under definition_substitutions for the user to fill in.
  const Exit templated = run_wfsim({"scaffold", issue19("templated.asl.json").string()});
  BOOST_TEST(templated.code == 0, templated.err);
  BOOST_TEST((Json::parse(templated.out)["definition_substitutions"] ==
              Json{{"ChargeFunction", ""}, {"OrdersTable", ""}}));
  BOOST_TEST(contains(templated.err, "has placeholders"));
  const Exit refused = run_wfsim({"scaffold", scenario.string()});
  BOOST_TEST(refused.code == 2);
  BOOST_TEST(contains(refused.err, "not an ASL definition"));
}

BOOST_AUTO_TEST_CASE(validate_and_run_say_which_form_they_read) {
  const std::string described = real_world("human-approval.described.json").string();
  const Exit validate =
      run_wfsim({"validate", described, real_world("human-approval.asl.json").string()});
  BOOST_TEST(validate.code == 0, validate.err);
  BOOST_TEST(contains(validate.out, described + ": ok (describe-state-machine output, 6"));
  BOOST_TEST(contains(validate.out, "human-approval.asl.json: ok (ASL definition, 6"));
  const Exit run = run_wfsim({"run", described, "--seed", "3"});
  BOOST_TEST((run.code == 0 || run.code == 1), run.out << run.err);
  BOOST_TEST(contains(run.out, described + ": read as describe-state-machine output"));
  BOOST_TEST(contains(run.out, "human-approval-described"));
}

size_t count_of(const std::string& text, const std::string& words) {
  size_t count = 0;
  for (size_t at = text.find(words); at != std::string::npos; at = text.find(words, at + 1)) {
    ++count;
  }
  return count;
}

BOOST_AUTO_TEST_CASE(map_items_select_outcomes_per_iteration_by_index_and_by_item) {
  const Scratch scratch("map-items");
  const fs::path history = scratch / "h.json";
  const Exit run = run_wfsim({"run", issue19("map-items.scenario.json").string(), "--history",
                              history.string()});
  BOOST_TEST(run.code == 0, run.out << run.err);
  const Json events = Json::parse(slurp(history))["events"];
  std::vector<std::string> errors;
  size_t succeeded = 0;
  for (const Json& event : events) {
    if (event["type"] == "TaskFailed") {
      errors.push_back(event["taskFailedEventDetails"]["error"].get<std::string>());
    }
    if (event["type"] == "TaskSucceeded") ++succeeded;
  }
  BOOST_TEST(errors.size() == 2U);
  BOOST_TEST(std::count(errors.begin(), errors.end(), "Card.Declined") == 1);
  BOOST_TEST(std::count(errors.begin(), errors.end(), "Sku.Unknown") == 1);
  BOOST_TEST(succeeded == 2U);
}

BOOST_AUTO_TEST_CASE(a_liveness_message_says_what_is_stuck) {
  const Exit run = run_wfsim({"run", issue19("hung-activity.scenario.json").string()});
  BOOST_TEST(run.code == 3, run.out << run.err);
  BOOST_TEST(contains(run.out, "liveness.unfinished"), run.out);
  BOOST_TEST(contains(run.out, "stuck: 'Ship' attempt 0 (arn:aws:states:us-east-1:123456789012:"
                               "activity:ship) held by worker"),
             run.out);
  BOOST_TEST(contains(run.out, "working without end (its attempt Hangs), not heartbeating"));
  BOOST_TEST(contains(run.out, "the engine waits for SendTaskSuccess or SendTaskFailure on its "
                               "token (TimeoutSeconds 99999999, no HeartbeatSeconds)"));
}

BOOST_AUTO_TEST_CASE(substitutions_and_input_files_work_and_a_leftover_placeholder_exits_2) {
  const Scratch scratch("templated");
  // OrdersTable has no value: exit 2, naming the file, the JSON path, the value and the name.
  const Exit refused = run_wfsim({"run", issue19("templated.scenario.json").string()});
  BOOST_TEST(refused.code == 2);
  BOOST_TEST(contains(refused.err, issue19("templated.asl.json").string() +
                                       ": /States/Charge/Parameters/Payload/table: unreplaced "
                                       "placeholder ${OrdersTable} in \"${OrdersTable}\""),
             refused.err);
  BOOST_TEST(count_of(refused.err, "unreplaced placeholder") == 1U);
  const Exit validated = run_wfsim({"validate", issue19("templated.asl.json").string()});
  BOOST_TEST(validated.code == 2);
  BOOST_TEST(count_of(validated.err, "unreplaced placeholder") == 2U, validated.err);
  Json scenario = Json::parse(slurp(issue19("templated.scenario.json")));
  scenario["definition_substitutions"]["OrdersTable"] = "orders-prod";
  scenario["definition"] = issue19("templated.asl.json").string();
  scenario["input_file"] = issue19("inputs/order.json").string();
  const fs::path file = scratch / "templated.scenario.json";
  std::ofstream(file) << scenario.dump();
  const fs::path history = scratch / "h.json";
  const Exit run = run_wfsim({"run", file.string(), "--history", history.string()});
  BOOST_TEST(run.code == 0, run.out << run.err);
  const std::string text = slurp(history);
  BOOST_TEST(contains(text, "orders-prod"));
  BOOST_TEST(contains(text, "function:charge"));
  BOOST_TEST(contains(text, "42"));
}

}  // namespace
}  // namespace wfsim::cli::test
