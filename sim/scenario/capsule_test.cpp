// Capsules: the format round-trips exactly, reading is strict, and the reproduce command quotes
// what a shell would split.
#include <boost/test/unit_test.hpp>

#include "scenario/capsule.h"
#include "scenario/writers.h"
#include "scenario_test_support.h"

namespace wfsim::scenario {
namespace {

using test::has_problem;
using test::render;

Capsule sample_capsule() {
  Capsule capsule;
  capsule.version = std::string(wfsim_version());
  capsule.scenario = Json::parse(R"({"name": "ship", "dialect": "step-functions",
                                     "definition": )" + test::kOneTask + "}");
  capsule.seed = 18'446'744'073'709'551'615ULL;
  capsule.swarm = true;
  capsule.mutants = {"heartbeat-extends-task-timeout"};
  world::FaultFiring crash;
  crash.kind = world::FaultKind::worker_crash;
  crash.at = Duration::microseconds(12'000'001);
  crash.target = "Ship/1";
  crash.restart_after = Duration::seconds(20);
  world::FaultFiring drop;
  drop.kind = world::FaultKind::heartbeat_drop;
  drop.at = Duration::seconds(51);
  drop.target = "Ship/2";
  drop.ordinal = 17;
  drop.answer_lost = true;
  world::FaultFiring delay;
  delay.kind = world::FaultKind::completion_delay;
  delay.target = "Ship/2";
  delay.ordinal = 1;
  delay.length = Duration::milliseconds(1'500);
  capsule.schedule.firings = {crash, drop, delay};
  capsule.digest = 0x0123456789abcdefULL;
  capsule.violation = CapsuleViolation{"sfn.hard_task_timeout", 5, "ActivitySucceeded", 9,
                                       "closed after 52 s; \"TimeoutSeconds\" is 30"};
  capsule.status = "SUCCEEDED";
  capsule.events = 22;
  capsule.stop = "drained";
  capsule.command = "wfsim run ship.scenario.json --seed 18446744073709551615 --swarm";
  return capsule;
}

Capsule read_back(const std::string& text) {
  auto parsed = parse_json_text(text, "c.json");
  BOOST_REQUIRE(std::holds_alternative<Json>(parsed));
  auto capsule = capsule_from_json(std::get<Json>(parsed), "c.json");
  if (auto* problems = std::get_if<FileProblems>(&capsule)) BOOST_FAIL(render(*problems));
  return std::get<Capsule>(std::move(capsule));
}

BOOST_AUTO_TEST_CASE(a_capsule_written_and_read_back_is_equal_and_rewrites_to_the_same_bytes) {
  const Capsule original = sample_capsule();
  const std::string text = capsule_to_text(original);
  const Capsule back = read_back(text);
  BOOST_TEST(back.version == original.version);
  BOOST_TEST(back.scenario == original.scenario);
  BOOST_TEST(back.seed == original.seed);
  BOOST_TEST(back.swarm);
  BOOST_TEST(back.mutants == original.mutants);
  BOOST_TEST((back.schedule.firings == original.schedule.firings));
  BOOST_TEST(back.digest == original.digest);
  BOOST_TEST((back.violation == original.violation));
  BOOST_TEST(back.status == "SUCCEEDED");
  BOOST_TEST(back.events == 22U);
  BOOST_TEST(back.stop == "drained");
  BOOST_TEST(back.command == original.command);
  BOOST_TEST(capsule_to_text(back) == text);
}

BOOST_AUTO_TEST_CASE(a_capsule_keeps_times_as_integer_microseconds_and_the_digest_as_hex) {
  const Json json = capsule_to_json(sample_capsule());
  BOOST_TEST(json["wfsim_capsule"] == 1);
  BOOST_TEST(json["schedule"][0]["at_us"] == 12'000'001);
  BOOST_TEST(json["schedule"][0]["restart_after_us"] == 20'000'000);
  BOOST_TEST(!json["schedule"][1].contains("restart_after_us"));
  BOOST_TEST(json["schedule"][1]["answer_lost"] == true);
  BOOST_TEST(json["digest"] == "0123456789abcdef");
}

BOOST_AUTO_TEST_CASE(a_capsule_without_violation_writes_null_and_reads_back_without_one) {
  Capsule capsule = sample_capsule();
  capsule.violation.reset();
  const std::string text = capsule_to_text(capsule);
  BOOST_TEST(text.find("\"violation\": null") != std::string::npos);
  BOOST_TEST(!read_back(text).violation.has_value());
}

BOOST_AUTO_TEST_CASE(reading_a_capsule_is_strict_about_keys_types_and_format) {
  Json json = capsule_to_json(sample_capsule());
  json["wfsim_capsule"] = 2;
  json["extra"] = 1;
  json["digest"] = "xyz";
  json["mutants"] = Json::array({"no-such-mutant"});
  json["schedule"][0]["kind"] = "meteor";
  json["schedule"][1].erase("at_us");
  json["seed"] = -1;
  const auto read = capsule_from_json(json, "c.json");
  const auto& problems = std::get<FileProblems>(read);
  BOOST_TEST(has_problem(problems, "/wfsim_capsule", "format 2 is not supported", "c.json"),
             render(problems));
  BOOST_TEST(has_problem(problems, "/extra", "unknown key", "c.json"), render(problems));
  BOOST_TEST(has_problem(problems, "/digest", "16 hexadecimal digits", "c.json"),
             render(problems));
  BOOST_TEST(has_problem(problems, "/mutants/0", "must name a mutant", "c.json"),
             render(problems));
  BOOST_TEST(has_problem(problems, "/schedule/0/kind", "unknown fault kind", "c.json"),
             render(problems));
  BOOST_TEST(has_problem(problems, "/schedule/1", "missing required key \"at_us\"", "c.json"),
             render(problems));
  BOOST_TEST(has_problem(problems, "/seed", "integer", "c.json"), render(problems));
}

BOOST_AUTO_TEST_CASE(the_reproduce_command_quotes_only_what_needs_quoting) {
  BOOST_TEST(reproduce_command("scenarios/ship.scenario.json", 17, false, {}) ==
             "wfsim run scenarios/ship.scenario.json --seed 17");
  BOOST_TEST(reproduce_command("my dir/it's.json", 3, true, {"closed-token-accepted"}) ==
             "wfsim run 'my dir/it'\\''s.json' --seed 3 --swarm --mutant closed-token-accepted");
  BOOST_TEST(shell_quote("") == "''");
}

BOOST_AUTO_TEST_CASE(a_capsule_file_is_written_atomically_and_read_from_disk) {
  const test::ScratchDirectory scratch("capsule-file");
  const auto path = scratch.path() / "deep" / "er" / "c.capsule.json";
  BOOST_TEST(!write_file_atomically(path, capsule_to_text(sample_capsule())).has_value());
  BOOST_TEST(!write_file_atomically(path, capsule_to_text(sample_capsule())).has_value());
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(path.parent_path())) {
    files += entry.is_regular_file() ? 1 : 0;
  }
  BOOST_TEST(files == 1U);  // No temporary file left behind.
  const auto read = read_capsule(path);
  BOOST_REQUIRE(std::holds_alternative<Capsule>(read));
  BOOST_TEST(std::get<Capsule>(read).seed == sample_capsule().seed);
  BOOST_TEST(write_file_atomically("/proc/definitely/not/writable", "x").has_value());
}

}  // namespace
}  // namespace wfsim::scenario
