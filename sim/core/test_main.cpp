// Shared Boost.Test entry point: every test binary runs with the throwing assertion handler, so a
// failed WFSIM_ASSERT becomes a test failure (and a shrinkable RapidCheck failure) instead of an
// exit.
#define BOOST_TEST_MODULE wfsim
#include <boost/test/unit_test.hpp>

#include "core/assert.h"

namespace {
struct ThrowingAssertions {
  ThrowingAssertions() { wfsim::set_assertion_handler(&wfsim::throw_on_assertion); }
};
}  // namespace

BOOST_TEST_GLOBAL_FIXTURE(ThrowingAssertions);
