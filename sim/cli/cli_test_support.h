// Test helpers for the wfsim program: run the built binary (path from the build) as a child
// process with its output captured, optionally signalling it, and read files it wrote.
#pragma once

#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace wfsim::cli::test {

namespace fs = std::filesystem;

struct Exit {
  int code = -1;  // Exit status, or 128 + signal when killed.
  std::string out;
  std::string err;
  double seconds = 0;
};

inline std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline fs::path testdata(const std::string& name) {
  const char* root = std::getenv("WFSIM_SOURCE_DIR");
  const fs::path base = root != nullptr ? root : WFSIM_DEFAULT_SOURCE_DIR;
  return base / "sim" / "scenario" / "testdata" / name;
}

// A scratch directory removed at the end of the test.
class Scratch {
 public:
  explicit Scratch(const std::string& name)
      : path_(fs::temp_directory_path() / ("wfsim-cli-test-" + name)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  fs::path operator/(const std::string& name) const { return path_ / name; }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs wfsim with `args`; sends `signal` after `signal_after` if given; kills it after
// `timeout_seconds`.
inline Exit run_wfsim(const std::vector<std::string>& args, double timeout_seconds = 60,
                      std::optional<std::chrono::milliseconds> signal_after = std::nullopt,
                      int signal = SIGINT) {
  static int counter = 0;
  const fs::path base = fs::temp_directory_path() /
                        ("wfsim-cli-test-output-" + std::to_string(::getpid()) + "-" +
                         std::to_string(++counter));
  const std::string out_file = base.string() + ".out";
  const std::string err_file = base.string() + ".err";
  std::vector<std::string> words = {WFSIM_BINARY};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  const auto started = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  BOOST_REQUIRE_MESSAGE(spawned == 0, "cannot start " << WFSIM_BINARY);
  Exit result;
  bool signalled = false;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    const auto elapsed = std::chrono::steady_clock::now() - started;
    if (signal_after && !signalled && elapsed >= *signal_after) {
      ::kill(pid, signal);
      signalled = true;
    }
    if (elapsed > std::chrono::duration<double>(timeout_seconds)) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      BOOST_ERROR("wfsim did not finish within " << timeout_seconds << " s");
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = slurp(out_file);
  result.err = slurp(err_file);
  fs::remove(out_file);
  fs::remove(err_file);
  return result;
}

inline bool contains(const std::string& text, const std::string& words) {
  return text.find(words) != std::string::npos;
}

}  // namespace wfsim::cli::test
