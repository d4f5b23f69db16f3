// PCRE2 behind JSONata's regex literals (see regex.h). Matching uses a per-thread match context
// carrying the backtracking limits, and per-call match data sized to the pattern.
#define PCRE2_CODE_UNIT_WIDTH 8
#include "jsonata/regex.h"

#include <pcre2.h>

#include <memory>

#include "jsonata/parse_internal.h"

namespace wfsim::jsonata::detail {
namespace {

// Backtracking bounds: generous for real patterns, small enough that (a+)+$ against a long
// non-matching subject stops within milliseconds.
constexpr uint32_t kMatchLimit = 2'000'000;
constexpr uint32_t kDepthLimit = 10'000;
constexpr uint32_t kHeapLimitKibibytes = 64 * 1024;

struct MatchContext {
  pcre2_match_context* context;
  MatchContext() : context(pcre2_match_context_create(nullptr)) {
    pcre2_set_match_limit(context, kMatchLimit);
    pcre2_set_depth_limit(context, kDepthLimit);
    pcre2_set_heap_limit(context, kHeapLimitKibibytes);
  }
  ~MatchContext() { pcre2_match_context_free(context); }
};

pcre2_match_context* match_context() {
  thread_local MatchContext context;
  return context.context;
}

}  // namespace

Regex::~Regex() {
  if (code) pcre2_code_free(static_cast<pcre2_code*>(code));
}

const Regex* compile_regex(Program& program, const std::string& pattern, const std::string& flags,
                           size_t position) {
  auto regex = std::make_unique<Regex>();
  regex->pattern = pattern;
  regex->flags = flags;
  regex->position = position;
  uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_ALT_BSUX |
                     PCRE2_MATCH_UNSET_BACKREF | PCRE2_ALLOW_EMPTY_CLASS | PCRE2_NEVER_BACKSLASH_C;
  if (flags.find('i') != std::string::npos) options |= PCRE2_CASELESS;
  if (flags.find('m') != std::string::npos) {
    options |= PCRE2_MULTILINE;
  } else {
    options |= PCRE2_DOLLAR_ENDONLY;
  }
  pcre2_compile_context* context = pcre2_compile_context_create(nullptr);
  pcre2_set_newline(context, PCRE2_NEWLINE_ANY);
  pcre2_set_parens_nest_limit(context, 250);
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   options, &error_code, &error_offset, context);
  pcre2_compile_context_free(context);
  if (code == nullptr) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(error_code, buffer, sizeof buffer);
    SyntaxError error;
    error.code = "S0303";
    error.position = position;
    error.message = "Invalid regular expression: /" + pattern + "/: " + reinterpret_cast<const char*>(buffer);
    throw error;
  }
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // Optional: interpretation works without it.
  regex->code = code;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &regex->capture_count);
  const Regex* result = regex.get();
  program.regexes.push_back(std::move(regex));
  return result;
}

RegexStatus regex_search(const Regex& regex, std::string_view subject, size_t from,
                         RegexMatch& match) {
  auto* code = static_cast<pcre2_code*>(regex.code);
  struct Free {
    void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
  };
  std::unique_ptr<pcre2_match_data, Free> data(pcre2_match_data_create_from_pattern(code, nullptr));
  if (!data) throw std::bad_alloc();
  const int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(),
                             from, 0, data.get(), match_context());
  if (rc == PCRE2_ERROR_NOMATCH) return RegexStatus::no_match;
  if (rc < 0) {
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
        rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_NOMEMORY)
      return RegexStatus::limit;
    return RegexStatus::no_match;
  }
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data.get());
  match.start = ovector[0];
  match.end = ovector[1];
  match.groups.clear();
  for (uint32_t group = 1; group <= regex.capture_count; ++group) {
    if (static_cast<int>(group) < rc && ovector[2 * group] != PCRE2_UNSET) {
      match.groups.emplace_back(subject.substr(ovector[2 * group],
                                               ovector[2 * group + 1] - ovector[2 * group]));
    } else {
      match.groups.emplace_back(std::nullopt);
    }
  }
  return RegexStatus::matched;
}

}  // namespace wfsim::jsonata::detail
