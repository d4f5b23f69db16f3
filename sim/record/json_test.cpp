// The text printers of json.h against nlohmann's own dump (the definition of compact text):
// append_json_string on any bytes (control characters, quotes, valid and invalid UTF-8) prints
// what dumping the string as a JSON value prints, and append_compact_text appends exactly
// to_compact_text's text.
#include <boost/test/unit_test.hpp>
#include <rapidcheck.h>
#include <rapidcheck/boost_test.h>

#include "record/json.h"

namespace wfsim {
namespace {

std::string dumped(const std::string& text) {
  return Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Bytes that exercise every branch: ASCII, escapes, and the edges of UTF-8's lead and
// continuation ranges (overlong, surrogate and out-of-range forms included).
rc::Gen<std::string> tricky_bytes() {
  static const std::string kBytes =
      std::string("a\"\\/ \x7f\b\t\n\f\r\x01\x1f", 14) + std::string(1, '\0') +
      "\x80\x8f\x90\x9f\xa0\xbf\xc0\xc1\xc2\xdf\xe0\xe1\xec\xed\xee\xef\xf0\xf1\xf3\xf4\xf5\xff";
  return rc::gen::container<std::string>(rc::gen::elementOf(kBytes));
}

BOOST_AUTO_TEST_SUITE(json_text)

BOOST_AUTO_TEST_CASE(known_strings_print_as_nlohmann_prints_them) {
  for (const std::string& text :
       {std::string(), std::string("plain"), std::string("q\"b\\s/"), std::string("\x01\x1f\n", 3),
        std::string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), std::string("bad \xc3"),
        std::string("\xed\xa0\x80 surrogate"), std::string("\xf4\x90\x80\x80 too high"),
        std::string("\xe0\x80\xaf overlong")}) {
    std::string out = "prefix:";
    append_json_string(out, text);
    BOOST_TEST(out == "prefix:" + dumped(text));
  }
}

RC_BOOST_PROP(json_strings_print_as_nlohmann_prints_them, ()) {
  const std::string text = *tricky_bytes();
  const std::string prefix = *rc::gen::element(std::string(), std::string("x"));
  std::string out = prefix;
  append_json_string(out, text);
  RC_ASSERT(out.substr(prefix.size()) == dumped(text));
  RC_ASSERT(out.starts_with(prefix));
}

RC_BOOST_PROP(compact_text_appends_what_to_compact_text_gives, ()) {
  const std::string key = *tricky_bytes();
  const Json value = Json::array({*tricky_bytes(), Json{{key, *rc::gen::arbitrary<int64_t>()}},
                                  *rc::gen::arbitrary<double>(), nullptr, true});
  std::string out = "[1,";
  append_compact_text(out, value);
  RC_ASSERT(out == "[1," + value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wfsim
