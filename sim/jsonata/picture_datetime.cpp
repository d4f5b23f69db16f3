// Date/time pictures of fn:format-dateTime as jsonata-js 2.0.6 reads them, the date fragments
// (including ISO week numbering), and $fromMillis.
//
// Kept from jsonata-js: whitespace inside markers is dropped; "[[" and "]]" are literal brackets;
// a width's maximum on Y, M or D sets the digit count and truncates the year modulo 10^n; the
// time zone argument is read with parseInt, so "-0530" is -6 h and -30 min; weeks are computed
// through Date.UTC, so years 0..99 are weeks of 1900..1999; components jsonata-js does not know
// format as "undefined"; names on a component other than M, x and F fail at format time (D3133).
// Not here: parsing text back (picture_datetime_parse.cpp).
#include <cmath>

#include "core/assert.h"
#include "jsonata/picture_cache.h"
#include "jsonata/picture_detail.h"

namespace wfsim::jsonata::picture::detail {

const char16_t* const month_names[12] = {u"January",   u"February", u"March",    u"April",
                                         u"May",       u"June",     u"July",     u"August",
                                         u"September", u"October",  u"November", u"December"};
const char16_t* const day_names[8] = {u"",         u"Monday", u"Tuesday",  u"Wednesday",
                                      u"Thursday", u"Friday", u"Saturday", u"Sunday"};

namespace {

const char16_t* default_presentation(const Text& component) {
  if (component.size() != 1) return nullptr;
  switch (component[0]) {
    case u'Y':
    case u'M':
    case u'D':
    case u'd':
    case u'W':
    case u'w':
    case u'X':
    case u'x':
    case u'H':
    case u'h':
    case u'f':
      return u"1";
    case u'F':
    case u'P':
    case u'C':
    case u'E':
      return u"n";
    case u'm':
    case u's':
      return u"01";
    case u'Z':
    case u'z':
      return u"01:01";
    default:
      return nullptr;
  }
}

Text without_whitespace(TextView text) {
  Text out;
  for (const char16_t unit : text) {
    if (!js_is_space(unit)) out.push_back(unit);
  }
  return out;
}

Text literal_brackets(TextView text) {
  Text out;
  for (size_t i = 0; i < text.size(); ++i) {
    out.push_back(text[i]);
    if (text[i] == u']' && i + 1 < text.size() && text[i + 1] == u']') ++i;
  }
  return out;
}

std::optional<double> read_width(std::optional<Text> spelled) {
  if (!spelled || *spelled == u"*") return std::nullopt;
  return js_parse_int(*spelled);
}

void read_width_modifier(const Text& marker, int64_t comma, DateTimeMarker& def) {
  const Text modifier = js_substring(marker, static_cast<double>(comma) + 1, 1e300);
  const int64_t dash = js_index_of(modifier, u"-");
  Width width;
  if (dash == -1) {
    width.min = read_width(modifier);
  } else {
    width.min = read_width(modifier.substr(0, static_cast<size_t>(dash)));
    width.max = read_width(modifier.substr(static_cast<size_t>(dash) + 1));
  }
  def.width = width;
}

void read_presentation(const Text& modifier, DateTimeMarker& def) {
  if (modifier.size() == 1) {
    def.presentation1 = modifier;
  } else if (modifier.size() > 1) {
    const char16_t last = modifier.back();
    if (last == u'a' || last == u't' || last == u'c' || last == u'o') {
      def.presentation2 = Text(1, last);
      def.presentation1 = modifier.substr(0, modifier.size() - 1);
    } else {
      def.presentation1 = modifier;
    }
  }
}

// The integer format of Y M D d F W w X x H h m s f markers, with the width rules of 9.8.4.
std::optional<Failure> read_integer_format(DateTimeMarker& def) {
  Text pattern = def.presentation1;
  if (!def.presentation2.empty()) pattern += u";" + def.presentation2;
  auto analysed = analyse_integer_picture(pattern);
  if (auto* failure = std::get_if<Failure>(&analysed)) return *failure;
  IntegerFormat format = std::get<IntegerFormat>(analysed);
  if (def.width && def.width->min && format.mandatory_digits < *def.width->min) {
    format.mandatory_digits = *def.width->min;
  }
  if (component_in(def.component, u"YMD")) {
    double n = -1;
    if (def.width && def.width->max) {
      n = *def.width->max;
      format.mandatory_digits = n;
    } else if (format.mandatory_digits + format.optional_digits >= 2) {
      n = format.mandatory_digits + format.optional_digits;
    }
    def.year_digits = n;
  }
  def.integer_format = std::move(format);
  return std::nullopt;
}

Result<DateTimeMarker> read_marker(const Text& marker) {
  DateTimeMarker def;
  def.component = marker.empty() ? Text() : Text(1, marker[0]);
  const int64_t comma = js_last_index_of(marker, u",");
  Text modifier;
  if (comma != -1) {
    read_width_modifier(marker, comma, def);
    modifier = js_substring(marker, 1, static_cast<double>(comma));  // swaps when comma is 0
  } else {
    modifier = js_substring(marker, 1, 1e300);
  }
  read_presentation(modifier, def);
  if (modifier.empty()) {
    const char16_t* fallback = default_presentation(def.component);
    if (fallback == nullptr) {
      return coded("D3132", "Unknown component specifier " + json_quote(def.component) +
                                " in date/time picture string");
    }
    def.presentation1 = fallback;
  }
  if (def.presentation1[0] == u'n') {
    def.names = LetterCase::lower;
  } else if (def.presentation1[0] == u'N') {
    const bool title = def.presentation1.size() > 1 && def.presentation1[1] == u'n';
    def.names = title ? LetterCase::title : LetterCase::upper;
  } else if (component_in(def.component, u"YMDdFWwXxHhmsf")) {
    if (auto failure = read_integer_format(def)) return *failure;
  }
  if (component_in(def.component, u"Zz")) {
    auto analysed = analyse_integer_picture(def.presentation1);
    if (auto* failure = std::get_if<Failure>(&analysed)) return *failure;
    def.integer_format = std::get<IntegerFormat>(analysed);
  }
  return def;
}

}  // namespace

bool component_in(const Text& component, std::u16string_view set) {
  return component.size() == 1 && set.find(component[0]) != std::u16string_view::npos;
}

Result<std::vector<DateTimePart>> analyse_datetime_picture(TextView picture) {
  std::vector<DateTimePart> parts;
  const auto add_literal = [&](size_t from, size_t to) {
    if (to > from) {
      parts.push_back(DateTimePart{true, literal_brackets(picture.substr(from, to - from)), {}});
    }
  };
  size_t start = 0, at = 0;
  while (at < picture.size()) {
    if (picture[at] != u'[') {
      ++at;
      continue;
    }
    if (at + 1 < picture.size() && picture[at + 1] == u'[') {
      add_literal(start, at);
      parts.push_back(DateTimePart{true, u"[", {}});
      at += 2;
      start = at;
      continue;
    }
    add_literal(start, at);
    start = at;
    const size_t close = picture.find(u']', start);
    if (close == TextView::npos) {
      return coded("D3135", "No matching closing bracket ']' in date/time picture string");
    }
    auto marker = read_marker(without_whitespace(picture.substr(start + 1, close - start - 1)));
    if (auto* failure = std::get_if<Failure>(&marker)) return *failure;
    parts.push_back(DateTimePart{false, {}, std::move(std::get<DateTimeMarker>(marker))});
    start = close + 1;
    at = close + 1;
  }
  add_literal(start, at);
  return parts;
}

const Result<std::vector<DateTimePart>>& cached_datetime_picture(std::string_view picture_utf8) {
  thread_local PictureCache<Result<std::vector<DateTimePart>>> pictures;
  return pictures.find_or_analyse(
      picture_utf8, [&] { return analyse_datetime_picture(to_utf16(picture_utf8)); });
}

}  // namespace wfsim::jsonata::picture::detail
