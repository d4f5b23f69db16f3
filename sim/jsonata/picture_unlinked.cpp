// Stand-in for the picture-string algorithms (picture_number.cpp, picture_integer.cpp,
// picture_datetime.cpp) while they are written on another branch: CMake links this file only when
// those are absent, so wfsim_jsonata links either way. Every function reports that the algorithm
// is not in this build; none implements any part of it. Delete this file when the real ones land.
#include "jsonata/picture.h"

namespace wfsim::jsonata::picture {
namespace {
Failure missing(const char* function) {
  return Failure{"D3137", std::string(function) + ": picture strings are not in this build yet"};
}
}  // namespace

Result<std::string> format_number(double, std::string_view, const DecimalFormat&) {
  return missing("$formatNumber");
}
Result<std::string> format_integer(double, std::string_view) { return missing("$formatInteger"); }
Result<double> parse_integer(std::string_view, std::string_view) { return missing("$parseInteger"); }
Result<std::string> format_datetime(int64_t, std::string_view, std::string_view) {
  return missing("$fromMillis");
}
Result<std::optional<int64_t>> parse_datetime(std::string_view, std::string_view, int64_t) {
  return missing("$toMillis");
}
Result<std::string> from_millis(double, std::optional<std::string_view>,
                                std::optional<std::string_view>) {
  return missing("$fromMillis");
}
Result<std::optional<double>> to_millis(std::string_view, std::optional<std::string_view>,
                                        int64_t) {
  return missing("$toMillis");
}
DecimalFormat default_decimal_format() { return DecimalFormat{}; }

}  // namespace wfsim::jsonata::picture
