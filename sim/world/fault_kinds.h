// The fault kinds of the simulated world and their traits: one table that the injector, the
// scenario loader, the swarm, the reports and the property generators all read.
//
// Adding a fault kind: add the enumerator (at the end: swarm draws go in kind order, so a kind
// added in the middle would shift every later kind's draws and change recorded runs) and its row
// in fault_kinds.cpp; the switches over FaultKind have no default, so the compiler lists every
// place that must decide what the new kind does. This file says what a kind is, not when it
// fires (faults.h) or what its firing does to a worker (workers.cpp, network.cpp).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "asl/definition.h"
#include "asl/model.h"

namespace wfsim::world {

enum class FaultKind : uint8_t {
  worker_crash,            // A worker dies; its task is abandoned; optional restart.
  worker_pause,            // A worker stops (no heartbeats, no progress), resumes, reports late.
  heartbeat_drop,          // A heartbeat request is lost on the way to the service.
  heartbeat_delay,         // A heartbeat request arrives late.
  heartbeat_throttle,      // The service rejects a heartbeat with ThrottlingException.
  sdk_heartbeat_throttle,  // The worker's SDK holds heartbeats back (coalescing them).
  completion_drop,         // A completion (success/failure) request is lost.
  completion_delay,        // A completion arrives late.
  completion_duplicate,    // A completion is delivered twice.
  token_expiry,            // A worker holds its token past the task's close, then reports.
  // Service integrations (INT-2.x, 3.x, 4.x): what a called service really does.
  service_error,           // The called service answers with a transient error (throttling,
                           // service exception, client/network error: AWS's names per service).
  service_latency,         // The called service answers late (added latency).
  job_failure,             // A .sync job ends FAILED or STOPPED (States.TaskFailed, the job's
                           // description as the cause).
  // The simulated S3 of a Distributed Map (sfn_s3.cpp).
  s3_slow_read,            // An ItemReader's read answers late (the length added to it).
  result_writer_failure,   // A ResultWriter's write fails: States.ResultWriterFailed.
  count_,
};
inline constexpr size_t kFaultKindCount = static_cast<size_t>(FaultKind::count_);

// How a task's work is carried out, as far as faults are concerned: who holds the work and
// what can go wrong with it. Step Functions task kinds map onto these (pattern_of); a Temporal
// activity is its own pattern.
enum class Pattern : uint8_t {
  activity,           // A Step Functions activity worker polls, heartbeats and reports.
  callback,           // .waitForTaskToken: user code holds the token and reports.
  lambda,             // A Lambda function: lambda:invoke or a legacy function ARN (INT-3).
  request_response,   // Any other service call that answers (DynamoDB, SNS, SQS, aws-sdk:*...).
  sync,               // .sync: a job run that ends in a terminal status (INT-4).
  temporal_activity,  // A Temporal activity worker.
  item_reader,        // A Distributed Map's ItemReader reading the simulated S3.
  result_writer,      // A Distributed Map's ResultWriter writing to the simulated S3.
  count_,
};
inline constexpr size_t kPatternCount = static_cast<size_t>(Pattern::count_);
std::string_view to_string(Pattern pattern);
// The pattern of a Task state's resource: `lambda:invoke` (with or without the `.sync`-less
// request-response form) and legacy Lambda function ARNs are Lambda; other request-response
// services are request_response.
Pattern pattern_of(const asl::ResourceInfo& resource);
// Whether a call of this pattern can wait indefinitely on AWS without an explicit Hang: a worker or
// token holder is user code (activity, callback, Temporal activity); a service call always answers
// (a Lambda function within its timeout, a job with a terminal status).
bool can_wait_indefinitely(Pattern pattern);

// A set of patterns, as a bit mask over Pattern.
class PatternSet {
 public:
  constexpr PatternSet() = default;
  static constexpr PatternSet all() { return PatternSet((1U << kPatternCount) - 1); }
  static constexpr PatternSet of(std::initializer_list<Pattern> patterns) {
    unsigned bits = 0;
    for (const Pattern p : patterns) bits |= 1U << static_cast<unsigned>(p);
    return PatternSet(bits);
  }
  constexpr bool has(Pattern pattern) const {
    return (bits_ >> static_cast<unsigned>(pattern)) & 1U;
  }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr void add(Pattern pattern) { bits_ |= 1U << static_cast<unsigned>(pattern); }
  constexpr bool intersects(PatternSet other) const { return (bits_ & other.bits_) != 0; }

 private:
  constexpr explicit PatternSet(unsigned bits) : bits_(bits) {}
  unsigned bits_ = 0;
};

// The patterns of the Task states a scenario resource key names: the state of that name, or every
// Task whose Resource is that ARN. Empty when the key names no Task.
PatternSet patterns_of_key(const asl::Definition& definition, std::string_view key);
// item_reader and result_writer when some Distributed Map of the definition has an ItemReader,
// or a ResultWriter writing to S3 (the S3 fault kinds apply to them).
PatternSet s3_patterns_of(const asl::Definition& definition);
// "lambda, request-response": the set's patterns in enumeration order ("none" when empty).
std::string to_string(PatternSet patterns);

// Which part of the world a kind disturbs (reports and generators group kinds by it).
enum class FaultFamily : uint8_t { worker, heartbeat, completion, token, service, storage };

struct FaultKindTraits {
  FaultKind kind;
  std::string_view name;    // "worker_crash": as scenario files and reports spell it.
  FaultFamily family;
  // Its firing has a length (a pause, a delay, how long a token is held, the gap between
  // duplicates); absent from a script, the world draws it from faults.delay_seconds.
  bool takes_length;
  // Scripted, it fires at its time (the world schedules it); other kinds arm a one-shot trigger
  // that the target's next matching decision point consumes.
  bool time_triggered;
  // The patterns whose attempts it can hit.
  PatternSet applies_to;
  // Its firing lands at a moment within the attempt it was decided for (a crash, a pause, a
  // service error, a job failure), drawn over the attempt's expected length.
  bool within_attempt;
};

const FaultKindTraits& traits_of(FaultKind kind);
std::span<const FaultKindTraits> all_fault_kinds();

// "worker_crash", ... as scenario files and reports spell them.
std::string_view to_string(FaultKind kind);
std::optional<FaultKind> parse_fault_kind(std::string_view name);
// Whether the kind can hit an attempt of any of the patterns.
bool applies(FaultKind kind, PatternSet patterns);
// "worker_crash, service_error": the kinds that apply to any of the patterns, in kind order.
std::string applicable_kind_list(PatternSet patterns);
// "worker_pause, heartbeat_delay, ...": the kinds that take a length.
std::string kinds_taking_length();

}  // namespace wfsim::world
