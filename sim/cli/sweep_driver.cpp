// Sweep driver: refuses oversized sweeps, shows progress on a terminal, stops cleanly on SIGINT.
#include "sweep_driver.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "exit_codes.hpp"
#include "flopcast/sweep/run_sweep.hpp"
#include "text_table.hpp"

namespace flopcast::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_sigint(int) { g_interrupted.store(true); }

}  // namespace

bool sweep_fits(const engine::Scenario& s, const engine::SweepSpec& spec, const SweepDriverOptions& o) {
  const auto problem = sweep::sweep_size_problem(s, spec, o.max_evals);
  if (!problem) return true;
  const std::uint64_t evals = sweep::sweep_evaluations(spec);
  std::cerr << s.source_file << ": error[too-large]: " << *problem << "\n";
  if (evals > o.max_evals && evals != UINT64_MAX) {
    std::cerr << "  hint: raise it with --max-evals " << evals << ", or reduce the grid or the samples\n";
  } else {
    std::cerr << "  hint: reduce the grid points, the samples or the metrics (fewer runs, services or periods)\n";
  }
  return false;
}

std::optional<sweep::SweepResult> drive_sweep(const engine::Scenario& s, const engine::SweepSpec& spec, const SweepDriverOptions& o,
                                              int& exit_code) {
  const std::uint64_t evals = sweep::sweep_evaluations(spec);
  if (!sweep_fits(s, spec, o)) {
    exit_code = exit_bad_input;
    return std::nullopt;
  }
  g_interrupted = false;
  struct sigaction action {}, previous{};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous);
  sweep::SweepOptions so;
  so.threads = o.threads;
  so.cancel = &g_interrupted;
  const auto start = std::chrono::steady_clock::now();
  if (!o.quiet && ::isatty(STDERR_FILENO)) {
    so.progress = [start](std::uint64_t done, std::uint64_t total) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
      const double frac = total ? static_cast<double>(done) / static_cast<double>(total) : 1;
      const int width = 30, filled = static_cast<int>(frac * width);
      std::fprintf(stderr, "\r[%.*s%*s] %5.1f%%  %s/%s evaluations  %s/s  ETA %s s   ", filled, "==============================",
                   width - filled, "", frac * 100, grouped(static_cast<double>(done)).c_str(), grouped(static_cast<double>(total)).c_str(),
                   grouped(rate).c_str(), rate > 0 ? grouped(static_cast<double>(total - done) / rate).c_str() : "?");
    };
  }
  auto result = sweep::run_sweep(s, spec, so);
  sigaction(SIGINT, &previous, nullptr);
  if (so.progress) std::fprintf(stderr, "\r%*s\r", 100, "");
  if (result.cancelled) {
    std::cerr << "flopcast: interrupted; nothing was written\n";
    exit_code = 130;
    return std::nullopt;
  }
  if (!o.quiet) {
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << "sweep: " << grouped(static_cast<double>(evals)) << " evaluations in " << grouped(secs, 2) << " s ("
              << grouped(static_cast<double>(evals) / std::max(secs, 1e-9)) << "/s)\n";
  }
  exit_code = exit_ok;
  return result;
}

}  // namespace flopcast::cli
