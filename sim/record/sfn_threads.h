// Which thread of a Step Functions execution each history event belongs to: the top level, a
// Parallel branch or a Map iteration, recovered from previousEventId links as AWS writes them
// (REC-7 in docs/semantics.md). This is the one reading of those links; the checks' record index
// (check/sfn_record) and the timeline (report/timeline_sfn) both use it.
//
// AWS's links do not simply chain a thread's events:
// - the first state's Entered links to 0;
// - a Map iteration's MapIterationStarted links to MapStateStarted or, once an iteration has
//   finished, to that iteration's last state event; its other iteration events link to the
//   iteration's last event;
// - a block's Succeeded and Exited link to the last event a child wrote, its Failed and a retry's
//   next ...StateStarted to the failure that decided it (no ...StateFailed between the attempts
//   of a retried block);
// - when a block fails, the Aborted events of its other children (and of their nested blocks)
//   all link to that deciding failure; a Map writes MapIterationAborted after each child's.
// Events that carry a state name (Entered, Exited, iteration events) are placed by name along
// the linked event's ancestry; unnamed block events by the state type their thread is in; the
// Aborted events of one failure by the order the engine and AWS write them (each aborted child's
// events before its MapIterationAborted, the failed child's own Aborted event last).
//
// It does not judge whether the history is right (the checks do); a link it cannot place is a
// complaint the caller reports, and the event stays on the linked event's thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "record/history.h"
#include "record/state_events.h"

namespace wfsim {

enum class SfnThreadKind : uint8_t { top, branch, iteration };

// Where the Parallel or Map state a thread is in stands: entered, running a run (an attempt), or
// its last run ended.
enum class SfnBlockPhase : uint8_t { not_started, running, ended };

struct SfnThread {
  SfnThreadKind kind = SfnThreadKind::top;
  int parent = -1;           // The thread of the Parallel or Map state; -1 for the top level.
  int64_t first_event = 0;   // The event that opened it (Entered of a branch, MapIterationStarted).
  int64_t index = -1;        // Map iteration index.
  // The state it is in: the last state entered on it, until that state exits or is aborted.
  std::string_view state;
  StateType state_type = StateType::Pass;
  bool in_state = false;
  SfnBlockPhase block = SfnBlockPhase::not_started;
  bool ended = false;           // A Map iteration whose iteration end event was written.
  std::vector<int> children;    // The threads of the latest run of its Parallel or Map state.
};

struct SfnPlacement {
  int thread = 0;
  bool opened = false;    // The event opened `thread` (a branch's first event, an iteration).
  std::string complaint;  // Non-empty when a link could not be placed as AWS writes links.
};

class SfnThreads {
 public:
  // `history` must outlive this; events are placed in id order, each once.
  explicit SfnThreads(const History& history);

  // Places the next event of the history (its id is one more than the last placed).
  SfnPlacement place(const HistoryEvent& event);
  // Places every event; returns the thread of each (index id - 1) and the complaints.
  static std::vector<int> place_all(const History& history,
                                    std::vector<std::string>* complaints = nullptr);

  const std::vector<SfnThread>& threads() const { return threads_; }
  int thread_of(int64_t event_id) const { return thread_of_[static_cast<size_t>(event_id - 1)]; }

 private:
  const History& history_;
  std::vector<SfnThread> threads_;
  std::vector<int> thread_of_;

  SfnPlacement resolve(const HistoryEvent& e);
  void update(const HistoryEvent& e, int thread);
  int open_thread(int parent, SfnThreadKind kind, const HistoryEvent& first);
  // The nearest thread, from `from` up its ancestry, in the state named `name`.
  int holder(int from, std::string_view name) const;
  // The nearest thread, from `from` up its ancestry, in a Parallel or Map state whose run is
  // running (or, for `starting`, has not ended: a first run or a retry).
  int block_holder(int from, bool starting) const;
  int child_with_index(int owner, int64_t index) const;
  bool within(int thread, int ancestor) const;
  bool live(int thread) const;
  SfnPlacement place_iteration_event(const HistoryEvent& e, int from);
  int place_aborted(const HistoryEvent& e, int from) const;
  const HistoryEvent* next_iteration_abort(const HistoryEvent& e) const;
};

}  // namespace wfsim
