// The fault-kind table; see fault_kinds.h.
#include "world/fault_kinds.h"

#include <array>

#include "core/assert.h"

namespace wfsim::world {
namespace {

using F = FaultKind;
using Family = FaultFamily;

// Who holds the work decides what can go wrong with it (docs/world.md, "Faults per integration
// pattern"; INT-9). User code holding a token or a task (activities, callbacks, Temporal
// activities) can crash, pause, lose or repeat its reports and keep its token too long. A Lambda
// function is user code too, but a crash of it is a function error the Invoke API returns
// (INT-3.3). A service call answers, with a result or a transient error, possibly late (INT-2,
// 3.5); a .sync job ends in a terminal status (INT-4).
constexpr PatternSet kUserCode =
    PatternSet::of({Pattern::activity, Pattern::callback, Pattern::temporal_activity});
constexpr PatternSet kCrashes = PatternSet::of(
    {Pattern::activity, Pattern::callback, Pattern::lambda, Pattern::temporal_activity});
constexpr PatternSet kServiceCalls =
    PatternSet::of({Pattern::lambda, Pattern::request_response, Pattern::sync});
constexpr PatternSet kJobs = PatternSet::of({Pattern::sync});
constexpr PatternSet kReaders = PatternSet::of({Pattern::item_reader});
constexpr PatternSet kWriters = PatternSet::of({Pattern::result_writer});

// In enumeration order (checked at compile time below).
constexpr std::array<FaultKindTraits, kFaultKindCount> kTable = {{
    // kind, name, family, takes_length, time_triggered, applies_to, within_attempt
    {F::worker_crash, "worker_crash", Family::worker, false, true, kCrashes, true},
    {F::worker_pause, "worker_pause", Family::worker, true, true, kUserCode, true},
    {F::heartbeat_drop, "heartbeat_drop", Family::heartbeat, false, false, kUserCode, false},
    {F::heartbeat_delay, "heartbeat_delay", Family::heartbeat, true, false, kUserCode, false},
    {F::heartbeat_throttle, "heartbeat_throttle", Family::heartbeat, false, false, kUserCode,
     false},
    {F::sdk_heartbeat_throttle, "sdk_heartbeat_throttle", Family::heartbeat, true, false,
     kUserCode, false},
    {F::completion_drop, "completion_drop", Family::completion, false, false, kUserCode, false},
    {F::completion_delay, "completion_delay", Family::completion, true, false, kUserCode, false},
    {F::completion_duplicate, "completion_duplicate", Family::completion, true, false, kUserCode,
     false},
    {F::token_expiry, "token_expiry", Family::token, true, false, kUserCode, false},
    {F::service_error, "service_error", Family::service, false, false, kServiceCalls, true},
    {F::service_latency, "service_latency", Family::service, true, false, kServiceCalls, false},
    {F::job_failure, "job_failure", Family::service, false, false, kJobs, true},
    {F::s3_slow_read, "s3_slow_read", Family::storage, true, false, kReaders, false},
    {F::result_writer_failure, "result_writer_failure", Family::storage, false, false, kWriters,
     false},
}};

constexpr bool table_in_order() {
  for (size_t i = 0; i < kTable.size(); ++i) {
    if (static_cast<size_t>(kTable[i].kind) != i) return false;
  }
  return true;
}
static_assert(table_in_order(), "kTable lists the fault kinds in enumeration order");

}  // namespace

std::string_view to_string(Pattern pattern) {
  switch (pattern) {
    case Pattern::activity: return "activity";
    case Pattern::callback: return "callback";
    case Pattern::lambda: return "lambda";
    case Pattern::request_response: return "request-response";
    case Pattern::sync: return "sync";
    case Pattern::temporal_activity: return "temporal-activity";
    case Pattern::item_reader: return "item-reader";
    case Pattern::result_writer: return "result-writer";
    case Pattern::count_: break;
  }
  WFSIM_UNREACHABLE("a Pattern outside its enumeration");
}

Pattern pattern_of(const asl::ResourceInfo& resource) {
  switch (resource.kind) {
    case asl::TaskKind::activity: return Pattern::activity;
    case asl::TaskKind::lambda_legacy: return Pattern::lambda;
    case asl::TaskKind::request_response:
      return resource.resource_type == "lambda" ? Pattern::lambda : Pattern::request_response;
    case asl::TaskKind::callback: return Pattern::callback;
    case asl::TaskKind::sync: return Pattern::sync;
  }
  WFSIM_UNREACHABLE("a TaskKind outside its enumeration");
}

bool can_wait_indefinitely(Pattern pattern) { return kUserCode.has(pattern); }

PatternSet patterns_of_key(const asl::Definition& definition, std::string_view key) {
  PatternSet out;
  for (const asl::State* state : definition.all_states()) {
    if (!state->task || (state->name != key && state->task->resource != key)) continue;
    const auto info = asl::classify_resource(state->task->resource);
    if (info) out.add(pattern_of(*info));
  }
  return out;
}

PatternSet s3_patterns_of(const asl::Definition& definition) {
  PatternSet out;
  for (const asl::State* state : definition.all_states()) {
    if (!state->map || !state->map->distributed) continue;
    if (state->map->distributed->reader) out.add(Pattern::item_reader);
    const auto& writer = state->map->distributed->writer;
    if (writer && writer->to_s3) out.add(Pattern::result_writer);
  }
  return out;
}

std::string to_string(PatternSet patterns) {
  std::string out;
  for (size_t i = 0; i < kPatternCount; ++i) {
    if (!patterns.has(static_cast<Pattern>(i))) continue;
    if (!out.empty()) out += ", ";
    out += to_string(static_cast<Pattern>(i));
  }
  return out.empty() ? "none" : out;
}

const FaultKindTraits& traits_of(FaultKind kind) {
  const auto index = static_cast<size_t>(kind);
  WFSIM_ASSERT(index < kTable.size());
  return kTable[index];
}

std::span<const FaultKindTraits> all_fault_kinds() { return kTable; }

std::string_view to_string(FaultKind kind) { return traits_of(kind).name; }

std::optional<FaultKind> parse_fault_kind(std::string_view name) {
  for (const FaultKindTraits& traits : kTable) {
    if (traits.name == name) return traits.kind;
  }
  return std::nullopt;
}

bool applies(FaultKind kind, PatternSet patterns) {
  return traits_of(kind).applies_to.intersects(patterns);
}

std::string applicable_kind_list(PatternSet patterns) {
  std::string out;
  for (const FaultKindTraits& traits : kTable) {
    if (!traits.applies_to.intersects(patterns)) continue;
    if (!out.empty()) out += ", ";
    out += traits.name;
  }
  return out.empty() ? "none" : out;
}

std::string kinds_taking_length() {
  std::string out;
  for (const FaultKindTraits& traits : kTable) {
    if (!traits.takes_length) continue;
    if (!out.empty()) out += ", ";
    out += traits.name;
  }
  return out;
}

}  // namespace wfsim::world
