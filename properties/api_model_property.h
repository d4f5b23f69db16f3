// The stateful property of the Step Functions API as a function, so that the API test
// (api_state_test.cpp) and the mutant test (mutant_properties.cpp) run the same property: draws a
// machine configuration and a random sequence of API calls and time steps (rc::state), runs them
// on the reference engine with `mutants` switched on, compares every answer with the model of
// api_model.h, and finally checks every execution's record with sim/check. Call it inside a
// RapidCheck property.
#pragma once

#include "engine/mutants.h"

namespace wfsim::properties::api {

void check_api_model(const MutantSet& mutants);

}  // namespace wfsim::properties::api
