// What an engine asks of whoever drives it.
//
// The engines are functional cores: they never read a clock or a global random source. Every API
// call and timer callback is handed `now`; the engine answers through this interface (timers to
// arm or cancel, tasks to hand out) and through its return values. Hosts must not call back into
// the engine from inside these callbacks; schedule an event instead.
#pragma once

#include <cstdint>

#include "core/time.h"

namespace wfsim {

// A dense timer number chosen by the engine. A slot holds at most one pending timer: arming it
// again replaces the previous deadline. When the timer fires, the host calls the engine's
// on_timer(now, slot).
using TimerSlot = uint32_t;

class TimerHost {
 public:
  virtual void arm_timer(TimerSlot slot, Instant at) = 0;
  // Cancels the slot's pending timer, if any.
  virtual void cancel_timer(TimerSlot slot) = 0;

 protected:
  ~TimerHost() = default;
};

}  // namespace wfsim
