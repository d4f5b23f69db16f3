// The fault injector: decides, at well-defined decision points, whether a fault fires, and
// records every firing so that a replay fires exactly the same faults without drawing.
//
// Three sources of faults, one record:
//  * random faults: each kind draws from its own stream "faults/<kind>" (forked from the seed),
//    once per decision point of that kind, so switching one kind on or off never shifts the
//    draws of another; a kind whose rate is never does not draw at all;
//  * scripted faults (config.faults.script): a worker_crash or worker_pause fires at its time
//    (the world schedules it and asks resolve_scripted() for the details); every other scripted
//    kind arms a one-shot trigger that the target's first matching decision point at or after
//    that time consumes;
//  * replay (RunOptions.replay): nothing is drawn or scripted; a decision point fires when the
//    schedule lists it, and time-triggered firings are handed to the world to schedule.
// No fault fires at or after stop_at(). The injector knows nothing of workers beyond their names
// and pool keys, and schedules nothing itself.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.h"
#include "world/config.h"
#include "world/world.h"

namespace wfsim::world {

// Which worker a decision point belongs to.
struct FaultTarget {
  std::string_view worker;  // "ship/1"
  std::string_view pool;    // "ship": the resource key, for scripted faults naming a resource.
};

// What the caller knows at a decision point that a firing's details are drawn against.
struct FaultContext {
  Duration span;  // worker_crash, worker_pause: the window (from now) the effect falls into.
  std::optional<Duration> restart_after;  // worker_crash: the resource's restart delay.
};

class FaultInjector {
 public:
  FaultInjector(const FaultConfig& config, const FaultRates& rates, const Random& root,
                const FaultSchedule* replay, Instant start);

  // When faults stop: config.faults.stop_at, or the start when no fault can ever fire.
  Instant stop_at() const { return stop_at_; }
  bool active(Instant now) const { return now < stop_at_; }
  // Whether any decision point of `kind` could fire (cheap; lets callers skip work).
  bool may_fire(FaultKind kind) const { return may_fire_[static_cast<size_t>(kind)]; }

  // A decision point of `kind`: the firing (recorded and counted), or nullptr.
  const FaultFiring* decide(FaultKind kind, FaultTarget target, uint64_t ordinal, Instant now,
                            const FaultContext& context = {});
  // Decides like decide() but records nothing: for points where several kinds are decided
  // together and only the winner takes effect (see network.h). commit() records a winner.
  std::optional<FaultFiring> consider(FaultKind kind, FaultTarget target, uint64_t ordinal,
                                      Instant now, const FaultContext& context = {});
  const FaultFiring& commit(FaultFiring firing);

  // Scripted crashes and pauses (time-triggered), in script order with their times, before
  // faults stop. The world schedules each at its time in every run, a replay included, so that
  // both runs process the same events; then it calls resolve_scripted() (a replay:
  // replayed_scripted()).
  struct Timed {
    size_t script_index;
    Instant at;
  };
  const std::vector<Timed>& timed_script() const { return timed_script_; }
  // Fills in a time-triggered scripted fault: the target worker (drawn among `candidates`, the
  // names of the workers it may hit, when the script names a resource or nothing), its pause
  // length, and the restart delay the script gives (the caller falls back to the resource's).
  // nullopt when there is no candidate or faults have stopped.
  std::optional<FaultFiring> resolve_scripted(size_t script_index, Instant now,
                                              const std::vector<std::string_view>& candidates);
  // Whether a scripted fault's target names this worker (by name or by resource), or is empty.
  static bool targets(const ScriptedFault& fault, FaultTarget target);
  const ScriptedFault& scripted(size_t index) const { return config_.script[index]; }

  // Replay: the recorded firing of the scripted crash or pause at `script_index` (the first not
  // yet taken with its kind and time), or nullopt when the schedule has none (it was shrunk).
  std::optional<FaultFiring> replayed_scripted(size_t script_index);
  // Replay: time-triggered firings that no script entry explains (a hand-made schedule); the
  // world gives each an event of its own.
  const std::vector<FaultFiring>& replay_unscripted() const { return replay_unscripted_; }

  const FaultSchedule& schedule() const { return schedule_; }
  FaultSchedule take_schedule() { return std::move(schedule_); }
  const std::array<uint64_t, kFaultKindCount>& injected() const { return injected_; }
  const FaultRates& rates() const { return rates_; }

 private:
  std::optional<FaultFiring> draw_random(FaultKind kind, FaultTarget target, uint64_t ordinal,
                                         Instant now, const FaultContext& context);
  std::optional<FaultFiring> fire_armed(FaultKind kind, FaultTarget target, uint64_t ordinal,
                                        Instant now, const FaultContext& context);
  std::optional<FaultFiring> replayed(FaultKind kind, FaultTarget target, uint64_t ordinal);
  void fill_details(FaultFiring& firing, Random& stream, Duration scripted_length, Instant now,
                    const FaultContext& context);
  Random& stream(FaultKind kind) { return streams_[static_cast<size_t>(kind)]; }
  // The pool's own rate for the kind (its resource's "faults" block), else the global one.
  Ratio rate_for(FaultKind kind, std::string_view pool) const;

  const FaultConfig& config_;
  FaultRates rates_;
  Instant start_;
  Instant stop_at_;
  const FaultSchedule* replay_;
  std::vector<Random> streams_;  // One per kind, "faults/<kind>".
  std::array<bool, kFaultKindCount> may_fire_{};
  std::vector<Timed> timed_script_;
  std::vector<size_t> armed_;  // Script indexes of one-shot triggers not yet consumed.
  // Replay: "<kind> <ordinal> <target>" -> the listed firing with that decision point.
  std::map<std::string, const FaultFiring*> replay_index_;
  std::vector<FaultFiring> replay_timed_;       // Time-triggered firings not yet taken.
  std::vector<FaultFiring> replay_unscripted_;  // Those no script entry explains.
  FaultSchedule schedule_;
  std::array<uint64_t, kFaultKindCount> injected_{};
};


}  // namespace wfsim::world
