// `wfsim validate FILE_OR_DIRECTORY...`: checks ASL definitions, scenarios, mock-config files and
// capsules and reports every problem with its file and JSON pointer. A file named on the command
// line is told apart by content. In a directory (searched recursively for *.json) only what can
// be classified is checked: *.scenario.json as a scenario, *.asl.json as a definition, and other
// *.json files that are capsules (`wfsim_capsule`) or mock configs (`StateMachines`); the rest
// (golden histories, workflow fragments, anything else) is listed as skipped, never as failed.
// Also `wfsim mutants`. Runs nothing.
#include <algorithm>
#include <filesystem>
#include <optional>
#include <ostream>

#include "asl/definition.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "engine/mutants.h"
#include "scenario/mock_config.h"
#include "scenario/substitutions.h"

namespace wfsim::cli {
namespace {

namespace fs = std::filesystem;

enum class FileKind : uint8_t { by_content, scenario, definition, capsule, mock_config };

// A file to check, and what it is taken for; or a file found in a directory and skipped.
struct Candidate {
  std::string file;
  FileKind kind = FileKind::by_content;
  std::optional<std::string> skipped;  // Why it is not checked.
};

bool ends_with(const fs::path& path, std::string_view suffix) {
  return path.filename().string().ends_with(suffix);
}

// What a *.json file met in a directory is, or nullopt (with the reason in `why`) when it is
// none of the kinds validate knows: such a file is skipped, not failed.
std::optional<FileKind> classify_found(const fs::path& path, std::string& why) {
  if (ends_with(path, ".scenario.json")) return FileKind::scenario;
  if (ends_with(path, ".asl.json")) return FileKind::definition;
  auto json = scenario::read_json_file(path, path.string());
  if (auto* problem = std::get_if<scenario::FileProblem>(&json)) {
    why = problem->message;
    return std::nullopt;
  }
  const Json& document = std::get<Json>(json);
  if (document.is_object() && document.contains("wfsim_capsule")) return FileKind::capsule;
  if (document.is_object() && document.contains("StateMachines")) return FileKind::mock_config;
  why = "not a *.scenario.json, *.asl.json, capsule or mock config";
  return std::nullopt;
}

// The *.json files below `directory` in path order, each classified or marked skipped.
bool expand_directory(const std::string& directory, std::vector<Candidate>& out,
                      std::ostream& err) {
  std::error_code error;
  std::vector<fs::path> found;
  for (auto it = fs::recursive_directory_iterator(directory, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file(error) && it->path().extension() == ".json") {
      found.push_back(it->path());
    }
  }
  if (error) {
    err << directory << ": cannot list: " << error.message() << "\n";
    return false;
  }
  std::sort(found.begin(), found.end());
  for (const fs::path& path : found) {
    std::string why;
    const auto kind = classify_found(path, why);
    out.push_back({path.string(), kind.value_or(FileKind::by_content),
                   kind ? std::nullopt : std::optional<std::string>(why)});
  }
  return true;
}

FileKind kind_by_content(const Json& document) {
  if (!document.is_object()) return FileKind::scenario;
  if (document.contains("wfsim_capsule")) return FileKind::capsule;
  if (scenario::input_form_of(document) == scenario::InputForm::described) {
    return FileKind::definition;
  }
  if (document.contains("States") || document.contains("StartAt")) return FileKind::definition;
  if (document.contains("StateMachines")) return FileKind::mock_config;
  return FileKind::scenario;
}

// A bare definition or describe-state-machine output (its "definition" text); says which.
bool validate_definition(const std::string& file, const Json& given, std::ostream& out,
                         std::ostream& err) {
  const scenario::InputForm form = scenario::input_form_of(given) ==
                                           scenario::InputForm::described
                                       ? scenario::InputForm::described
                                       : scenario::InputForm::definition;
  auto unwrapped = scenario::definition_of(given, form, file);
  if (auto* problems = std::get_if<scenario::FileProblems>(&unwrapped)) {
    report_problems(*problems, err);
    return false;
  }
  const Json& document = std::get<Json>(unwrapped);
  const std::string label =
      form == scenario::InputForm::described ? file + " (its \"definition\" text)" : file;
  scenario::FileProblems found;
  // As run and explore take it alone: a ${Name} placeholder has no value to be given.
  scenario::Reader reader(label, found);
  scenario::check_no_placeholders(document, reader, "",
                                  "give its value in a scenario's \"definition_substitutions\"");
  const asl::Problems problems = asl::validate(document);
  scenario::append_problems(found, label, "", problems);
  report_problems(found, err);
  if (!found.empty()) return false;
  const auto states = document.find("States");
  out << file << ": ok (" << scenario::to_string(form) << ", "
      << (states != document.end() ? states->size() : 0) << " top-level states)\n";
  return true;
}

bool validate_scenario(const std::string& file, const Json& document, std::ostream& out,
                       std::ostream& err) {
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

// Validates one file as `kind` (by_content: as its content says); prints "<file>: ok (...)" or
// its problems. False when it has problems.
bool validate_file(const Candidate& candidate, std::ostream& out, std::ostream& err) {
  const std::string& file = candidate.file;
  auto json = scenario::read_json_file(file, file);
  if (auto* problem = std::get_if<scenario::FileProblem>(&json)) {
    err << to_string(*problem) << "\n";
    return false;
  }
  const Json& document = std::get<Json>(json);
  const FileKind kind =
      candidate.kind == FileKind::by_content ? kind_by_content(document) : candidate.kind;
  switch (kind) {
    case FileKind::capsule: {
      auto opened = open_capsule_or_report(file, err);
      if (opened) out << file << ": ok (capsule of " << opened->scenario.config.name << ", seed "
                      << opened->capsule.seed << ")\n";
      return opened.has_value();
    }
    case FileKind::definition:
      return validate_definition(file, document, out, err);
    case FileKind::mock_config: {
      auto mock = scenario::parse_mock_config(document, file);
      if (auto* problems = std::get_if<scenario::FileProblems>(&mock)) {
        report_problems(*problems, err);
        return false;
      }
      out << file << ": ok (Step Functions Local mock config)\n";
      return true;
    }
    case FileKind::scenario:
    case FileKind::by_content:
      break;
  }
  return validate_scenario(file, document, out, err);
}

}  // namespace

int validate_command(const std::vector<std::string>& files, std::ostream& out,
                     std::ostream& err) {
  bool ok = true;
  std::vector<Candidate> candidates;
  for (const std::string& input : files) {
    std::error_code error;
    if (fs::is_directory(input, error)) {
      ok = expand_directory(input, candidates, err) && ok;
    } else {
      candidates.push_back({input, FileKind::by_content, std::nullopt});
    }
  }
  const auto skipped = static_cast<size_t>(std::count_if(
      candidates.begin(), candidates.end(), [](const Candidate& c) { return c.skipped; }));
  const size_t checked = candidates.size() - skipped;
  size_t failed = 0;
  for (const Candidate& candidate : candidates) {
    if (candidate.skipped) {
      out << candidate.file << ": skipped (" << *candidate.skipped << ")\n";
    } else if (!validate_file(candidate, out, err)) {
      ++failed;
    }
  }
  if (checked == 0) {
    err << "wfsim validate: no files to check"
        << (skipped > 0 ? " (every *.json file found was skipped)" : "") << "\n";
    return kExitBadInput;
  }
  out << "validated " << checked << " files: " << checked - failed << " ok, " << failed
      << " with problems, " << skipped << " skipped\n";
  return ok && failed == 0 ? kExitHeld : kExitBadInput;
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
