// JSONata function signatures ("<s-nn?:s>"): parsing, and matching a call's arguments against
// them the way jsonata-js does (each argument is a type symbol; the parameter list is a pattern
// over those symbols, greedy with backtracking; '-' takes the context value for a missing first
// argument; an 'a' parameter wraps a single value into an array).
//
// Not here: the values themselves (the caller hands in one symbol per argument and applies the
// resulting plan), and return types (after ':'), which jsonata-js ignores too.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wfsim::jsonata::detail {

struct SignatureParam {
  std::string symbols;     // Accepted argument symbols, 'm' meaning missing (undefined).
  char type = 'x';         // s n b l o a f j x, or '(' for a choice
  enum class Count : uint8_t { one, optional, one_or_more } count = Count::one;
  bool context = false;    // '-': a missing argument takes the context value
  std::string context_symbols;
  std::string subtype;     // a<s>, f<...>
};

struct Signature {
  std::string definition;
  std::vector<SignatureParam> params;
};

struct SignatureError {
  std::string code;   // S0401 / S0402
  size_t offset = 0;  // into the signature text
  std::string value;
};

// Parses "<...>" (the angle brackets included).
std::optional<Signature> parse_signature(std::string_view text, SignatureError& error);

// How a call's arguments fill the parameters: fills `counts` (one slot per parameter) with how
// many arguments each took. False: no match; `good_to` then is the index of the first argument
// that failed, as jsonata-js computes it for T0410.
bool match_signature(const Signature& signature, std::string_view symbols, size_t& good_to,
                     std::span<size_t> counts);

}  // namespace wfsim::jsonata::detail
