// The CSV reader against DG-CSV's rules and the recorded examples E3 to E6 and E8
// (docs/facts: DMAP-2.9, 2.13): header row or given headers, every delimiter, strings only, short
// and long rows, duplicates, quoting, backslashes, newlines, MaxItems.
#include "s3/s3_test_support.h"

namespace wfsim::s3 {
namespace {

using testing::items_of;
using testing::read_body;

ReadRequest csv(char delimiter = ',') {
  ReadRequest request = testing::get_request(InputType::csv);
  request.csv_delimiter = delimiter;
  return request;
}

ReadRequest given(std::vector<std::string> headers) {
  ReadRequest request = csv();
  request.csv_header_location = CsvHeaderLocation::given;
  request.csv_headers = std::move(headers);
  return request;
}

// E3's file: typed-looking values, an empty row of delimiters and a whitespace-only last line.
const std::string kE3Rows =
    "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   ";

BOOST_AUTO_TEST_CASE(e3_first_row_headers_give_strings_in_six_items) {
  const Json items = items_of(read_body("Col1,Col2,Col3\n" + kE3Rows, csv()));
  const Json expected = Json::parse(R"([
    {"Col1":"Value1","Col2":"Value2","Col3":"Value3"},
    {"Col1":"Value4","Col2":"Value5","Col3":"Value6"},
    {"Col1":"","Col2":"","Col3":""},
    {"Col1":"true","Col2":"1","Col3":"'HelloWorld'"},
    {"Col1":"Null","Col2":"None","Col3":""},
    {"Col1":"   ","Col2":"","Col3":""}])");
  BOOST_TEST(items == expected);
}

BOOST_AUTO_TEST_CASE(e4_given_single_header_drops_extra_fields) {
  const Json items = items_of(read_body(kE3Rows, given({"H1"})));
  BOOST_TEST(items == Json::parse(R"([{"H1":"Value1"},{"H1":"Value4"},{"H1":""},
                                       {"H1":"true"},{"H1":"Null"},{"H1":"   "}])"));
}

BOOST_AUTO_TEST_CASE(e5_header_with_empty_name_keys_the_second_column_by_empty_string) {
  const Json items = items_of(read_body("H1,\nValue1,Value2,Value3\n", csv()));
  BOOST_TEST(items == Json::parse(R"([{"H1":"Value1","":"Value2"}])"));
}

BOOST_AUTO_TEST_CASE(typed_looking_headers_are_used_verbatim) {
  const Json items = items_of(read_body("0,True,{}\na,b,c\n", csv()));
  BOOST_TEST(items == Json::parse(R"([{"0":"a","True":"b","{}":"c"}])"));
}

BOOST_AUTO_TEST_CASE(e6_duplicate_given_headers_fail_the_read) {
  const ReadOutcome outcome = read_body(kE3Rows, given({"H1", "H1", "H3"}));
  BOOST_TEST(outcome.failure_cause.value_or("") == "CSV headers cannot contain duplicates.");
  BOOST_TEST(outcome.items.empty());
}

BOOST_AUTO_TEST_CASE(duplicate_first_row_headers_fail_even_without_rows) {
  const ReadOutcome outcome = read_body("a,b,a", csv());
  BOOST_TEST(outcome.failure_cause.value_or("") == "CSV headers cannot contain duplicates.");
}

BOOST_AUTO_TEST_CASE(short_rows_are_padded_and_long_rows_cut) {
  const Json items = items_of(read_body("a,b,c\n1\n1,2,3,4,5\n", csv()));
  BOOST_TEST(items == Json::parse(R"([{"a":"1","b":"","c":""},{"a":"1","b":"2","c":"3"}])"));
}

BOOST_AUTO_TEST_CASE(every_delimiter_separates_fields) {
  for (const char delimiter : {',', '|', ';', ' ', '\t'}) {
    BOOST_TEST_CONTEXT("delimiter '" << delimiter << "'") {
      // The quoted value holds every delimiter; quoting keeps its own one inside.
      std::string text = "x";
      text += delimiter;
      text += "y\n1";
      text += delimiter;
      text += "\"two, words|;\t\"\n";
      const Json items = items_of(read_body(text, csv(delimiter)));
      BOOST_TEST(items == Json::parse(R"([{"x":"1","y":"two, words|;\t"}])"));
    }
  }
}

BOOST_AUTO_TEST_CASE(other_delimiters_are_ordinary_characters) {
  const Json items = items_of(read_body("a|b\n1,2|3;4\n", csv('|')));
  BOOST_TEST(items == Json::parse(R"([{"a":"1,2","b":"3;4"}])"));
}

BOOST_AUTO_TEST_CASE(quotes_hold_delimiters_newlines_and_doubled_quotes) {
  // DG-CSV's own example row.
  const std::string row =
      "abc,123,\"This string contains commas, a double quotation marks (\"\"), and a newline "
      "(\n)\",{\"\"MyKey\"\":\"\"MyValue\"\"},\"[1,2,3]\"";
  const Json items = items_of(read_body(row, given({"a", "b", "c", "d", "e"})));
  BOOST_REQUIRE(items.size() == 1);
  BOOST_TEST(items[0]["c"] ==
             "This string contains commas, a double quotation marks (\"), and a newline (\n)");
  BOOST_TEST(items[0]["d"] == "{\"MyKey\":\"MyValue\"}");  // "" mid-field: one quote.
  BOOST_TEST(items[0]["e"] == "[1,2,3]");
}

BOOST_AUTO_TEST_CASE(quoted_empty_field_and_quotes_in_the_middle_of_a_field) {
  const Json items = items_of(read_body("a,b,c\n1,\"\",3\nx\"p,q\"y,\"\"\"\",z\n", csv()));
  BOOST_TEST(items == Json::parse(R"([{"a":"1","b":"","c":"3"},
                                       {"a":"xp,qy","b":"\"","c":"z"}])"));
}

BOOST_AUTO_TEST_CASE(backslash_escapes_backslash_quote_and_delimiter_and_is_dropped_elsewhere) {
  const Json items = items_of(
      read_body("path,size\nC:\\\\Program Files\\\\MyApp.exe,6534512\n", csv()));
  BOOST_TEST(items == Json::parse(R"([{"path":"C:\\Program Files\\MyApp.exe","size":"6534512"}])"));
  const Json escaped = items_of(read_body("a,b\n1\\,2,\\\"q\\\"\n\\n\\x,\\\n", csv()));
  BOOST_TEST(escaped == Json::parse(R"([{"a":"1,2","b":"\"q\""},{"a":"nx","b":""}])"));
  const Json piped = items_of(read_body("a|b\n1\\|2\\,3|x\n", csv('|')));
  BOOST_TEST(piped == Json::parse(R"([{"a":"1|2,3","b":"x"}])"));
}

BOOST_AUTO_TEST_CASE(trailing_newline_makes_no_item_but_whitespace_line_does) {
  BOOST_TEST(items_of(read_body("a\n1\n", csv())).size() == 1);
  BOOST_TEST(items_of(read_body("a\n1\r\n", csv())).size() == 1);
  BOOST_TEST(items_of(read_body("a\n1\n \n", csv())).size() == 2);
  BOOST_TEST(items_of(read_body("a\n1\n\n\n2", csv())) == Json::parse(R"([{"a":"1"},{"a":"2"}])"));
}

BOOST_AUTO_TEST_CASE(crlf_ends_records_and_a_lone_carriage_return_is_data) {
  const Json items = items_of(read_body("a,b\r\n1,x\ry\r\n", csv()));
  BOOST_TEST(items == Json::parse(R"([{"a":"1","b":"x\ry"}])"));
}

BOOST_AUTO_TEST_CASE(empty_file_and_header_only_give_no_items) {
  BOOST_TEST(items_of(read_body("", csv())).empty());
  BOOST_TEST(items_of(read_body("a,b\n", csv())).empty());
  BOOST_TEST(items_of(read_body("", given({"a"}))).empty());
}

BOOST_AUTO_TEST_CASE(unclosed_quote_is_malformed_csv) {
  const ReadOutcome outcome = read_body("a\n1\n\"open\nstill open", csv());
  BOOST_TEST(outcome.failure_cause.value_or("") ==
             "Malformed CSV in s3://data/items: the quoted field opened on line 3 is never closed");
}

BOOST_AUTO_TEST_CASE(header_row_over_10_kb_fails) {
  std::string header;
  for (int i = 0; i < 2000; ++i) header += "col" + std::to_string(i) + ",";
  header += "last\n1\n";
  const ReadOutcome outcome = read_body(header, csv());
  BOOST_TEST(outcome.failure_cause.value_or("").find("larger than 10 KB") != std::string::npos);
}

std::string rows(int count) {
  std::string text = "n\n";
  for (int i = 0; i < count; ++i) text += std::to_string(i) + "\n";
  return text;
}

BOOST_AUTO_TEST_CASE(max_items_take_rows_from_the_start_after_the_header) {
  ReadRequest request = csv();
  request.max_items = 2;
  BOOST_TEST(items_of(read_body(rows(4), request)) == Json::parse(R"([{"n":"0"},{"n":"1"}])"));
  request.max_items = 0;
  BOOST_TEST(items_of(read_body(rows(4), request)).size() == 4);
  request.max_items = 100'000'000;
  BOOST_TEST(items_of(read_body(rows(4), request)).size() == 4);
}

BOOST_AUTO_TEST_CASE(e8_max_items_from_a_path) {
  ReadRequest request = csv();
  request.max_items = -1;
  const ReadOutcome negative = read_body(rows(4), request);
  BOOST_TEST(negative.failure_cause.value_or("") == "field MaxItems must be positive");
  request.max_items = 100'000'001;  // Above the literal maximum: silently all.
  BOOST_TEST(items_of(read_body(rows(4), request)).size() == 4);
}

BOOST_AUTO_TEST_CASE(a_row_over_8_mb_fails_the_read) {
  std::string text = "a\nsmall\n" + std::string(kMaxItemBytes + 1, 'x') + "\n";
  const ReadOutcome outcome = read_body(text, csv());
  BOOST_TEST(outcome.failure_cause.value_or("") ==
             "The item at index 1 of s3://data/items is larger than 8 MB, the most an item "
             "reader reads as one item");
  BOOST_TEST(outcome.items.empty());
}

BOOST_AUTO_TEST_CASE(write_csv_quotes_what_the_cursor_reads_back) {
  const std::vector<std::vector<std::string>> written = {{"a\"b", "c\\d", "e,f\ng"}, {""}};
  const std::string text = write_csv(written, ',');  // The cursor views it.
  CsvCursor cursor(text, ',');
  std::vector<std::string> fields;
  for (const auto& row : written) {
    BOOST_TEST((cursor.next(fields) == CsvCursor::Step::record));
    BOOST_TEST(fields == row);
  }
  BOOST_TEST((cursor.next(fields) == CsvCursor::Step::end));
}

}  // namespace
}  // namespace wfsim::s3
