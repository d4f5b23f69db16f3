// Compiling the states that do work: Task (resource, timeouts, heartbeats, Parameters),
// Parallel (branches) and inline Map (processor, items, selector, concurrency, tolerated
// failures; ProcessorConfig), with their ResultSelector, ResultPath, Retry and Catch. The JSONata
// forms of Parallel's and Map's own fields are compiled by states_jsonata.cpp.
//
// ProcessorConfig decides inline or distributed; the Distributed Map's own fields are compiled
// by states_distributed.cpp.
#include "asl/compiler.h"

namespace wfsim::asl::detail {
namespace {

// Shared by Task, Parallel and Map.
void result_fields(DefinitionCompiler& compiler, State& out, const StateSource& source) {
  out.result_path = compiler.io_path_field(source, "ResultPath", true);
  out.result_selector = compiler.template_field(source, "ResultSelector");
  compiler.retry(out, source);
  compiler.catchers(out, source);
}

bool nesting_allowed(DefinitionCompiler& compiler, const StateSource& source,
                     std::string_view key) {
  if (source.depth + 1 <= compiler.limits().max_depth) return true;
  compiler.problem(source.at(key), "Parallel and Map states nest deeper than " +
                                       std::to_string(compiler.limits().max_depth) + " levels");
  return false;
}

}  // namespace

void DefinitionCompiler::task_state(State& out, const StateSource& source) {
  TaskSpec task;
  const Json* resource = source.field("Resource");
  if (resource == nullptr) {
    problem(source.pointer, "a Task state must have Resource");
  } else if (!resource->is_string()) {
    problem(source.at("Resource"), "must be a string");
  } else {
    task.resource = resource->get<std::string>();
    const auto info = classify_resource(task.resource);
    if (!task.resource.starts_with("arn:")) {
      problem(source.at("Resource"), "must be an ARN");
    } else if (!info) {
      problem(source.at("Resource"),
              "must be an activity, Lambda function or service integration ARN");
    } else {
      task.kind = info->kind;
      task.resource_type = info->resource_type;
      task.resource_name = info->resource_name;
      task.region = info->region;
    }
  }
  exclusive_pair(source, "TimeoutSeconds", "TimeoutSecondsPath");
  exclusive_pair(source, "HeartbeatSeconds", "HeartbeatSecondsPath");
  // A JSONata Task may give either as an expression (compiled by jsonata_task()).
  const auto literal_seconds = [&](std::string_view key) -> std::optional<int64_t> {
    const Json* value = source.field(key);
    if (out.query_language == QueryLanguage::jsonata && value != nullptr && value->is_string() &&
        template_expression(value->get_ref<const std::string&>())) {
      return std::nullopt;
    }
    return integer_field(source, key, 1, kMaxSeconds);
  };
  task.timeout.seconds = literal_seconds("TimeoutSeconds");
  task.timeout.path = reference_path_field(source, "TimeoutSecondsPath");
  task.heartbeat.seconds = literal_seconds("HeartbeatSeconds");
  task.heartbeat.path = reference_path_field(source, "HeartbeatSecondsPath");
  if (task.timeout.seconds && task.heartbeat.seconds &&
      *task.heartbeat.seconds >= *task.timeout.seconds) {
    problem(source.at("HeartbeatSeconds"), "must be smaller than TimeoutSeconds (" +
                                               std::to_string(*task.timeout.seconds) + ")");
  }
  task.parameters = template_field(source, "Parameters");
  // Credentials (a role to assume) is checked and not modelled: the world has no IAM.
  if (const Json* credentials = source.field("Credentials"); credentials != nullptr) {
    if (!credentials->is_object()) {
      problem(source.at("Credentials"), "must be an object");
    } else if (out.query_language == QueryLanguage::jsonata) {
      JsonataTemplate::compile(*credentials, "Credentials", source.at("Credentials"), problems_);
    }
  }
  out.task = std::move(task);
  result_fields(*this, out, source);
}

void DefinitionCompiler::parallel_state(State& out, const StateSource& source) {
  ParallelSpec parallel;
  const Json* branches = source.field("Branches");
  if (branches == nullptr) {
    problem(source.pointer, "a Parallel state must have Branches");
  } else if (!branches->is_array() || branches->empty()) {
    problem(source.at("Branches"), "must be a non-empty array of state machines");
  } else if (nesting_allowed(*this, source, "Branches")) {
    for (size_t i = 0; i < branches->size(); ++i) {
      auto branch = machine((*branches)[i], source.at("Branches") + "/" + std::to_string(i),
                            source.depth + 1, "a Parallel branch", {});
      parallel.branches.push_back(std::move(branch));
    }
  }
  if (out.query_language == QueryLanguage::jsonata) {
    parallel.arguments = jsonata_field(source, "Arguments");
  } else {
    out.parameters = template_field(source, "Parameters");
  }
  out.parallel = std::move(parallel);
  result_fields(*this, out, source);
}

namespace {

// ProcessorConfig: Mode INLINE (default) or DISTRIBUTED, and the child ExecutionType, which a
// Distributed Map must have (DMAP-1.1).
struct ProcessorMode {
  bool distributed = false;
  ChildExecutionType execution_type = ChildExecutionType::standard;
};

ProcessorMode processor_config(DefinitionCompiler& compiler, const Json& config,
                               const std::string& pointer) {
  ProcessorMode mode;
  if (!config.is_object()) {
    compiler.problem(pointer, "must be an object");
    return mode;
  }
  bool has_type = false;
  for (auto it = config.begin(); it != config.end(); ++it) {
    const std::string at = pointer + "/" + pointer_segment(it.key());
    if (it.key() == "Mode") {
      if (*it == "DISTRIBUTED") {
        mode.distributed = true;
      } else if (*it != "INLINE") {
        compiler.problem(at, "must be \"INLINE\" or \"DISTRIBUTED\"");
      }
    } else if (it.key() == "ExecutionType") {
      has_type = true;
      if (*it == "EXPRESS") mode.execution_type = ChildExecutionType::express;
      if (*it != "STANDARD" && *it != "EXPRESS") {
        compiler.problem(at, "must be \"STANDARD\" or \"EXPRESS\"");
      }
    } else {
      compiler.problem(at, "unknown field '" + it.key() + "' in a ProcessorConfig");
    }
  }
  if (mode.distributed && !has_type) {
    compiler.problem(pointer, "a DISTRIBUTED ProcessorConfig must have ExecutionType "
                              "(\"STANDARD\" or \"EXPRESS\") (DMAP-1.1)");
  }
  return mode;
}

// ItemsPath, ItemSelector (or legacy Parameters), MaxConcurrency and the tolerated failures,
// each with its *Path form.
void jsonpath_map_fields(DefinitionCompiler& compiler, MapSpec& map, const StateSource& source) {
  map.items_path = compiler.reference_path_field(source, "ItemsPath");
  if (map.items_path && map.items_path->is_root()) map.items_path.reset();
  if (source.field("ItemSelector") != nullptr && source.field("Parameters") != nullptr) {
    compiler.problem(source.pointer, "cannot have both ItemSelector and Parameters");
  }
  map.item_selector = compiler.template_field(
      source, source.field("ItemSelector") != nullptr ? "ItemSelector" : "Parameters");
  compiler.exclusive_pair(source, "MaxConcurrency", "MaxConcurrencyPath");
  compiler.exclusive_pair(source, "ToleratedFailureCount", "ToleratedFailureCountPath");
  compiler.exclusive_pair(source, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath");
  map.max_concurrency =
      compiler.integer_field(source, "MaxConcurrency", 0, INT64_MAX).value_or(0);
  map.max_concurrency_path = compiler.reference_path_field(source, "MaxConcurrencyPath");
  map.tolerated_failure_count =
      compiler.integer_field(source, "ToleratedFailureCount", 0, INT64_MAX);
  map.tolerated_failure_count_path =
      compiler.reference_path_field(source, "ToleratedFailureCountPath");
  if (const Json* percentage = source.field("ToleratedFailurePercentage")) {
    const double value = percentage->is_number() ? percentage->get<double>() : -1.0;
    if (!(value >= 0 && value <= 100)) {  // Also false for NaN.
      compiler.problem(source.at("ToleratedFailurePercentage"),
                       "must be a number from 0 to 100");
    } else {
      map.tolerated_failure_percentage = value;
    }
  }
  map.tolerated_failure_percentage_path =
      compiler.reference_path_field(source, "ToleratedFailurePercentagePath");
}

}  // namespace

void DefinitionCompiler::map_state(State& out, const StateSource& source) {
  MapSpec map;
  ProcessorMode mode;
  const Json* processor = source.field("ItemProcessor");
  const Json* iterator = source.field("Iterator");
  if (processor != nullptr && iterator != nullptr) {
    problem(source.pointer, "cannot have both ItemProcessor and Iterator");
  } else if (processor == nullptr && iterator == nullptr) {
    problem(source.pointer, "a Map state must have ItemProcessor (or the legacy Iterator)");
  } else {
    const std::string_view key = processor != nullptr ? "ItemProcessor" : "Iterator";
    const Json& definition = processor != nullptr ? *processor : *iterator;
    // AWS accepts ProcessorConfig in a legacy Iterator too (recorded:
    // test_map_state_legacy_config_inline); Mode DISTRIBUTED there is a Distributed Map.
    if (definition.is_object()) {
      if (const auto config = definition.find("ProcessorConfig"); config != definition.end()) {
        mode = processor_config(*this, *config, source.at(key) + "/ProcessorConfig");
      }
    }
    if (nesting_allowed(*this, source, key)) {
      map.processor = machine(definition, source.at(key), source.depth + 1,
                              processor != nullptr ? "an ItemProcessor" : "an Iterator",
                              {"ProcessorConfig"});
    }
  }
  if (mode.distributed) {
    map.distributed = distributed_map(source, out.query_language, mode.execution_type);
  } else {
    inline_only(source);
  }
  if (out.query_language == QueryLanguage::jsonata) {
    map.jsonata = jsonata_map_fields(source);
  } else {
    jsonpath_map_fields(*this, map, source);
  }
  out.map = std::move(map);
  result_fields(*this, out, source);
}

}  // namespace wfsim::asl::detail
