// Assertions that stay on in every build.
//
// A failed WFSIM_ASSERT is a bug in wfsim itself, never bad input and never a fault inside the
// simulated world (those are error values and history data). The default handler prints the
// failure and exits with code 70 (the "internal assertion" exit code of docs/design.md). Tests install
// a throwing handler so that Boost.Test reports the failure and RapidCheck can shrink it.
#pragma once

#include <stdexcept>
#include <string>

namespace wfsim {

struct AssertionInfo {
  const char* expression;
  const char* file;
  int line;
  std::string message;
};

// Thrown by the test handler; carries the formatted failure.
class AssertionFailure : public std::logic_error {
 public:
  explicit AssertionFailure(const std::string& what) : std::logic_error(what) {}
};

using AssertionHandler = void (*)(const AssertionInfo&);

// Installs the process-wide handler and returns the previous one. Call before starting threads.
AssertionHandler set_assertion_handler(AssertionHandler handler);

// Prints the failure to stderr and exits the process with code 70.
[[noreturn]] void exit_on_assertion(const AssertionInfo& info);
// Throws AssertionFailure.
[[noreturn]] void throw_on_assertion(const AssertionInfo& info);

std::string format_assertion(const AssertionInfo& info);

// Names the run in progress on this thread (its reproduce command) for as long as it lives, so
// that a failed assertion, or an exception that escapes, can say which run to reproduce. Scopes
// nest; the innermost one is current. When an exception unwinds a scope, the scope's text stays
// current on this thread until the next scope opens, so the handler that catches the exception
// can still name the run.
class AssertionContext {
 public:
  explicit AssertionContext(const std::string& command);
  ~AssertionContext();
  AssertionContext(const AssertionContext&) = delete;
  AssertionContext& operator=(const AssertionContext&) = delete;

  // This thread's current context, or nullptr.
  static const std::string* current();

 private:
  const std::string* previous_;
  int exceptions_;
};

namespace detail {
[[noreturn]] void assertion_failed(const char* expression, const char* file, int line,
                                   std::string message);
}  // namespace detail

}  // namespace wfsim

#define WFSIM_ASSERT(condition)                                                    \
  do {                                                                             \
    if (!(condition)) [[unlikely]]                                                 \
      ::wfsim::detail::assertion_failed(#condition, __FILE__, __LINE__, {});       \
  } while (false)

// The message is only built when the assertion fails.
#define WFSIM_ASSERT_MSG(condition, message)                                       \
  do {                                                                             \
    if (!(condition)) [[unlikely]]                                                 \
      ::wfsim::detail::assertion_failed(#condition, __FILE__, __LINE__, (message)); \
  } while (false)

#define WFSIM_UNREACHABLE(message) \
  ::wfsim::detail::assertion_failed("unreachable", __FILE__, __LINE__, (message))
