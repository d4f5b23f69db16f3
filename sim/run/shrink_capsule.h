// Shrinking a failing capsule end to end: replay it, search for smaller variants that still show
// the same failure (shrink.h), re-run the smallest twice, and build its capsule.
//
// The same failure means the same signature (evaluate.h), not only the same finding name: a
// candidate that fails the same expectation at another state or with another error (a 48-hour
// timeout on Ship turned into an immediate ItemsPath error on Split) is another bug, so that step
// is rejected. The signature shrunk for is that of the capsule's recorded finding (same name,
// event and event type) in the replay of the capsule.
//
// Postconditions (asserted): a shrunk capsule records the finding it was shrunk for, with the
// same signature, and replaying its schedule gives its digest. This file does not print or write
// files; the CLI reports the result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "run/evaluate.h"
#include "run/replay.h"
#include "run/shrink.h"

namespace wfsim::run {

struct ShrinkOptions {
  size_t max_attempts = 500;
  double max_seconds = 0;         // Per candidate run, measured by `clock`.
  const Clock* clock = nullptr;
  std::string output_command;     // The shrunk capsule's reproduce command.
};

struct ShrinkResult {
  enum class Status : uint8_t {
    shrunk,            // `capsule` is the smaller capsule.
    not_replayable,    // The original does not replay to its digest.
    no_longer_fails,   // Replaying the original no longer shows its finding.
    diverged,          // The smallest candidate did not repeat its run.
  };
  Status status = Status::shrunk;
  std::string finding;                   // The finding shrunk for.
  Signature signature;                   // Its signature (set once the capsule replayed).
  // Candidates rejected because they showed the finding with another signature (and not with
  // this one): another failure, not a smaller one.
  size_t other_signatures = 0;
  std::optional<Signature> first_other;  // The first of those signatures, for the report.
  ScenarioSize before;
  ScenarioSize after;
  ShrinkStats stats;
  std::optional<scenario::Capsule> capsule;  // Status::shrunk.
  std::optional<Finding> shown;              // The finding the shrunk capsule shows.
  int exit_code = 0;                         // Of the last judged run (Evaluation::exit_code).
};

// `opened` must record a violation.
ShrinkResult shrink_capsule(const OpenedCapsule& opened, const ShrinkOptions& options);

}  // namespace wfsim::run
