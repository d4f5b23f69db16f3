// Repro capsules (docs/design.md "Repro capsules"): one JSON file that replays a run with nothing else
// present.
//
//   {"wfsim_capsule": 1, "version": "0.1.0",
//    "scenario": {...self-contained: definition inlined, mock config merged...},
//    "seed": 17, "swarm": false, "mutants": ["heartbeat-extends-task-timeout"],
//    "schedule": [{"kind": "worker_crash", "at_us": 12000000, "target": "Ship/1", "ordinal": 0,
//                  "length_us": 0, "restart_after_us": 20000000}],  (answer_lost: true when set)
//    "digest": "0123456789abcdef",
//    "violation": {"invariant": "sfn.hard_task_timeout", "event_id": 9,
//                  "event_type": "TaskTimedOut", "call": 0, "message": "..."},
//    "status": "TIMED_OUT", "events": 1234, "stop": "drained",
//    "command": "wfsim run ship.scenario.json --seed 17 --mutant heartbeat-extends-task-timeout"}
//
// Times are integer microseconds so a capsule replays exactly. The text is deterministic (no
// clock, no host names), so the same finding always produces the same bytes.
//
// This file owns the format: writing, strict reading (unknown keys are problems) and the
// reproduce command line. It does not run anything.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "record/json.h"
#include "scenario/problems.h"
#include "scenario/strict_json.h"
#include "world/world.h"

namespace wfsim::scenario {

inline constexpr int kCapsuleFormat = 1;

// The wfsim version written into capsules and reports ("0.1.0").
std::string_view wfsim_version();

struct CapsuleViolation {
  std::string invariant;   // "sfn.hard_task_timeout", "expect.status", "liveness.unfinished".
  int64_t event_id = 0;    // History event where it shows (0: none).
  std::string event_type;  // That event's type ("" when none).
  uint64_t call = 0;       // Call-log record where it shows (0: none).
  std::string message;
  friend bool operator==(const CapsuleViolation&, const CapsuleViolation&) = default;
};

struct Capsule {
  std::string version;
  Json scenario = Json::object();  // Self-contained scenario.
  uint64_t seed = 0;
  bool swarm = false;
  std::vector<std::string> mutants;  // Names as --mutant takes them, in catalogue order.
  world::FaultSchedule schedule;
  uint64_t digest = 0;
  std::optional<CapsuleViolation> violation;  // Absent: the run held everything.
  std::string status;                         // Final execution status.
  uint64_t events = 0;                        // Simulator events processed.
  std::string stop;                           // How the run ended (StopReason).
  std::string command;                        // One command line that reproduces the finding.
};

Json capsule_to_json(const Capsule& capsule);
// Pretty-printed JSON and a newline; invalid UTF-8 is replaced, never thrown on.
std::string capsule_to_text(const Capsule& capsule);

// Reads a capsule document strictly; problems name `label`.
std::variant<Capsule, FileProblems> capsule_from_json(const Json& document,
                                                      const std::string& label);
std::variant<Capsule, FileProblems> read_capsule(const std::filesystem::path& file,
                                                 const JsonLimits& limits = {});

Json fault_firing_to_json(const world::FaultFiring& firing);

// 16 lowercase hexadecimal digits, as capsules and reports print digests.
std::string digest_hex(uint64_t digest);

// A word safe for a shell: left as is when it only holds [A-Za-z0-9_@%+=:,./-], else quoted.
std::string shell_quote(const std::string& word);

// "wfsim run <scenario> --seed N [--swarm] [--mutant X]...".
std::string reproduce_command(const std::string& scenario_file, uint64_t seed, bool swarm,
                              const std::vector<std::string>& mutants);

}  // namespace wfsim::scenario
