// Boolean, type, error and encoding functions ($boolean, $not, $exists, $type, $error, $assert,
// $base64encode/decode, $encodeUrl(Component), $decodeUrl(Component)), $millis, and AWS's
// $hash, $uuid and $parse.
//
// Not here: picture-string functions and $now (functions_picture.cpp).
#include <openssl/evp.h>

#include <cmath>

#include "jsonata/eval.h"
#include "jsonata/lex.h"

namespace wfsim::jsonata::detail {

Value boxed_from_json(Evaluator& evaluator, const Json& json, size_t depth) {
  if (depth > evaluator.limits.value_depth) evaluator.too_large("nesting of arrays and objects");
  evaluator.step();
  if (json.is_array()) {
    auto made = new_array();
    for (const Json& item : json) {
      made.box->items.push_back(boxed_from_json(evaluator, item, depth + 1));
      made.box->depth = std::max(made.box->depth, box_depth(made.box->items.back()) + 1);
    }
    return std::move(made.value);
  }
  if (json.is_object()) {
    auto* object = new ObjectBox();
    Value result = Value::box(Type::object, object);
    for (const auto& [key, value] : json.items()) object->set(key, boxed_from_json(evaluator, value, depth + 1));
    return result;
  }
  if (json.is_string()) return Value::string(json.get<std::string>());
  return Value::json(json);
}

namespace {

Value fn_boolean(Evaluator&, Call& call) {
  const auto result = truthy(call.args[0]);
  if (!result) return {};
  return Value::boolean(*result);
}

Value fn_not(Evaluator&, Call& call) {
  const auto result = truthy(call.args[0]);
  if (!result) return {};
  return Value::boolean(!*result);
}

Value fn_exists(Evaluator&, Call& call) { return Value::boolean(!call.args[0].is_undefined()); }

Value fn_type(Evaluator&, Call& call) {
  switch (call.args[0].type()) {
    case Type::undefined: return {};
    case Type::null: return Value::string("null");
    case Type::number: return Value::string("number");
    case Type::string: return Value::string("string");
    case Type::boolean: return Value::string("boolean");
    case Type::array: return Value::string("array");
    case Type::function: return Value::string("function");
    default: return Value::string("object");
  }
}

Value fn_error(Evaluator&, Call& call) {
  EvalError error{"D3137"};
  const bool given = !call.args.empty() && call.args[0].is_string() && !call.args[0].as_string().empty();
  error.message = given ? std::string(call.args[0].as_string()) : "$error() function evaluated";
  throw error;
}

Value fn_assert(Evaluator&, Call& call) {
  if (!call.args[0].as_boolean()) {
    EvalError error{"D3141"};
    const bool given = call.args.size() > 1 && call.args[1].is_string() && !call.args[1].as_string().empty();
    error.message = given ? std::string(call.args[1].as_string()) : "$assert() statement failed";
    throw error;
  }
  return {};
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

Value fn_base64encode(Evaluator& evaluator, Call& call) {
  if (call.args[0].is_undefined()) return {};
  // Node's Buffer.from(text, 'binary'): each UTF-16 unit contributes its low byte.
  std::string bytes;
  for (uint32_t point : code_points(call.args[0].as_string())) {
    if (point >= 0x10000) {
      const uint32_t offset = point - 0x10000;
      bytes += static_cast<char>((0xD800 + (offset >> 10)) & 0xFF);
      bytes += static_cast<char>((0xDC00 + (offset & 0x3FF)) & 0xFF);
    } else {
      bytes += static_cast<char>(point & 0xFF);
    }
  }
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t chunk = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 2]);
    out += kBase64[(chunk >> 18) & 63];
    out += kBase64[(chunk >> 12) & 63];
    out += i + 1 < bytes.size() ? kBase64[(chunk >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kBase64[chunk & 63] : '=';
  }
  evaluator.check_string(out.size());
  return Value::string(std::move(out));
}

Value fn_base64decode(Evaluator&, Call& call) {
  if (call.args[0].is_undefined()) return {};
  // Node's lenient decoder: skips characters outside the alphabet (either variant), stops at '='.
  uint32_t buffer = 0;
  int bits = 0;
  std::string out;
  for (char c : call.args[0].as_string()) {
    int value;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
    else if (c >= '0' && c <= '9') value = c - '0' + 52;
    else if (c == '+' || c == '-') value = 62;
    else if (c == '/' || c == '_') value = 63;
    else if (c == '=') break;
    else continue;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      // 'binary' decoding: each byte becomes the code point of the same number.
      append_utf8(out, (buffer >> bits) & 0xFF);
    }
  }
  return Value::string(std::move(out));
}

bool url_unreserved(unsigned char c, bool keep_reserved) {
  if (std::isalnum(c)) return true;
  if (std::string_view("-_.!~*'()").find(static_cast<char>(c)) != std::string_view::npos) return true;
  return keep_reserved && std::string_view(";,/?:@&=+$#").find(static_cast<char>(c)) != std::string_view::npos;
}

bool valid_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    i += length;
  }
  return true;
}

[[noreturn]] void malformed_url(const Value& value, const char* function) {
  EvalError error = error_with_value("D3140", value);
  error.function_name = function;
  throw error;
}

Value encode_url(Call& call, bool keep_reserved, const char* function) {
  if (call.args[0].is_undefined()) return {};
  const std::string_view text = call.args[0].as_string();
  if (!valid_utf8(text)) malformed_url(call.args[0], function);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (url_unreserved(c, keep_reserved)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return Value::string(std::move(out));
}

Value decode_url(Call& call, bool keep_reserved, const char* function) {
  if (call.args[0].is_undefined()) return {};
  const std::string_view text = call.args[0].as_string();
  auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || hex(text[i + 1]) < 0 || hex(text[i + 2]) < 0)
      malformed_url(call.args[0], function);
    const auto byte = static_cast<unsigned char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
    if (keep_reserved && byte < 0x80 &&
        std::string_view(";/?:@&=+$,#").find(static_cast<char>(byte)) != std::string_view::npos) {
      out.append(text.substr(i, 3));
    } else {
      out += static_cast<char>(byte);
    }
    i += 2;
  }
  if (!valid_utf8(out)) malformed_url(call.args[0], function);
  return Value::string(std::move(out));
}

Value fn_encode_url_component(Evaluator&, Call& call) { return encode_url(call, false, "encodeUrlComponent"); }
Value fn_encode_url(Evaluator&, Call& call) { return encode_url(call, true, "encodeUrl"); }
Value fn_decode_url_component(Evaluator&, Call& call) { return decode_url(call, false, "decodeUrlComponent"); }
Value fn_decode_url(Evaluator&, Call& call) { return decode_url(call, true, "decodeUrl"); }

Value fn_millis(Evaluator& evaluator, Call&) {
  return Value::number(static_cast<double>(evaluator.now_millis));
}

// AWS's $hash(value, algorithm): the hex digest of the UTF-8 bytes.
Value fn_hash(Evaluator&, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const std::string_view algorithm =
      call.args.size() > 1 && call.args[1].is_string() ? call.args[1].as_string() : "SHA-256";
  const EVP_MD* digest = algorithm == "MD5"       ? EVP_md5()
                         : algorithm == "SHA-1"   ? EVP_sha1()
                         : algorithm == "SHA-256" ? EVP_sha256()
                         : algorithm == "SHA-384" ? EVP_sha384()
                         : algorithm == "SHA-512" ? EVP_sha512()
                                                  : nullptr;
  if (!digest) {
    EvalError error = error_with_value("D3201", call.args[1]);
    error.index = 2;
    throw error;
  }
  const std::string_view text = call.args[0].as_string();
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), out, &length, digest, nullptr) != 1) throw std::bad_alloc();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[out[i] >> 4];
    hex += kHex[out[i] & 15];
  }
  return Value::string(std::move(hex));
}

Value fn_uuid(Evaluator& evaluator, Call&) {
  if (!evaluator.random) {
    EvalError error{"U1004"};
    error.message = "No random source was provided for $uuid()";
    throw error;
  }
  uint64_t high = evaluator.random->next_u64();
  uint64_t low = evaluator.random->next_u64();
  high = (high & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  low = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;    // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 15; i >= 0; --i) {
    const auto byte = static_cast<unsigned>((i >= 8 ? high >> ((i - 8) * 8) : low >> (i * 8)) & 0xFF);
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
    if (i == 12 || i == 10 || i == 8 || i == 6) out += '-';
  }
  return Value::string(std::move(out));
}

// AWS's $parse(text): JSON.parse.
Value fn_parse(Evaluator& evaluator, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const std::string_view text = call.args[0].as_string();
  Json parsed = Json::parse(text.begin(), text.end(), nullptr, false);
  if (parsed.is_discarded()) {
    EvalError error = error_with_value("D3202", call.args[0]);
    error.index = 1;
    throw error;
  }
  if (json_depth(parsed, evaluator.limits.value_depth) > evaluator.limits.value_depth)
    evaluator.too_large("nesting of arrays and objects");
  return boxed_from_json(evaluator, parsed);
}

const Builtin kMiscBuiltins[] = {
    {"boolean", "<x-:b>", fn_boolean, 1, {}},
    {"not", "<x-:b>", fn_not, 1, {}},
    {"exists", "<x:b>", fn_exists, 1, {}},
    {"type", "<x:s>", fn_type, 1, {}},
    {"error", "<s?:x>", fn_error, 1, {}},
    {"assert", "<bs?:x>", fn_assert, 2, {}},
    {"base64encode", "<s-:s>", fn_base64encode, 1, {}},
    {"base64decode", "<s-:s>", fn_base64decode, 1, {}},
    {"encodeUrlComponent", "<s-:s>", fn_encode_url_component, 1, {}},
    {"encodeUrl", "<s-:s>", fn_encode_url, 1, {}},
    {"decodeUrlComponent", "<s-:s>", fn_decode_url_component, 1, {}},
    {"decodeUrl", "<s-:s>", fn_decode_url, 1, {}},
    {"millis", "<:n>", fn_millis, 0, {}},
    {"hash", "<s-s?:s>", fn_hash, 2, {}},
    {"uuid", "<:s>", fn_uuid, 0, {}},
    {"parse", "<s-:j>", fn_parse, 1, {}},
};

}  // namespace

std::span<const Builtin> misc_builtins() { return kMiscBuiltins; }

}  // namespace wfsim::jsonata::detail
