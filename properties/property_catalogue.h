// The named invariant properties: one per invariant of check::all_invariants() (facts section 6),
// each drawing generated cases of the area that exercises that invariant and checking that one
// invariant on every run. invariant_properties.cpp and temporal_invariant_properties.cpp register
// them with Boost.Test (one RC_BOOST_PROP each, named after the invariant); the mutant test runs
// the same properties with each planted defect switched on.
#pragma once

#include <rapidcheck.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "properties/generators.h"

namespace wfsim::properties {

struct InvariantProperty {
  std::string_view invariant;  // "sfn.hard_task_timeout".
  Area area;                   // The generated cases it draws.
};

// Every invariant property, in check::all_invariants() order.
std::span<const InvariantProperty> invariant_properties();

// The entry for an invariant name; unknown names assert.
const InvariantProperty& invariant_property(std::string_view invariant);

// The Boost.Test case name of an invariant's property: "sfn.hard_task_timeout" ->
// "sfn_hard_task_timeout".
std::string property_test_name(std::string_view invariant);

// One case of the property (the body of its RC_BOOST_PROP): draws a case of its area, runs it
// with `mutants` switched on and fails on a violation of its invariant. Capsules are written
// unless `write_capsules` is false.
void run_invariant_property(std::string_view invariant,
                            const std::vector<std::string>& mutants = {},
                            bool write_capsules = true);

}  // namespace wfsim::properties

// Registers the property of `invariant` as the Boost.Test case `name`.
#define WFSIM_INVARIANT_PROPERTY(name, invariant) \
  RC_BOOST_PROP(name, ()) { ::wfsim::properties::run_invariant_property(invariant); }
