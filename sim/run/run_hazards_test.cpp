// The input hazards of docs/reliability.md at full size, through the path the CLI takes for a
// file (bytes -> strict JSON -> scenario or capsule loader -> run), so every build covers them
// (not only the clang fuzz build): JSON nested a million levels deep, numbers past double and at
// the edges of int64, state machines that loop forever, 200,000 states, invalid UTF-8 and empty
// strings, and every value of every bundled scenario and of a capsule replaced by each JSON type
// (WFSIM_PROFILE=soak: more replacement values, and the values inside states and payloads too).
// Every input loads or is rejected with problems naming a JSON pointer; every run ends, as a
// finding when it hits a bound.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <limits>

#include "engine/mutants.h"
#include "run/evaluate.h"
#include "scenario/capsule.h"
#include "scenario/scenario_test_support.h"

namespace wfsim::run {
namespace {

// These tests read scenario files and capsules throughout.
using namespace ::wfsim::scenario;

namespace fs = std::filesystem;

fs::path source_dir() {
  const char* root = std::getenv("WFSIM_SOURCE_DIR");
  return root != nullptr ? root : WFSIM_DEFAULT_SOURCE_DIR;
}

void expect_pointers(const FileProblems& problems, const std::string& what) {
  BOOST_TEST(!problems.empty(), what);
  for (const FileProblem& problem : problems) {
    BOOST_TEST(!problem.message.empty(), what);
    BOOST_TEST((problem.pointer.empty() || problem.pointer.front() == '/'), what);
  }
}

// A self-contained scenario that loads, or problems with pointers; a loaded one must load again
// from its self-contained form (capsules and replay rely on it).
void expect_loads_or_problems(const Json& document, const std::string& what) {
  const SourceContext context{"test.json", "", std::nullopt, {}};
  auto loaded = parse_scenario(document, context);
  if (const auto* problems = std::get_if<FileProblems>(&loaded)) {
    expect_pointers(*problems, what);
    return;
  }
  const Scenario& scenario = std::get<Scenario>(loaded);
  auto again = parse_scenario(scenario.self_contained, context);
  BOOST_TEST(std::holds_alternative<Scenario>(again), what);
}

world::RunResult run_seed(const Scenario& scenario, uint64_t seed) {
  world::RunOptions options;
  options.seed = seed;
  options.record_trace = false;
  return world::run(scenario.config, options);
}

// A step-functions scenario around an inline definition, with extra options.
std::string looping_scenario(const std::string& states, const std::string& options = "{}") {
  return R"({"name": "loop", "definition": {"StartAt": "A", "States": )" + states +
         R"(}, "options": )" + options + "}";
}

// Every pointer into `value`, in document order.
void collect_pointers(const Json& value, const std::string& at, std::vector<std::string>& out) {
  out.push_back(at);
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      collect_pointers(member, at + "/" + asl::pointer_segment(key), out);
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      collect_pointers(value[i], at + "/" + std::to_string(i), out);
    }
  }
}

bool soak() {
  const char* profile = std::getenv("WFSIM_PROFILE");
  return profile != nullptr && std::string(profile) == "soak";
}

// One value of each JSON type, and (soak profile) the edges of each.
const std::vector<Json>& replacements() {
  static const std::vector<Json> values = {Json(nullptr), Json(false), Json(-1), Json(1e300),
                                           Json("x"), Json::array(), Json::object()};
  static const std::vector<Json> more = {
      Json(nullptr), Json(false), Json(0), Json(-1), Json(0.25), Json(1e300),
      Json(std::numeric_limits<uint64_t>::max()), Json(""), Json("x"), Json::array(),
      Json::object(), Json{{"", Json::array({Json(nullptr)})}}};
  return soak() ? more : values;
}

BOOST_AUTO_TEST_SUITE(scenario_hazards)

BOOST_AUTO_TEST_CASE(json_nested_a_million_levels_deep_stops_at_the_depth_limit) {
  for (const std::string& opener : {std::string("["), std::string("{\"a\":")}) {
    std::string text;
    for (int i = 0; i < 1'000'000; ++i) text += opener;
    auto parsed = parse_json_text(text, "deep.json");
    BOOST_REQUIRE(std::holds_alternative<FileProblem>(parsed));
    const FileProblem& problem = std::get<FileProblem>(parsed);
    BOOST_TEST(problem.message == "nested deeper than 256 levels");
    BOOST_TEST(problem.pointer.size() >= 256 * 2U);  // "/0/0/..." or "/a/a/...".
  }
}

BOOST_AUTO_TEST_CASE(numbers_past_double_are_a_parse_problem_and_edge_integers_are_checked) {
  for (const char* number : {"1e400", "-1e400", "123456789e999999999"}) {
    const std::string text = std::string(R"({"name": "n", "options": {"max_events": )") + number +
                             "}}";
    const FileProblems problems = test::load_problems(text);
    BOOST_TEST(problems.size() == 1U, test::render(problems));
    BOOST_TEST(problems[0].message.find("number overflow") != std::string::npos,
               test::render(problems));
  }
  // Integers past int64 and uint64, and doubles where integers belong, are range problems.
  for (const char* number : {"18446744073709551616", "18446744073709551615",
                             "-9223372036854775809", "1e300", "1.5", "-0"}) {
    const std::string text = R"({"name": "n", "definition": )" + test::kOneTask +
                             R"(, "resources": {"Ship": {"workers": )" + number + "}}}";
    const FileProblems problems = test::load_problems(text);
    BOOST_TEST(test::has_problem(problems, "/resources/Ship/workers", "must be an integer"),
               number << "\n" << test::render(problems));
  }
}

BOOST_AUTO_TEST_CASE(the_largest_durations_load_saturated_and_their_runs_end) {
  // Every seconds field at the largest finite double: the loader saturates, the run reaches the
  // virtual time limit (or drains) instead of overflowing the clock.
  const std::string huge = "1.7976931348623157e308";
  const std::string text = R"({"name": "huge", "definition": )" + test::kOneTask +
      R"(, "resources": {"Ship": {"duration_seconds": )" + huge +
      R"(, "heartbeat_every_seconds": )" + huge + R"(, "restart_after_crash_seconds": )" + huge +
      R"(}}, "faults": {"rates": {"worker_crash": "1/2", "heartbeat_delay": "1/2"},
      "delay_seconds": {"uniform": [)" + huge + ", " + huge + R"(]}, "stop_at_seconds": )" + huge +
      R"(, "script": [{"at_seconds": 1, "kind": "worker_pause", "duration_seconds": )" + huge +
      R"(}]}, "options": {"quiet_period_seconds": )" + huge + R"(, "liveness_bound_seconds": )" +
      huge + R"(, "max_virtual_seconds": )" + huge + "}}";
  auto loaded = test::load_text(text);
  if (auto* problems = std::get_if<FileProblems>(&loaded)) {
    expect_pointers(*problems, "huge durations");
    return;
  }
  const Scenario& scenario = std::get<Scenario>(loaded);
  for (uint64_t seed = 0; seed < 5; ++seed) {
    const world::RunResult result = run_seed(scenario, seed);
    BOOST_TEST(result.events < 1'000'000U);
    evaluate(scenario, result);
  }
}

BOOST_AUTO_TEST_CASE(the_largest_temporal_timeouts_load_saturated_and_their_runs_end) {
  // Regression (scenario_fuzz under UBSan): a heartbeating activity with start_to_close_seconds
  // of 1e21 put its worker's local deadline at received + (timeout + 5 s buffer), a signed
  // overflow. Each Temporal duration at the largest double alone, then all at once, under
  // crashes, for a few seeds: every run loads saturated, reaches an end, and is judged.
  const std::string huge = "1.7976931348623157e308";
  const std::vector<std::string> fields = {
      "start_to_close_seconds", "schedule_to_close_seconds", "schedule_to_start_seconds",
      "heartbeat_timeout_seconds", "retry_policy/initial_interval_seconds",
      "retry_policy/maximum_interval_seconds", "all"};
  for (const std::string& field : fields) {
    Json options = {{"start_to_close_seconds", 30}, {"heartbeat_timeout_seconds", 5},
                    {"retry_policy", {{"initial_interval_seconds", 1},
                                      {"maximum_interval_seconds", 10},
                                      {"maximum_attempts", 5}}}};
    for (const std::string& each : fields) {
      if (each != field && field != "all") continue;
      if (each == "all") continue;
      const Json value = Json::parse(huge);
      if (each.starts_with("retry_policy/")) {
        options["retry_policy"][each.substr(13)] = value;
      } else {
        options[each] = value;
      }
    }
    const Json scenario = {
        {"name", "huge-temporal"},
        {"dialect", "temporal"},
        {"workflow", {{"workflow_type", "Import"},
                      {"steps", Json::array({{{"activity", "Load"}, {"options", options}}})}}},
        {"resources",
         {{"Load", {{"workers", 1}, {"duration_seconds", 20}, {"heartbeat_every_seconds", 1},
                    {"restart_after_crash_seconds", 2},
                    {"attempts", {{"0", {{"Crash", {{"after_seconds", 8}}}}}}}}}}},
        {"faults", {{"rates", {{"worker_crash", "1/4"}, {"heartbeat_drop", "1/4"}}}}}};
    auto loaded = test::load_text(scenario.dump());
    if (auto* problems = std::get_if<FileProblems>(&loaded)) {
      expect_pointers(*problems, field);
      continue;
    }
    const Scenario& found = std::get<Scenario>(loaded);
    for (uint64_t seed = 0; seed < 5; ++seed) {
      const world::RunResult result = run_seed(found, seed);
      BOOST_TEST(result.events < 1'000'000U, field << " seed " << seed);
      evaluate(found, result);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_zero_time_loop_ends_at_the_history_limit_not_in_a_hang) {
  // Pass and Wait 0 states run inside the simulator event that reached them, so a loop of them
  // is one event that appends history until the execution fails at the history limit (SFN-1.5c):
  // 25,000 events by default, at most 1,000,000 (the loader's bound on the option).
  for (const char* options : {"{}", R"({"history_event_limit": 1000000})"}) {
    const Scenario scenario = test::load_ok(looping_scenario(R"({"A": {"Type": "Pass",
        "Next": "B"}, "B": {"Type": "Wait", "Seconds": 0, "Next": "A"}})", options));
    const world::RunResult result = run_seed(scenario, 1);
    BOOST_TEST(result.final_status == "FAILED");
    BOOST_TEST(result.history.size() ==
               static_cast<size_t>(scenario.config.sfn_options.history_event_limit));
    BOOST_TEST((result.stop == StopReason::drained));
    BOOST_TEST(!evaluate(scenario, result).failed());
  }
}

// A worker heartbeating every millisecond on a task that takes 30 years: a million simulator
// events per 1,000 s of virtual time, and not one history event.
std::string heartbeating_forever(const std::string& options) {
  return R"({"name": "heartbeats", "definition": {"StartAt": "Work", "States": {"Work": {
      "Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:work",
      "HeartbeatSeconds": 10, "End": true}}},
      "resources": {"Work": {"duration_seconds": 1000000000, "heartbeat_every_seconds": 0.001}},
      "options": )" + options + "}";
}

BOOST_AUTO_TEST_CASE(a_run_past_the_event_limit_is_the_liveness_finding_event_limit) {
  const Scenario scenario = test::load_ok(heartbeating_forever(
      R"({"liveness_bound_seconds": 1000000000, "max_events": 50000})"));
  const world::RunResult result = run_seed(scenario, 1);
  BOOST_TEST((result.stop == StopReason::event_limit));
  BOOST_TEST(result.events == 50'000U);
  BOOST_TEST(result.final_status == "RUNNING");
  const Evaluation evaluation = evaluate(scenario, result);
  BOOST_TEST(evaluation.has("liveness.event_limit"));
  BOOST_TEST(evaluation.exit_code() == 3);
}

BOOST_AUTO_TEST_CASE(a_waiting_loop_past_the_virtual_time_limit_is_a_liveness_finding) {
  const Scenario scenario = test::load_ok(looping_scenario(
      R"({"A": {"Type": "Wait", "Seconds": 60, "Next": "A"}})",
      R"({"history_event_limit": 1000000, "max_virtual_seconds": 36000,
          "liveness_bound_seconds": 1000000000})"));
  const world::RunResult result = run_seed(scenario, 1);
  BOOST_TEST((result.stop == StopReason::time_limit));
  const Evaluation evaluation = evaluate(scenario, result);
  BOOST_TEST(evaluation.has("liveness.virtual_time_limit"));
  BOOST_TEST(evaluation.exit_code() == 3);
  // Under the derived liveness bound, the same loop is found unfinished long before that.
  const Scenario derived = test::load_ok(looping_scenario(
      R"({"A": {"Type": "Wait", "Seconds": 60, "Next": "A"}})"));
  BOOST_TEST(evaluate(derived, run_seed(derived, 1)).has("liveness.unfinished"));
}

BOOST_AUTO_TEST_CASE(a_task_loop_under_faults_ends_at_the_history_limit) {
  const std::string text = R"({"name": "task-loop", "definition": {"StartAt": "Ship",
      "States": {"Ship": {"Type": "Task", "Next": "Ship", "HeartbeatSeconds": 5,
      "Resource": "arn:aws:states:us-east-1:123456789012:activity:ship",
      "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1000}]}}},
      "resources": {"Ship": {"workers": 3, "duration_seconds": {"uniform": [1, 10]},
                             "heartbeat_every_seconds": 2}},
      "faults": {"rates": {"worker_crash": "1/20", "heartbeat_drop": "1/5",
                           "completion_duplicate": "1/5"}}})";
  const Scenario scenario = test::load_ok(text);
  for (uint64_t seed = 0; seed < 3; ++seed) {
    const world::RunResult result = run_seed(scenario, seed);
    BOOST_TEST(result.history.size() <= 25'000U);
    BOOST_TEST(result.final_status != "RUNNING", "seed " << seed);
    const Evaluation evaluation = evaluate(scenario, result);
    for (const Finding& finding : evaluation.findings) {
      BOOST_TEST((finding.kind != Finding::Kind::invariant),
                 "seed " << seed << ": " << finding.name << ": " << finding.message);
    }
  }
}

BOOST_AUTO_TEST_CASE(two_hundred_thousand_states_in_a_file_are_one_problem_in_linear_time) {
  const test::ScratchDirectory scratch("hazards-states");
  std::string states;
  for (int i = 0; i < 200'000; ++i) {
    if (i > 0) states += ",";
    states += "\"S" + std::to_string(i) + "\":{\"Type\":\"Pass\",";
    states += i + 1 < 200'000 ? "\"Next\":\"S" + std::to_string(i + 1) + "\"}" : "\"End\":true}";
  }
  const fs::path file = scratch.write(
      "big.json", R"({"name": "big", "definition": {"StartAt": "S0", "States": {)" + states +
                      "}}}");
  auto loaded = load_scenario(file);
  BOOST_REQUIRE(std::holds_alternative<FileProblems>(loaded));
  const FileProblems& problems = std::get<FileProblems>(loaded);
  BOOST_TEST(problems.size() == 1U, test::render(problems));
  BOOST_TEST(problems[0].pointer == "/definition/States/S10000");
  BOOST_TEST(problems[0].message.find("more than 10000 states") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_bytes_and_lone_surrogates_are_parse_problems) {
  for (const std::string& bad : {std::string("\xff"), std::string("\xc0\xaf"),
                                 std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80"),
                                 std::string("a\xe2\x82"), std::string("\\ud800"),
                                 std::string("\\udc00x"), std::string("\\u0000")}) {
    const std::string text = "{\"name\": \"" + bad + "\", \"definition\": " + test::kOneTask + "}";
    auto loaded = test::load_text(text);
    if (auto* problems = std::get_if<FileProblems>(&loaded)) {
      expect_pointers(*problems, "invalid UTF-8");
      continue;
    }
    // Only the escaped NUL is valid JSON; its name must still print and file safely.
    BOOST_TEST(bad == "\\u0000");
    const Scenario& scenario = std::get<Scenario>(loaded);
    BOOST_TEST(scenario.config.name == std::string(1, '\0'));
    BOOST_CHECK_NO_THROW(scenario.self_contained.dump());
  }
}

BOOST_AUTO_TEST_CASE(empty_strings_everywhere_are_problems_at_their_pointers) {
  const std::string text = R"({"name": "", "comment": "", "definition": )" + test::kOneTask +
      R"(, "resources": {"": {}, "Ship": {"attempts": {"": {"Return": 1}}}},
      "faults": {"rates": {"worker_crash": ""}, "script": [{"at_seconds": 1, "kind": "",
      "target": ""}]}, "actions": [{"at_seconds": 1, "call": ""}],
      "expect": {"status": [""], "states_reached": [""], "events": [""]},
      "options": {"epoch": "", "tie_order": ""}})";
  const FileProblems problems = test::load_problems(text);
  for (const char* pointer : {"/name", "/resources/", "/resources/Ship/attempts/",
                              "/faults/rates/worker_crash", "/faults/script/0/kind",
                              "/actions/0/call", "/expect/status/0", "/options/epoch",
                              "/options/tie_order"}) {
    bool found = false;
    for (const FileProblem& problem : problems) found = found || problem.pointer == pointer;
    BOOST_TEST(found, pointer << " missing from\n" << test::render(problems));
  }
  expect_pointers(problems, "empty strings");
  BOOST_TEST(std::holds_alternative<FileProblem>(parse_json_text("", "empty.json")));
  BOOST_TEST(std::holds_alternative<FileProblem>(parse_json_text("   \n", "blank.json")));
}

// The bundled library in self-contained form (definitions inlined), one per scenario file.
std::vector<std::pair<std::string, Json>> bundled_self_contained() {
  std::vector<std::pair<std::string, Json>> out;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(source_dir() / "scenarios")) {
    if (entry.path().string().ends_with(".scenario.json")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    auto loaded = load_scenario(file);
    BOOST_REQUIRE_MESSAGE(std::holds_alternative<Scenario>(loaded), file.string());
    out.emplace_back(file.filename().string(), std::get<Scenario>(loaded).self_contained);
  }
  return out;
}

// Inside a state (deeper than /definition/States/<name>) the validator's own sweep covers the
// values (asl_hazards_test), and inside the input or a Return payload any JSON is allowed; the
// default run skips those, the soak profile takes every value.
bool covered_elsewhere(const std::string& pointer) {
  const std::string_view states = "/definition/States/";
  if (pointer.starts_with(states) && pointer.find('/', states.size()) != std::string::npos) {
    return true;
  }
  return pointer.starts_with("/input/") || pointer.find("/Return/") != std::string::npos;
}

BOOST_AUTO_TEST_CASE(every_value_of_every_bundled_scenario_replaced_by_every_type) {
  size_t variants = 0;
  const auto library = bundled_self_contained();
  BOOST_TEST(library.size() >= 30U);
  for (const auto& [name, original] : library) {
    std::vector<std::string> pointers;
    collect_pointers(original, "", pointers);
    for (const std::string& pointer : pointers) {
      if (covered_elsewhere(pointer) && !soak()) continue;
      for (const Json& replacement : replacements()) {
        Json variant = original;
        variant[Json::json_pointer(pointer)] = replacement;
        expect_loads_or_problems(variant, name + " " + pointer + " = " + replacement.dump());
        ++variants;
      }
      if (pointer.empty()) continue;
      Json without = original;  // And the member or item removed.
      const Json::json_pointer at(pointer);
      without[at.parent_pointer()].is_object()
          ? static_cast<void>(without[at.parent_pointer()].erase(at.back()))
          : without[at.parent_pointer()].erase(std::stoul(at.back()));
      expect_loads_or_problems(without, name + " " + pointer + " removed");
      ++variants;
    }
  }
  BOOST_TEST_MESSAGE(variants << " variants of " << library.size() << " scenarios");
}

// A capsule of a real finding: the slow-ship test scenario under a mutant, seed 0.
Json real_capsule() {
  Scenario scenario = test::load_testdata("slow-ship.scenario.json");
  const std::vector<std::string> mutants = {"heartbeat-extends-task-timeout"};
  scenario.config.sfn_options.mutants.add(Mutant::heartbeat_extends_task_timeout);
  world::RunOptions options;
  options.seed = 0;
  const world::RunResult result = world::run(scenario.config, options);
  const Evaluation evaluation = evaluate(scenario, result);
  const Capsule capsule = make_capsule(scenario, result, evaluation, false, mutants, "cmd");
  return capsule_to_json(capsule);
}

// Opens a capsule document as `wfsim replay` does; a capsule that opens is replayed twice.
// True when it opened.
bool expect_capsule_opens_or_problems(const Json& document, const std::string& what) {
  auto read = capsule_from_json(document, "c.json");
  if (const auto* problems = std::get_if<FileProblems>(&read)) {
    expect_pointers(*problems, what);
    return false;
  }
  const Capsule& capsule = std::get<Capsule>(read);
  auto loaded = parse_scenario(capsule.scenario, {"c.json", "/scenario", std::nullopt, {}});
  if (const auto* problems = std::get_if<FileProblems>(&loaded)) {
    expect_pointers(*problems, what);
    return false;
  }
  Scenario& scenario = std::get<Scenario>(loaded);
  scenario.config.limits.max_events = std::min<uint64_t>(scenario.config.limits.max_events,
                                                         100'000);
  world::RunOptions options;
  options.seed = capsule.seed;
  options.replay = &capsule.schedule;
  options.record_trace = false;
  const world::RunResult first = world::run(scenario.config, options);
  const world::RunResult second = world::run(scenario.config, options);
  BOOST_TEST(first.digest == second.digest, what);
  evaluate(scenario, first);
  return true;
}

BOOST_AUTO_TEST_CASE(every_value_of_a_capsule_outside_its_scenario_replaced_by_every_type) {
  const Json original = real_capsule();
  BOOST_REQUIRE(!original["schedule"].empty());
  std::vector<std::string> pointers;
  collect_pointers(original, "", pointers);
  size_t variants = 0;
  size_t replayed = 0;
  for (const std::string& pointer : pointers) {
    if (pointer.starts_with("/scenario/")) continue;  // The scenario sweep above covers those.
    for (const Json& replacement : replacements()) {
      Json variant = original;
      variant[Json::json_pointer(pointer)] = replacement;
      replayed += expect_capsule_opens_or_problems(variant, pointer + " = " + replacement.dump());
      ++variants;
    }
  }
  BOOST_TEST(variants > 100U);
  BOOST_TEST(replayed > 10U);  // Edits of the seed, digest, status, ... still replay.
}

BOOST_AUTO_TEST_CASE(a_firing_no_recorded_run_can_hold_is_a_problem_at_its_pointer) {
  // Regressions (found by capsule_fuzz and this file): a heartbeat_delay at ordinal 0 reached the
  // world's time-triggered path and asserted; a negative length or restart scheduled an event
  // in the past. A recorded schedule never holds either, so the reader refuses them (exit 2).
  Json capsule = real_capsule();
  capsule["schedule"] = Json::array(
      {Json{{"kind", "heartbeat_delay"}, {"at_us", 20}, {"target", "Ship/1"}, {"ordinal", 0}},
       Json{{"kind", "worker_pause"}, {"at_us", 5}, {"target", "Ship/1"}, {"length_us", -1}},
       Json{{"kind", "worker_crash"}, {"at_us", 5}, {"target", "Ship/1"},
            {"restart_after_us", -5}}});
  auto read = capsule_from_json(capsule, "c.json");
  BOOST_REQUIRE(std::holds_alternative<FileProblems>(read));
  const FileProblems& problems = std::get<FileProblems>(read);
  BOOST_TEST(test::has_problem(problems, "/schedule/0/ordinal", "must be at least 1",
                               "c.json"), test::render(problems));
  BOOST_TEST(test::has_problem(problems, "/schedule/1/length_us", "must not be negative",
                               "c.json"), test::render(problems));
  BOOST_TEST(test::has_problem(problems, "/schedule/2/restart_after_us", "must not be negative",
                               "c.json"), test::render(problems));
}

BOOST_AUTO_TEST_CASE(capsule_schedules_naming_anything_replay_to_an_end_deterministically) {
  // Fault firings a hand-edited or corrupted capsule may hold: unknown workers, worker numbers
  // past the pool, times past every limit, negative and huge lengths, decision ordinals no run
  // reaches. Replay fires what it can and ends.
  const Json original = real_capsule();
  const std::vector<Json> firings = {
      Json{{"kind", "worker_crash"}, {"at_us", 0}, {"target", "Nobody/1"}},
      Json{{"kind", "worker_crash"}, {"at_us", 1}, {"target", "Ship/99999"},
           {"restart_after_us", -5}},
      Json{{"kind", "worker_pause"}, {"at_us", INT64_MAX}, {"target", "Ship/1"},
           {"length_us", INT64_MAX}},
      Json{{"kind", "worker_pause"}, {"at_us", 5}, {"target", "Ship/1"}, {"length_us", -1}},
      Json{{"kind", "heartbeat_delay"}, {"at_us", 0}, {"ordinal", UINT64_MAX},
           {"length_us", INT64_MIN}},
      Json{{"kind", "completion_duplicate"}, {"at_us", 3}, {"ordinal", 1}, {"target", ""}},
      Json{{"kind", "token_expiry"}, {"at_us", 0}, {"ordinal", 2}, {"length_us", INT64_MAX},
           {"answer_lost", true}}};
  size_t replayed = 0;
  for (const Json& firing : firings) {
    Json variant = original;
    variant["schedule"] = Json::array({firing});
    replayed += expect_capsule_opens_or_problems(variant, firing.dump());
    variant["schedule"] = Json::array({firing, firing, firing});
    replayed += expect_capsule_opens_or_problems(variant, "three times " + firing.dump());
  }
  BOOST_TEST(replayed >= 8U);
  Json all = original;
  all["schedule"] = firings;
  expect_capsule_opens_or_problems(all, "all of them");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wfsim::run
