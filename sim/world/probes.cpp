// Names of the "sometimes" probes and which ones each dialect can reach; docs/world.md says what
// each one counts. The counting itself happens where the situation arises (world_core.h
// Probe users) and, for what only the history shows, in the dialects' finish().
#include <array>

#include "world/world_core.h"

namespace wfsim::world {
namespace detail {
namespace {

constexpr std::array<std::string_view, static_cast<size_t>(Probe::count_)> kNames = {
    "late_completion_rejected",
    "duplicate_completion_rejected",
    "late_heartbeat_rejected",
    "heartbeat_timeout",
    "task_timeout_despite_heartbeats",
    "retry_after_timeout",
    "catch_taken",
    "redrive_succeeded",
    "worker_restarted",
    "worker_crashed_holding_task",
    "paused_past_heartbeat_timeout",
    "completion_retried",
    "answer_lost",
    "duplicate_delivered",
    "token_expiry_report",
    "heartbeat_throttled",
    "default_responder",
    "liveness_phase",
    "action_rejected",
    "execution_timed_out",
    "execution_aborted",
    "cancel_delivered",
    "local_timeout",
    "heartbeat_flushed",
    "heartbeat_details_carried",
    "next_retry_delay_used",
    "canceled_before_start",
    "service_failed",
    "job_failed",
    "map_run_redriven",
    "child_failed_by_fault",
};

constexpr Probe kCommon[] = {
    Probe::late_completion_rejected, Probe::duplicate_completion_rejected,
    Probe::late_heartbeat_rejected, Probe::heartbeat_timeout, Probe::retry_after_timeout,
    Probe::worker_restarted, Probe::worker_crashed_holding_task,
    Probe::paused_past_heartbeat_timeout, Probe::completion_retried, Probe::answer_lost,
    Probe::duplicate_delivered, Probe::token_expiry_report, Probe::heartbeat_throttled,
    Probe::default_responder, Probe::liveness_phase, Probe::action_rejected,
    Probe::execution_timed_out,
};

constexpr auto kStepFunctions = [] {
  std::array<Probe, std::size(kCommon) + 8> all{};
  size_t n = 0;
  for (const Probe p : kCommon) all[n++] = p;
  for (const Probe p : {Probe::task_timeout_despite_heartbeats, Probe::catch_taken,
                        Probe::redrive_succeeded, Probe::execution_aborted,
                        Probe::service_failed, Probe::job_failed, Probe::map_run_redriven,
                        Probe::child_failed_by_fault}) {
    all[n++] = p;
  }
  return all;
}();

constexpr auto kTemporal = [] {
  std::array<Probe, std::size(kCommon) + 6> all{};
  size_t n = 0;
  for (const Probe p : kCommon) all[n++] = p;
  for (const Probe p : {Probe::cancel_delivered, Probe::local_timeout, Probe::heartbeat_flushed,
                        Probe::heartbeat_details_carried, Probe::next_retry_delay_used,
                        Probe::canceled_before_start}) {
    all[n++] = p;
  }
  return all;
}();

}  // namespace

std::string_view to_string(Probe probe) {
  const auto index = static_cast<size_t>(probe);
  WFSIM_ASSERT(index < kNames.size());
  return kNames[index];
}

std::span<const Probe> dialect_probes(Dialect dialect) {
  if (dialect == Dialect::temporal) return kTemporal;
  return kStepFunctions;
}

}  // namespace detail

std::vector<std::string_view> all_probes(Dialect dialect) {
  std::vector<std::string_view> names;
  for (const detail::Probe probe : detail::dialect_probes(dialect)) {
    names.push_back(detail::to_string(probe));
  }
  return names;
}

}  // namespace wfsim::world
