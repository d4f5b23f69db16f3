// Test-only helper of the invariant property binaries: checks that every invariant of a dialect
// (check::all_invariants()) has its property in the catalogue and a Boost.Test case named after
// it in the running binary, so that an invariant added to sim/check without a property fails.
#pragma once

#include <boost/test/tree/traverse.hpp>
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "check/check.h"
#include "properties/property_catalogue.h"

namespace wfsim::properties::testing {

class TestNames : public boost::unit_test::test_tree_visitor {
 public:
  std::set<std::string> names;
  void visit(const boost::unit_test::test_case& test) override { names.insert(test.p_name); }
};

inline void expect_a_property_per_invariant(bool temporal) {
  TestNames tests;
  boost::unit_test::traverse_test_tree(boost::unit_test::framework::master_test_suite(), tests);
  size_t checked = 0;
  for (const check::InvariantInfo& info : check::all_invariants()) {
    if (info.temporal != temporal) continue;
    ++checked;
    bool catalogued = false;
    for (const InvariantProperty& p : invariant_properties()) catalogued |= p.invariant == info.name;
    BOOST_TEST(catalogued, info.name << " has no property in property_catalogue.cpp");
    const std::string test = property_test_name(info.name);
    BOOST_TEST(tests.names.count(test) == 1u, info.name << " has no test case " << test);
  }
  BOOST_TEST(checked > 0u);
  BOOST_TEST(invariant_properties().size() == check::all_invariants().size());
}

}  // namespace wfsim::properties::testing
