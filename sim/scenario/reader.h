// A strict reader over one JSON document that collects every problem it meets instead of stopping
// at the first: unknown keys (with a "did you mean"), wrong types, out-of-range numbers, missing
// required keys, each at its JSON Pointer and naming the file.
//
// This file owns the low-level checks shared by the scenario, mock-config and capsule loaders. It
// knows nothing of what a scenario means. Every access checks the JSON type first, so nlohmann's
// throwing accessors are never reached with bad input.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/time.h"
#include "record/json.h"
#include "scenario/problems.h"

namespace wfsim::scenario {

class Reader {
 public:
  Reader(std::string file, FileProblems& problems) : file_(std::move(file)), out_(&problems) {}

  const std::string& file() const { return file_; }
  void problem(const std::string& pointer, std::string message);
  size_t problem_count() const { return out_->size(); }

  static std::string child(const std::string& at, std::string_view key);
  static std::string child(const std::string& at, size_t index);

  // True when `value` is an object (otherwise a problem); every key not in `allowed` is one.
  bool object(const Json& value, const std::string& at,
              std::initializer_list<std::string_view> allowed);
  // True when `value` is an array (otherwise a problem).
  bool array(const Json& value, const std::string& at);
  // The member, or nullptr. `required` reports a missing member at `at`.
  const Json* find(const Json& object, const std::string& at, std::string_view key,
                   bool required = false);

  // Members of specific types; absent members give nullopt without a problem unless required.
  std::optional<std::string> text(const Json& object, const std::string& at, std::string_view key,
                                  bool required = false);
  std::optional<bool> boolean(const Json& object, const std::string& at, std::string_view key);
  // An integer in [min, max].
  std::optional<uint64_t> integer(const Json& object, const std::string& at, std::string_view key,
                                  uint64_t min, uint64_t max, bool required = false);
  // A number of seconds >= 0 (fractions allowed, rounded to the microsecond); `positive` also
  // rejects 0.
  std::optional<Duration> seconds(const Json& object, const std::string& at, std::string_view key,
                                  bool positive = false, bool required = false);
  // The same checks on a value already at hand.
  std::optional<Duration> seconds_value(const Json& value, const std::string& at,
                                        bool positive = false);
  // One of `choices`.
  std::optional<std::string> choice(const Json& object, const std::string& at,
                                    std::string_view key,
                                    std::span<const std::string_view> choices);
  std::optional<std::string> choice(const Json& object, const std::string& at,
                                    std::string_view key,
                                    std::initializer_list<std::string_view> choices) {
    return choice(object, at, key, std::span<const std::string_view>(choices.begin(), choices.size()));
  }

 private:
  std::string file_;
  FileProblems* out_;
};

// The closest of `candidates` to `word` when it is a plausible typo (edit distance <= 2), else "".
std::string closest_word(std::string_view word, std::initializer_list<std::string_view> candidates);

}  // namespace wfsim::scenario
