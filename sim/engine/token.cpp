// Token encoding; see token.h.
#include "engine/token.h"

#include <array>

namespace wfsim {
namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr size_t kRawBytes = 33;  // 1 version + 4 tag + 8 attempt + 8 secret + 12 check/pad.
constexpr size_t kTokenLength = kRawBytes / 3 * 4;
constexpr uint8_t kVersion = 1;

void put(std::array<uint8_t, kRawBytes>& raw, size_t at, uint64_t value, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i) raw[at + i] = static_cast<uint8_t>(value >> (8 * i));
}
uint64_t get(const std::array<uint8_t, kRawBytes>& raw, size_t at, size_t bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < bytes; ++i) value |= static_cast<uint64_t>(raw[at + i]) << (8 * i);
  return value;
}
// A check word derived from the other fields, so most corruptions decode to nothing.
uint64_t check_of(const TokenParts& p) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ p.engine_tag;
  for (const uint64_t v : {p.attempt, p.secret}) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xbf58476d1ce4e5b9ULL;
  }
  return h;
}
// Reverse of kAlphabet: the 6-bit value of each character, -1 for characters not in it.
constexpr std::array<int8_t, 256> make_reverse_alphabet() {
  std::array<int8_t, 256> table{};
  for (int8_t& v : table) v = -1;
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  return table;
}
constexpr std::array<int8_t, 256> kReverse = make_reverse_alphabet();

int index_of(char ch) { return kReverse[static_cast<unsigned char>(ch)]; }
}  // namespace

std::string encode_token(const TokenParts& parts) {
  std::array<uint8_t, kRawBytes> raw{};
  raw[0] = kVersion;
  put(raw, 1, parts.engine_tag, 4);
  put(raw, 5, parts.attempt, 8);
  put(raw, 13, parts.secret, 8);
  const uint64_t check = check_of(parts);
  put(raw, 21, check, 8);
  put(raw, 29, check >> 32 ^ parts.secret, 4);
  std::string out;
  out.reserve(kTokenLength);
  for (size_t i = 0; i < kRawBytes; i += 3) {
    const uint32_t group = (uint32_t{raw[i]} << 16) | (uint32_t{raw[i + 1]} << 8) | raw[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kAlphabet[(group >> shift) & 63]);
  }
  return out;
}

std::optional<TokenParts> decode_token(std::string_view token) {
  if (token.size() != kTokenLength) return std::nullopt;
  std::array<uint8_t, kRawBytes> raw{};
  for (size_t i = 0, o = 0; i < token.size(); i += 4, o += 3) {
    uint32_t group = 0;
    for (size_t k = 0; k < 4; ++k) {
      const int v = index_of(token[i + k]);
      if (v < 0) return std::nullopt;
      group = (group << 6) | static_cast<uint32_t>(v);
    }
    raw[o] = static_cast<uint8_t>(group >> 16);
    raw[o + 1] = static_cast<uint8_t>(group >> 8);
    raw[o + 2] = static_cast<uint8_t>(group);
  }
  if (raw[0] != kVersion) return std::nullopt;
  TokenParts parts{static_cast<uint32_t>(get(raw, 1, 4)), get(raw, 5, 8), get(raw, 13, 8)};
  const uint64_t check = check_of(parts);
  if (get(raw, 21, 8) != check) return std::nullopt;
  if (get(raw, 29, 4) != ((check >> 32 ^ parts.secret) & 0xffffffffULL)) return std::nullopt;
  return parts;
}

}  // namespace wfsim
