// Names of stop reasons; see scheduler.h.
#include "core/scheduler.h"

#include <ostream>

namespace wfsim {
const char* to_string(StopReason reason) {
  switch (reason) {
    case StopReason::drained: return "drained";
    case StopReason::requested: return "requested";
    case StopReason::event_limit: return "event_limit";
    case StopReason::time_limit: return "time_limit";
    case StopReason::stalled: return "stalled";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& out, StopReason reason) { return out << to_string(reason); }
}  // namespace wfsim
