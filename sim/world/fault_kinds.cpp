// The fault-kind table; see fault_kinds.h.
#include "world/fault_kinds.h"

#include <array>

#include "core/assert.h"

namespace wfsim::world {
namespace {

using F = FaultKind;
using Family = FaultFamily;

// Token expiry needs an attempt that holds a task token (SFN-1.3, TMP-3): activities, callbacks
// and Temporal activities; a request-response call or a .sync job holds none.
constexpr PatternSet kTokenHolders =
    PatternSet::of({Pattern::activity, Pattern::callback, Pattern::temporal_activity});

// In enumeration order (checked at compile time below).
constexpr std::array<FaultKindTraits, kFaultKindCount> kTable = {{
    {F::worker_crash, "worker_crash", Family::worker, false, true, PatternSet::all()},
    {F::worker_pause, "worker_pause", Family::worker, true, true, PatternSet::all()},
    {F::heartbeat_drop, "heartbeat_drop", Family::heartbeat, false, false, PatternSet::all()},
    {F::heartbeat_delay, "heartbeat_delay", Family::heartbeat, true, false, PatternSet::all()},
    {F::heartbeat_throttle, "heartbeat_throttle", Family::heartbeat, false, false,
     PatternSet::all()},
    {F::sdk_heartbeat_throttle, "sdk_heartbeat_throttle", Family::heartbeat, true, false,
     PatternSet::all()},
    {F::completion_drop, "completion_drop", Family::completion, false, false, PatternSet::all()},
    {F::completion_delay, "completion_delay", Family::completion, true, false,
     PatternSet::all()},
    {F::completion_duplicate, "completion_duplicate", Family::completion, true, false,
     PatternSet::all()},
    {F::token_expiry, "token_expiry", Family::token, true, false, kTokenHolders},
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
    case Pattern::request_response: return "request-response";
    case Pattern::sync: return "sync";
    case Pattern::temporal_activity: return "temporal-activity";
    case Pattern::count_: break;
  }
  WFSIM_UNREACHABLE("a Pattern outside its enumeration");
}

Pattern pattern_of(asl::TaskKind kind) {
  switch (kind) {
    case asl::TaskKind::activity: return Pattern::activity;
    case asl::TaskKind::lambda_legacy:
    case asl::TaskKind::request_response: return Pattern::request_response;
    case asl::TaskKind::callback: return Pattern::callback;
    case asl::TaskKind::sync: return Pattern::sync;
  }
  WFSIM_UNREACHABLE("a TaskKind outside its enumeration");
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

}  // namespace wfsim::world
