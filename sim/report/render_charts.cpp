// Rendering a run's charts: gnuplot processes in parallel, one per chart, each exit status and
// every image checked, and PDFs made reproducible.
#include "render_charts.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <thread>

namespace flopcast::report {
namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// How the image at `path` is damaged (missing, empty, cut short), if it is.
std::optional<std::string> image_problem(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return "gnuplot did not write it";
  const std::string bytes = read_all(path);
  if (bytes.empty()) return "it is empty";
  const std::string ext = path.extension().string();
  auto trimmed_end = [&](std::string_view tail) {
    const auto last = bytes.find_last_not_of(" \r\n\t");
    return last != std::string::npos && last + 1 >= tail.size() && std::string_view(bytes).substr(last + 1 - tail.size(), tail.size()) == tail;
  };
  if (ext == ".svg" && !trimmed_end("</svg>")) return "it is cut short (no closing </svg>)";
  static constexpr std::string_view kPngEnd("\0\0\0\0IEND\xae\x42\x60\x82", 12);
  if (ext == ".png" && (bytes.rfind("\x89PNG", 0) != 0 || !std::string_view(bytes).ends_with(kPngEnd))) return "it is cut short (no IEND chunk)";
  if (ext == ".pdf" && (bytes.rfind("%PDF-", 0) != 0 || !trimmed_end("%%EOF"))) return "it is cut short (no %%EOF)";
  return std::nullopt;
}

/// cairo stamps each PDF with the time it was made (/CreationDate (D:20261205103622Z)), so two
/// identical runs would differ. The date is overwritten in place with the epoch, keeping its
/// length so the cross-reference offsets stay right.
std::optional<std::string> pin_pdf_date(const fs::path& path) {
  std::string bytes = read_all(path);
  static constexpr std::string_view kKey = "/CreationDate (D:";
  static constexpr std::string_view kEpoch = "19700101000000";
  bool changed = false;
  for (auto at = bytes.find(kKey); at != std::string::npos; at = bytes.find(kKey, at + 1)) {
    std::size_t digit = 0;
    for (std::size_t i = at + kKey.size(); i < bytes.size() && bytes[i] != ')'; ++i) {
      if (bytes[i] < '0' || bytes[i] > '9') continue;
      bytes[i] = digit < kEpoch.size() ? kEpoch[digit] : '0';
      ++digit;
      changed = true;
    }
  }
  if (!changed) return std::nullopt;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) return "cannot rewrite " + path.filename().string() + ": " + std::strerror(errno);
  return std::nullopt;
}

/// One gnuplot process rendering one chart script; its output goes to a log of its own.
struct Child {
  pid_t pid = -1;
  std::size_t job = 0;
  std::string log;
};

Child start_gnuplot(const std::string& gnuplot, const std::string& dir, const ChartJob& job, std::size_t index) {
  Child c{-1, index, ".gnuplot-" + std::to_string(index) + ".log"};
  c.pid = ::fork();
  if (c.pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(126);
    const int fd = ::open(c.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::execlp(gnuplot.c_str(), gnuplot.c_str(), job.script.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return c;
}

/// What went wrong with a finished gnuplot (its wait status), if anything.
std::optional<std::string> exit_problem(int status, const std::string& gnuplot, const std::string& script, const std::string& log) {
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return std::nullopt;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) return "gnuplot not found ('" + gnuplot + "'); install gnuplot-nox, or pass --no-charts";
  const std::string how = WIFSIGNALED(status) ? "was killed by signal " + std::to_string(WTERMSIG(status)) : "failed";
  return "gnuplot " + how + " on " + script + (log.empty() ? "" : ":\n" + log);
}

/// How many charts render at once: one gnuplot per core, at least two (a chart's PNG and PDF
/// wait on font loading, so a second process fills the gaps).
std::size_t parallel_renders() { return std::max<std::size_t>(2, std::thread::hardware_concurrency()); }

}  // namespace

std::optional<std::string> render_charts(const std::string& gnuplot, const std::string& dir, const std::vector<ChartJob>& jobs) {
  if (jobs.empty()) return std::nullopt;
  // Each chart in a gnuplot of its own, several at once: one process for all of them would carry
  // one chart's terminal settings into the next (gnuplot's `reset` keeps them), and a chart must
  // look exactly as its script draws it when run alone.
  const auto limit = std::chrono::seconds(60 + 10 * static_cast<long>(jobs.size()));
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::vector<Child> running;
  std::optional<std::string> problem;
  std::size_t next = 0;
  auto finish = [&](const Child& c, int status) {
    const std::string log = read_all(fs::path(dir) / c.log);
    std::error_code ec;
    fs::remove(fs::path(dir) / c.log, ec);
    if (!problem) problem = exit_problem(status, gnuplot, jobs[c.job].script, log);
  };
  while ((next < jobs.size() && !problem) || !running.empty()) {
    while (!problem && next < jobs.size() && running.size() < parallel_renders()) {
      running.push_back(start_gnuplot(gnuplot, dir, jobs[next], next));
      if (running.back().pid < 0) {
        running.pop_back();
        problem = "cannot start gnuplot (fork failed)";
      }
      ++next;
    }
    const bool late = std::chrono::steady_clock::now() > deadline;
    if (late && !problem) problem = "gnuplot did not finish within " + std::to_string(limit.count()) + " s and was stopped";
    bool reaped = false;
    for (auto it = running.begin(); it != running.end();) {
      if (late) ::kill(it->pid, SIGKILL);
      int status = 0;
      const pid_t r = ::waitpid(it->pid, &status, late ? 0 : WNOHANG);
      if (r == it->pid || (r < 0 && errno != EINTR)) {
        finish(*it, status);
        it = running.erase(it);
        reaped = true;
      } else {
        ++it;
      }
    }
    if (!reaped && !running.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (problem) return problem;
  for (const auto& j : jobs) {
    for (const auto& image : j.images) {
      const fs::path path = fs::path(dir) / image;
      if (auto damage = image_problem(path)) return "chart " + image + " (from " + j.script + ") is not usable: " + *damage;
      if (path.extension() == ".pdf") {
        if (auto failed = pin_pdf_date(path)) return *failed;
      }
    }
  }
  return std::nullopt;
}

}  // namespace flopcast::report
