// The ci and soak profiles; see profile.h.
//
// The soak seed is the one place in wfsim that draws from std::random_device: a soak run exists
// to try seeds nobody tried, and it prints the seed first so that any failure can be repeated.
// Nothing under sim/ is involved.
#include "properties/profile.h"

#include <cstdlib>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string_view>

namespace wfsim::properties {
namespace {

Profile& profile_in_effect() {
  static Profile profile{ProfileKind::ci, kCiSeed, 100};
  return profile;
}

uint64_t random_seed() {
  std::random_device device;
  const uint64_t high = device();
  // Kept below 2^53 so that the seed survives any tool that reads it as a double.
  return ((high << 32) | device()) & ((uint64_t{1} << 53) - 1);
}

}  // namespace

ProfileKind profile_kind_from_environment() {
  const char* value = std::getenv("WFSIM_PROFILE");
  const std::string_view name = value != nullptr ? value : "";
  if (name.empty() || name == "ci") return ProfileKind::ci;
  if (name == "soak") return ProfileKind::soak;
  throw std::invalid_argument("WFSIM_PROFILE must be \"ci\" or \"soak\" (got \"" +
                              std::string(name) + "\")");
}

Profile apply_profile(int ci_cases, int soak_cases) {
  Profile profile;
  profile.kind = profile_kind_from_environment();
  profile.seed = profile.kind == ProfileKind::ci ? kCiSeed : random_seed();
  profile.max_success = profile.kind == ProfileKind::ci ? ci_cases : soak_cases;

  rc::detail::Configuration defaults;
  defaults.testParams.seed = profile.seed;
  defaults.testParams.maxSuccess = profile.max_success;
  const char* user = std::getenv("RC_PARAMS");
  const std::string user_params = user != nullptr ? user : "";
  // The user's keys win; a malformed RC_PARAMS throws ConfigurationException with its reason.
  const rc::detail::Configuration wanted = rc::detail::configFromString(user_params, defaults);
  ::setenv("RC_PARAMS", rc::detail::configToString(wanted).c_str(), 1);
  const rc::detail::Configuration& loaded = rc::detail::configuration();
  if (loaded != wanted) {
    throw std::logic_error(
        "RapidCheck read its configuration before the wfsim profile was applied; "
        "WFSIM_PROPERTY_BUDGET must run before any property");
  }
  profile.seed = loaded.testParams.seed;
  profile.max_success = loaded.testParams.maxSuccess;
  profile_in_effect() = profile;

  std::cout << "wfsim properties: profile " << profile.name() << ", RapidCheck seed "
            << profile.seed << ", " << profile.max_success << " cases per property"
            << (user_params.empty() ? "" : " (RC_PARAMS=\"" + user_params + "\" applied)")
            << "\nwfsim properties: to repeat this run: WFSIM_PROFILE=" << profile.name()
            << " RC_PARAMS=\"" << rc::detail::configToMinimalString(loaded) << "\"\n"
            << std::flush;
  return profile;
}

Profile apply_profile_without_rapidcheck() {
  Profile profile;
  profile.kind = profile_kind_from_environment();
  profile_in_effect() = profile;
  std::cout << "wfsim properties: profile " << profile.name() << "\n" << std::flush;
  return profile;
}

const Profile& current_profile() { return profile_in_effect(); }

rc::detail::TestParams test_params(int max_success) {
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  params.maxSuccess = max_success;
  return params;
}

int profile_count(int ci, int soak) {
  return current_profile().kind == ProfileKind::ci ? ci : soak;
}

}  // namespace wfsim::properties
