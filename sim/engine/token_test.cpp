// Task tokens and the mutant catalogue.
#include <boost/test/unit_test.hpp>

#include <set>

#include "core/random.h"
#include "engine/mutants.h"
#include "engine/token.h"

namespace wfsim {

BOOST_AUTO_TEST_SUITE(tokens)

BOOST_AUTO_TEST_CASE(tokens_round_trip_and_differ_per_attempt) {
  Random random(11);
  std::set<std::string> seen;
  for (uint64_t attempt = 0; attempt < 1000; ++attempt) {
    const TokenParts parts{7, attempt, random.next_u64()};
    const std::string token = encode_token(parts);
    BOOST_TEST_REQUIRE(token.size() == 44u);
    BOOST_TEST_REQUIRE((decode_token(token) == parts));
    BOOST_TEST_REQUIRE(seen.insert(token).second);
  }
}

BOOST_AUTO_TEST_CASE(mangled_tokens_do_not_decode) {
  const std::string token = encode_token({1, 42, 0x1234567890abcdefULL});
  BOOST_TEST(!decode_token("").has_value());
  BOOST_TEST(!decode_token("garbage").has_value());
  BOOST_TEST(!decode_token(token.substr(1)).has_value());
  for (size_t i = 0; i < token.size(); ++i) {
    std::string changed = token;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    BOOST_TEST(!decode_token(changed).has_value(), "position " << i);
  }
  std::string bad_char = token;
  bad_char[5] = '!';
  BOOST_TEST(!decode_token(bad_char).has_value());
}

BOOST_AUTO_TEST_CASE(every_mutant_has_a_unique_parsable_name) {
  std::set<std::string_view> names;
  for (const MutantInfo& info : all_mutants()) {
    BOOST_TEST(names.insert(info.name).second);
    BOOST_TEST((parse_mutant(info.name) == info.mutant));
    BOOST_TEST(!info.description.empty());
  }
  BOOST_TEST(names.size() >= 12u);
  BOOST_TEST(!parse_mutant("no-such-mutant").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim
