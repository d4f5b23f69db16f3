// The string, encoding and identifier intrinsics: States.Format (values printed as AWS's Java
// prints them), States.StringToJson, States.JsonToString, States.StringSplit,
// States.Base64Encode, States.Base64Decode, States.Hash (OpenSSL EVP digests) and States.UUID
// (version 4, from the given Random).
//
// Every failure is a States.IntrinsicFailure value; nothing here throws.
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "asl/intrinsic.h"
#include "asl/json_util.h"

namespace wfsim::asl::detail {
namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kHexDigits[] = "0123456789abcdef";

// Java's Double.toString, which AWS's States.Format uses for a floating-point number: plain
// decimals from 10^-3 up to 10^7 ("1.1", "100.0"), otherwise "1.0E21" / "1.5E-5"; the digits are
// the shortest that read back as the same double.
std::string java_double_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::scientific);
  WFSIM_ASSERT(result.ec == std::errc());
  const std::string_view text(buffer.data(), static_cast<size_t>(result.ptr - buffer.data()));
  const size_t e = text.find('e');
  WFSIM_ASSERT(e != std::string_view::npos);
  std::string digits;
  for (const char ch : text.substr(0, e)) {
    if (ch >= '0' && ch <= '9') digits += ch;
  }
  const int exponent = std::stoi(std::string(text.substr(e + 1)));
  std::string out = value < 0 ? "-" : "";
  const double magnitude = std::fabs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      const auto whole = static_cast<size_t>(exponent) + 1;
      if (digits.size() < whole) digits.append(whole - digits.size(), '0');
      out += digits.substr(0, whole) + '.';
      out += digits.size() > whole ? digits.substr(whole) : "0";
    } else {
      out += "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    }
    return out;
  }
  out += digits.substr(0, 1) + '.' + (digits.size() > 1 ? digits.substr(1) : "0");
  return out + 'E' + std::to_string(exponent);
}

void append_scalar(std::string& out, const Json& value) {
  if (value.is_string()) {
    out += value.get_ref<const std::string&>();
  } else if (value.is_number_float()) {
    out += java_double_text(value.get<double>());
  } else {
    out += compact(value);  // Integers, true, false, null.
  }
}

// How AWS (Java) prints a States.Format value: a string as it is, an object or array as Java's
// Map / List toString ("{Arg1=1, Arg2=[a, b]}", recorded in test_generic::test_format_2 and
// test_context_json_path), recursively, with strings inside unquoted. Iterative, so a deep value
// cannot exhaust the stack.
void append_value(std::string& out, const Json& value) {
  struct Frame {
    const Json* node;
    Json::const_iterator next;
    bool first;
  };
  std::vector<Frame> open;
  const auto enter = [&](const Json& item) {
    if (!item.is_structured()) {
      append_scalar(out, item);
      return;
    }
    out += item.is_object() ? '{' : '[';
    open.push_back({&item, item.begin(), true});
  };
  enter(value);
  while (!open.empty()) {
    Frame& frame = open.back();
    if (frame.next == frame.node->end()) {
      out += frame.node->is_object() ? '}' : ']';
      open.pop_back();
      continue;
    }
    if (!frame.first) out += ", ";
    frame.first = false;
    const auto item = frame.next++;
    if (frame.node->is_object()) out += item.key() + '=';
    enter(*item);  // May grow `open`; `frame` is not used after this.
  }
}

int base64_value(char ch) {
  if (ch >= 'A' && ch <= 'Z') return ch - 'A';
  if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
  if (ch >= '0' && ch <= '9') return ch - '0' + 52;
  if (ch == '+') return 62;
  if (ch == '/') return 63;
  return -1;
}

// Decodes standard base64 as Java's basic decoder does: padding may be left out, but when
// present it must be complete; a final group of one character is invalid.
std::optional<std::string> decode_base64(std::string_view text) {
  size_t length = text.size();
  size_t padding = 0;
  while (length > 0 && text[length - 1] == '=' && padding < 2) {
    --length;
    ++padding;
  }
  if (padding > 0 && text.size() % 4 != 0) return std::nullopt;
  if (length % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(length / 4 * 3 + 2);
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < length; ++i) {
    const int value = base64_value(text[i]);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string encode_base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t group = (static_cast<uint8_t>(bytes[i]) << 16) |
                           (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                           static_cast<uint8_t>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kBase64Alphabet[(group >> shift) & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t group = static_cast<uint8_t>(bytes[i]) << 16;
    if (rest == 2) group |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out += kBase64Alphabet[(group >> 18) & 63];
    out += kBase64Alphabet[(group >> 12) & 63];
    out += rest == 2 ? kBase64Alphabet[(group >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

const EVP_MD* digest_named(std::string_view algorithm) {
  if (algorithm == "MD5") return EVP_md5();
  if (algorithm == "SHA-1") return EVP_sha1();
  if (algorithm == "SHA-256") return EVP_sha256();
  if (algorithm == "SHA-384") return EVP_sha384();
  if (algorithm == "SHA-512") return EVP_sha512();
  return nullptr;
}

}  // namespace

Outcome<Json> intrinsic_format(const IntrinsicCall& call, IntrinsicArgs args, Random&) {
  constexpr std::string_view kName = "States.Format";
  std::vector<std::string> runtime_pieces;
  const std::vector<std::string>* pieces = nullptr;
  if (call.format_pieces) {
    pieces = &*call.format_pieces;
  } else {
    if (!args[0]->is_string()) return intrinsic_failure(kName, "the template must be a string");
    runtime_pieces = split_format(args[0]->get_ref<const std::string&>(), false);
    if (runtime_pieces.size() != args.size()) {
      return intrinsic_failure(kName, "the template has " +
                                          std::to_string(runtime_pieces.size() - 1) +
                                          " placeholder(s) but " +
                                          std::to_string(args.size() - 1) + " value(s)");
    }
    pieces = &runtime_pieces;
  }
  WFSIM_ASSERT(pieces->size() == args.size());
  std::string out = pieces->front();
  for (size_t i = 1; i < args.size(); ++i) {
    append_value(out, *args[i]);
    out += (*pieces)[i];
  }
  return Json(std::move(out));
}

Outcome<Json> intrinsic_string_to_json(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  if (!args[0]->is_string()) {
    return intrinsic_failure("States.StringToJson", "the argument must be a string");
  }
  const std::string& text = args[0]->get_ref<const std::string&>();
  // Blank text is null, as AWS returns for "" and " " (test_json_manipulation::
  // test_string_to_json).
  if (text.find_first_not_of(" \t\n\r") == std::string::npos) return Json(nullptr);
  Json parsed = Json::parse(text, nullptr, false);
  if (parsed.is_discarded()) {
    return intrinsic_failure("States.StringToJson", "the argument is not valid JSON text");
  }
  if (json_depth(parsed, kMaxJsonDepth) > kMaxJsonDepth) {
    return intrinsic_failure("States.StringToJson", "the JSON nests deeper than " +
                                                        std::to_string(kMaxJsonDepth) + " levels");
  }
  return parsed;
}

Outcome<Json> intrinsic_json_to_string(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  return Json(compact(*args[0]));
}

Outcome<Json> intrinsic_string_split(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  constexpr std::string_view kName = "States.StringSplit";
  if (!args[0]->is_string()) return intrinsic_failure(kName, "the first argument must be a string");
  if (!args[1]->is_string()) {
    return intrinsic_failure(kName, "the delimiter characters must be a string");
  }
  const std::string_view text = args[0]->get_ref<const std::string&>();
  const std::string_view delimiters = args[1]->get_ref<const std::string&>();
  // Delimiters are characters (code points), not bytes.
  std::vector<std::string_view> delimiter_chars;
  for (size_t pos = 0; pos < delimiters.size();) {
    const size_t length = std::max<size_t>(1, utf8_sequence_length(delimiters, pos));
    delimiter_chars.push_back(delimiters.substr(pos, length));
    pos += length;
  }
  Json pieces = Json::array();
  size_t piece_begin = 0;
  for (size_t pos = 0; pos < text.size();) {
    const size_t length = std::max<size_t>(1, utf8_sequence_length(text, pos));
    const std::string_view ch = text.substr(pos, length);
    if (std::find(delimiter_chars.begin(), delimiter_chars.end(), ch) != delimiter_chars.end()) {
      if (pos > piece_begin) pieces.push_back(text.substr(piece_begin, pos - piece_begin));
      piece_begin = pos + length;
    }
    pos += length;
  }
  if (text.size() > piece_begin) pieces.push_back(std::string(text.substr(piece_begin)));
  return pieces;
}

Outcome<Json> intrinsic_base64_encode(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  constexpr std::string_view kName = "States.Base64Encode";
  if (!args[0]->is_string()) return intrinsic_failure(kName, "the argument must be a string");
  const std::string& text = args[0]->get_ref<const std::string&>();
  if (utf16_length(text) > kMaxIntrinsicStringLength) {
    return intrinsic_failure(kName, "the input is longer than 10000 characters");
  }
  return Json(encode_base64(text));
}

Outcome<Json> intrinsic_base64_decode(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  constexpr std::string_view kName = "States.Base64Decode";
  if (!args[0]->is_string()) return intrinsic_failure(kName, "the argument must be a string");
  const std::string& text = args[0]->get_ref<const std::string&>();
  if (text.size() > kMaxIntrinsicStringLength) {
    return intrinsic_failure(kName, "the input is longer than 10000 characters");
  }
  auto decoded = decode_base64(text);
  if (!decoded) return intrinsic_failure(kName, "the input is not valid base64");
  if (decoded->size() > kMaxIntrinsicStringLength) {
    return intrinsic_failure(kName, "the decoded output is longer than 10000 bytes");
  }
  return Json(repair_utf8(*decoded));
}

Outcome<Json> intrinsic_hash(const IntrinsicCall&, IntrinsicArgs args, Random&) {
  constexpr std::string_view kName = "States.Hash";
  const std::string data = args[0]->is_string() ? args[0]->get<std::string>() : compact(*args[0]);
  if (utf16_length(data) > kMaxIntrinsicStringLength) {
    return intrinsic_failure(kName, "the input is longer than 10000 characters");
  }
  if (!args[1]->is_string()) return intrinsic_failure(kName, "the algorithm must be a string");
  const std::string& algorithm = args[1]->get_ref<const std::string&>();
  const EVP_MD* md = digest_named(algorithm);
  if (md == nullptr) {
    return intrinsic_failure(kName, "unsupported algorithm '" + algorithm +
                                        "' (MD5, SHA-1, SHA-256, SHA-384 or SHA-512)");
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, md, nullptr) != 1) {
    return intrinsic_failure(kName, "the " + algorithm + " digest is not available");
  }
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHexDigits[digest[i] >> 4];
    hex += kHexDigits[digest[i] & 15];
  }
  return Json(std::move(hex));
}

Outcome<Json> intrinsic_uuid(const IntrinsicCall&, IntrinsicArgs, Random& random) {
  std::array<uint8_t, 16> bytes{};
  for (size_t half = 0; half < 2; ++half) {
    const uint64_t bits = random.next_u64();
    for (size_t i = 0; i < 8; ++i) bytes[half * 8 + i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0F) | 0x40);  // Version 4.
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant.
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHexDigits[bytes[i] >> 4];
    out += kHexDigits[bytes[i] & 15];
  }
  return Json(std::move(out));
}

}  // namespace wfsim::asl::detail
