// The strict JSON reader; see reader.h.
#include "scenario/reader.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "asl/problem.h"

namespace wfsim::scenario {
namespace {

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string quoted_list(std::span<const std::string_view> words) {
  std::string out;
  for (const std::string_view word : words) {
    if (!out.empty()) out += ", ";
    out += '"';
    out += word;
    out += '"';
  }
  return out;
}

}  // namespace

std::string closest_word(std::string_view word,
                         std::initializer_list<std::string_view> candidates) {
  std::string best;
  size_t best_distance = 3;
  if (word.size() > 64) return best;  // Not a typo of a short key; skip the quadratic work.
  for (const std::string_view candidate : candidates) {
    const size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

void Reader::problem(const std::string& pointer, std::string message) {
  out_->push_back({file_, pointer, std::move(message)});
}

std::string Reader::child(const std::string& at, std::string_view key) {
  return at + "/" + asl::pointer_segment(std::string(key));
}

std::string Reader::child(const std::string& at, size_t index) {
  return at + "/" + std::to_string(index);
}

bool Reader::object(const Json& value, const std::string& at,
                    std::initializer_list<std::string_view> allowed) {
  if (!value.is_object()) {
    problem(at, "must be an object");
    return false;
  }
  for (const auto& [key, member] : value.items()) {
    // "comment" is allowed in every object of fixed keys (the scaffold writes them): a string
    // or an array of strings, ignored.
    if (key == "comment") {
      const bool lines = member.is_array() && std::all_of(member.begin(), member.end(),
                                                          [](const Json& line) {
                                                            return line.is_string();
                                                          });
      if (!member.is_string() && !lines) {
        problem(child(at, key), "a comment must be a string or an array of strings");
      }
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    const std::string suggestion = closest_word(key, allowed);
    if (!suggestion.empty()) {
      problem(child(at, key), "unknown key; did you mean \"" + suggestion + "\"?");
    } else if (allowed.size() == 0) {
      problem(child(at, key), "unknown key; this object takes no keys");
    } else {
      problem(child(at, key), "unknown key; expected one of " +
                                  quoted_list({allowed.begin(), allowed.size()}));
    }
  }
  return true;
}

bool Reader::array(const Json& value, const std::string& at) {
  if (value.is_array()) return true;
  problem(at, "must be an array");
  return false;
}

const Json* Reader::find(const Json& object, const std::string& at, std::string_view key,
                         bool required) {
  if (object.is_object()) {
    const auto it = object.find(std::string(key));
    if (it != object.end()) return &*it;
  }
  if (required) problem(at, "missing required key \"" + std::string(key) + "\"");
  return nullptr;
}

std::optional<std::string> Reader::text(const Json& object, const std::string& at,
                                        std::string_view key, bool required) {
  const Json* value = find(object, at, key, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string() || value->get_ref<const std::string&>().empty()) {
    problem(child(at, key), "must be a non-empty string");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<bool> Reader::boolean(const Json& object, const std::string& at,
                                    std::string_view key) {
  const Json* value = find(object, at, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    problem(child(at, key), "must be true or false");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<uint64_t> Reader::integer(const Json& object, const std::string& at,
                                        std::string_view key, uint64_t min, uint64_t max,
                                        bool required) {
  const Json* value = find(object, at, key, required);
  if (value == nullptr) return std::nullopt;
  std::optional<uint64_t> number;
  if (value->is_number_unsigned()) number = value->get<uint64_t>();
  if (value->is_number_integer() && !value->is_number_unsigned() && value->get<int64_t>() >= 0) {
    number = static_cast<uint64_t>(value->get<int64_t>());
  }
  if (!number || *number < min || *number > max) {
    problem(child(at, key), "must be an integer from " + std::to_string(min) + " to " +
                                std::to_string(max));
    return std::nullopt;
  }
  return number;
}

std::optional<Duration> Reader::seconds_value(const Json& value, const std::string& at,
                                              bool positive) {
  // Every seconds field shares one bound (core/time.h), said in the message with the range.
  static const std::string kRange =
      std::to_string(kMaxInputSeconds) + " (100 years)";
  const std::string expected = positive
                                   ? "must be a positive number of seconds, at most " + kRange
                                   : "must be a number of seconds >= 0 and at most " + kRange;
  if (!value.is_number()) {
    problem(at, expected);
    return std::nullopt;
  }
  Duration duration;
  if (value.is_number_unsigned()) {
    if (value.get<uint64_t>() > static_cast<uint64_t>(kMaxInputSeconds)) {
      problem(at, expected);
      return std::nullopt;
    }
    duration = Duration::seconds(static_cast<int64_t>(value.get<uint64_t>()));
  } else if (value.is_number_integer()) {
    const int64_t whole = value.get<int64_t>();
    if (whole < 0 || whole > kMaxInputSeconds) {
      problem(at, expected);
      return std::nullopt;
    }
    duration = Duration::seconds(whole);
  } else {
    const double real = value.get<double>();
    if (!(real >= 0) || !(real <= static_cast<double>(kMaxInputSeconds))) {  // NaN fails too.
      problem(at, expected);
      return std::nullopt;
    }
    duration = Duration::from_seconds_real(real);
  }
  if (positive && duration <= Duration::zero()) {
    problem(at, expected);
    return std::nullopt;
  }
  WFSIM_ASSERT(duration >= Duration::zero() && duration <= Duration::seconds(kMaxInputSeconds));
  return duration;
}

std::optional<Duration> Reader::seconds(const Json& object, const std::string& at,
                                        std::string_view key, bool positive, bool required) {
  const Json* value = find(object, at, key, required);
  if (value == nullptr) return std::nullopt;
  return seconds_value(*value, child(at, key), positive);
}

std::optional<std::string> Reader::choice(const Json& object, const std::string& at,
                                          std::string_view key,
                                          std::span<const std::string_view> choices) {
  const Json* value = find(object, at, key);
  if (value == nullptr) return std::nullopt;
  if (value->is_string()) {
    const auto& text = value->get_ref<const std::string&>();
    if (std::find(choices.begin(), choices.end(), text) != choices.end()) return text;
  }
  problem(child(at, key), "must be one of " + quoted_list(choices));
  return std::nullopt;
}

}  // namespace wfsim::scenario
