// What a file given where a scenario goes is (a scenario, a bare definition, or
// describe-state-machine output), and loading it: a definition gets its default scenario
// (default_scenario.cpp). See default_scenario.h.
#include "asl/definition.h"
#include "scenario/default_scenario.h"
#include "scenario/substitutions.h"

namespace wfsim::scenario {

namespace fs = std::filesystem;

InputForm input_form_of(const Json& document) {
  if (!document.is_object()) return InputForm::scenario;
  const auto definition = document.find("definition");
  if (document.contains("stateMachineArn") && definition != document.end() &&
      definition->is_string()) {
    return InputForm::described;
  }
  if (document.contains("StartAt") && document.contains("States")) return InputForm::definition;
  return InputForm::scenario;
}

std::string_view to_string(InputForm form) {
  switch (form) {
    case InputForm::scenario: return "scenario";
    case InputForm::definition: return "ASL definition";
    case InputForm::described: return "describe-state-machine output";
  }
  return "?";
}

std::variant<Json, FileProblems> definition_of(const Json& document, InputForm form,
                                               const std::string& label,
                                               const JsonLimits& limits) {
  if (form != InputForm::described) return document;
  auto inner = parse_json_text(document["definition"].get<std::string>(),
                               label + " (its \"definition\" text)", limits);
  if (auto* problem = std::get_if<FileProblem>(&inner)) return FileProblems{std::move(*problem)};
  return std::move(std::get<Json>(inner));
}

std::string default_name(const Json& document, InputForm form, const fs::path& file) {
  if (form == InputForm::described) {
    const auto name = document.find("name");
    if (name != document.end() && name->is_string() && !name->get<std::string>().empty()) {
      return name->get<std::string>();
    }
  }
  std::string name = file.filename().string();
  if (name.size() > 9 && name.ends_with(".asl.json")) return name.substr(0, name.size() - 9);
  return default_scenario_name(file);
}

std::variant<LoadedInput, FileProblems> load_input(const fs::path& file,
                                                   const JsonLimits& limits) {
  const std::string label = file.string();
  auto json = read_json_file(file, label, limits);
  if (auto* problem = std::get_if<FileProblem>(&json)) return FileProblems{std::move(*problem)};
  const Json& document = std::get<Json>(json);
  const InputForm form = input_form_of(document);
  const SourceContext context{label, "", file.parent_path(), limits};
  if (form == InputForm::scenario) {
    auto loaded = parse_scenario(document, context);
    if (auto* problems = std::get_if<FileProblems>(&loaded)) return std::move(*problems);
    return LoadedInput{std::get<Scenario>(std::move(loaded)), form};
  }
  auto asl = definition_of(document, form, label, limits);
  if (auto* problems = std::get_if<FileProblems>(&asl)) return std::move(*problems);
  const std::string asl_label =
      form == InputForm::described ? label + " (its \"definition\" text)" : label;
  FileProblems placeholders;
  Reader reader(asl_label, placeholders);
  if (!check_no_placeholders(std::get<Json>(asl), reader, "",
                             "a definition given alone has no substitutions: write a scenario "
                             "(wfsim scaffold) and give its value in "
                             "\"definition_substitutions\"")) {
    return placeholders;
  }
  auto scenario_document =
      default_scenario_document(std::get<Json>(asl), Json(file.filename().string()),
                                default_name(document, form, file), asl_label, false);
  if (auto* problems = std::get_if<FileProblems>(&scenario_document)) {
    return std::move(*problems);
  }
  auto loaded = parse_scenario(std::get<Json>(scenario_document), context);
  if (auto* problems = std::get_if<FileProblems>(&loaded)) return std::move(*problems);
  return LoadedInput{std::get<Scenario>(std::move(loaded)), form};
}

}  // namespace wfsim::scenario
