#include <boost/test/unit_test.hpp>
#include "jsonata/jsonata.h"
BOOST_AUTO_TEST_CASE(placeholder) { BOOST_CHECK(true); }
