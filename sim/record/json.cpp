// JSON helpers; see json.h.
#include "record/json.h"

namespace wfsim {
std::string to_compact_text(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}
}  // namespace wfsim
