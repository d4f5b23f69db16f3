// Drawing what a simulated worker does: durations from a DurationDistribution and the attempt
// behaviour that a mock-config attempt key selects.
//
// Draws use only wfsim::Random and IEEE basic arithmetic (no library distributions, no libm), so
// a seed gives the same durations with every compiler. Exponential draws are capped at
// kExponentialCapFactor × the mean so that every distribution has a finite maximum, which the
// liveness bound needs. Nothing here schedules anything; the world does.
#pragma once

#include <cstdint>

#include "core/random.h"
#include "core/time.h"
#include "world/config.h"

namespace wfsim::world {

inline constexpr int64_t kExponentialCapFactor = 20;  // P(draw > 20 × mean) = e^-20 ≈ 2e-9.

// One draw. A fixed distribution draws nothing (the stream does not move).
Duration draw(const DurationDistribution& distribution, Random& random);

// The largest value draw() can return.
Duration max_of(const DurationDistribution& distribution);

// -ln(u) for u in (0, 1], from basic arithmetic only (exact to a few ulps, identical everywhere).
double negative_log(double u);

// The behaviour of the attempt with this 0-based invocation count: the first rule whose range
// holds it, otherwise `resource.otherwise`.
const AttemptBehaviour& behaviour_for(const ResourceConfig& resource, uint32_t invocation);
// The same inside a Map iteration (`index` of `items`): the first of `resource.map_items` that
// matches the iteration decides, else as above.
const AttemptBehaviour& behaviour_for(const ResourceConfig& resource, uint32_t invocation,
                                      std::optional<uint32_t> index, const Json* items);

// The work an attempt does before it reports (or crashes): the behaviour's duration if it has
// one, else the resource's. Hang attempts never finish: Duration::max().
Duration attempt_work(const ResourceConfig& resource, const AttemptBehaviour& behaviour,
                      Random& random);

}  // namespace wfsim::world
