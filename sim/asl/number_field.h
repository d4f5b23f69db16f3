// A state's number field given in one of three forms: a literal, a reference path (the
// "...Path" field of a JSONPath state) or a "{% %}" expression (a JSONata state). The Map's
// MaxConcurrency and ToleratedFailure* fields of a JSONata Map (JSONATA-1.10) and the
// Distributed Map's ReaderConfig.MaxItems and ItemBatcher bounds (DMAP-2.13, 4.1) all use it.
//
// It holds the field as compiled; it does not resolve it (the engine does, against the state's
// input, with each field's own error wording) and it does not check ranges (the compiler does).
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

#include "asl/jsonata_template.h"
#include "asl/path.h"
#include "core/assert.h"

namespace wfsim::asl {

struct NumberField {
  // A count's literal is an integer the compiler checked to be within its range; every such
  // range is far inside 2^53, so a double holds it exactly (a percentage needs the fraction).
  std::optional<double> literal;
  std::optional<JsonPath> path;
  std::optional<JsonataTemplate> query;

  bool is_set() const { return literal.has_value() || path.has_value() || query.has_value(); }

  // The literal of a count field as an integer; nullopt when the field is not a literal.
  std::optional<int64_t> literal_count() const {
    if (!literal) return std::nullopt;
    WFSIM_ASSERT_MSG(std::trunc(*literal) == *literal && std::fabs(*literal) <= 0x1p53,
                     "a count literal is an integer within 2^53");
    return static_cast<int64_t>(*literal);
  }
};

}  // namespace wfsim::asl
