// Signature parsing and argument matching (see signature.h). The matcher walks the parameter
// list with backtracking, preferring more arguments per repeated parameter first, which gives the
// same split as the regular expression jsonata-js builds from the signature.
#include "jsonata/signature.h"

#include <algorithm>

#include "core/assert.h"

namespace wfsim::jsonata::detail {
namespace {

size_t closing(std::string_view text, size_t start, char open, char close) {
  int depth = 1;
  size_t position = start;
  while (position < text.size()) {
    ++position;
    if (position >= text.size()) break;
    if (text[position] == close) {
      if (--depth == 0) break;
    } else if (text[position] == open) {
      ++depth;
    }
  }
  return position;
}

}  // namespace

std::optional<Signature> parse_signature(std::string_view text, SignatureError& error) {
  Signature signature;
  signature.definition = std::string(text);
  SignatureParam param;
  SignatureParam* previous = nullptr;
  auto push = [&] {
    signature.params.push_back(param);
    param = SignatureParam{};
    previous = &signature.params.back();
  };
  for (size_t position = 1; position < text.size(); ++position) {
    const char symbol = text[position];
    if (symbol == ':') break;
    switch (symbol) {
      case 's': case 'n': case 'b': case 'l': case 'o':
        param.symbols = std::string(1, symbol) + "m";
        param.type = symbol;
        push();
        break;
      case 'a': param.symbols = "asnblfom"; param.type = 'a'; push(); break;
      case 'f': param.symbols = std::string(1, 'f'); param.type = 'f'; push(); break;
      case 'j': param.symbols = "asnblom"; param.type = 'j'; push(); break;
      case 'x': param.symbols = "asnblfom"; param.type = 'x'; push(); break;
      case '-':
        if (previous) {
          previous->context = true;
          previous->context_symbols = previous->symbols;
          if (previous->count == SignatureParam::Count::one)
            previous->count = SignatureParam::Count::optional;
        }
        break;
      case '?':
        if (previous) previous->count = SignatureParam::Count::optional;
        break;
      case '+':
        if (previous) previous->count = SignatureParam::Count::one_or_more;
        break;
      case '(': {
        const size_t end = closing(text, position, '(', ')');
        const std::string choice(text.substr(position + 1, end - position - 1));
        if (choice.find('<') != std::string::npos) {
          error = {"S0402", position, choice};
          return std::nullopt;
        }
        param.symbols = choice + "m";
        param.type = '(';
        position = end;
        push();
        break;
      }
      case '<':
        if (previous && (previous->type == 'a' || previous->type == 'f')) {
          const size_t end = closing(text, position, '<', '>');
          previous->subtype = std::string(text.substr(position + 1, end - position - 1));
          position = end;
        } else {
          error = {"S0401", position, previous ? std::string(1, previous->type) : ""};
          return std::nullopt;
        }
        break;
      default:
        break;
    }
  }
  return signature;
}

namespace {

bool accepts(const SignatureParam& param, char symbol) {
  return param.symbols.find(symbol) != std::string::npos;
}

// Matches params[index...] against symbols[at...]; with `anchored`, all symbols must be used.
// Fills counts; returns the end offset, or npos.
size_t match_from(const std::vector<SignatureParam>& params, size_t index, std::string_view symbols,
                  size_t at, bool anchored, size_t limit, std::span<size_t> counts) {
  if (index == limit) return (!anchored || at == symbols.size()) ? at : std::string_view::npos;
  const SignatureParam& param = params[index];
  size_t most = 0;
  while (at + most < symbols.size() && accepts(param, symbols[at + most])) {
    ++most;
    if (param.count != SignatureParam::Count::one_or_more) break;
  }
  const size_t least = param.count == SignatureParam::Count::optional ? 0 : 1;
  for (size_t take = most + 1; take-- > least;) {
    counts[index] = take;
    const size_t end = match_from(params, index + 1, symbols, at + take, anchored, limit, counts);
    if (end != std::string_view::npos) return end;
    if (take == 0) break;
  }
  return std::string_view::npos;
}

}  // namespace

bool match_signature(const Signature& signature, std::string_view symbols, size_t& good_to,
                     std::span<size_t> counts) {
  WFSIM_ASSERT(counts.size() == signature.params.size());
  std::fill(counts.begin(), counts.end(), 0);
  if (match_from(signature.params, 0, symbols, 0, true, signature.params.size(), counts) !=
      std::string_view::npos) {
    return true;
  }
  good_to = 0;
  std::vector<size_t> partial(signature.params.size(), 0);
  for (size_t index = 0; index < signature.params.size(); ++index) {
    std::fill(partial.begin(), partial.end(), 0);
    const size_t end = match_from(signature.params, 0, symbols, 0, false, index + 1, partial);
    if (end == std::string_view::npos) return false;
    good_to = end;
  }
  return false;
}

}  // namespace wfsim::jsonata::detail
