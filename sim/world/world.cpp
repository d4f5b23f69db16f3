// world::run(): builds the world of the scenario's dialect and runs it. See world.h.
#include "world/world.h"

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

}  // namespace wfsim::world
