// Running a sweep: grid points x Monte-Carlo samples on oneTBB, with a fixed reduction order
// so results are byte-identical whatever the thread count.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "flopcast/engine/scenario.hpp"
#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/sweep/sweep_result.hpp"

namespace flopcast::sweep {

struct SweepOptions {
  int threads = 0;  ///< 0 = all cores
  /// Called from the calling thread about every 200 ms with evaluations done and total.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  const std::atomic<bool>* cancel = nullptr;  ///< set to stop early; the result is then marked cancelled
};

/// Evaluations a sweep will run (grid points x samples, plus the sensitivity runs); saturates at
/// UINT64_MAX instead of wrapping.
std::uint64_t sweep_evaluations(const engine::SweepSpec& spec);

/// The memory a sweep's statistics take, at most (docs/reliability.md, Resource limits): a summary per grid
/// point and metric, and per metric one record per 1,024 samples of the point being run.
inline constexpr std::uint64_t kMaxSweepStatisticsBytes = 256ULL << 20;

/// Why `spec` is too big to run on `scenario`, or nothing: more evaluations than
/// `max_evaluations`, or statistics beyond kMaxSweepStatisticsBytes. Every way of running a
/// sweep (sweep, run, --shard, MPI) asks before it allocates anything.
std::optional<std::string> sweep_size_problem(const engine::Scenario& scenario, const engine::SweepSpec& spec,
                                              std::uint64_t max_evaluations);

/// Runs `spec` over `scenario`. Training runs whose layout is searched run, at every grid point
/// and sample, on the layout a direct run with those inputs would search for.
SweepResult run_sweep(const engine::Scenario& scenario, const engine::SweepSpec& spec, const SweepOptions& options = {});

}  // namespace flopcast::sweep
