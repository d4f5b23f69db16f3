// The fault injector; see faults.h. Also swarm_rates() (world.h), which draws a seed's fault mix.
#include "world/faults.h"

#include <algorithm>

#include "world/distribution.h"

namespace wfsim::world {
namespace {

std::string replay_key(FaultKind kind, std::string_view target, uint64_t ordinal) {
  std::string key(to_string(kind));
  key += ' ';
  key += std::to_string(ordinal);
  key += ' ';
  key += target;
  return key;
}

}  // namespace

FaultInjector::FaultInjector(const FaultConfig& config, const FaultRates& rates,
                             const Random& root, const FaultSchedule* replay, Instant start)
    : config_(config), rates_(rates), start_(start), replay_(replay) {
  streams_.reserve(kFaultKindCount);
  for (size_t i = 0; i < kFaultKindCount; ++i) {
    streams_.push_back(root.fork("faults/" + std::string(to_string(static_cast<FaultKind>(i)))));
  }
  // Faults can fire when the scenario rates or scripts any. A replay decides the same way (from
  // the same scenario), so that both runs heal and start the liveness phase at the same time.
  bool any = !config_.script.empty();
  std::array<bool, kFaultKindCount> rated{};
  for (size_t i = 0; i < kFaultKindCount; ++i) rated[i] = !rates_.rates[i].is_never();
  for (const auto& [key, resource_rates] : config_.resource_rates) {
    for (size_t i = 0; i < kFaultKindCount; ++i) {
      rated[i] = rated[i] || (resource_rates[i] && !resource_rates[i]->is_never());
    }
  }
  for (const bool kind_rated : rated) any = any || kind_rated;
  if (replay_ != nullptr) {
    for (const FaultFiring& f : replay_->firings) {
      any = true;
      if (f.ordinal == 0) {
        replay_timed_.push_back(f);
      } else {
        may_fire_[static_cast<size_t>(f.kind)] = true;
        replay_index_.emplace(replay_key(f.kind, f.target, f.ordinal), &f);
      }
    }
  } else {
    may_fire_ = rated;
  }
  // With nothing that could ever fire, faults have stopped from the start: the liveness phase
  // covers the whole run.
  stop_at_ = any ? saturating_add(start_, config_.stop_at) : start_;
  for (size_t i = 0; i < config_.script.size(); ++i) {
    const ScriptedFault& fault = config_.script[i];
    const Instant at = saturating_add(start_, fault.at);
    if (traits_of(fault.kind).time_triggered) {
      if (at < stop_at_) timed_script_.push_back(Timed{i, at});
    } else if (replay_ == nullptr) {
      armed_.push_back(i);
      may_fire_[static_cast<size_t>(fault.kind)] = true;
    }
  }
  for (const FaultFiring& f : replay_timed_) {
    const bool scripted = std::any_of(timed_script_.begin(), timed_script_.end(),
                                      [&](const Timed& t) {
                                        return config_.script[t.script_index].kind == f.kind &&
                                               config_.script[t.script_index].at == f.at;
                                      });
    if (!scripted) replay_unscripted_.push_back(f);
  }
}

std::optional<FaultFiring> FaultInjector::replayed_scripted(size_t script_index) {
  WFSIM_ASSERT(replay_ != nullptr && script_index < config_.script.size());
  const ScriptedFault& fault = config_.script[script_index];
  for (auto it = replay_timed_.begin(); it != replay_timed_.end(); ++it) {
    if (it->kind == fault.kind && it->at == fault.at) {
      FaultFiring firing = std::move(*it);
      replay_timed_.erase(it);
      return firing;
    }
  }
  return std::nullopt;
}

void FaultInjector::fill_details(FaultFiring& firing, Random& stream, Duration scripted_length,
                                 Instant now, const FaultContext& context) {
  if (traits_of(firing.kind).within_attempt) {
    // The effect falls somewhere in the attempt's window (a random crash is not always at 0).
    const Duration offset = context.span > Duration::zero()
                                ? Duration::microseconds(stream.uniform_in(0, context.span.us()))
                                : Duration::zero();
    firing.at = (now - start_) + offset;
  }
  if (firing.kind == FaultKind::worker_crash) firing.restart_after = context.restart_after;
  if (traits_of(firing.kind).takes_length) {
    firing.length = scripted_length > Duration::zero() ? scripted_length
                                                       : draw(rates_.delay, stream);
  }
  if (firing.kind == FaultKind::heartbeat_drop || firing.kind == FaultKind::completion_drop) {
    firing.answer_lost = stream.chance(Ratio{1, 2});
  }
}

std::optional<FaultFiring> FaultInjector::draw_random(FaultKind kind, FaultTarget target,
                                                      uint64_t ordinal, Instant now,
                                                      const FaultContext& context) {
  const Ratio rate = rate_for(kind, target.pool);
  if (rate.is_never()) return std::nullopt;
  Random& s = stream(kind);
  if (!s.chance(rate)) return std::nullopt;
  FaultFiring firing{kind, now - start_, std::string(target.worker), ordinal, Duration::zero(),
                     std::nullopt, false};
  fill_details(firing, s, Duration::zero(), now, context);
  return firing;
}

Ratio FaultInjector::rate_for(FaultKind kind, std::string_view pool) const {
  const auto index = static_cast<size_t>(kind);
  if (const auto it = config_.resource_rates.find(pool); it != config_.resource_rates.end()) {
    if (it->second[index]) return *it->second[index];
  }
  return rates_.rates[index];
}

bool FaultInjector::targets(const ScriptedFault& fault, FaultTarget target) {
  return fault.target.empty() || fault.target == target.worker || fault.target == target.pool;
}

std::optional<FaultFiring> FaultInjector::fire_armed(FaultKind kind, FaultTarget target,
                                                     uint64_t ordinal, Instant now,
                                                     const FaultContext& context) {
  for (auto it = armed_.begin(); it != armed_.end(); ++it) {
    const ScriptedFault& fault = config_.script[*it];
    if (fault.kind != kind || saturating_add(start_, fault.at) > now || !targets(fault, target)) {
      continue;
    }
    armed_.erase(it);
    FaultFiring firing{kind, now - start_, std::string(target.worker), ordinal, Duration::zero(),
                       std::nullopt, false};
    fill_details(firing, stream(kind), fault.length, now, context);
    if (kind == FaultKind::worker_crash && fault.restart_after) {
      firing.restart_after = fault.restart_after;
    }
    return firing;
  }
  return std::nullopt;
}

std::optional<FaultFiring> FaultInjector::replayed(FaultKind kind, FaultTarget target,
                                                   uint64_t ordinal) {
  const auto it = replay_index_.find(replay_key(kind, target.worker, ordinal));
  if (it == replay_index_.end()) return std::nullopt;
  FaultFiring firing = *it->second;
  replay_index_.erase(it);  // Each listed firing fires once.
  return firing;
}

std::optional<FaultFiring> FaultInjector::consider(FaultKind kind, FaultTarget target,
                                                   uint64_t ordinal, Instant now,
                                                   const FaultContext& context) {
  WFSIM_ASSERT(ordinal > 0);
  if (!may_fire(kind)) return std::nullopt;
  if (replay_ != nullptr) return replayed(kind, target, ordinal);
  if (!active(now)) return std::nullopt;
  // Scripted triggers first; the random draw happens either way, so that a script entry does
  // not shift the kind's stream for later points.
  std::optional<FaultFiring> armed = fire_armed(kind, target, ordinal, now, context);
  std::optional<FaultFiring> random = draw_random(kind, target, ordinal, now, context);
  return armed ? armed : random;
}

const FaultFiring& FaultInjector::commit(FaultFiring firing) {
  ++injected_[static_cast<size_t>(firing.kind)];
  schedule_.firings.push_back(std::move(firing));
  return schedule_.firings.back();
}

const FaultFiring* FaultInjector::decide(FaultKind kind, FaultTarget target, uint64_t ordinal,
                                         Instant now, const FaultContext& context) {
  std::optional<FaultFiring> firing = consider(kind, target, ordinal, now, context);
  if (!firing) return nullptr;
  return &commit(std::move(*firing));
}

std::optional<FaultFiring> FaultInjector::resolve_scripted(
    size_t script_index, Instant now, const std::vector<std::string_view>& candidates) {
  WFSIM_ASSERT(script_index < config_.script.size());
  const ScriptedFault& fault = config_.script[script_index];
  WFSIM_ASSERT(traits_of(fault.kind).time_triggered);
  if (!active(now) || candidates.empty()) return std::nullopt;
  Random& s = stream(fault.kind);
  const size_t pick =
      candidates.size() == 1 ? 0 : static_cast<size_t>(s.uniform(candidates.size()));
  FaultFiring firing{fault.kind, now - start_, std::string(candidates[pick]), 0,
                     Duration::zero(), std::nullopt, false};
  if (fault.kind == FaultKind::worker_pause) {
    firing.length = fault.length > Duration::zero() ? fault.length : draw(rates_.delay, s);
  } else {
    firing.restart_after = fault.restart_after;
  }
  return firing;
}

namespace {

// Whether probability a is larger than probability b (both whole-number ratios, small terms).
bool above(const Ratio& a, const Ratio& b) {
  return a.numerator * b.denominator > b.numerator * a.denominator;
}

}  // namespace

FaultRates swarm_rates(const FaultRates& base, uint64_t seed, const FaultKindSet& applicable,
                       const std::array<Ratio, kFaultKindCount>* envelope) {
  static constexpr Ratio kChoices[] = {{1, 2}, {1, 5}, {1, 10}, {1, 50}, {1, 200}};
  Random swarm = Random(seed).fork("swarm");
  FaultRates out = base;
  for (size_t i = 0; i < kFaultKindCount; ++i) {
    // Both draws happen for every kind, so each kind's choice depends only on the seed.
    const bool on = swarm.chance(Ratio{1, 2});
    Ratio rate = kChoices[swarm.uniform(std::size(kChoices))];
    if (!base.rates[i].is_never()) continue;  // The scenario's own rate stands.
    if (envelope != nullptr && above(rate, (*envelope)[i])) rate = (*envelope)[i];
    out.rates[i] = on && applicable[i] ? rate : Ratio::never();
  }
  WFSIM_ASSERT(envelope == nullptr || [&] {
    for (size_t i = 0; i < kFaultKindCount; ++i) {
      if (base.rates[i].is_never() && above(out.rates[i], (*envelope)[i])) return false;
    }
    return true;
  }());
  return out;
}

FaultRates swarm_rates(const WorldConfig& config, uint64_t seed) {
  return swarm_rates(config.faults.rates, seed, applicable_kinds(config),
                     config.faults.swarm_envelope ? &*config.faults.swarm_envelope : nullptr);
}

std::string describe_swarm_envelope(const WorldConfig& config) {
  if (!config.faults.swarm_envelope) return "";
  std::string out;
  for (size_t i = 0; i < kFaultKindCount; ++i) {
    const Ratio& limit = (*config.faults.swarm_envelope)[i];
    if (limit.is_never()) continue;
    out += (out.empty() ? "" : ", ") + std::string(to_string(static_cast<FaultKind>(i))) +
           "<=" + limit.to_string();
  }
  return out.empty() ? "none" : out;
}

bool swarm_added_kind(const WorldConfig& config, const FaultRates& effective, FaultKind kind) {
  const auto i = static_cast<size_t>(kind);
  return config.faults.rates.rates[i].is_never() && !effective.rates[i].is_never();
}

}  // namespace wfsim::world
