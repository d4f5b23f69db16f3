// Properties of the CSV reader over generated rows: any rows written with proper quoting
// (write_csv) read back as the same rows, through the cursor and through read_items with given
// headers; and arbitrary bytes never make a reader throw or assert.
#include <boost/test/unit_test.hpp>
#include <rapidcheck.h>
#include <rapidcheck/boost_test.h>

#include "s3/s3_test_support.h"

namespace wfsim::s3 {
namespace {

// Fields drawn from the characters that matter to the parser, plus ordinary ones.
rc::Gen<std::string> field() {
  return rc::gen::container<std::string>(
      rc::gen::elementOf(std::string("ab ,|;\t\"\\\n\r'x{}")));
}

rc::Gen<std::vector<std::vector<std::string>>> rows(size_t width) {
  return rc::gen::container<std::vector<std::vector<std::string>>>(
      rc::gen::container<std::vector<std::string>>(width, field()));
}

RC_BOOST_PROP(csv_rows_written_with_quoting_read_back_the_same, ()) {
  const char delimiter = *rc::gen::elementOf(std::string(",|; \t"));
  const size_t width = *rc::gen::inRange<size_t>(1, 5);
  const auto written = *rows(width);
  const std::string text = write_csv(written, delimiter);  // The cursor views it.
  CsvCursor cursor(text, delimiter);
  std::vector<std::string> fields;
  for (const auto& row : written) {
    RC_ASSERT(cursor.next(fields) == CsvCursor::Step::record);
    RC_ASSERT(fields == row);
  }
  RC_ASSERT(cursor.next(fields) == CsvCursor::Step::end);
}

RC_BOOST_PROP(csv_items_hold_the_written_values_under_given_headers, ()) {
  const char delimiter = *rc::gen::elementOf(std::string(",|; \t"));
  const auto written = *rows(3);
  ReadRequest request = testing::get_request(InputType::csv);
  request.csv_delimiter = delimiter;
  request.csv_header_location = CsvHeaderLocation::given;
  request.csv_headers = {"a", "b", "c"};
  const ReadOutcome outcome = testing::read_body(write_csv(written, delimiter), request);
  RC_ASSERT(!outcome.failure_cause.has_value());
  RC_ASSERT(outcome.items.size() == written.size());
  for (size_t i = 0; i < written.size(); ++i) {
    RC_ASSERT(outcome.items[i]["a"].get<std::string>() == written[i][0]);
    RC_ASSERT(outcome.items[i]["c"].get<std::string>() == written[i][2]);
  }
}

RC_BOOST_PROP(arbitrary_bytes_never_throw_from_any_reader, (const std::string& bytes)) {
  for (const InputType type :
       {InputType::json, InputType::jsonl, InputType::csv, InputType::manifest}) {
    ReadRequest request = testing::get_request(type);
    request.max_items = *rc::gen::inRange<int64_t>(0, 4);
    const ReadOutcome outcome = testing::read_body(bytes, request);
    RC_ASSERT(!outcome.failure_cause || outcome.items.empty());
  }
}

}  // namespace
}  // namespace wfsim::s3
