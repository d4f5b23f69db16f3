// `wfsim validate FILE...`: checks ASL definitions, scenarios, mock-config files and capsules,
// telling them apart by content, and reports every problem with its file and JSON pointer.
// Directories are searched for *.json files. Also `wfsim mutants`.
#include <algorithm>
#include <filesystem>
#include <ostream>

#include "asl/definition.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/replay_support.h"
#include "engine/mutants.h"
#include "scenario/mock_config.h"

namespace wfsim::cli {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> expand(const std::vector<std::string>& inputs, std::ostream& err,
                                bool& ok) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code error;
    if (!fs::is_directory(input, error)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(input, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it->is_regular_file(error) && it->path().extension() == ".json") {
        found.push_back(it->path().string());
      }
    }
    if (error) {
      err << input << ": cannot list: " << error.message() << "\n";
      ok = false;
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// Validates one file; prints "<file>: ok (...)" or its problems. False when it has problems.
bool validate_file(const std::string& file, std::ostream& out, std::ostream& err) {
  auto json = scenario::read_json_file(file, file);
  if (auto* problem = std::get_if<scenario::FileProblem>(&json)) {
    err << to_string(*problem) << "\n";
    return false;
  }
  const Json& document = std::get<Json>(json);
  if (document.is_object() && document.contains("wfsim_capsule")) {
    auto opened = open_capsule(file, err);
    if (opened) out << file << ": ok (capsule of " << opened->scenario.config.name << ", seed "
                    << opened->capsule.seed << ")\n";
    return opened.has_value();
  }
  if (document.is_object() && (document.contains("States") || document.contains("StartAt"))) {
    const asl::Problems problems = asl::validate(document);
    scenario::FileProblems found;
    scenario::append_problems(found, file, "", problems);
    report_problems(found, err);
    const auto states = document.find("States");
    if (problems.empty() && states != document.end()) {
      out << file << ": ok (ASL definition, " << states->size() << " top-level states)\n";
    }
    return problems.empty();
  }
  if (document.is_object() && document.contains("StateMachines")) {
    auto mock = scenario::parse_mock_config(document, file);
    if (auto* problems = std::get_if<scenario::FileProblems>(&mock)) {
      report_problems(*problems, err);
      return false;
    }
    out << file << ": ok (Step Functions Local mock config)\n";
    return true;
  }
  const scenario::SourceContext context{file, "", fs::path(file).parent_path(), {}};
  auto loaded = scenario::parse_scenario(document, context);
  if (auto* problems = std::get_if<scenario::FileProblems>(&loaded)) {
    report_problems(*problems, err);
    return false;
  }
  const scenario::Scenario& found = std::get<scenario::Scenario>(loaded);
  out << file << ": ok (scenario " << found.config.name << ", "
      << scenario::to_string(found.config.dialect) << ", " << found.config.resources.size()
      << " resources, " << found.config.faults.script.size() << " scripted faults)\n";
  return true;
}

}  // namespace

int validate_command(const std::vector<std::string>& files, std::ostream& out,
                     std::ostream& err) {
  bool ok = true;
  const std::vector<std::string> expanded = expand(files, err, ok);
  if (expanded.empty()) {
    err << "wfsim validate: no files to check\n";
    return kExitBadInput;
  }
  for (const std::string& file : expanded) ok = validate_file(file, out, err) && ok;
  return ok ? kExitHeld : kExitBadInput;
}

int mutants_command(std::ostream& out) {
  size_t width = 0;
  for (const MutantInfo& info : all_mutants()) width = std::max(width, info.name.size());
  for (const MutantInfo& info : all_mutants()) {
    std::string name(info.name);
    name.resize(width + 2, ' ');
    out << name << info.description << "\n";
  }
  return kExitHeld;
}

}  // namespace wfsim::cli
