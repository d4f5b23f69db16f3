// Strict, bounded JSON reading of scenario files; see strict_json.h. The parse itself (depth
// limit and duplicate-key check acting while parsing: a 10 MB file of "[[[[..." stops at depth
// 257 without building anything deep) is record/json_reader.h's; this file adds the size limit,
// file reading and the FileProblem wording.
#include "scenario/strict_json.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "record/json_reader.h"

namespace wfsim::scenario {

std::variant<Json, FileProblem> parse_json_text(std::string_view text, const std::string& label,
                                                const JsonLimits& limits) {
  if (text.size() > limits.max_file_bytes) {
    return FileProblem{label, "",
                       "larger than " + std::to_string(limits.max_file_bytes) + " bytes"};
  }
  auto parsed = parse_json_document(text, limits.max_depth, DuplicateKeys::reject);
  if (auto* failure = std::get_if<JsonReadFailure>(&parsed)) {
    return FileProblem{label, std::move(failure->pointer), std::move(failure->message)};
  }
  return std::move(std::get<Json>(parsed));
}

std::variant<std::string, FileProblem> read_text_file(const std::filesystem::path& path,
                                                      const std::string& label,
                                                      size_t max_bytes) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return FileProblem{label, "", "is a directory, not a file"};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return FileProblem{label, "", std::string("cannot open: ") + std::strerror(errno)};
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      return FileProblem{label, "", "larger than " + std::to_string(max_bytes) + " bytes"};
    }
  }
  if (in.bad()) return FileProblem{label, "", "read error"};
  return text;
}

std::variant<Json, FileProblem> read_json_file(const std::filesystem::path& path,
                                               const std::string& label,
                                               const JsonLimits& limits) {
  auto text = read_text_file(path, label, limits.max_file_bytes);
  if (auto* problem = std::get_if<FileProblem>(&text)) return std::move(*problem);
  return parse_json_text(std::get<std::string>(text), label, limits);
}

}  // namespace wfsim::scenario
