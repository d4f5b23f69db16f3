// Scenario loading: defaults, every key, and every problem with its file and JSON pointer.
#include <boost/test/unit_test.hpp>

#include "scenario/scenario.h"
#include "scenario_test_support.h"

namespace wfsim::scenario {
namespace {

BOOST_AUTO_TEST_CASE(a_minimal_step_functions_scenario_gets_every_documented_default) {
  const auto scenario = test::load_ok(R"({"definition": )" + test::kOneTask + "}");
  const world::WorldConfig& config = scenario.config;
  BOOST_TEST(config.name == "test");
  BOOST_TEST((config.dialect == world::Dialect::step_functions));
  BOOST_TEST(config.input == Json::object());
  BOOST_TEST(config.resources.empty());
  BOOST_TEST(config.faults.script.empty());
  BOOST_TEST(config.faults.stop_at == Duration::seconds(86'400));
  for (const Ratio& rate : config.faults.rates.rates) BOOST_TEST(rate.is_never());
  BOOST_TEST(config.actions.empty());
  BOOST_TEST(config.epoch == kDefaultEpoch);
  BOOST_TEST(config.shuffle_ties);
  BOOST_TEST(config.sfn_options.default_task_timeout_seconds == 99'999'999);
  BOOST_TEST(!config.sfn_options.activity_timeout_from_scheduled);
  BOOST_TEST(config.sfn_options.history_event_limit == 25'000);
  BOOST_TEST(!config.liveness_bound.has_value());
  BOOST_TEST(config.quiet_period == Duration::seconds(300));
  BOOST_TEST(config.limits.max_events == RunLimits{}.max_events);
  BOOST_TEST(scenario.expect.status.empty());
  BOOST_TEST(scenario.self_contained["name"] == "test");
  BOOST_TEST(scenario.self_contained["dialect"] == "step-functions");
}

}  // namespace
}  // namespace wfsim::scenario
