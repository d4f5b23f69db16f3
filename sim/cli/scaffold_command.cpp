// `wfsim scaffold DEFINITION [--out FILE]`: writes the default scenario of a definition (a bare
// ASL definition or describe-state-machine output) as a commented starting point: every Task with
// its integration pattern, the fault kinds that apply to it and the fields to change, in "comment"
// keys the loader ignores. The scenario is the one `explore DEFINITION` runs
// (scenario/default_scenario.h); this command only chooses where the definition is referred from
// and checks that what it writes loads.
#include <filesystem>
#include <ostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "scenario/substitutions.h"

namespace wfsim::cli {
namespace {

namespace fs = std::filesystem;

// The definition as the scenario refers to it: relative to the scenario's directory.
std::string definition_reference(const std::string& definition, const std::string& out_file) {
  if (out_file.empty()) return definition;
  std::error_code error;
  const fs::path base = fs::absolute(fs::path(out_file), error).parent_path();
  const fs::path relative =
      fs::absolute(fs::path(definition), error).lexically_normal().lexically_relative(base);
  return error || relative.empty() ? fs::absolute(definition).string() : relative.string();
}

}  // namespace

int scaffold_command(const ScaffoldArgs& args, std::ostream& out, std::ostream& err) {
  auto json = scenario::read_json_file(args.definition, args.definition);
  if (auto* problem = std::get_if<scenario::FileProblem>(&json)) {
    err << to_string(*problem) << "\n";
    return kExitBadInput;
  }
  const Json& document = std::get<Json>(json);
  const scenario::InputForm form = scenario::input_form_of(document);
  if (form == scenario::InputForm::scenario) {
    err << args.definition << ": not an ASL definition (no \"StartAt\" and \"States\") nor "
        << "describe-state-machine output (no \"stateMachineArn\" with a \"definition\" text); "
        << "scaffold writes a scenario for a definition\n";
    return kExitBadInput;
  }
  auto asl = scenario::definition_of(document, form, args.definition);
  if (auto* problems = std::get_if<scenario::FileProblems>(&asl)) {
    report_problems(*problems, err);
    return kExitBadInput;
  }
  const std::string reference = definition_reference(args.definition, args.out);
  auto scaffold = scenario::default_scenario_document(
      std::get<Json>(asl), Json(reference),
      scenario::default_name(document, form, args.definition), args.definition, true);
  if (auto* problems = std::get_if<scenario::FileProblems>(&scaffold)) {
    report_problems(*problems, err);
    return kExitBadInput;
  }
  Json& written = std::get<Json>(scaffold);
  // ${Name} placeholders (SAM, CDK, Terraform): listed for the user to fill in; until then the
  // scenario does not load, so it is not checked here.
  const std::vector<std::string> placeholders = scenario::placeholder_names(std::get<Json>(asl));
  if (!placeholders.empty()) {
    Json values = Json::object();
    for (const std::string& name : placeholders) values[name] = "";
    written["definition_substitutions"] = std::move(values);
    err << "wfsim scaffold: the definition has placeholders; give their values in "
           "\"definition_substitutions\" before running it\n";
  } else {
    // What is written must load as it is, from where it is written.
    const fs::path base = args.out.empty() ? fs::path(".") : fs::path(args.out).parent_path();
    const scenario::SourceContext context{args.out.empty() ? "(scaffold)" : args.out, "", base,
                                          {}};
    auto loaded = scenario::parse_scenario(written, context);
    if (auto* problems = std::get_if<scenario::FileProblems>(&loaded)) {
      err << "wfsim: internal error (a bug in wfsim): the scaffold does not load:\n";
      report_problems(*problems, err);
      return kExitInternal;
    }
  }
  const std::string text = written.dump(2) + "\n";
  if (args.out.empty()) {
    out << text;
    return kExitHeld;
  }
  if (!write_output(args.out, text, err)) return kExitBadInput;
  err << "wrote " << args.out << " (" << written["resources"].size() << " Task states, from "
      << scenario::to_string(form) << " " << args.definition << "); run it: wfsim explore "
      << args.out << " --swarm\n";
  return kExitHeld;
}

}  // namespace wfsim::cli
