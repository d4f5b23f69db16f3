// Semantic options of the Step Functions engine: the choices docs/design.md lists where sources
// disagree, the service limits, and the planted defects (mutants). Defaults follow AWS.
#pragma once

#include <cstdint>
#include <string>

#include "asl/model.h"
#include "core/time.h"
#include "engine/mutants.h"

namespace wfsim::sfn {

struct EngineOptions {
  // Task TimeoutSeconds when a Task gives none: 99999999 as AWS runs it (SFN-1.1b), or 60 as the
  // ASL spec says.
  int64_t default_task_timeout_seconds = asl::kAwsDefaultTimeoutSeconds;
  // SFN-1.4d: false starts an activity's TimeoutSeconds clock at ActivityStarted (documented);
  // true starts it at ActivityScheduled (observed in the field).
  bool activity_timeout_from_scheduled = false;

  // Service limits (SFN-1.5c, SFN-3.2).
  int64_t history_event_limit = 25'000;
  Duration max_execution_duration = Duration::seconds(int64_t{365} * 86'400);
  Duration express_max_duration = Duration::seconds(300);
  Duration redrive_window = Duration::seconds(int64_t{14} * 86'400);
  // Executions started before this instant cannot be redriven (2023-11-15T00:00:00Z).
  Instant redrive_launch = Instant::from_unix_us(1'700'006'400'000'000);
  // clientToken idempotency of RedriveExecution: the last 10 tokens, each for 15 minutes.
  size_t redrive_client_tokens_kept = 10;
  Duration redrive_client_token_lifetime = Duration::seconds(15 * 60);

  std::string region = "us-east-1";
  std::string account = "123456789012";
  std::string role_arn = "arn:aws:iam::123456789012:role/wfsim-execution-role";

  // A Map Run's succeeded child keeps its execution (history included) after it closes; false
  // releases it, so memory stays bounded per finished child (benchmarks of large Map Runs).
  bool keep_map_run_child_histories = true;
  // An ItemReader's JSON object holding an object iterates its members ($$.Map.Item.Key) as the
  // current documentation says; false fails it as recorded in 2023 (DMAP-2.7, open question 1).
  bool item_reader_json_objects = false;

  MutantSet mutants;
};

}  // namespace wfsim::sfn
