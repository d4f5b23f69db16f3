// The per-thread cache of analysed pictures (picture_cache.h): it analyses a key once, keeps at
// most kSlots keys, replaces the least recently used, never stores an over-long key; and through
// the picture functions, a result never depends on what the cache held before (a warm cache, an
// evicted entry, another decimal format, other threads) — it equals a fresh thread's result.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "jsonata/picture.h"
#include "jsonata/picture_cache.h"
#include "jsonata/picture_test_support.h"

namespace wfsim::jsonata::picture {
namespace {

using testing::describe;

// One call of a picture function, rendered as a comparable string.
using Call = std::function<std::string()>;

// Calls with more distinct pictures than a cache has slots, of every cached kind, failures too.
std::vector<Call> picture_calls() {
  std::vector<Call> calls;
  const std::vector<std::string> dates = {
      "[Y0001]-[M01]-[D01]", "[H01]:[m01]:[s01]", "[FNn], [D1o] [MNn] [Y]", "[Y,2]/[M]/[D]",
      "[h].[m01] [P]",        "[D01].[M01].[Y0001]", "[Q]",                  "[Y0001] [Z]",
      "[dwo] day",            "[W01] [X]",           "[MN,3-3] [D]",         "[f001] [z]"};
  for (size_t i = 0; i < dates.size(); ++i) {
    const std::string picture = dates[i];
    const double millis = 1510067557121.0 + 86400000.0 * 37.0 * static_cast<double>(i);
    calls.push_back([=] { return describe(from_millis(millis, picture, "+0130")); });
    calls.push_back([=] {
      auto text = from_millis(millis, picture, std::nullopt);
      if (std::holds_alternative<Failure>(text)) return describe(text);
      return describe(to_millis(std::get<std::string>(text), picture, 1510067557121));
    });
  }
  const std::vector<std::string> numbers = {"#,##0.00", "0.0e0", "#0%", "#;(#)", "00.###",
                                            "#,##0.00;#;#", "###", "9,999.9"};
  for (size_t i = 0; i < numbers.size(); ++i) {
    const std::string picture = numbers[i];
    const double value = -1234.5678 * static_cast<double>(i + 1);
    calls.push_back([=] { return describe(format_number(value, picture, DecimalFormat{})); });
    calls.push_back([=] { return describe(format_number(-value, picture, DecimalFormat{})); });
  }
  const std::vector<std::string> integers = {"w", "I", "001", "#,##0", "a", "Ww;o", "%"};
  for (size_t i = 0; i < integers.size(); ++i) {
    const std::string picture = integers[i];
    const double value = 1999.0 + 7.0 * static_cast<double>(i);
    calls.push_back([=] { return describe(format_integer(value, picture)); });
    calls.push_back([=] {
      auto text = format_integer(value, picture);
      if (std::holds_alternative<Failure>(text)) return describe(text);
      return describe(parse_integer(std::get<std::string>(text), picture));
    });
  }
  return calls;
}

// Each call's result on a thread of its own, whose caches start empty.
std::vector<std::string> fresh_results(const std::vector<Call>& calls) {
  std::vector<std::string> results(calls.size());
  for (size_t i = 0; i < calls.size(); ++i) {
    std::thread([&, i] { results[i] = calls[i](); }).join();
  }
  return results;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(jsonata_picture_cache)

BOOST_AUTO_TEST_CASE(a_key_is_analysed_once_and_the_least_recently_used_is_replaced) {
  using Cache = detail::PictureCache<std::string>;
  Cache cache;
  int analyses = 0;
  const auto find = [&](const std::string& key) {
    return cache.find_or_analyse(key, [&] {
      ++analyses;
      return "analysed " + key;
    });
  };
  for (size_t i = 0; i < Cache::kSlots; ++i) {
    BOOST_CHECK_EQUAL(find(std::to_string(i)), "analysed " + std::to_string(i));
  }
  BOOST_CHECK_EQUAL(analyses, static_cast<int>(Cache::kSlots));
  for (size_t i = 1; i < Cache::kSlots; ++i) find(std::to_string(i));  // "0" is now the oldest
  BOOST_CHECK_EQUAL(analyses, static_cast<int>(Cache::kSlots));
  BOOST_CHECK_EQUAL(find("new"), "analysed new");  // replaces "0"
  BOOST_CHECK_EQUAL(find("1"), "analysed 1");
  BOOST_CHECK_EQUAL(analyses, static_cast<int>(Cache::kSlots) + 1);
  BOOST_CHECK_EQUAL(find("0"), "analysed 0");  // gone, so analysed again
  BOOST_CHECK_EQUAL(analyses, static_cast<int>(Cache::kSlots) + 2);
}

BOOST_AUTO_TEST_CASE(a_key_longer_than_the_limit_is_analysed_every_time) {
  using Cache = detail::PictureCache<std::string>;
  Cache cache;
  int analyses = 0;
  const std::string long_key(Cache::kLongestKeyBytes + 1, 'x');
  for (int i = 0; i < 3; ++i) {
    BOOST_CHECK_EQUAL(cache.find_or_analyse(long_key, [&] {
      ++analyses;
      return std::string("long");
    }), "long");
  }
  BOOST_CHECK_EQUAL(analyses, 3);
}

BOOST_AUTO_TEST_CASE(results_through_a_warm_or_churned_cache_equal_a_fresh_thread) {
  const std::vector<Call> calls = picture_calls();
  const std::vector<std::string> expected = fresh_results(calls);
  // More distinct pictures than slots, in three orders: hits, misses and replacements mixed.
  for (size_t round = 0; round < 3; ++round) {
    for (size_t k = 0; k < calls.size(); ++k) {
      const size_t i = round == 1 ? calls.size() - 1 - k : (k * (2 * round + 1)) % calls.size();
      BOOST_CHECK_EQUAL(calls[i](), expected[i]);
    }
  }
}

BOOST_AUTO_TEST_CASE(number_pictures_are_cached_per_decimal_format) {
  DecimalFormat spaced;
  spaced.grouping_separator = " ";
  DecimalFormat european;
  european.decimal_separator = ",";
  european.grouping_separator = ".";
  for (int round = 0; round < 2; ++round) {
    BOOST_CHECK_EQUAL(describe(format_number(1234567.891, "#,##0.00", DecimalFormat{})),
                      "1,234,567.89");
    // Results checked against jsonata-js 2.0.6.
    BOOST_CHECK_EQUAL(describe(format_number(1234567.891, "#,##0.00", spaced)),
                      "!D3086|The sub-picture must not contain a passive character that is "
                      "preceded by an active character and that is followed by another active "
                      "character");
    BOOST_CHECK_EQUAL(describe(format_number(1234567.891, "# ##0.00", spaced)), "1 234 567.89");
    BOOST_CHECK_EQUAL(describe(format_number(1234567.891, "#.##0,00", european)),
                      "1.234.567,89");
  }
}

BOOST_AUTO_TEST_CASE(threads_formatting_at_once_get_the_fresh_results) {
  const std::vector<Call> calls = picture_calls();
  const std::vector<std::string> expected = fresh_results(calls);
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (size_t round = 0; round < 20; ++round) {
        for (size_t k = 0; k < calls.size(); ++k) {
          const size_t i = (k + t * 7 + round) % calls.size();
          if (calls[i]() != expected[i]) ++mismatches;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_CHECK_EQUAL(mismatches.load(), 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::jsonata::picture
