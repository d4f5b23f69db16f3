// Placing Step Functions history events on threads; see sfn_threads.h for AWS's links.
#include "record/sfn_threads.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/assert.h"
#include "record/event_kinds.h"

namespace wfsim {
namespace {

bool is_block_type(StateType type) { return type == StateType::Map || type == StateType::Parallel; }

SfnPlacement on(int thread) { return SfnPlacement{thread, false, {}}; }
SfnPlacement opening(int thread) { return SfnPlacement{thread, true, {}}; }

}  // namespace

SfnThreads::SfnThreads(const History& history) : history_(history) {
  threads_.push_back(SfnThread{});
  thread_of_.reserve(history.events.size());
}

std::vector<int> SfnThreads::place_all(const History& history,
                                       std::vector<std::string>* complaints) {
  SfnThreads threads(history);
  for (const HistoryEvent& e : history.events) {
    SfnPlacement placed = threads.place(e);
    if (complaints != nullptr && !placed.complaint.empty()) {
      complaints->push_back(std::move(placed.complaint));
    }
  }
  return std::move(threads.thread_of_);
}

SfnPlacement SfnThreads::place(const HistoryEvent& e) {
  WFSIM_ASSERT_MSG(e.id == static_cast<int64_t>(thread_of_.size()) + 1,
                   "events are placed in id order, each once");
  SfnPlacement placed = resolve(e);
  WFSIM_ASSERT(placed.thread >= 0 && static_cast<size_t>(placed.thread) < threads_.size());
  thread_of_.push_back(placed.thread);
  update(e, placed.thread);
  return placed;
}

SfnPlacement SfnThreads::resolve(const HistoryEvent& e) {
  if (kind_of(e.type).group == EventGroup::execution) return {};
  const int64_t p = e.previous_event_id;
  if (p == 0 && is_state_entered(e.type)) return {};  // The first state links to 0.
  if (p < 1 || p >= e.id) {
    return {0, false,
            fmt::format("{} has previousEventId {}; it must name an earlier event",
                        to_string(e.type), p)};
  }
  const int from = thread_of(p);
  const auto role = state_event(e.type);
  if (!role) return on(from);  // Attempt, evaluation and Map Run events: their own thread's link.
  switch (role->role) {
    case StateEventRole::entered:
      if (history_.at(p).type == EventType::ParallelStateStarted) {
        return opening(open_thread(from, SfnThreadKind::branch, e));
      }
      return on(from);
    case StateEventRole::exited: {
      const int h = holder(from, e.name);
      return on(h >= 0 ? h : from);
    }
    case StateEventRole::aborted:
      return on(place_aborted(e, from));
    case StateEventRole::started: {
      const int h = block_holder(from, true);
      return on(h >= 0 ? h : from);
    }
    case StateEventRole::succeeded:
    case StateEventRole::failed: {
      const int h = block_holder(from, false);
      return on(h >= 0 ? h : from);
    }
    case StateEventRole::iteration_started:
    case StateEventRole::iteration_succeeded:
    case StateEventRole::iteration_failed:
    case StateEventRole::iteration_aborted:
      return place_iteration_event(e, from);
  }
  WFSIM_UNREACHABLE("a StateEventRole outside its enumeration");
}

void SfnThreads::update(const HistoryEvent& e, int thread) {
  if (is_execution_terminal(e.type)) {
    // The execution's end closes every state still open; a redrive enters them again.
    for (SfnThread& t : threads_) {
      t.in_state = false;
      t.block = SfnBlockPhase::ended;
    }
    return;
  }
  const auto role = state_event(e.type);
  if (!role) return;
  SfnThread& t = threads_[static_cast<size_t>(thread)];
  switch (role->role) {
    case StateEventRole::entered:
      t.state = e.name;
      t.state_type = role->type;
      t.in_state = true;
      t.block = SfnBlockPhase::not_started;
      t.children.clear();
      return;
    case StateEventRole::exited:
    case StateEventRole::aborted:
      t.in_state = false;
      t.block = SfnBlockPhase::ended;
      return;
    case StateEventRole::started:
      t.block = SfnBlockPhase::running;
      t.children.clear();
      return;
    case StateEventRole::succeeded:
    case StateEventRole::failed:
      t.block = SfnBlockPhase::ended;
      return;
    case StateEventRole::iteration_succeeded:
    case StateEventRole::iteration_failed:
    case StateEventRole::iteration_aborted:
      if (t.kind == SfnThreadKind::iteration) t.ended = true;
      return;
    case StateEventRole::iteration_started:
      return;
  }
}

int SfnThreads::open_thread(int parent, SfnThreadKind kind, const HistoryEvent& first) {
  SfnThread t;
  t.kind = kind;
  t.parent = parent;
  t.first_event = first.id;
  if (kind == SfnThreadKind::iteration) t.index = first.index;
  threads_.push_back(std::move(t));
  const int id = static_cast<int>(threads_.size()) - 1;
  threads_[static_cast<size_t>(parent)].children.push_back(id);
  return id;
}

int SfnThreads::holder(int from, std::string_view name) const {
  for (int x = from; x >= 0; x = threads_[static_cast<size_t>(x)].parent) {
    const SfnThread& t = threads_[static_cast<size_t>(x)];
    if (t.in_state && t.state == name) return x;
  }
  return -1;
}

int SfnThreads::block_holder(int from, bool starting) const {
  for (int x = from; x >= 0; x = threads_[static_cast<size_t>(x)].parent) {
    const SfnThread& t = threads_[static_cast<size_t>(x)];
    if (!t.in_state || !is_block_type(t.state_type)) continue;
    if (t.block == SfnBlockPhase::running ||
        (starting && t.block == SfnBlockPhase::not_started)) {
      return x;
    }
  }
  return -1;
}

int SfnThreads::child_with_index(int owner, int64_t index) const {
  if (owner < 0) return -1;
  for (const int c : threads_[static_cast<size_t>(owner)].children) {
    if (threads_[static_cast<size_t>(c)].index == index) return c;
  }
  return -1;
}

bool SfnThreads::within(int thread, int ancestor) const {
  for (int x = thread; x >= 0; x = threads_[static_cast<size_t>(x)].parent) {
    if (x == ancestor) return true;
  }
  return false;
}

bool SfnThreads::live(int thread) const {
  for (int x = thread; x >= 0; x = threads_[static_cast<size_t>(x)].parent) {
    if (threads_[static_cast<size_t>(x)].ended) return false;
  }
  return true;
}

SfnPlacement SfnThreads::place_iteration_event(const HistoryEvent& e, int from) {
  const bool starts = e.type == EventType::MapIterationStarted;
  int owner = -1;
  if (e.type == EventType::MapIterationAborted) {
    // Aborted by a failure elsewhere: the link names that failure, so find the running Map
    // state of that name, near the failure, that still has this iteration running.
    const int scope = std::max(threads_[static_cast<size_t>(from)].parent, 0);
    for (size_t x = static_cast<size_t>(scope); x < threads_.size() && owner < 0; ++x) {
      const SfnThread& t = threads_[x];
      const int child = child_with_index(static_cast<int>(x), e.index);
      if (t.in_state && t.state == e.name && t.block == SfnBlockPhase::running && child >= 0 &&
          live(child) && within(static_cast<int>(x), scope)) {
        owner = static_cast<int>(x);
      }
    }
  }
  if (owner < 0) owner = holder(from, e.name);
  if (owner < 0 || threads_[static_cast<size_t>(owner)].state_type != StateType::Map) {
    return {from, false,
            fmt::format("{} names Map state '{}', which is not running on the thread its "
                        "previousEventId {} leads to",
                        to_string(e.type), e.name, e.previous_event_id)};
  }
  if (starts) return opening(open_thread(owner, SfnThreadKind::iteration, e));
  const int child = child_with_index(owner, e.index);
  if (child < 0) {
    return {from, false,
            fmt::format("{} names iteration {} of Map state '{}', which has not started",
                        to_string(e.type), e.index, e.name)};
  }
  return on(child);
}

const HistoryEvent* SfnThreads::next_iteration_abort(const HistoryEvent& e) const {
  for (size_t i = static_cast<size_t>(e.id); i < history_.events.size(); ++i) {
    const HistoryEvent& next = history_.events[i];
    if (next.previous_event_id != e.previous_event_id) return nullptr;
    if (next.type == EventType::MapIterationAborted) return &next;
  }
  return nullptr;
}

int SfnThreads::place_aborted(const HistoryEvent& e, int from) const {
  const StateType type = state_event(e.type)->type;
  const auto in_aborted_type = [&](int x) {
    const SfnThread& t = threads_[static_cast<size_t>(x)];
    return t.in_state && t.state_type == type &&
           (!is_block_type(type) || t.block == SfnBlockPhase::running) && live(x);
  };
  // The failing block is the parent of the thread that decided the failure.
  const int scope = std::max(threads_[static_cast<size_t>(from)].parent, 0);
  // Aborted threads are never the deciding thread's own ancestors: those are failing.
  const auto first_within = [&](int root, int except) {
    for (size_t y = static_cast<size_t>(root); y < threads_.size(); ++y) {
      const int id = static_cast<int>(y);
      if (id != except && within(id, root) && !within(from, id) && in_aborted_type(id)) {
        return id;
      }
    }
    return -1;
  };
  // An aborted Map iteration's events come before its MapIterationAborted.
  if (const HistoryEvent* iteration = next_iteration_abort(e)) {
    for (size_t x = static_cast<size_t>(scope); x < threads_.size(); ++x) {
      const SfnThread& t = threads_[x];
      if (!t.in_state || t.state != iteration->name || t.block != SfnBlockPhase::running ||
          !within(static_cast<int>(x), scope)) {
        continue;
      }
      const int child = child_with_index(static_cast<int>(x), iteration->index);
      if (child < 0 || !live(child)) continue;
      const int target = first_within(child, -1);
      if (target >= 0) return target;
    }
  }
  const SfnThread& failed = threads_[static_cast<size_t>(from)];
  const bool failed_in_type = failed.in_state && failed.state_type == type;
  // A Map iteration that failed writes its own Aborted event after its MapIterationFailed.
  if (failed.ended && failed_in_type) return from;
  // Otherwise the other children go first and the failed child's own Aborted event comes last.
  const int other = first_within(scope, from);
  if (other >= 0) return other;
  return from;
}

}  // namespace wfsim
