// Task tokens: opaque strings that name one attempt of one task.
//
// A token encodes the attempt's number and a 64-bit draw from the engine's seeded stream, so the
// engine finds the attempt in O(1) and can tell a forged or mangled token (InvalidToken) from a
// genuine token of a closed attempt (TaskTimedOut / NotFound). Tokens are printable base64url,
// 44 characters, within the 1..1024 length Step Functions documents (SFN-1.3c).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wfsim {

struct TokenParts {
  uint32_t engine_tag = 0;  // Distinguishes engines (Step Functions, Temporal) and versions.
  uint64_t attempt = 0;     // The engine's attempt number.
  uint64_t secret = 0;      // The draw that makes the token unguessable.
  friend bool operator==(const TokenParts&, const TokenParts&) = default;
};

std::string encode_token(const TokenParts& parts);
// nullopt for anything encode_token() could not have produced.
std::optional<TokenParts> decode_token(std::string_view token);

}  // namespace wfsim
