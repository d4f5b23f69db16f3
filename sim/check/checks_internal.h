// The shape every checker has, shared by the registry (check.cpp) and the checker files: a
// checker reads a per-dialect context (the record index, built once per observation, and analyses
// computed on first use) and adds its violations to a Findings named after its invariant.
//
// Internal to sim/check; the public API is check.h.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/check.h"
#include "core/assert.h"

namespace wfsim::check {

// Collects the violations of one invariant.
class Findings {
 public:
  Findings(std::string_view invariant, std::vector<Violation>& out)
      : invariant_(invariant), out_(out) {}
  std::string_view invariant() const { return invariant_; }
  void add(int64_t event_id, uint64_t call, std::string message) {
    WFSIM_ASSERT_MSG(!message.empty(), "a violation of " + std::string(invariant_) +
                                           " says what was expected and what happened");
    out_.push_back(Violation{std::string(invariant_), event_id, call, std::move(message)});
  }

 private:
  std::string_view invariant_;
  std::vector<Violation>& out_;
};

namespace sfn {
class Record;
struct Problem;
struct AttemptClocks;

// The Step Functions record index and the analyses several checkers share.
class Context {
 public:
  explicit Context(const Observation& observation);
  ~Context();
  const Record& record() const { return *record_; }
  // Violations found by replaying Retry and Catch over every visit (sfn_replay.cpp), tagged with
  // the invariant each belongs to.
  const std::vector<Problem>& replay_problems();
  // The timeout and heartbeat clocks of every attempt (sfn_clocks.cpp), by attempt index.
  const std::vector<AttemptClocks>& clocks();

 private:
  std::unique_ptr<Record> record_;
  std::optional<std::vector<Problem>> replay_;
  std::unique_ptr<std::vector<AttemptClocks>> clocks_;
};

using Checker = void (*)(Context&, Findings&);

// Problems the index or the replay tagged with this checker's invariant.
void report_record_problems(Context& context, Findings& findings);
void report_replay_problems(Context& context, Findings& findings);

void check_hard_task_timeout(Context& context, Findings& findings);
void check_heartbeat_timeout(Context& context, Findings& findings);
void check_heartbeats_leave_no_trace(Context& context, Findings& findings);
void check_closed_token_rejected(Context& context, Findings& findings);
void check_fresh_tokens(Context& context, Findings& findings);
void check_one_outcome_per_attempt(Context& context, Findings& findings);
void check_history_well_formed(Context& context, Findings& findings);
void check_branch_abort(Context& context, Findings& findings);
void check_redrive_eligibility(Context& context, Findings& findings);
void check_redrive_no_rerun_of_succeeded(Context& context, Findings& findings);
void check_redrive_append_only(Context& context, Findings& findings);
void check_redrive_resets_clocks(Context& context, Findings& findings);
void check_variable_scopes(Context& context, Findings& findings);
void check_map_run_no_rerun_of_succeeded(Context& context, Findings& findings);
void check_map_run_counts(Context& context, Findings& findings);
void check_map_run_tolerance(Context& context, Findings& findings);
void check_map_run_items_once(Context& context, Findings& findings);
}  // namespace sfn

// Named tmp, not temporal, so that wfsim::temporal (the record types) stays reachable unqualified.
namespace tmp {
class Model;
struct Problem;

// The Temporal activity model (temporal_model.h) and the problems found in it, built once per
// observation.
class Context {
 public:
  explicit Context(const Observation& observation);
  ~Context();
  const Model& model() const { return *model_; }
  const std::vector<Problem>& problems() const { return *problems_; }

 private:
  std::unique_ptr<Model> model_;
  std::unique_ptr<std::vector<Problem>> problems_;
};

using Checker = void (*)(Context&, Findings&);

// Every Temporal invariant reports the problems the analysis tagged with its name.
void report_problems(Context& context, Findings& findings);
}  // namespace tmp

}  // namespace wfsim::check
