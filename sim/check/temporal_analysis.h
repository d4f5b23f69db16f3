// The analysis behind Temporal invariants 19-24 (temporal_analysis.cpp, temporal_close.cpp):
// each activity of the model is compared with the retry and timer rules and every disagreement
// becomes a Problem tagged with its invariant. Internal to sim/check.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "check/temporal_model.h"
#include "check/invariant_names.h"

namespace wfsim::check::tmp {

inline constexpr std::string_view kExactBackoff = names::kTemporalExactBackoff;
inline constexpr std::string_view kRetryBounds = names::kTemporalRetryBounds;
inline constexpr std::string_view kNonRetryableCloses = names::kTemporalNonRetryableCloses;
inline constexpr std::string_view kTimers = names::kTemporalTimerSemantics;
inline constexpr std::string_view kStale = names::kTemporalStaleTokensNotFound;
inline constexpr std::string_view kDetails = names::kTemporalHeartbeatDetailsCarryOver;
inline constexpr std::string_view kWorker = names::kTemporalThrottleAndCancelDelivery;

class Analysis {
 public:
  Analysis(const Model& model, std::vector<Problem>& out);
  void run();

 private:
  const Model& m_;
  std::vector<Problem>& out_;
  Duration tolerance_;

  void add(std::string_view invariant, int64_t event, uint64_t call, std::string message);
  static std::string name(const Activity& a);
  static std::string ended(const Attempt& a);
  std::string delay_text(const Activity& a, const Attempt& t, const Decision& d) const;
  void options(const Activity& a);
  void numbering(const Activity& a);
  void late_calls(const Activity& a);
  void transitions(const Activity& a);
  void never_started(const Activity& a);
  void final_close(const Activity& a);
  void close_timing(const Activity& a, const Attempt& last, const Decision& d);
  void close_retried(const Activity& a, const Attempt& last, const Decision& d);
  void started_event(const Activity& a);
  void details(const Activity& a);
  void stale(const Activity& a);
  void stale_call(const Activity& a, const Attempt& t, const CallRecord& r);
};

// Invariant 25 (temporal_worker_checks.cpp).
void worker_problems(const Model& model, std::vector<Problem>& out);

Duration distance(Instant a, Instant b);

}  // namespace wfsim::check::tmp
