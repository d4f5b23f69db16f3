// Test profiles of the property suite, selected by the environment variable WFSIM_PROFILE:
//
//   ci   (the default when unset; ctest and .ci/run use it): a fixed RapidCheck seed and case
//        counts bounded so that all of properties/ stays within a few minutes on 2 cores;
//   soak: many more cases per property and a random seed, printed at the start of every test
//        binary (with the RC_PARAMS that repeats the run).
//
// A profile is applied by composing RC_PARAMS before RapidCheck reads its configuration: the
// profile's seed and max_success are defaults, and whatever the user's own RC_PARAMS says wins
// (so RC_PARAMS="reproduce=..." and RC_PARAMS="seed=N" work under both profiles). Every property
// binary declares its case counts with WFSIM_PROPERTY_BUDGET, which installs a Boost global
// fixture that applies the profile and checks that RapidCheck really took it.
//
// This file does not define properties, and RapidCheck is never configured any other way.
#pragma once

#include <rapidcheck.h>

#include <cstdint>
#include <string>

namespace wfsim::properties {

enum class ProfileKind : uint8_t { ci, soak };

struct Profile {
  ProfileKind kind = ProfileKind::ci;
  uint64_t seed = 0;     // The seed the profile proposes (the user's RC_PARAMS may override).
  int max_success = 0;   // Cases per property the profile proposes.
  const char* name() const { return kind == ProfileKind::ci ? "ci" : "soak"; }
};

// The fixed RapidCheck seed of the ci profile (docs/mutants.md counts are measured with it).
inline constexpr uint64_t kCiSeed = 20'241'122;

// Reads WFSIM_PROFILE ("ci", "soak"; unset or empty: ci). An unknown name throws
// std::invalid_argument naming the valid ones.
ProfileKind profile_kind_from_environment();

// Applies the profile to RapidCheck: sets RC_PARAMS to the profile's defaults overridden by the
// user's RC_PARAMS, loads RapidCheck's configuration, checks it took the composed parameters
// (throws std::logic_error if RapidCheck had read its configuration earlier), and prints the
// profile, the seed and the RC_PARAMS that repeat the run. Returns the profile in effect.
Profile apply_profile(int ci_cases, int soak_cases);

// For a test binary without RapidCheck properties: reads WFSIM_PROFILE and prints it.
Profile apply_profile_without_rapidcheck();

// The profile apply_profile() put in effect (ci defaults before it ran).
const Profile& current_profile();

// The parameters a property run by hand (the mutant test) uses: RapidCheck's configuration in
// effect (seed and size from the profile) with `max_success` cases.
rc::detail::TestParams test_params(int max_success);

// Scales a count for the current profile: `ci` under ci, `soak` under soak.
int profile_count(int ci, int soak);

}  // namespace wfsim::properties

// Declares the case counts per property of one test binary and applies the profile before any
// test runs. Use once per test binary, at namespace scope.
#define WFSIM_PROPERTY_BUDGET(ci_cases, soak_cases)                                       \
  namespace {                                                                             \
  struct WfsimPropertyProfile {                                                           \
    WfsimPropertyProfile() { ::wfsim::properties::apply_profile(ci_cases, soak_cases); } \
  };                                                                                      \
  }                                                                                       \
  BOOST_TEST_GLOBAL_FIXTURE(WfsimPropertyProfile)

// The same for a test binary that runs no RapidCheck property but sizes its work by profile.
#define WFSIM_PROPERTY_PROFILE()                                                         \
  namespace {                                                                            \
  struct WfsimPropertyProfile {                                                          \
    WfsimPropertyProfile() { ::wfsim::properties::apply_profile_without_rapidcheck(); } \
  };                                                                                     \
  }                                                                                      \
  BOOST_TEST_GLOBAL_FIXTURE(WfsimPropertyProfile)
