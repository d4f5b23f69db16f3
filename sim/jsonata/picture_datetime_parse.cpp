// $toMillis with a picture: the pattern jsonata-js generates from a date/time picture, reading
// each component back, and its rules for completing a partial date (parts left of the first
// given one come from "now", parts right of the last given one are 1 for M/D/d and 0 otherwise,
// a gap is D3136) before Date.UTC.
//
// Kept from jsonata-js: matching is case-insensitive but name lookup is not ("JAN" is not a
// month); a zero value does not count as given when the date and time forms are chosen; a
// year and day-of-year (dateB) followed by any time is D3136, and week dates are always D3136;
// negative time zones with minutes add the minutes; years 0..99 mean 1900..1999. Departure: a
// time zone marker whose grouping separator is a regular-expression operator other than "."
// ("*", "+", "?", "(", ")", "[", "|", "\") is refused with an empty-code Failure, where
// jsonata-js would build a broken or different expression. Not here: $toMillis without a
// picture (picture_iso8601.cpp).
#include <array>
#include <cmath>
#include <limits>
#include <map>

#include "core/assert.h"
#include "jsonata/picture_cache.h"
#include "jsonata/picture_detail.h"

namespace wfsim::jsonata::picture::detail {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// A JavaScript value a component can hold: undefined, a number, or something else truthy that
// is not a number (an inherited property such as "constructor", or "am" from now).
struct Value {
  enum class Kind { undefined, number, other } kind = Kind::undefined;
  double number = 0;

  bool defined() const { return kind != Kind::undefined; }
  bool truthy() const {
    return kind == Kind::other || (kind == Kind::number && number != 0 && !std::isnan(number));
  }
  double to_number() const { return kind == Kind::number ? number : not_a_number; }
};

Value number_value(double number) { return Value{Value::Kind::number, number}; }

// How a picture part turns its capture into a component value.
struct Reader {
  enum class Kind { none, timezone, integer, names } kind = Kind::none;
  char16_t component = 0;
  IntegerFormat format;
  Text separator;  // timezone: the regular separator, "" when none
  std::map<Text, double> names;
};

bool inherited_property(TextView name) {
  return name == u"constructor" || name == u"hasOwnProperty" || name == u"isPrototypeOf" ||
         name == u"propertyIsEnumerable" || name == u"toLocaleString" || name == u"toString" ||
         name == u"valueOf";
}

MatchAtom characters(CharacterClass set, int64_t min, int64_t max, size_t group) {
  MatchAtom atom;
  atom.kind = MatchAtom::Kind::characters;
  atom.characters = set;
  atom.min = min;
  atom.max = max;
  atom.group = group;
  return atom;
}

MatchAtom literal(Text text, size_t group) {
  MatchAtom atom;
  atom.text = std::move(text);
  atom.group = group;
  return atom;
}

std::optional<Failure> add_timezone(const DateTimeMarker& marker, size_t group,
                                    std::vector<MatchAtom>& atoms, Reader& reader) {
  reader.kind = Reader::Kind::timezone;
  const IntegerFormat& format = *marker.integer_format;
  if (format.primary == Primary::decimal && format.regular) {
    reader.separator = format.separators[0].character;
  }
  if (marker.component == u"z") atoms.push_back(literal(u"GMT", group));
  atoms.push_back(characters(CharacterClass::sign, 1, 1, group));
  atoms.push_back(characters(CharacterClass::digit, 1, -1, group));
  if (!reader.separator.empty()) {
    const Text& separator = reader.separator;
    if (separator == u".") {
      atoms.push_back(characters(CharacterClass::any, 1, 1, group));
    } else if (separator == u"^" || separator == u"$") {
      atoms.push_back(characters(CharacterClass::any, 2, 1, group));  // an assertion that fails
    } else if (separator.size() == 1 && Text(u"*+?()[|\\").find(separator[0]) != Text::npos) {
      return coded("", "Invalid regular expression: time zone separator " + json_quote(separator) +
                           " is not supported");
    } else {
      atoms.push_back(literal(separator, group));
    }
    atoms.push_back(characters(CharacterClass::digit, 1, -1, group));
  }
  return std::nullopt;
}

std::optional<Failure> add_integer(const DateTimeMarker& marker, size_t group,
                                   std::vector<MatchAtom>& atoms, Reader& reader) {
  reader.kind = Reader::Kind::integer;
  reader.format = *marker.integer_format;
  const IntegerFormat& format = reader.format;
  switch (format.primary) {
    case Primary::letters:
      atoms.push_back(characters(CharacterClass::letter, 1, -1, group));
      return std::nullopt;
    case Primary::roman:
      atoms.push_back(characters(CharacterClass::roman, 1, -1, group));
      return std::nullopt;
    case Primary::words: {
      MatchAtom words;
      words.kind = MatchAtom::Kind::words;
      for (const auto& [word, value] : word_values()) words.alternatives.push_back(word);
      words.alternatives.insert(words.alternatives.end(), {u"and", u"-", u",", u" "});
      words.group = group;
      atoms.push_back(std::move(words));
      return std::nullopt;
    }
    case Primary::sequence:
      return sequence_failure(format.token);
    case Primary::decimal:
      break;
  }
  const double n = marker.year_digits.value_or(not_a_number);
  if (n > 0) {
    const double low = n - format.optional_digits;
    if (format.optional_digits == 0) {
      atoms.push_back(characters(CharacterClass::digit, static_cast<int64_t>(std::min(n, 1e15)),
                                 static_cast<int64_t>(std::min(n, 1e15)), group));
    } else if (low >= 0) {
      // Both bounds clamped: beyond 1e15 digits no text can match, as in V8.
      atoms.push_back(characters(CharacterClass::digit, static_cast<int64_t>(std::min(low, 1e15)),
                                 static_cast<int64_t>(std::min(n, 1e15)), group));
    } else {
      // "{-1,2}" is no quantifier in a non-unicode JavaScript pattern: its text is literal.
      atoms.push_back(characters(CharacterClass::digit, 1, 1, group));
      atoms.push_back(
          literal(u"{" + js_number_to_string(low) + u"," + js_number_to_string(n) + u"}", group));
    }
  } else {
    atoms.push_back(characters(CharacterClass::digit, 1, -1, group));
  }
  if (format.ordinal) {
    MatchAtom suffix;
    suffix.kind = MatchAtom::Kind::alternatives;
    suffix.alternatives = {u"th", u"st", u"nd", u"rd"};
    suffix.group = group;
    atoms.push_back(std::move(suffix));
  }
  return std::nullopt;
}

std::optional<Failure> add_names(const DateTimeMarker& marker, size_t group,
                                 std::vector<MatchAtom>& atoms, Reader& reader) {
  reader.kind = Reader::Kind::names;
  // `part.width && part.width.max` in jsonata-js: 0, NaN and undefined do not truncate.
  const double max = marker.width ? marker.width->max.value_or(0) : 0;
  const bool truncate = max != 0 && !std::isnan(max);
  const auto add = [&](const Text& name, double value) {
    reader.names[truncate ? js_substring(name, 0, max) : name] = value;
  };
  if (component_in(marker.component, u"Mx")) {
    for (int i = 0; i < 12; ++i) add(month_names[i], i + 1);
  } else if (marker.component == u"F") {
    for (int i = 1; i < 8; ++i) add(day_names[i], i);
  } else if (marker.component == u"P") {
    reader.names = {{u"am", 0}, {u"AM", 0}, {u"pm", 1}, {u"PM", 1}};
  } else {
    return coded("D3133",
                 "The 'name' modifier can only be applied to months and days in the "
                 "date/time picture string, not " +
                     json_quote(marker.component));
  }
  atoms.push_back(characters(CharacterClass::letter, 1, -1, group));
  return std::nullopt;
}

Result<Value> read_timezone(const Reader& reader, TextView captured) {
  Text value(captured);
  if (reader.component == u'z') value = js_substring(value, 3, 1e300);
  double hours = 0, minutes = 0;
  if (!reader.separator.empty()) {
    const auto at = static_cast<double>(js_index_of(value, reader.separator));
    hours = js_parse_int(js_substring(value, 0, at));
    minutes = js_parse_int(js_substring(value, at + 1, 1e300));
  } else if (value.size() - 1 <= 2) {
    hours = js_parse_int(value);
  } else {
    hours = js_parse_int(js_substring(value, 0, 3));
    minutes = js_parse_int(js_substring(value, 3, 1e300));
  }
  return number_value(hours * 60 + minutes);
}

Result<Value> read_component(const Reader& reader, TextView captured) {
  switch (reader.kind) {
    case Reader::Kind::timezone:
      return read_timezone(reader, captured);
    case Reader::Kind::integer: {
      auto parsed = parse_integer_value(captured, reader.format);
      if (auto* failure = std::get_if<Failure>(&parsed)) return *failure;
      return number_value(std::get<double>(parsed));
    }
    case Reader::Kind::names: {
      const auto found = reader.names.find(Text(captured));
      if (found != reader.names.end()) return number_value(found->second);
      if (inherited_property(captured)) return Value{Value::Kind::other, 0};
      return Value{};
    }
    case Reader::Kind::none:
      break;
  }
  WFSIM_UNREACHABLE("component without a reader");
}

// The components read from the text or filled in, by letter. Every component a reader or the
// completion rules name is an ASCII letter (others fail at analysis: D3132, D3133), so a flat
// table serves instead of a map.
class Components {
 public:
  Value get(char16_t component) const { return values_[index(component)]; }
  void set(char16_t component, Value value) {
    values_[index(component)] = value;
    any_ = true;
  }
  bool empty() const { return !any_; }

 private:
  static size_t index(char16_t component) {
    WFSIM_ASSERT_MSG(component >= u'A' && component <= u'z', "a date component is a letter");
    return static_cast<size_t>(component - u'A');
  }
  std::array<Value, u'z' - u'A' + 1> values_{};
  bool any_ = false;
};

Value get(const Components& components, char16_t component) { return components.get(component); }

// Bit mask of the truthy components among `letters`, most significant first.
int truthy_mask(const Components& components, std::u16string_view letters) {
  int mask = 0;
  for (const char16_t letter : letters)
    mask = (mask << 1) | (get(components, letter).truthy() ? 1 : 0);
  return mask;
}

bool is_type(int type, int mask) { return (~type & mask) == 0 && (type & mask) != 0; }

Failure missing_specifiers() {
  return coded("D3136",
               "The date/time picture string is missing specifiers required to parse "
               "the timestamp");
}

// Fills the components left of the first given one from now and right of the last given one
// with 1 (M, D, d) or 0; a gap between given components is D3136.
std::optional<Failure> complete(Components& components, std::u16string_view order, double now) {
  bool started = false, ended = false;
  for (const char16_t letter : order) {
    if (get(components, letter).defined()) {
      started = true;
      if (ended) return missing_specifiers();
      continue;
    }
    if (started) {
      const bool one = letter == u'M' || letter == u'D' || letter == u'd';
      components.set(letter, number_value(one ? 1 : 0));
      ended = true;
      continue;
    }
    const Fragment fragment = datetime_fragment(now, letter);
    WFSIM_ASSERT(fragment.kind != Fragment::Kind::undefined);
    components.set(letter, fragment.kind == Fragment::Kind::number
                               ? number_value(fragment.number)
                               : Value{Value::Kind::other, 0});
  }
  return std::nullopt;
}

Result<std::optional<double>> assemble(Components& components, double now) {
  const int date_mask = truthy_mask(components, u"YXMxWwdD");
  const bool date_a = is_type(161, date_mask);
  const bool date_b = !date_a && is_type(130, date_mask);
  const bool date_c = is_type(84, date_mask);
  const bool date_d = !date_c && is_type(72, date_mask);
  const int time_mask = truthy_mask(components, u"PHhmsf");
  const bool time_a = is_type(23, time_mask);
  const bool time_b = !time_a && is_type(47, time_mask);
  Text order = date_b ? u"YD" : date_c ? u"XxwF" : date_d ? u"XWF" : u"YMD";
  order += time_b ? u"Phmsf" : u"Hmsf";
  if (auto failure = complete(components, order, now)) return *failure;
  const double month = get(components, u'M').to_number();
  components.set(u'M', number_value(month > 0 ? month - 1 : 0));
  if (date_b) {
    const double first_of_january = js_date_utc(get(components, u'Y').to_number(), 0);
    const double day_of_year = get(components, u'd').to_number();
    const DateFields derived =
        js_date_fields(js_time_clip(first_of_january + (day_of_year - 1) * millis_per_day));
    components.set(u'M', number_value(derived.month0));
    components.set(u'D', number_value(derived.day));
  }
  // Week dates are not implemented by jsonata-js either.
  if (date_c || date_d) return missing_specifiers();
  if (time_b) {
    const Value hour = get(components, u'h');
    Value hours = hour.kind == Value::Kind::number && hour.number == 12 ? number_value(0) : hour;
    const Value meridiem = get(components, u'P');
    if (meridiem.kind == Value::Kind::number && meridiem.number == 1) {
      hours = number_value(hours.to_number() + 12);
    }
    components.set(u'H', hours);
  }
  const auto field = [&](char16_t letter) { return get(components, letter).to_number(); };
  double millis = js_date_utc(field(u'Y'), field(u'M'), field(u'D'), field(u'H'), field(u'm'),
                              field(u's'), field(u'f'));
  const Value zone = get(components, u'Z').truthy() ? get(components, u'Z') : get(components, u'z');
  if (zone.truthy()) millis -= zone.to_number() * 60 * 1000;
  return std::optional<double>(millis);
}

// What a picture turns into before any text is read: the atoms of jsonata-js's regular
// expression and a reader per picture part. Depends on the picture alone, so it is cached.
struct MatchPlan {
  std::vector<MatchAtom> atoms;
  std::vector<Reader> readers;  // one per picture part
};

Result<MatchPlan> plan_match(std::string_view picture_utf8) {
  auto analysed = analyse_datetime_picture(to_utf16(picture_utf8));
  if (auto* failure = std::get_if<Failure>(&analysed)) return *failure;
  const auto& parts = std::get<std::vector<DateTimePart>>(analysed);
  MatchPlan plan;
  plan.readers.resize(parts.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].is_literal) {
      plan.atoms.push_back(literal(parts[i].literal, i));
      continue;
    }
    const DateTimeMarker& marker = parts[i].marker;
    Reader& reader = plan.readers[i];
    reader.component = marker.component.empty() ? char16_t{0} : marker.component[0];
    std::optional<Failure> failure;
    if (component_in(marker.component, u"Zz")) {
      failure = add_timezone(marker, i, plan.atoms, reader);
    } else if (marker.integer_format) {
      failure = add_integer(marker, i, plan.atoms, reader);
    } else {
      failure = add_names(marker, i, plan.atoms, reader);
    }
    if (failure) return *failure;
  }
  return plan;
}

}  // namespace

Result<std::optional<double>> parse_with_picture(TextView text, std::string_view picture_utf8,
                                                 int64_t now_millis) {
  thread_local PictureCache<Result<MatchPlan>> plans;
  const auto& planned =
      plans.find_or_analyse(picture_utf8, [&] { return plan_match(picture_utf8); });
  if (auto* failure = std::get_if<Failure>(&planned)) return *failure;
  const MatchPlan& plan = std::get<MatchPlan>(planned);
  const size_t groups = plan.readers.size();
  const std::optional<GroupSpans> spans = match_picture(plan.atoms, groups, text);
  if (!spans) return std::optional<double>();
  Components components;
  for (size_t i = 0; i < groups; ++i) {
    const Reader& reader = plan.readers[i];
    if (reader.kind == Reader::Kind::none) continue;
    const auto [begin, end] = (*spans)[i];
    auto value = read_component(reader, text.substr(begin, end - begin));
    if (auto* failure = std::get_if<Failure>(&value)) return *failure;
    components.set(reader.component, std::get<Value>(value));
  }
  if (components.empty()) return std::optional<double>();
  return assemble(components, js_time_clip(static_cast<double>(now_millis)));
}

}  // namespace wfsim::jsonata::picture::detail
