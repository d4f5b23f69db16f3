// Duration draws and attempt-rule selection; see distribution.h.
#include "world/distribution.h"

#include <algorithm>
#include <cmath>

namespace wfsim::world {

double negative_log(double u) {
  WFSIM_ASSERT(u > 0.0 && u <= 1.0);
  // u = m × 2^e with m in [0.5, 1): ln u = e ln 2 + ln m, and ln m = 2 atanh(s) with
  // s = (m - 1) / (m + 1) in (-1/3, 0], whose series converges fast. frexp is exact.
  int exponent = 0;
  const double m = std::frexp(u, &exponent);
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double term = s;
  double sum = 0.0;
  for (int k = 1; k < 60; k += 2) {
    sum += term / k;
    term *= s2;
  }
  constexpr double kLn2 = 0.6931471805599453;
  return -(static_cast<double>(exponent) * kLn2 + 2.0 * sum);
}

Duration draw(const DurationDistribution& d, Random& random) {
  switch (d.kind) {
    case DurationDistribution::Kind::fixed:
      return d.low;
    case DurationDistribution::Kind::uniform:
      WFSIM_ASSERT(d.low <= d.high);
      return Duration::microseconds(random.uniform_in(d.low.us(), d.high.us()));
    case DurationDistribution::Kind::exponential: {
      // u in (0, 1]: 53 random bits, shifted off zero.
      const double u = (static_cast<double>(random.next_u64() >> 11) + 1.0) * 0x1.0p-53;
      const double mean_us = static_cast<double>(d.low.us());
      const double cap_us = mean_us * kExponentialCapFactor;
      const double us = std::min(mean_us * negative_log(u), cap_us);
      return Duration::microseconds(static_cast<int64_t>(us));
    }
  }
  WFSIM_UNREACHABLE("duration distribution kind");
}

Duration max_of(const DurationDistribution& d) {
  switch (d.kind) {
    case DurationDistribution::Kind::fixed: return d.low;
    case DurationDistribution::Kind::uniform: return d.high;
    case DurationDistribution::Kind::exponential:
      return Duration::microseconds(
          static_cast<int64_t>(static_cast<double>(d.low.us()) * kExponentialCapFactor));
  }
  WFSIM_UNREACHABLE("duration distribution kind");
}

const AttemptBehaviour& behaviour_for(const ResourceConfig& resource, uint32_t invocation) {
  for (const AttemptRule& rule : resource.attempts) {
    if (rule.first <= invocation && invocation <= rule.last) return rule.behaviour;
  }
  return resource.otherwise;
}

const AttemptBehaviour& behaviour_for(const ResourceConfig& resource, uint32_t invocation,
                                      std::optional<uint32_t> index, const Json* items) {
  if (!index || items == nullptr || !items->is_array() || *index >= items->size()) {
    return behaviour_for(resource, invocation);
  }
  const Json& item = (*items)[*index];
  for (const ItemRule& rule : resource.map_items) {
    if (rule.index && (*index < rule.index->first || *index > rule.index->second)) continue;
    if (rule.path) {
      const Json* found = rule.path->find(item);
      if (found == nullptr || *found != rule.equals) continue;
    }
    for (const AttemptRule& attempt : rule.attempts) {
      if (attempt.first <= invocation && invocation <= attempt.last) return attempt.behaviour;
    }
    return rule.otherwise ? *rule.otherwise : resource.otherwise;
  }
  return behaviour_for(resource, invocation);
}

Duration attempt_work(const ResourceConfig& resource, const AttemptBehaviour& behaviour,
                      Random& random) {
  if (behaviour.kind == AttemptBehaviour::Kind::hang) return Duration::max();
  const DurationDistribution& d = behaviour.duration ? *behaviour.duration : resource.duration;
  return std::max(draw(d, random), Duration::zero());
}

}  // namespace wfsim::world
