// `wfsim merge` end to end (docs/cli.md, "Splitting a sweep across machines"): a sweep over
// several bundled scenarios with --swarm and a --mutant, run whole and split four ways with
// --shard (each shard in its own working directory, as on its own machine), merges into the
// whole sweep's --json, --junit and closing table byte for byte apart from the timing fields,
// from the four files or from their concatenation as JSON lines; the merged exit code is the
// sweep's. Shards of another sweep, a shard given twice and a missing shard are refused with
// exit code 2, saying which.
#include <regex>

#include "cli_test_support.h"
#include "record/json.h"

namespace wfsim::cli::test {
namespace {

const std::string kMutant = "heartbeat-extends-task-timeout";

std::vector<std::string> sweep_arguments(const std::string& seeds) {
  return {"explore",
          bundled("mutants/heartbeats-past-task-timeout.scenario.json"),
          bundled("sfn-task-timeout-despite-heartbeats.scenario.json"),
          bundled("redrive-parallel-mixed.scenario.json"),
          bundled("temporal-book-travel-under-faults.scenario.json"),
          "--seeds", seeds, "--swarm", "--mutant", kMutant, "--jobs", "2", "--no-progress",
          "--out", "out", "--json", "summary.json", "--junit", "junit.xml"};
}

// The summary without its one timing field (the last member), as text.
std::string without_timing(const std::string& json) {
  const size_t at = json.rfind(",\"timing\":");
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "no timing in " << json);
  return json.substr(0, at);
}

// JUnit without its `time` attributes, the only timing in it.
std::string junit_without_timing(const std::string& xml) {
  return std::regex_replace(xml, std::regex(" time=\"[0-9.]+\""), "");
}

// The closing table without the wall time and jobs of its last line.
std::string table_without_timing(const std::string& table) {
  const size_t at = table.rfind("; ");
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "no timing in " << table);
  return table.substr(0, at);
}

struct Sweep {
  Scratch scratch{"merge"};
  Exit whole;
  std::vector<fs::path> shards;  // The four shards' working directories.
};

// The whole sweep in whole/, and its four shards in shard-K/, each with the same arguments.
Sweep& sweep() {
  static Sweep made = [] {
    Sweep sweep;
    fs::create_directories(sweep.scratch / "whole");
    sweep.whole = run_wfsim_in(sweep.scratch / "whole", sweep_arguments("16"), 300);
    for (int k = 1; k <= 4; ++k) {
      const fs::path directory = sweep.scratch / ("shard-" + std::to_string(k));
      fs::create_directories(directory);
      std::vector<std::string> arguments = sweep_arguments("16");
      arguments.insert(arguments.end(), {"--shard", std::to_string(k) + "/4"});
      const Exit shard = run_wfsim_in(directory, arguments, 300);
      BOOST_TEST((shard.code == 0 || shard.code == 1), "shard " << k << ": " << shard.out
                                                                 << shard.err);
      sweep.shards.push_back(directory);
    }
    return sweep;
  }();
  return made;
}

std::vector<std::string> shard_files(const Sweep& sweep) {
  std::vector<std::string> files;
  for (const fs::path& shard : sweep.shards) files.push_back((shard / "summary.json").string());
  return files;
}

Exit run_merge(const std::vector<std::string>& files, const fs::path& directory) {
  std::vector<std::string> arguments = {"merge"};
  arguments.insert(arguments.end(), files.begin(), files.end());
  arguments.insert(arguments.end(), {"--json", "merged.json", "--junit", "merged.xml"});
  fs::create_directories(directory);
  return run_wfsim_in(directory, arguments);
}

void check_same_as_whole(const Sweep& sweep, const Exit& merged, const fs::path& directory) {
  BOOST_TEST(merged.code == sweep.whole.code, merged.out << merged.err);
  const std::string whole_json = slurp(sweep.scratch / "whole" / "summary.json");
  const std::string merged_json = slurp(directory / "merged.json");
  BOOST_TEST(without_timing(merged_json) == without_timing(whole_json));
  BOOST_TEST(merged_json.back() == '\n');
  BOOST_TEST(junit_without_timing(slurp(directory / "merged.xml")) ==
             junit_without_timing(slurp(sweep.scratch / "whole" / "junit.xml")));
  BOOST_TEST(table_without_timing(merged.out) == table_without_timing(sweep.whole.out));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(merge)

BOOST_AUTO_TEST_CASE(four_shards_merge_into_the_whole_sweeps_reports_byte_for_byte) {
  Sweep& whole = sweep();
  BOOST_TEST_REQUIRE(whole.whole.code == 1, whole.whole.out << whole.whole.err);
  // The sweep is worth merging: failures found in several shards, and every shard ran seeds.
  const Json summary = Json::parse(slurp(whole.scratch / "whole" / "summary.json"));
  BOOST_TEST_REQUIRE(summary["failures"].size() >= 2U, summary.dump());
  BOOST_TEST(summary["seeds"] == 64);
  bool several = false;
  for (const Json& failure : summary["failures"]) several = several || failure["seeds"] > 1;
  BOOST_TEST(several, "no failure was found by more than one seed");
  for (const fs::path& shard : whole.shards) {
    BOOST_TEST(Json::parse(slurp(shard / "summary.json"))["seeds"] == 16);
  }
  const fs::path directory = whole.scratch / "merged";
  check_same_as_whole(whole, run_merge(shard_files(whole), directory), directory);
  // The lowest seed's capsule of each failure is on the disk of the shard that found it.
  const Json merged = Json::parse(slurp(directory / "merged.json"));
  for (const Json& failure : merged["failures"]) {
    const uint64_t seed = failure["first_seed"].get<uint64_t>();
    const fs::path capsule = whole.shards[seed % 4] / failure["capsule"].get<std::string>();
    BOOST_TEST_REQUIRE(fs::exists(capsule), capsule);
    BOOST_TEST(Json::parse(slurp(capsule))["seed"] == seed);
  }
}

BOOST_AUTO_TEST_CASE(the_shards_concatenated_as_json_lines_merge_the_same_way) {
  Sweep& whole = sweep();
  const fs::path lines = whole.scratch / "all.jsonl";
  std::ofstream out(lines);
  for (const std::string& file : shard_files(whole)) out << slurp(file);  // Shard 4 first is fine.
  out.close();
  const fs::path directory = whole.scratch / "merged-lines";
  check_same_as_whole(whole, run_merge({lines.string()}, directory), directory);
}

BOOST_AUTO_TEST_CASE(shards_of_another_sweep_duplicates_and_gaps_are_refused_with_exit_2) {
  Sweep& whole = sweep();
  std::vector<std::string> files = shard_files(whole);
  const fs::path other = whole.scratch / "other";
  fs::create_directories(other);
  std::vector<std::string> arguments = sweep_arguments("17");
  arguments.insert(arguments.end(), {"--shard", "4/4"});
  BOOST_TEST(run_wfsim_in(other, arguments, 300).code == 1);

  std::vector<std::string> mixed = files;
  mixed[3] = (other / "summary.json").string();
  Exit refused = run_merge(mixed, whole.scratch / "refused-1");
  BOOST_TEST(refused.code == 2);
  BOOST_TEST(contains(refused.err, "are not shards of the same sweep: --seeds is 17 in " +
                                       mixed[3] + ", 16 in " + files[0]),
             refused.err);
  BOOST_TEST(!fs::exists(whole.scratch / "refused-1" / "merged.json"));

  std::vector<std::string> twice = files;
  twice[2] = files[1];
  refused = run_merge(twice, whole.scratch / "refused-2");
  BOOST_TEST(refused.code == 2);
  BOOST_TEST(contains(refused.err, "shard 2/4 is given 2 times: " + files[1] + " and " + files[1]),
             refused.err);
  BOOST_TEST(contains(refused.err, "shard 3/4 is missing"), refused.err);

  refused = run_merge({files[0], files[1], files[2]}, whole.scratch / "refused-3");
  BOOST_TEST(refused.code == 2);
  BOOST_TEST(contains(refused.err, "wfsim merge: shard 4/4 is missing (3 of 4 shards given)"),
             refused.err);

  refused = run_merge({files[0], (whole.scratch / "nothing.json").string()},
                  whole.scratch / "refused-4");
  BOOST_TEST(refused.code == 2);
  BOOST_TEST(contains(refused.err, "nothing.json: cannot read"), refused.err);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::cli::test
