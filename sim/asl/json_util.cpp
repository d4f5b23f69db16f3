// JSON value helpers; see json_util.h.
#include "asl/json_util.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <utility>
#include <vector>

#include "core/assert.h"
#include "core/random.h"

namespace wfsim::asl::detail {
namespace {

constexpr double kTwo63 = 9223372036854775808.0;
constexpr double kTwo64 = 18446744073709551616.0;

int sign_of(bool less, bool greater) { return less ? -1 : (greater ? 1 : 0); }

std::optional<int> compare_int_double(int64_t i, double d) {
  if (std::isnan(d)) return std::nullopt;
  if (d >= kTwo63) return -1;
  if (d < -kTwo63) return 1;
  // -2^63 <= d < 2^63, so truncation is defined, and (double)t is exact: either d is integral
  // already (|d| >= 2^52) or t has at most 52 significant bits.
  const auto t = static_cast<int64_t>(d);
  if (i != t) return sign_of(i < t, i > t);
  const double fraction = d - static_cast<double>(t);
  return sign_of(fraction > 0, fraction < 0);
}

std::optional<int> compare_uint_double(uint64_t u, double d) {
  if (std::isnan(d)) return std::nullopt;
  if (d < 0) return 1;
  if (d >= kTwo64) return -1;
  const auto t = static_cast<uint64_t>(d);
  if (u != t) return sign_of(u < t, u > t);
  return (d - static_cast<double>(t)) > 0 ? -1 : 0;
}

uint64_t hash_string(std::string_view text) { return mix64(hash_name(text)); }

uint64_t hash_number(const Json& value) {
  if (value.is_number_unsigned()) {
    const auto u = value.get<uint64_t>();
    if (u <= static_cast<uint64_t>(INT64_MAX)) return mix64(u);
    return mix64(u ^ 0x5555555555555555ULL);
  }
  if (value.is_number_integer()) return mix64(static_cast<uint64_t>(value.get<int64_t>()));
  const double d = value.get<double>();
  if (std::isfinite(d) && std::floor(d) == d) {
    if (d >= -kTwo63 && d < kTwo63) return mix64(static_cast<uint64_t>(static_cast<int64_t>(d)));
    if (d >= 0 && d < kTwo64) return mix64(static_cast<uint64_t>(d) ^ 0x5555555555555555ULL);
  }
  return mix64(std::bit_cast<uint64_t>(d) ^ 0xd1b54a32d192ed03ULL);
}

// Depth-limited: past the limit everything hashes alike, which json_equal then sorts out.
uint64_t hash_at(const Json& value, int depth) {
  if (depth > 64) return 0x9e3779b97f4a7c15ULL;
  switch (value.type()) {
    case Json::value_t::null: return 1;
    case Json::value_t::boolean: return value.get<bool>() ? 2 : 3;
    case Json::value_t::string: return hash_string(value.get_ref<const std::string&>());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return hash_number(value);
    case Json::value_t::array: {
      uint64_t h = 4;
      for (const Json& item : value) h = mix64(h * 31 + hash_at(item, depth + 1));
      return h;
    }
    case Json::value_t::object: {
      uint64_t h = 5;  // A sum, so key order does not matter.
      for (const auto& [key, item] : value.items()) {
        h += mix64(hash_string(key) * 31 + hash_at(item, depth + 1));
      }
      return h;
    }
    default: return 6;
  }
}

bool is_continuation(unsigned char ch) { return (ch & 0xC0) == 0x80; }

}  // namespace

std::optional<int> compare_numbers(const Json& a, const Json& b) {
  if (!a.is_number() || !b.is_number()) return std::nullopt;
  if (a.is_number_float() && b.is_number_float()) {
    const double x = a.get<double>(), y = b.get<double>();
    if (std::isnan(x) || std::isnan(y)) return std::nullopt;
    return sign_of(x < y, x > y);
  }
  if (a.is_number_float() || b.is_number_float()) {
    const bool flip = a.is_number_float();
    const Json& integer = flip ? b : a;
    const double d = flip ? a.get<double>() : b.get<double>();
    const auto result = integer.is_number_unsigned()
                            ? compare_uint_double(integer.get<uint64_t>(), d)
                            : compare_int_double(integer.get<int64_t>(), d);
    if (!result) return std::nullopt;
    return flip ? -*result : *result;
  }
  if (a.is_number_unsigned() && b.is_number_unsigned()) {
    const auto x = a.get<uint64_t>(), y = b.get<uint64_t>();
    return sign_of(x < y, x > y);
  }
  if (!a.is_number_unsigned() && !b.is_number_unsigned()) {
    const auto x = a.get<int64_t>(), y = b.get<int64_t>();
    return sign_of(x < y, x > y);
  }
  // One signed, one unsigned.
  const bool a_signed = !a.is_number_unsigned();
  const int64_t s = a_signed ? a.get<int64_t>() : b.get<int64_t>();
  const uint64_t u = a_signed ? b.get<uint64_t>() : a.get<uint64_t>();
  int result = 0;
  if (s < 0) {
    result = -1;
  } else {
    result = sign_of(static_cast<uint64_t>(s) < u, static_cast<uint64_t>(s) > u);
  }
  return a_signed ? result : -result;
}

bool json_equal(const Json& a, const Json& b) {
  std::vector<std::pair<const Json*, const Json*>> pending{{&a, &b}};
  while (!pending.empty()) {
    const auto [x, y] = pending.back();
    pending.pop_back();
    if (x->is_number() && y->is_number()) {
      if (compare_numbers(*x, *y) != 0) return false;
      continue;
    }
    if (x->type() != y->type()) return false;
    if (x->is_array()) {
      if (x->size() != y->size()) return false;
      for (size_t i = 0; i < x->size(); ++i) pending.emplace_back(&(*x)[i], &(*y)[i]);
    } else if (x->is_object()) {
      if (x->size() != y->size()) return false;
      for (auto it = x->begin(); it != x->end(); ++it) {
        const auto found = y->find(it.key());
        if (found == y->end()) return false;
        pending.emplace_back(&*it, &*found);
      }
    } else if (*x != *y) {
      return false;
    }
  }
  return true;
}

uint64_t json_hash(const Json& value) { return hash_at(value, 0); }

std::optional<int64_t> as_int64(const Json& value) {
  if (value.is_number_unsigned()) {
    const auto u = value.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (value.is_number_integer()) return value.get<int64_t>();
  return std::nullopt;
}

std::optional<int64_t> rounded_int64(const Json& value) {
  if (!value.is_number_float()) return as_int64(value);
  const double d = value.get<double>();
  if (!std::isfinite(d)) return std::nullopt;
  double r = std::floor(d);
  if (d - r >= 0.5) r += 1;
  if (r < -kTwo63 || r >= kTwo63) return std::nullopt;
  return static_cast<int64_t>(r);
}

size_t utf8_sequence_length(std::string_view text, size_t pos) {
  const auto at = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = at(pos);
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // Allowed range of the second byte.
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  if (at(pos + 1) < low || at(pos + 1) > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (!is_continuation(at(pos + i))) return 0;
  }
  return length;
}

size_t utf16_length(std::string_view text) {
  size_t units = 0;
  for (size_t pos = 0; pos < text.size();) {
    const size_t length = utf8_sequence_length(text, pos);
    units += length == 4 ? 2 : 1;
    pos += length == 0 ? 1 : length;
  }
  return units;
}

size_t code_point_count(std::string_view text) {
  size_t count = 0;
  for (size_t pos = 0; pos < text.size(); ++count) {
    const size_t length = utf8_sequence_length(text, pos);
    pos += length == 0 ? 1 : length;
  }
  return count;
}

std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const size_t length = utf8_sequence_length(text, pos);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++pos;
    } else {
      out.append(text.substr(pos, length));
      pos += length;
    }
  }
  return out;
}

void append_new_key(Json& object, const std::string& key, Json value) {
  WFSIM_ASSERT(object.is_object());
  auto& map = object.get_ref<Json::object_t&>();
  static_cast<Json::object_t::Container&>(map).emplace_back(key, std::move(value));
}

std::string compact(const Json& value) { return to_compact_text(value); }

}  // namespace wfsim::asl::detail
