// Parsing a scenario's "options" (semantic choices and run limits) and "expect" /
// "expect_fault_free" (user-level expectations; the history ones are scenario_expect.cpp's).
// See docs/scenario-format.md for every key and default.
#include "scenario/scenario_options.h"

#include "record/history.h"
#include "record/temporal_history.h"

namespace wfsim::scenario::detail {
namespace {

void parse_names(Reader& reader, const Json& object, const std::string& at, const char* key,
                 const Targets& targets, std::vector<std::string>& out) {
  const Json* list = reader.find(object, at, key);
  if (list == nullptr) return;
  const std::string list_at = Reader::child(at, key);
  if (!reader.array(*list, list_at)) return;
  const bool temporal = targets.dialect == world::Dialect::temporal;
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& name = (*list)[i];
    const std::string name_at = Reader::child(list_at, i);
    if (!name.is_string()) {
      reader.problem(name_at, "must be a string");
      continue;
    }
    const auto& text = name.get_ref<const std::string&>();
    if (targets.known && !targets.state_names.contains(text)) {
      reader.problem(name_at, temporal ? "matches no activity id or type of the workflow"
                                       : "matches no state of the definition");
    }
    out.push_back(text);
  }
}

void parse_events(Reader& reader, const Json& object, const std::string& at,
                  world::Dialect dialect, std::vector<std::string>& out) {
  const Json* list = reader.find(object, at, "events");
  if (list == nullptr) return;
  const std::string list_at = Reader::child(at, "events");
  if (!reader.array(*list, list_at)) return;
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& name = (*list)[i];
    const std::string name_at = Reader::child(list_at, i);
    const std::string text = name.is_string() ? name.get<std::string>() : "";
    const bool known = dialect == world::Dialect::temporal
                           ? temporal::parse_event_type(text).has_value()
                           : parse_event_type(text).has_value();
    if (!known) {
      reader.problem(name_at, dialect == world::Dialect::temporal
                                  ? "must be a Temporal event type (\"ActivityTaskTimedOut\" or "
                                    "\"EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT\")"
                                  : "must be a Step Functions history event type "
                                    "(\"TaskTimedOut\", ...)");
      continue;
    }
    out.push_back(text);
  }
}

}  // namespace

bool is_final_status_of(world::Dialect dialect, std::string_view status) {
  static constexpr std::string_view kSfn[] = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"};
  static constexpr std::string_view kTemporal[] = {"COMPLETED", "FAILED", "TIMED_OUT"};
  if (dialect == world::Dialect::temporal) {
    for (const std::string_view known : kTemporal) {
      if (status == known) return true;
    }
    return false;
  }
  for (const std::string_view known : kSfn) {
    if (status == known) return true;
  }
  return false;
}

check::Expectations parse_expect(Reader& reader, const Json& value, const std::string& at,
                                 const Targets& targets, FaultFreeScope* scope,
                                 std::vector<s3::ObjectExpectation>* s3) {
  check::Expectations expect;
  const bool valid =
      scope != nullptr
          ? reader.object(value, at,
                          {"allow_faults", "status", "max_duration_seconds", "states_reached",
                           "states_not_reached", "events", "max_attempts",
                           "succeeds_at_most_once", "if_then", "s3"})
          : reader.object(value, at,
                          {"status", "max_duration_seconds", "states_reached",
                           "states_not_reached", "events", "max_attempts",
                           "succeeds_at_most_once", "if_then", "s3"});
  if (!valid) return expect;
  if (scope != nullptr) *scope = parse_fault_free_scope(reader, value, at);
  const bool temporal = targets.dialect == world::Dialect::temporal;
  if (const Json* status = reader.find(value, at, "status")) {
    const std::string status_at = Reader::child(at, "status");
    if (reader.array(*status, status_at)) {
      for (size_t i = 0; i < status->size(); ++i) {
        const Json& name = (*status)[i];
        if (name.is_string() && is_final_status_of(targets.dialect, name.get<std::string>())) {
          expect.status.push_back(name.get<std::string>());
        } else {
          reader.problem(Reader::child(status_at, i),
                         temporal ? "must be one of \"COMPLETED\", \"FAILED\", \"TIMED_OUT\""
                                  : "must be one of \"SUCCEEDED\", \"FAILED\", \"TIMED_OUT\", "
                                    "\"ABORTED\"");
        }
      }
    }
  }
  expect.max_duration = reader.seconds(value, at, "max_duration_seconds", true);
  parse_names(reader, value, at, "states_reached", targets, expect.states_reached);
  parse_names(reader, value, at, "states_not_reached", targets, expect.states_not_reached);
  parse_events(reader, value, at, targets.dialect, expect.events);
  parse_names(reader, value, at, "succeeds_at_most_once", targets, expect.succeeds_at_most_once);
  parse_history_expectations(reader, value, at, targets, expect);
  if (const Json* objects = reader.find(value, at, "s3")) {
    if (s3 == nullptr || targets.dialect == world::Dialect::temporal) {
      reader.problem(Reader::child(at, "s3"), "only for the step-functions dialect");
    } else {
      *s3 = parse_s3_expectations(reader, *objects, Reader::child(at, "s3"));
    }
  }
  return expect;
}

ParsedOptions parse_options(Reader& reader, const Json& value, const std::string& at,
                            world::Dialect dialect, world::WorldConfig& config) {
  ParsedOptions parsed;
  if (!reader.object(value, at,
                     {"default_task_timeout", "activity_timeout_clock", "epoch", "tie_order",
                      "max_events", "max_virtual_seconds", "liveness_bound_seconds",
                      "quiet_period_seconds", "history_event_limit",
                      "map_run_child_histories"})) {
    return parsed;
  }
  if (dialect == world::Dialect::temporal) {
    for (const char* key : {"default_task_timeout", "activity_timeout_clock",
                            "history_event_limit", "map_run_child_histories"}) {
      if (value.contains(key)) {
        reader.problem(Reader::child(at, key), "only for the step-functions dialect");
      }
    }
  }
  if (auto timeout = reader.choice(value, at, "default_task_timeout", {"aws", "spec"})) {
    config.sfn_options.default_task_timeout_seconds =
        *timeout == "aws" ? asl::kAwsDefaultTimeoutSeconds : 60;
  }
  if (auto clock = reader.choice(value, at, "activity_timeout_clock", {"started", "scheduled"})) {
    config.sfn_options.activity_timeout_from_scheduled = *clock == "scheduled";
  }
  if (const Json* epoch = reader.find(value, at, "epoch")) {
    const auto instant =
        epoch->is_string() ? parse_iso8601(epoch->get_ref<const std::string&>()) : std::nullopt;
    if (instant) {
      config.epoch = *instant;
    } else {
      reader.problem(Reader::child(at, "epoch"),
                     "must be an RFC 3339 timestamp (\"2024-01-01T00:00:00Z\")");
    }
  }
  if (auto order = reader.choice(value, at, "tie_order", {"seeded", "fifo"})) {
    config.shuffle_ties = *order == "seeded";
  }
  if (auto events = reader.integer(value, at, "max_events", 1, 1'000'000'000'000)) {
    config.limits.max_events = *events;
  }
  if (auto limit = reader.seconds(value, at, "max_virtual_seconds", true)) {
    config.limits.max_virtual_time = *limit;
  }
  if (auto bound = reader.seconds(value, at, "liveness_bound_seconds", true)) {
    config.liveness_bound = *bound;
    parsed.liveness_bound_given = true;
  }
  if (auto quiet = reader.seconds(value, at, "quiet_period_seconds")) config.quiet_period = *quiet;
  if (auto limit = reader.integer(value, at, "history_event_limit", 1, 1'000'000)) {
    config.sfn_options.history_event_limit = static_cast<int64_t>(*limit);
  }
  // A million-item Distributed Map keeps flat memory only when its finished children let go of
  // their histories; the Map Run checks then judge less (docs/checks.md).
  if (auto histories = reader.choice(value, at, "map_run_child_histories", {"keep", "release"})) {
    config.sfn_options.keep_map_run_child_histories = *histories == "keep";
  }
  return parsed;
}

}  // namespace wfsim::scenario::detail
