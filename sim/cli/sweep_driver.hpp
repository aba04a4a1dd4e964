// Running a sweep from the CLI: the size check, a progress bar on stderr, Ctrl-C handling.
#pragma once

#include <cstdint>
#include <optional>

#include "flopcast/engine/scenario.hpp"
#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/sweep/sweep_result.hpp"

namespace flopcast::cli {

/// The most worker threads --threads accepts (oneTBB crashed on 100,000).
inline constexpr std::uint64_t kMaxThreads = 256;
/// The hint under a refused --threads (hinted_value).
inline constexpr const char* kThreadsHint = "leave --threads out to use every core; the results do not depend on it";

struct SweepDriverOptions {
  int threads = 0;  ///< 0 = all cores
  bool quiet = false;
  std::uint64_t max_evals = 50'000'000;
};

/// True if the sweep is within --max-evals and the memory budget (sweep::sweep_size_problem);
/// otherwise prints why as a too-large error and returns false (the caller exits 2).
bool sweep_fits(const engine::Scenario& s, const engine::SweepSpec& spec, const SweepDriverOptions& o);

/// Runs the sweep. Returns nothing, having printed why, if it is too large (exit 2) or was
/// interrupted by Ctrl-C (exit 130); `exit_code` says which.
std::optional<sweep::SweepResult> drive_sweep(const engine::Scenario& s, const engine::SweepSpec& spec, const SweepDriverOptions& o,
                                              int& exit_code);

}  // namespace flopcast::cli
