// Test helpers for sim/scenario: load scenario text as if it were a file named "test.json" (in
// a scratch directory when other files are needed) and look for a problem by pointer.
#pragma once

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "scenario/scenario.h"

namespace wfsim::scenario::test {

inline const std::string kOneTask = R"({"StartAt": "Ship", "States": {"Ship": {"Type": "Task",
  "Resource": "arn:aws:states:us-east-1:123456789012:activity:ship", "TimeoutSeconds": 30,
  "HeartbeatSeconds": 10, "End": true}}})";

// No base directory: the scenario must be self-contained (as in a capsule).
using Base = std::optional<std::filesystem::path>;

inline std::variant<Scenario, FileProblems> load_text(const std::string& text,
                                                      const Base& base = std::nullopt) {
  auto json = parse_json_text(text, "test.json");
  if (auto* problem = std::get_if<FileProblem>(&json)) return FileProblems{*problem};
  return parse_scenario(std::get<Json>(json), SourceContext{"test.json", "", base, {}});
}

inline Scenario load_ok(const std::string& text, const Base& base = std::nullopt) {
  auto loaded = load_text(text, base);
  if (auto* problems = std::get_if<FileProblems>(&loaded)) {
    std::string all;
    for (const auto& problem : *problems) all += to_string(problem) + "\n";
    BOOST_FAIL("unexpected problems:\n" + all);
  }
  return std::get<Scenario>(std::move(loaded));
}

inline FileProblems load_problems(const std::string& text, const Base& base = std::nullopt) {
  auto loaded = load_text(text, base);
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<FileProblems>(loaded), "expected problems");
  return std::get<FileProblems>(loaded);
}

// The rendered problems, one per line, for readable failure messages.
inline std::string render(const FileProblems& problems) {
  std::string all;
  for (const auto& problem : problems) all += to_string(problem) + "\n";
  return all;
}

// True when some problem sits at `pointer` and its message contains `words`.
inline bool has_problem(const FileProblems& problems, const std::string& pointer,
                        const std::string& words, const std::string& file = "test.json") {
  for (const auto& problem : problems) {
    if (problem.file == file && problem.pointer == pointer &&
        problem.message.find(words) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// A scratch directory removed at the end of the test.
class ScratchDirectory {
 public:
  explicit ScratchDirectory(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / ("wfsim-scenario-test-" + name)) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace wfsim::scenario::test

namespace wfsim::scenario::test {

// A file under sim/scenario/testdata (tests run with WFSIM_SOURCE_DIR set by ctest).
inline std::filesystem::path testdata(const std::string& name) {
  const char* root = std::getenv("WFSIM_SOURCE_DIR");
  const std::filesystem::path base = root != nullptr ? root : WFSIM_DEFAULT_SOURCE_DIR;
  return base / "sim" / "scenario" / "testdata" / name;
}

inline Scenario load_testdata(const std::string& name) {
  auto loaded = load_scenario(testdata(name));
  if (auto* problems = std::get_if<FileProblems>(&loaded)) BOOST_FAIL(render(*problems));
  return std::get<Scenario>(std::move(loaded));
}

}  // namespace wfsim::scenario::test
