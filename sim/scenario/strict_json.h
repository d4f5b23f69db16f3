// Reading untrusted JSON files without crashing, throwing or unbounded work: a size limit checked
// before reading, a nesting limit enforced while parsing (before any deep document exists, so no
// recursive destructor or dump() ever sees one), duplicate object keys rejected (nlohmann would
// silently keep one), and syntax errors reported with line and column.
//
// This file owns turning bytes into a Json document. It does not interpret the document (the
// scenario, mock-config and capsule loaders do) and does not write files (writers.h does).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>

#include "record/json.h"
#include "scenario/problems.h"

namespace wfsim::scenario {

struct JsonLimits {
  size_t max_file_bytes = size_t{64} << 20;  // 64 MiB.
  size_t max_depth = 256;                    // Nested arrays and objects.
};

// Parses `text`; problems name `label` (the file as the user wrote it).
std::variant<Json, FileProblem> parse_json_text(std::string_view text, const std::string& label,
                                                const JsonLimits& limits = {});

// Reads and parses `path`; problems name `label`.
std::variant<Json, FileProblem> read_json_file(const std::filesystem::path& path,
                                               const std::string& label,
                                               const JsonLimits& limits = {});

// Reads a whole file (up to `max_bytes`); nullopt-like failure is reported as a FileProblem.
std::variant<std::string, FileProblem> read_text_file(const std::filesystem::path& path,
                                                      const std::string& label, size_t max_bytes);

}  // namespace wfsim::scenario
