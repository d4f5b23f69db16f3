// Assertion handlers; see assert.h.
#include "core/assert.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace wfsim {
namespace {
std::atomic<AssertionHandler> current_handler{&exit_on_assertion};
}  // namespace

AssertionHandler set_assertion_handler(AssertionHandler handler) {
  return current_handler.exchange(handler);
}

std::string format_assertion(const AssertionInfo& info) {
  std::string text = std::string(info.file) + ":" + std::to_string(info.line) +
                     ": internal assertion failed: " + info.expression;
  if (!info.message.empty()) text += " (" + info.message + ")";
  return text;
}

void exit_on_assertion(const AssertionInfo& info) {
  std::string text = "wfsim: " + format_assertion(info) +
                     "\nThis is a bug in wfsim; please report it with the command line above.\n";
  std::fputs(text.c_str(), stderr);
  std::fflush(stderr);
  std::fflush(stdout);
  std::_Exit(70);
}

void throw_on_assertion(const AssertionInfo& info) { throw AssertionFailure(format_assertion(info)); }

namespace detail {
void assertion_failed(const char* expression, const char* file, int line, std::string message) {
  AssertionInfo info{expression, file, line, std::move(message)};
  current_handler.load()(info);
  std::abort();  // A handler must not return; if one does, stop here rather than run on.
}
}  // namespace detail
}  // namespace wfsim
