// Runs the real flopcast binary and captures its output (for [cli] and [errors] tests).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace flopcast::test {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  double wall_seconds = 0;
  double cpu_seconds = 0;  ///< user + system time of the process (getrusage via wait4)
  double max_rss_mb = 0;   ///< its peak resident memory
};

/// Runs flopcast with `args` in the source directory. `in_child`, if given, runs in the child
/// process just before exec (e.g. to set a resource limit the test needs).
RunResult run_flopcast(const std::vector<std::string>& args, const std::function<void()>& in_child = {});

std::string source_dir();
std::string read_file(const std::string& path);
/// A fresh empty directory under the system temp dir.
std::string fresh_temp_dir(const std::string& name);

/// Waits until process `pid` runs `program` (after its exec: the forked test process has Catch's
/// own SIGINT handler) and catches `signal` (the SigCgt mask of /proc/PID/status), or `limit`
/// passes or the process is gone; true if it does.
bool wait_until_catches(pid_t pid, const std::string& program, int signal, std::chrono::seconds limit);

}  // namespace flopcast::test
