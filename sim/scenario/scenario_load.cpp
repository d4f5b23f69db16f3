// The scenario loader's top level: the document's keys, the definition or workflow (inline or by
// path), the mock-config import, and the self-contained form. The parts are parsed in
// scenario_resources.cpp, scenario_faults.cpp and scenario_options.cpp.
#include "asl/definition.h"
#include "scenario/mock_config.h"
#include "scenario/scenario.h"
#include "scenario/scenario_options.h"
#include "scenario/scenario_parts.h"
#include "scenario/substitutions.h"

namespace wfsim::scenario {
namespace {

namespace fs = std::filesystem;
using detail::Targets;

// A referenced file: resolved against the scenario's directory, named as the user would find it.
struct ReferencedFile {
  fs::path path;
  std::string label;
};

class Loader {
 public:
  Loader(const Json& document, const SourceContext& context)
      : document_(document), context_(context), reader_(context.label, problems_) {}

  std::variant<Scenario, FileProblems> load();

 private:
  std::string at(std::string_view key) const { return Reader::child(context_.pointer, key); }
  std::optional<ReferencedFile> reference(const Json& value, const std::string& at,
                                          const char* what);
  std::optional<Json> referenced_json(const Json& value, const std::string& at, const char* what,
                                      std::string& label, std::string& prefix);
  void load_definition(const Json& value);
  void load_workflow(const Json& value);
  void merge_mock_config(const Json& value, Json& resources);
  void load_substitutions(const Json& value);
  void load_input_file(const Json& value);
  Json self_contained(const Json& resources) const;

  const Json& document_;
  const SourceContext& context_;
  FileProblems problems_;
  Reader reader_;
  Scenario scenario_;
  Targets targets_;
  Json inlined_program_;  // The definition or workflow object.
  Substitutions substitutions_;  // "definition_substitutions".
  std::optional<Json> file_input_;  // The JSON of "input_file".
  Json inlined_s3_objects_;  // "s3_objects" with every "file" replaced by its "text".
};

// The text each ${Name} is replaced with: a string as it is, a number or boolean as JSON text.
void Loader::load_substitutions(const Json& value) {
  const std::string subs_at = at("definition_substitutions");
  if (!value.is_object()) {
    reader_.problem(subs_at, "must be an object of placeholder name to value");
    return;
  }
  for (const auto& [name, text] : value.items()) {
    if (text.is_string()) {
      substitutions_[name] = text.get<std::string>();
    } else if (text.is_number() || text.is_boolean()) {
      substitutions_[name] = text.dump();
    } else {
      reader_.problem(Reader::child(subs_at, name), "must be a string, a number or a boolean");
    }
  }
}

void Loader::load_input_file(const Json& value) {
  const std::string file_at = at("input_file");
  if (document_.contains("input")) {
    reader_.problem(file_at, "give \"input\" or \"input_file\", not both");
    return;
  }
  if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
    reader_.problem(file_at, "must be a path to a JSON file (relative to the scenario file)");
    return;
  }
  const auto file = reference(value, file_at, "input");
  if (!file) return;
  auto json = read_json_file(file->path, file->label, context_.limits);
  if (auto* problem = std::get_if<FileProblem>(&json)) {
    problems_.push_back(std::move(*problem));
    return;
  }
  file_input_ = std::move(std::get<Json>(json));
}

std::optional<ReferencedFile> Loader::reference(const Json& value, const std::string& at,
                                                const char* what) {
  if (!value.is_string() || value.get_ref<const std::string&>().empty()) return std::nullopt;
  if (!context_.base_directory) {
    reader_.problem(at, std::string("must be an inline ") + what +
                            ": a self-contained scenario (capsule) cannot refer to files");
    return std::nullopt;
  }
  const fs::path given(value.get<std::string>());
  const fs::path path = (*context_.base_directory / given).lexically_normal();
  return ReferencedFile{path, path.string()};
}

// The JSON of an inline object or of the file a path names. `label` and `prefix` say where
// problems inside it are reported.
std::optional<Json> Loader::referenced_json(const Json& value, const std::string& at,
                                            const char* what, std::string& label,
                                            std::string& prefix) {
  if (value.is_object()) {
    label = context_.label;
    prefix = at;
    return value;
  }
  if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
    reader_.problem(at, std::string("must be an inline ") + what +
                            " or a path to one (relative to the scenario file)");
    return std::nullopt;
  }
  const auto file = reference(value, at, what);
  if (!file) return std::nullopt;
  auto json = read_json_file(file->path, file->label, context_.limits);
  if (auto* problem = std::get_if<FileProblem>(&json)) {
    problems_.push_back(std::move(*problem));
    return std::nullopt;
  }
  label = file->label;
  prefix = "";
  return std::move(std::get<Json>(json));
}

void Loader::load_definition(const Json& value) {
  std::string label;
  std::string prefix;
  auto json = referenced_json(value, at("definition"), "ASL definition object", label, prefix);
  if (!json) return;
  // `aws stepfunctions describe-state-machine` output: the definition is JSON text inside.
  const auto text = json->is_object() ? json->find("definition") : json->end();
  if (json->is_object() && json->contains("stateMachineArn") && text != json->end() &&
      text->is_string()) {
    label += " (its \"definition\" text)";
    auto inner = parse_json_text(text->get<std::string>(), label, context_.limits);
    if (auto* problem = std::get_if<FileProblem>(&inner)) {
      problems_.push_back(std::move(*problem));
      return;
    }
    json = std::move(std::get<Json>(inner));
    prefix = "";
  }
  substitute(*json, substitutions_);
  Reader definition_reader(label, problems_);
  if (!check_no_placeholders(*json, definition_reader, prefix,
                             "give its value in the scenario's \"definition_substitutions\"")) {
    return;
  }
  auto parsed = asl::parse_definition(*json);
  if (auto* found = std::get_if<asl::Problems>(&parsed)) {
    append_problems(problems_, label, prefix, *found);
    return;
  }
  scenario_.config.definition = std::get<std::shared_ptr<const asl::Definition>>(parsed);
  targets_ = detail::targets_of(*scenario_.config.definition);
  inlined_program_ = std::move(*json);
}

void Loader::load_workflow(const Json& value) {
  std::string label;
  std::string prefix;
  auto json = referenced_json(value, at("workflow"), "workflow object", label, prefix);
  if (!json) return;
  auto parsed = temporal::parse_workflow_spec(*json, prefix);
  if (auto* found = std::get_if<asl::Problems>(&parsed)) {
    append_problems(problems_, label, "", *found);
    return;
  }
  scenario_.config.workflow =
      std::make_shared<const temporal::WorkflowSpec>(std::get<temporal::WorkflowSpec>(parsed));
  targets_ = detail::targets_of(*scenario_.config.workflow);
  inlined_program_ = std::move(*json);
}

void Loader::merge_mock_config(const Json& value, Json& resources) {
  const std::string mock_at = at("mock_config");
  if (!reader_.object(value, mock_at, {"file", "state_machine", "test_case"})) return;
  const auto file_name = reader_.text(value, mock_at, "file", true);
  const auto machine = reader_.text(value, mock_at, "state_machine", true);
  const auto case_name = reader_.text(value, mock_at, "test_case", true);
  if (!file_name || !machine || !case_name) return;
  if (!context_.base_directory) {
    reader_.problem(mock_at, "not allowed in a self-contained scenario (capsule): merge the test "
                             "case into \"resources\"");
    return;
  }
  const auto file = reference(value["file"], Reader::child(mock_at, "file"), "mock config");
  if (!file) return;
  auto json = read_json_file(file->path, file->label, context_.limits);
  if (auto* problem = std::get_if<FileProblem>(&json)) {
    problems_.push_back(std::move(*problem));
    return;
  }
  auto parsed = parse_mock_config(std::get<Json>(json), file->label);
  if (auto* found = std::get_if<FileProblems>(&parsed)) {
    problems_.insert(problems_.end(), found->begin(), found->end());
    return;
  }
  const MockConfig& mock = std::get<MockConfig>(parsed);
  const auto machine_it = mock.test_cases.find(*machine);
  if (machine_it == mock.test_cases.end()) {
    reader_.problem(Reader::child(mock_at, "state_machine"),
                    "no state machine \"" + *machine + "\" in " + file->label);
    return;
  }
  const auto case_it = machine_it->second.find(*case_name);
  if (case_it == machine_it->second.end()) {
    reader_.problem(Reader::child(mock_at, "test_case"),
                    "no test case \"" + *case_name + "\" for " + *machine + " in " + file->label);
    return;
  }
  Reader mock_reader(file->label, problems_);
  for (const auto& [state, response] : case_it->second.states) {
    if (targets_.known && !targets_.resource_keys.contains(state)) {
      mock_reader.problem(Reader::child(case_it->second.pointer, state),
                          "matches no Task state of the scenario's definition");
      continue;
    }
    Json& entry = resources[state];
    if (entry.is_null()) entry = Json::object();
    if (entry.is_object() && entry.contains("attempts")) {
      reader_.problem(Reader::child(Reader::child(at("resources"), state), "attempts"),
                      "also given by mock_config test case \"" + *case_name + "\"");
      continue;
    }
    const auto found = mock.responses.find(response);
    if (entry.is_object() && found != mock.responses.end()) entry["attempts"] = found->second;
  }
}

Json Loader::self_contained(const Json& resources) const {
  Json out = Json::object();
  out["name"] = scenario_.config.name;
  out["dialect"] = std::string(to_string(scenario_.config.dialect));
  bool resources_written = false;
  for (const auto& [key, value] : document_.items()) {
    if (key == "name" || key == "dialect" || key == "mock_config") continue;
    if (key == "input_file") {
      out["input"] = file_input_ ? *file_input_ : Json::object();
      continue;
    }
    if (key == "definition" || key == "workflow") {
      out[key] = inlined_program_;
    } else if (key == "s3_objects") {
      out[key] = inlined_s3_objects_;
    } else if (key == "resources") {
      out[key] = resources;
      resources_written = true;
    } else {
      out[key] = value;
    }
  }
  if (!resources_written && !resources.empty()) out["resources"] = resources;
  return out;
}

std::variant<Scenario, FileProblems> Loader::load() {
  const std::initializer_list<std::string_view> keys = {
      "name", "comment", "dialect", "definition", "workflow", "mock_config", "input",
      "resources", "faults", "actions", "expect", "expect_fault_free", "demonstrates",
      "options", "definition_substitutions", "input_file", "s3_objects"};
  if (!reader_.object(document_, context_.pointer, keys)) return std::move(problems_);
  world::WorldConfig& config = scenario_.config;
  scenario_.file = context_.base_directory ? context_.label : "";
  config.name = reader_.text(document_, context_.pointer, "name")
                    .value_or(default_scenario_name(context_.label));
  const auto dialect =
      reader_.choice(document_, context_.pointer, "dialect", {"step-functions", "temporal"});
  if (document_.contains("dialect") && !dialect) return std::move(problems_);
  config.dialect = dialect == "temporal" ? world::Dialect::temporal
                                         : world::Dialect::step_functions;
  targets_.dialect = config.dialect;
  const bool temporal = config.dialect == world::Dialect::temporal;
  const char* program = temporal ? "workflow" : "definition";
  for (const char* other : {"definition", "workflow", "mock_config"}) {
    if (document_.contains(other) && std::string_view(other) != program &&
        (temporal || std::string_view(other) != "mock_config")) {
      reader_.problem(at(other), std::string("not allowed in the ") +
                                     std::string(to_string(config.dialect)) + " dialect");
    }
  }
  if (const Json* subs = reader_.find(document_, context_.pointer, "definition_substitutions")) {
    if (temporal) {
      reader_.problem(at("definition_substitutions"), "not allowed in the temporal dialect");
    } else {
      load_substitutions(*subs);
    }
  }
  if (const Json* value = reader_.find(document_, context_.pointer, program, true)) {
    temporal ? load_workflow(*value) : load_definition(*value);
  }
  Json resources = document_.contains("resources") ? document_["resources"] : Json::object();
  if (!temporal && document_.contains("mock_config") && resources.is_object()) {
    merge_mock_config(document_["mock_config"], resources);
  }
  if (const Json* input = reader_.find(document_, context_.pointer, "input")) config.input = *input;
  if (const Json* input_file = reader_.find(document_, context_.pointer, "input_file")) {
    load_input_file(*input_file);
    if (file_input_) config.input = *file_input_;
  }
  std::map<std::string, world::ResourceRates, std::less<>> resource_rates;
  config.resources =
      detail::parse_resources(reader_, resources, at("resources"), targets_, resource_rates);
  for (const world::ResourceConfig& resource : config.resources) {
    targets_.workers[resource.key] = resource.workers;
  }
  if (const Json* faults = reader_.find(document_, context_.pointer, "faults")) {
    config.faults = detail::parse_faults(reader_, *faults, at("faults"), targets_);
  }
  config.faults.resource_rates = std::move(resource_rates);
  if (const Json* actions = reader_.find(document_, context_.pointer, "actions")) {
    config.actions = detail::parse_actions(reader_, *actions, at("actions"), targets_);
  }
  if (const Json* expect = reader_.find(document_, context_.pointer, "expect")) {
    scenario_.expect = detail::parse_expect(reader_, *expect, at("expect"), targets_, nullptr,
                                            &scenario_.expect_s3);
  }
  if (const Json* shown = reader_.find(document_, context_.pointer, "demonstrates")) {
    scenario_.demonstrates = detail::parse_demonstrates(reader_, *shown, at("demonstrates"));
  }
  if (const Json* story = reader_.find(document_, context_.pointer, "expect_fault_free")) {
    scenario_.expect_fault_free = detail::parse_expect(
        reader_, *story, at("expect_fault_free"), targets_, &scenario_.fault_free_scope,
        &scenario_.expect_fault_free_s3);
  }
  if (const Json* options = reader_.find(document_, context_.pointer, "options")) {
    scenario_.liveness_bound_given =
        detail::parse_options(reader_, *options, at("options"), config.dialect, config)
            .liveness_bound_given;
  }
  if (const Json* objects = reader_.find(document_, context_.pointer, "s3_objects")) {
    if (temporal) {
      reader_.problem(at("s3_objects"), "not allowed in the temporal dialect");
    } else {
      const detail::S3Context s3{context_.base_directory, config.epoch};
      config.s3_objects = detail::parse_s3_objects(reader_, *objects, at("s3_objects"), s3,
                                                   problems_, inlined_s3_objects_);
      if (config.definition != nullptr) {
        detail::check_objects_read(reader_, *objects, at("s3_objects"), *config.definition);
      }
    }
  }
  if (!problems_.empty()) return std::move(problems_);
  check::Semantics& semantics = scenario_.semantics;
  semantics.default_task_timeout_seconds = config.sfn_options.default_task_timeout_seconds;
  semantics.activity_timeout_from_scheduled = config.sfn_options.activity_timeout_from_scheduled;
  semantics.history_event_limit = config.sfn_options.history_event_limit;
  semantics.redrive_window = config.sfn_options.redrive_window;
  semantics.redrive_launch = config.sfn_options.redrive_launch;
  semantics.max_execution_duration = config.sfn_options.max_execution_duration;
  semantics.redrive_client_token_lifetime = config.sfn_options.redrive_client_token_lifetime;
  scenario_.self_contained = self_contained(resources);
  return std::move(scenario_);
}

}  // namespace

std::string default_scenario_name(const std::filesystem::path& file) {
  std::string name = file.filename().string();
  for (const std::string_view suffix : {".scenario.json", ".json"}) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      return name.substr(0, name.size() - suffix.size());
    }
  }
  return name.empty() ? "scenario" : name;
}

std::string_view to_string(world::Dialect dialect) {
  return dialect == world::Dialect::temporal ? "temporal" : "step-functions";
}

bool is_final_status(world::Dialect dialect, std::string_view status) {
  return detail::is_final_status_of(dialect, status);
}

std::variant<Scenario, FileProblems> load_scenario(const std::filesystem::path& file,
                                                   const JsonLimits& limits) {
  const std::string label = file.string();
  auto json = read_json_file(file, label, limits);
  if (auto* problem = std::get_if<FileProblem>(&json)) return FileProblems{std::move(*problem)};
  const SourceContext context{label, "", file.parent_path(), limits};
  return parse_scenario(std::get<Json>(json), context);
}

std::variant<Scenario, FileProblems> parse_scenario(const Json& document,
                                                    const SourceContext& context) {
  return Loader(document, context).load();
}

}  // namespace wfsim::scenario
