// A stateful RapidCheck test (rc::state) of the Step Functions API: random sequences of
// StartExecution, GetActivityTask, SendTaskHeartbeat, SendTaskSuccess, SendTaskFailure (a
// retried, a caught and an unhandled error), calls with tokens never issued, StopExecution,
// RedriveExecution, DescribeExecution and the passing of time (milliseconds to weeks), run against
// the reference engine and compared call by call with the model of api_model.h. At the end every
// execution's history and call log must also keep every invariant of sim/check.
#include <rapidcheck/boost_test.h>

#include "properties/api_model_property.h"
#include "properties/profile.h"

WFSIM_PROPERTY_BUDGET(500, 10000);

BOOST_AUTO_TEST_SUITE(api_state)

RC_BOOST_PROP(the_step_functions_api_answers_as_the_model_predicts, ()) {
  wfsim::properties::api::check_api_model({});
}

BOOST_AUTO_TEST_SUITE_END()
