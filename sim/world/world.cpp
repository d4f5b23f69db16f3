// world::run(): builds the world of the scenario's dialect and runs it. See world.h.
#include "world/world.h"

#include "asl/definition.h"
#include "world/sfn_world.h"
#include "world/temporal_world.h"

namespace wfsim::world {

RunResult run(const WorldConfig& config, const RunOptions& options) {
  RunResult result;
  result.seed = options.seed;
  result.dialect = config.dialect;
  if (config.dialect == Dialect::step_functions) {
    detail::SfnWorld world(config, options, result);
    world.run();
  } else {
    detail::TemporalWorld world(config, options, result);
    world.run();
  }
  return result;
}

FaultKindSet applicable_kinds(const WorldConfig& config) {
  PatternSet patterns;
  if (config.dialect == Dialect::temporal) {
    patterns.add(Pattern::temporal_activity);
  } else if (config.definition != nullptr) {
    for (const asl::State* state : config.definition->all_states()) {
      if (!state->task) continue;
      if (const auto info = asl::classify_resource(state->task->resource)) {
        patterns.add(pattern_of(*info));
      }
    }
    for (const Pattern p : {Pattern::item_reader, Pattern::result_writer}) {
      if (s3_patterns_of(*config.definition).has(p)) patterns.add(p);
    }
  }
  FaultKindSet out{};
  for (const FaultKindTraits& traits : all_fault_kinds()) {
    out[static_cast<size_t>(traits.kind)] = traits.applies_to.intersects(patterns);
  }
  return out;
}

PatternSet patterns_of_resource(const WorldConfig& config, const ResourceConfig& resource) {
  if (config.dialect == Dialect::temporal) return PatternSet::of({Pattern::temporal_activity});
  if (config.definition == nullptr) return {};
  return patterns_of_key(*config.definition, resource.key);
}

}  // namespace wfsim::world
