// Process runner for CLI tests: fork/exec the built binary, capture stdout and stderr via files.
#include "support/run_binary.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace flopcast::test {

std::string source_dir() { return FLOPCAST_SOURCE_DIR; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string fresh_temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("flopcast-test-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

RunResult run_flopcast(const std::vector<std::string>& args, const std::function<void()>& in_child) {
  const std::string tmp = fresh_temp_dir("run");
  const std::string out_path = tmp + "/stdout", err_path = tmp + "/stderr";
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(FLOPCAST_SOURCE_DIR) != 0) ::_exit(126);
    const int o = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(o, 1);
    ::dup2(e, 2);
    ::unsetenv("FLOPCAST_CATALOG");
    if (in_child) in_child();
    std::vector<char*> argv;
    std::string bin = FLOPCAST_BINARY;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  struct rusage usage {};
  const auto start = std::chrono::steady_clock::now();
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  r.max_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  std::filesystem::remove_all(tmp);
  return r;
}

}  // namespace flopcast::test

namespace flopcast::test {

bool wait_until_catches(pid_t pid, const std::string& program, int signal, std::chrono::seconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  const std::string proc = "/proc/" + std::to_string(pid);
  std::error_code ec;
  const auto wanted = std::filesystem::canonical(program, ec);
  while (std::chrono::steady_clock::now() < until) {
    if (std::filesystem::read_symlink(proc + "/exe", ec) != wanted) {  // not yet exec'd (or gone)
      if (!std::filesystem::exists(proc)) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    std::ifstream in(proc + "/status");
    if (!in) return false;  // the process is gone
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("SigCgt:", 0) != 0) continue;
      const unsigned long long caught = std::stoull(line.substr(7), nullptr, 16);
      if (caught & (1ULL << (signal - 1))) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace flopcast::test
