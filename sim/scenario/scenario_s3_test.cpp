// Loading "s3_objects" and "expect.s3" (docs/scenario-format.md): inline JSON and text, files
// next to the scenario (inlined in the self-contained form), empty buckets, LastModified, and
// every problem with its file and pointer.
#include "scenario_test_support.h"

namespace wfsim::scenario {
namespace {

using test::has_problem;
using test::load_ok;
using test::load_problems;
using test::render;

std::string scenario_with(const std::string& extra) {
  return R"({"definition": )" + test::kOneTask + ", " + extra + "}";
}

BOOST_AUTO_TEST_CASE(inline_objects_and_empty_buckets_fill_the_initial_store) {
  const Scenario scenario = load_ok(scenario_with(R"("s3_objects": [
      {"bucket": "in", "key": "items.json", "json": [1, {"a": "b"}]},
      {"bucket": "in", "key": "rows.csv", "text": "a,b\n1,2\n",
       "last_modified": "2023-05-01T10:00:00Z"},
      {"bucket": "results", "comment": "where the ResultWriter writes"}],
    "options": {"epoch": "2025-01-01T00:00:00Z"})"));
  const auto& store = *scenario.config.s3_objects;
  BOOST_REQUIRE(store.get("in", "items.json") != nullptr);
  BOOST_TEST(store.get("in", "items.json")->body == R"([1,{"a":"b"}])");
  BOOST_TEST(store.get("in", "items.json")->last_modified == scenario.config.epoch);
  BOOST_TEST(store.get("in", "rows.csv")->body == "a,b\n1,2\n");
  BOOST_TEST(store.get("in", "rows.csv")->last_modified == *parse_iso8601("2023-05-01T10:00:00Z"));
  BOOST_TEST(store.has_bucket("results"));
  BOOST_TEST(store.list("results", "").empty());
}

BOOST_AUTO_TEST_CASE(a_file_object_is_read_as_bytes_and_inlined_as_text) {
  const test::ScratchDirectory dir("s3-file");
  dir.write("data/rows.csv", "id\r\n1\r\n\"two\"\r\n");
  const auto file = dir.write("test.json", scenario_with(
      R"("s3_objects": [{"bucket": "in", "key": "rows.csv", "file": "data/rows.csv"}])"));
  auto loaded = load_scenario(file);
  if (auto* problems = std::get_if<FileProblems>(&loaded)) BOOST_FAIL(render(*problems));
  const Scenario& scenario = std::get<Scenario>(loaded);
  BOOST_TEST(scenario.config.s3_objects->get("in", "rows.csv")->body == "id\r\n1\r\n\"two\"\r\n");
  const Json& inlined = scenario.self_contained["s3_objects"][0];
  BOOST_TEST(!inlined.contains("file"));
  BOOST_TEST(inlined["text"] == "id\r\n1\r\n\"two\"\r\n");
  // The self-contained form (a capsule's) loads again to the same store.
  auto again = parse_scenario(scenario.self_contained, SourceContext{"capsule.json", "", {}, {}});
  if (auto* problems = std::get_if<FileProblems>(&again)) BOOST_FAIL(render(*problems));
  BOOST_TEST(std::get<Scenario>(again).config.s3_objects->get("in", "rows.csv")->body ==
             "id\r\n1\r\n\"two\"\r\n");
}

BOOST_AUTO_TEST_CASE(file_problems_name_the_file_and_the_pointer) {
  const test::ScratchDirectory dir("s3-file-problems");
  dir.write("binary.bin", std::string("\xff\xfe\x00\x01", 4));
  const auto file = dir.write("test.json", scenario_with(R"("s3_objects": [
      {"bucket": "in", "key": "a", "file": "missing.csv"},
      {"bucket": "in", "key": "b", "file": "binary.bin"},
      {"bucket": "in", "key": "c", "file": ""}])"));
  auto loaded = load_scenario(file);
  BOOST_REQUIRE(std::holds_alternative<FileProblems>(loaded));
  const FileProblems& problems = std::get<FileProblems>(loaded);
  const std::string label = file.string();
  bool missing_named = false;
  for (const FileProblem& problem : problems) {
    missing_named |= problem.file.ends_with("missing.csv") && problem.message.find("cannot open") !=
                                                                   std::string::npos;
  }
  BOOST_TEST(missing_named, render(problems));
  BOOST_TEST(has_problem(problems, "/s3_objects/1/file", "not UTF-8 text", label), render(problems));
  BOOST_TEST(has_problem(problems, "/s3_objects/2/file", "non-empty", label), render(problems));
  const FileProblems capsule = load_problems(scenario_with(
      R"("s3_objects": [{"bucket": "in", "key": "a", "file": "x.csv"}])"));
  BOOST_TEST(has_problem(capsule, "/s3_objects/0/file", "cannot refer to files"), render(capsule));
}

BOOST_AUTO_TEST_CASE(bad_entries_are_problems_at_their_pointers) {
  const FileProblems problems = load_problems(scenario_with(R"("s3_objects": [
      {"key": "no-bucket", "text": ""},
      {"bucket": "in", "key": "both", "json": 1, "text": "1"},
      {"bucket": "in", "key": "none"},
      {"bucket": "in", "key": "when", "text": "", "last_modified": "yesterday"},
      {"bucket": "in", "key": "twice", "text": "1"},
      {"bucket": "in", "key": "twice", "text": "2"},
      {"bucket": "a/b", "key": "k", "text": ""},
      {"bucket": "in", "key": "", "text": ""},
      {"bucket": "empty", "text": "content without a key"},
      {"bucket": "in", "key": "k", "txt": ""},
      "not an object"])"));
  BOOST_TEST(has_problem(problems, "/s3_objects/0", "bucket"), render(problems));
  BOOST_TEST(has_problem(problems, "/s3_objects/1", "exactly one of"), render(problems));
  BOOST_TEST(has_problem(problems, "/s3_objects/2", "exactly one of"), render(problems));
  BOOST_TEST(has_problem(problems, "/s3_objects/3/last_modified", "RFC 3339"), render(problems));
  BOOST_TEST(has_problem(problems, "/s3_objects/5", "again (first at /s3_objects/4)"),
             render(problems));
  BOOST_TEST(has_problem(problems, "/s3_objects/6/bucket", "bucket name"), render(problems));
  BOOST_TEST(has_problem(problems, "/s3_objects/7/key", "non-empty"), render(problems));
  BOOST_TEST(has_problem(problems, "/s3_objects/8/text", "empty bucket"), render(problems));
  BOOST_TEST(has_problem(problems, "/s3_objects/9/txt", ""), render(problems));
  BOOST_TEST(has_problem(problems, "/s3_objects/10", "object"), render(problems));
  const FileProblems not_array = load_problems(scenario_with(R"("s3_objects": {})"));
  BOOST_TEST(has_problem(not_array, "/s3_objects", "array"), render(not_array));
}

// A Distributed Map whose ItemReader reads `reader_fields` (its Parameters) with `resource`.
std::string reader_scenario(const std::string& reader_fields, const std::string& objects,
                            const std::string& resource = "s3:getObject") {
  return R"({"definition": {"StartAt": "M", "States": {"M": {"Type": "Map",
      "ItemReader": {"Resource": "arn:aws:states:::)" + resource + R"(",
                     "Parameters": )" + reader_fields + R"(},
      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
      "End": true}}}, "s3_objects": )" + objects + "}";
}

BOOST_AUTO_TEST_CASE(an_object_no_constant_reader_reads_is_a_problem) {
  const FileProblems problems = load_problems(reader_scenario(
      R"({"Bucket": "in", "Key": "items.json"})",
      R"([{"bucket": "in", "key": "items.json", "json": []},
          {"bucket": "in", "key": "other.json", "json": []},
          {"bucket": "results"}])"));
  BOOST_TEST(
      has_problem(problems, "/s3_objects/1", "s3://in/other.json is read by no ItemReader"),
      render(problems));
  BOOST_TEST(problems.size() == 1u, render(problems));
  // A listing reads every object under its prefix.
  load_ok(reader_scenario(R"({"Bucket": "in", "Prefix": "day/"})",
                          R"([{"bucket": "in", "key": "day/1.json", "json": []}])",
                          "s3:listObjectsV2"));
  const FileProblems outside = load_problems(reader_scenario(
      R"({"Bucket": "in", "Prefix": "day/"})",
      R"([{"bucket": "in", "key": "night/1.json", "json": []}])", "s3:listObjectsV2"));
  BOOST_TEST(has_problem(outside, "/s3_objects/0", "s3://in/day/*"), render(outside));
}

BOOST_AUTO_TEST_CASE(a_reader_whose_source_is_computed_makes_no_problem) {
  load_ok(reader_scenario(R"({"Bucket": "in", "Key.$": "$.key"})",
                          R"([{"bucket": "in", "key": "anything.json", "json": []}])"));
}

BOOST_AUTO_TEST_CASE(s3_is_step_functions_only) {
  const FileProblems problems = load_problems(R"({"dialect": "temporal",
    "workflow": {"steps": [{"activity": "ship"}]},
    "s3_objects": [], "expect": {"s3": []}})");
  BOOST_TEST(has_problem(problems, "/s3_objects", "temporal"), render(problems));
  BOOST_TEST(has_problem(problems, "/expect/s3", "step-functions"), render(problems));
}

BOOST_AUTO_TEST_CASE(expect_s3_reads_each_kind_of_check) {
  const Scenario scenario = load_ok(scenario_with(R"("expect": {"s3": [
      {"bucket": "r", "key": "out/manifest.json", "json": {"a": [1]}},
      {"bucket": "r", "key": "notes.txt", "text": "hi"},
      {"bucket": "r", "key": "out/FAILED_0.json", "exists": false},
      {"bucket": "r", "prefix": "out/", "count": 3}]},
    "expect_fault_free": {"s3": [{"bucket": "r", "prefix": "", "count": 0}]})"));
  BOOST_REQUIRE(scenario.expect_s3.size() == 4);
  BOOST_TEST(*scenario.expect_s3[0].json == Json::parse(R"({"a": [1]})"));
  BOOST_TEST(*scenario.expect_s3[1].text == "hi");
  BOOST_TEST(*scenario.expect_s3[2].exists == false);
  BOOST_TEST(*scenario.expect_s3[3].prefix == "out/");
  BOOST_TEST(*scenario.expect_s3[3].count == 3);
  BOOST_TEST(scenario.expect_fault_free_s3.size() == 1);
  const Scenario demonstrating =
      load_ok(scenario_with(R"("demonstrates": ["expect.s3", "expect_fault_free.s3"])"));
  BOOST_TEST(demonstrating.demonstrates.size() == 2);
}

BOOST_AUTO_TEST_CASE(bad_s3_expectations_are_problems) {
  const FileProblems problems = load_problems(scenario_with(R"("expect": {"s3": [
      {"bucket": "r", "key": "k"},
      {"bucket": "r", "key": "k", "count": 1},
      {"bucket": "r", "prefix": "p", "exists": true},
      {"bucket": "r", "prefix": "p", "count": -1},
      {"key": "k", "exists": true},
      {"bucket": "r", "key": "k", "exists": "no"}]})"));
  BOOST_TEST(has_problem(problems, "/expect/s3/0", "exactly one of"), render(problems));
  BOOST_TEST(has_problem(problems, "/expect/s3/1", "goes with \"prefix\""), render(problems));
  BOOST_TEST(has_problem(problems, "/expect/s3/2", "needs \"key\""), render(problems));
  BOOST_TEST(has_problem(problems, "/expect/s3/3/count", ""), render(problems));
  BOOST_TEST(has_problem(problems, "/expect/s3/4", "bucket"), render(problems));
  BOOST_TEST(has_problem(problems, "/expect/s3/5/exists", ""), render(problems));
}

}  // namespace
}  // namespace wfsim::scenario
