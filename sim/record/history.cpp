// Event type names and classification; see history.h.
#include "record/history.h"

#include <algorithm>
#include <array>
#include <ostream>

#include "core/assert.h"
#include "record/event_kinds.h"
#include "record/state_events.h"

namespace wfsim {
namespace {
constexpr std::array<std::string_view, kEventTypeCount> kNames = {
#define WFSIM_X(name) #name,
    WFSIM_HISTORY_EVENT_TYPES(WFSIM_X)
#undef WFSIM_X
};
}  // namespace

std::string_view to_string(EventType type) {
  const auto i = static_cast<size_t>(type);
  WFSIM_ASSERT(i < kNames.size());
  return kNames[i];
}

std::optional<EventType> parse_event_type(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<EventType>(i);
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, EventType type) { return out << to_string(type); }

std::string_view state_of_event(const History& history, int64_t event_id) {
  for (size_t steps = 0; steps <= history.events.size(); ++steps) {
    if (event_id <= 0 || static_cast<size_t>(event_id) > history.events.size()) return "";
    const HistoryEvent& event = history.events[static_cast<size_t>(event_id - 1)];
    if (!event.name.empty()) return event.name;
    if (event.previous_event_id >= event_id) return "";  // Links only go back.
    event_id = event.previous_event_id;
  }
  return "";
}

bool is_state_entered(EventType type) { return has_role(type, StateEventRole::entered); }

bool is_state_exited(EventType type) { return has_role(type, StateEventRole::exited); }

bool is_execution_terminal(EventType type) {
  const auto role = execution_role(type);
  return role && *role != ExecutionRole::started && *role != ExecutionRole::redriven;
}

namespace {
bool has_attempt_role(EventType type, std::initializer_list<AttemptRole> roles) {
  const auto event = attempt_event(type);
  if (!event) return false;
  for (const AttemptRole role : roles) {
    if (event->role == role) return true;
  }
  return false;
}
}  // namespace

bool is_attempt_scheduled(EventType type) {
  return has_attempt_role(type, {AttemptRole::scheduled});
}

bool is_attempt_started(EventType type) { return has_attempt_role(type, {AttemptRole::started}); }

bool is_attempt_outcome(EventType type) {
  return has_attempt_role(type,
                          {AttemptRole::succeeded, AttemptRole::failed, AttemptRole::timed_out});
}

bool is_attempt_timed_out(EventType type) {
  return has_attempt_role(type, {AttemptRole::timed_out});
}

namespace {
// Appending copies this blank event: g++ value-initialises a fresh ~320-byte event with `rep
// stos`, whose start-up cost was 5% of a whole simple execution; the copy is plain stores.
const HistoryEvent kBlankEvent{};
}  // namespace

HistoryEvent& History::append(EventType type, Instant timestamp, int64_t previous_event_id) {
  HistoryEvent& event = events.emplace_back(kBlankEvent);
  event.id = static_cast<int64_t>(events.size());
  event.previous_event_id = previous_event_id;
  event.timestamp = timestamp;
  event.type = type;
  WFSIM_ASSERT(previous_event_id >= 0 && previous_event_id < event.id);
  return event;
}

const HistoryEvent& History::at(int64_t id) const {
  WFSIM_ASSERT(id >= 1 && id <= static_cast<int64_t>(events.size()));
  return events[static_cast<size_t>(id - 1)];
}

void History::clear() {
  events.clear();
  owners.clear();
  arena_.reset();
}

std::string_view History::keep(std::string text) {
  if (!arena_) {
    arena_ = std::make_shared<std::vector<std::unique_ptr<std::string>>>();
    owners.push_back(arena_);
  }
  arena_->push_back(std::make_unique<std::string>(std::move(text)));
  return *arena_->back();
}

}  // namespace wfsim
