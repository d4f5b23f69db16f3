// Assertion handlers; see assert.h.
#include "core/assert.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>

namespace wfsim {
namespace {
std::atomic<AssertionHandler> current_handler{&exit_on_assertion};

thread_local const std::string* current_context = nullptr;
// A copy of the context an exception unwound, kept for the handler that catches it.
thread_local std::string unwound_context;
}  // namespace

AssertionContext::AssertionContext(const std::string& command)
    : previous_(current_context), exceptions_(std::uncaught_exceptions()) {
  current_context = &command;
}

AssertionContext::~AssertionContext() {
  if (std::uncaught_exceptions() > exceptions_ && current_context != nullptr) {
    unwound_context = *current_context;
    current_context = &unwound_context;
    return;
  }
  current_context = previous_;
}

const std::string* AssertionContext::current() { return current_context; }

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
  std::string text = "wfsim: " + format_assertion(info) + "\n";
  if (const std::string* context = AssertionContext::current(); context && !context->empty()) {
    text += "while running: " + *context + "\n";
  }
  text += "This is a bug in wfsim; please report it with the command line above.\n";
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
