// Names of fault kinds as scenario files and reports spell them; see config.h. Nothing else of
// WorldConfig needs code: it is plain data that sim/scenario fills in.
#include "world/config.h"

#include <array>

namespace wfsim::world {
namespace {

constexpr std::array<std::string_view, kFaultKindCount> kNames = {
    "worker_crash",         "worker_pause",     "heartbeat_drop",
    "heartbeat_delay",      "heartbeat_throttle", "sdk_heartbeat_throttle",
    "completion_drop",      "completion_delay", "completion_duplicate",
    "token_expiry",
};

}  // namespace

std::string_view to_string(FaultKind kind) {
  const auto index = static_cast<size_t>(kind);
  WFSIM_ASSERT(index < kFaultKindCount);
  return kNames[index];
}

std::optional<FaultKind> parse_fault_kind(std::string_view name) {
  for (size_t i = 0; i < kFaultKindCount; ++i) {
    if (kNames[i] == name) return static_cast<FaultKind>(i);
  }
  return std::nullopt;
}

}  // namespace wfsim::world
