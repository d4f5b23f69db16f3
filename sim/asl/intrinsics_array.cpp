// The array, JSON-merge and math intrinsics: States.Array, ArrayPartition, ArrayContains,
// ArrayRange, ArrayGetItem, ArrayLength, ArrayUnique, JsonMerge, MathRandom and MathAdd.
//
// Integer arguments accept any JSON number and round non-integers half up, as AWS documents
// for MathRandom and MathAdd. Failures are States.IntrinsicFailure values; nothing throws, and
// no result can grow without bound (ArrayRange is capped at 1000 items).
#include <unordered_map>

#include "asl/intrinsic.h"
#include "asl/json_util.h"

namespace wfsim::asl::detail {
namespace {

__extension__ typedef __int128 int128;

Outcome<int64_t> integer_argument(std::string_view function, const Json& value,
                                  std::string_view what) {
  const auto integer = rounded_int64(value);
  if (!integer) {
    return intrinsic_failure(function, std::string(what) + " must be an integer, not " +
                                           compact(value));
  }
  return *integer;
}

}  // namespace

Outcome<Json> intrinsic_array(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  Json out = Json::array();
  for (const Json* arg : args) out.push_back(*arg);
  return out;
}

Outcome<Json> intrinsic_array_partition(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  constexpr std::string_view kName = "States.ArrayPartition";
  if (!args[0]->is_array()) return intrinsic_failure(kName, "the first argument must be an array");
  auto chunk = integer_argument(kName, *args[1], "the chunk size");
  if (!chunk.ok()) return chunk.error();
  if (chunk.value() <= 0) return intrinsic_failure(kName, "the chunk size must be positive");
  const auto size = static_cast<uint64_t>(chunk.value());
  Json out = Json::array();
  const Json& array = *args[0];
  for (size_t i = 0; i < array.size(); ++i) {
    if (i % size == 0) out.push_back(Json::array());
    out.back().push_back(array[i]);
  }
  return out;
}

Outcome<Json> intrinsic_array_contains(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  if (!args[0]->is_array()) {
    return intrinsic_failure("States.ArrayContains", "the first argument must be an array");
  }
  for (const Json& item : *args[0]) {
    if (json_equal(item, *args[1])) return Json(true);
  }
  return Json(false);
}

Outcome<Json> intrinsic_array_range(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  constexpr std::string_view kName = "States.ArrayRange";
  auto start = integer_argument(kName, *args[0], "the start");
  if (!start.ok()) return start.error();
  auto end = integer_argument(kName, *args[1], "the end");
  if (!end.ok()) return end.error();
  auto step = integer_argument(kName, *args[2], "the step");
  if (!step.ok()) return step.error();
  if (step.value() == 0) return intrinsic_failure(kName, "the step must not be 0");
  const int128 first = start.value(), last = end.value(), stride = step.value();
  int128 count = 0;
  if (stride > 0 && last >= first) count = (last - first) / stride + 1;
  if (stride < 0 && first >= last) count = (first - last) / -stride + 1;
  if (count > kMaxArrayRangeItems) {
    return intrinsic_failure(kName, "the range has more than 1000 items");
  }
  Json out = Json::array();
  for (int128 i = 0; i < count; ++i) out.push_back(static_cast<int64_t>(first + i * stride));
  return out;
}

Outcome<Json> intrinsic_array_get_item(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  constexpr std::string_view kName = "States.ArrayGetItem";
  if (!args[0]->is_array()) return intrinsic_failure(kName, "the first argument must be an array");
  auto index = integer_argument(kName, *args[1], "the index");
  if (!index.ok()) return index.error();
  const Json& array = *args[0];
  if (index.value() < 0 || static_cast<uint64_t>(index.value()) >= array.size()) {
    return intrinsic_failure(kName, "index " + std::to_string(index.value()) +
                                        " is out of bounds for an array of " +
                                        std::to_string(array.size()) + " item(s)");
  }
  return array[static_cast<size_t>(index.value())];
}

Outcome<Json> intrinsic_array_length(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  if (!args[0]->is_array()) {
    return intrinsic_failure("States.ArrayLength", "the argument must be an array");
  }
  return Json(args[0]->size());
}

// Keeps the first of every group of equal items, in order. Items are bucketed by a hash that
// agrees with json_equal, so large arrays stay near-linear; the map is only probed, never
// iterated, so its order cannot reach the output.
Outcome<Json> intrinsic_array_unique(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  if (!args[0]->is_array()) {
    return intrinsic_failure("States.ArrayUnique", "the argument must be an array");
  }
  std::unordered_map<uint64_t, std::vector<const Json*>> seen;
  Json out = Json::array();
  for (const Json& item : *args[0]) {
    auto& bucket = seen[json_hash(item)];
    const bool duplicate = std::any_of(bucket.begin(), bucket.end(),
                                       [&](const Json* kept) { return json_equal(*kept, item); });
    if (duplicate) continue;
    bucket.push_back(&item);
    out.push_back(item);
  }
  return out;
}

Outcome<Json> intrinsic_json_merge(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  constexpr std::string_view kName = "States.JsonMerge";
  if (!args[0]->is_object() || !args[1]->is_object()) {
    return intrinsic_failure(kName, "the first two arguments must be objects");
  }
  if (!args[2]->is_boolean()) {
    return intrinsic_failure(kName, "the third argument must be a boolean");
  }
  if (args[2]->get<bool>()) return intrinsic_failure(kName, "deep merge is not supported");
  // Shallow: keys of the second object replace the first's, keeping the first's key order.
  Json out = *args[0];
  for (auto it = args[1]->begin(); it != args[1]->end(); ++it) out[it.key()] = *it;
  return out;
}

// An integer in [start, end). With a seed the draw comes from a generator seeded by it, so the
// same seed gives the same number in every run; without one it comes from the run's stream.
Outcome<Json> intrinsic_math_random(const IntrinsicCall&, IntrinsicArgs args, Random& random) {
  constexpr std::string_view kName = "States.MathRandom";
  auto start = integer_argument(kName, *args[0], "the start");
  if (!start.ok()) return start.error();
  auto end = integer_argument(kName, *args[1], "the end");
  if (!end.ok()) return end.error();
  if (start.value() >= end.value()) {
    return intrinsic_failure(kName, "the start must be smaller than the end");
  }
  const uint64_t span = static_cast<uint64_t>(end.value()) - static_cast<uint64_t>(start.value());
  uint64_t draw = 0;
  if (args.size() == 3) {
    auto seed = integer_argument(kName, *args[2], "the seed");
    if (!seed.ok()) return seed.error();
    Random seeded(static_cast<uint64_t>(seed.value()));
    draw = seeded.uniform(span);
  } else {
    draw = random.uniform(span);
  }
  return Json(static_cast<int64_t>(static_cast<uint64_t>(start.value()) + draw));
}

Outcome<Json> intrinsic_math_add(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  constexpr std::string_view kName = "States.MathAdd";
  auto a = integer_argument(kName, *args[0], "the first argument");
  if (!a.ok()) return a.error();
  auto b = integer_argument(kName, *args[1], "the second argument");
  if (!b.ok()) return b.error();
  int64_t sum = 0;
  if (__builtin_add_overflow(a.value(), b.value(), &sum)) {
    return intrinsic_failure(kName, "the sum overflows a 64-bit integer");
  }
  return Json(sum);
}

}  // namespace wfsim::asl::detail
