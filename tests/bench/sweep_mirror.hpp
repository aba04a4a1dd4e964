// A hand-written mirror of one Monte-Carlo sample of scenarios/910c-vs-h100-uncertainty.yaml:
// the same draws and equations as the sweep engine, on plain doubles with no engine around them.
// The sweep_sample_baseline benchmark times it against the engine (docs/performance.md); the
// unit test tests/unit/sweep_mirror_test.cpp checks on random variants of the scenario that it
// still computes what the engine computes, naming the first metric that differs. A change to the
// engine's glue (sim/engine: fleet sums, goodput, energy, cost, metric definitions) must be made
// here too, or that test fails. The performance models themselves (sim/perf) are called, not
// copied, so a change inside them needs nothing here.
//
// The mirror is written for one shape of scenario: two pools (Ascend 910C, then H100), one
// step-model training run on each with a searched layout, and the six uncertain inputs of the
// shipped file in its order. make_mirror() refuses any other shape with a sentence saying why.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../../sim/sweep/sweep_core.hpp"
#include "flopcast/perf/parallel_layout.hpp"

namespace flopcast::bench {

/// The metrics one sample yields: 7 fleet figures and 11 per training run, in the order of
/// engine/metrics.cpp.
inline constexpr std::size_t kMirrorMetrics = 29;

/// A sweep as the engine runs it: the loaded scenario and spec, and what compile() made of them.
struct CompiledSweep {
  engine::Scenario scenario;
  engine::SweepSpec spec;
  sweep::detail::Compiled compiled;
};

/// Compiles a scenario and its sweep as the sweep engine does.
CompiledSweep compile_sweep(engine::Scenario scenario, engine::SweepSpec spec);

/// Loads and compiles a scenario file (relative to the source tree); an error sentence if it
/// does not load.
std::string load_sweep(const std::string& relative_path, std::optional<CompiledSweep>& out);

/// One training run on one pool, as plain data taken from the scenario once.
struct MirrorRun {
  const catalog::ModelProfile* model = nullptr;
  catalog::ChipSpec* chip = nullptr;  ///< the mirror's own copy, whose sampled fields it sets
  double pool_count = 0, tokens = 0, batch_sequences = 0;
  int sequence_length = 0, routing_node_limit = 0;
  /// The layouts that can win at grid point 0, best case first: the sweep's re-planning
  /// candidates (found once per point, as the PERT table is built once); each sample evaluates
  /// them and takes the fastest, as sim/sweep/layout_plan.cpp does.
  sweep::detail::RunCandidates candidates;
  catalog::Precision precision{};
  perf::AttentionAccounting accounting{};
  bool include_mtp = false;
  const catalog::Calibration* calibration = nullptr;  ///< the scenario's (the catalog's fitted constants)
};

/// The mirror's state: its own copies of the chips whose fields the draws set, and the scenario
/// figures the equations read.
struct Mirror {
  Mirror() = default;
  Mirror(const Mirror&) = delete;  // runs point into it
  Mirror& operator=(const Mirror&) = delete;
  engine::Scenario point;  ///< grid point 0; owns the models, only read while sampling
  catalog::ChipSpec h100, ascend;
  double h100_count = 0, ascend_count = 0;
  MirrorRun runs[2];
  const engine::Distribution *h100_price = nullptr, *ascend_price = nullptr, *ascend_bf16 = nullptr, *mtbf = nullptr, *pue = nullptr,
                             *electricity = nullptr;
  const std::vector<double>* pert_table = nullptr;  ///< the Ascend price's inverse CDF, tabulated by compile()
  const std::vector<double>* cholesky = nullptr;
  std::uint64_t seed = 0;
  double amortisation_s = 0, checkpoint_write_s = 0, restart_s = 0, effective_utilisation = 0;  ///< assumptions no variable moves
};

/// The mirror of grid point 0 of `sweep` (which must outlive it: it reads the distributions and
/// tables there); nullptr and a sentence in `error` if the scenario no longer has the shape the
/// mirror is written for.
std::unique_ptr<Mirror> make_mirror(const CompiledSweep& sweep, std::string& error);

/// Sample k: draws, model and metrics; values[m] is metric m, NaN where the engine has none.
void mirror_sample(Mirror& mirror, std::uint64_t k, double* values);

/// Adds one sample's values to per-metric statistics and histograms, as the sweep loop does.
void accumulate(const double* values, sweep::detail::ChunkStats* stats, sweep::detail::LogHistogram* histograms);

/// Runs the engine (sweep::detail::run_sample, at grid point 0) and the mirror over samples
/// 0..samples-1 and compares every metric of every sample. Empty if they agree; otherwise a
/// sentence naming the first metric and sample that differ, with both values.
std::string first_difference(const CompiledSweep& sweep, std::uint64_t samples);
/// The same with a mirror made (and possibly altered) by the caller.
std::string first_difference(const CompiledSweep& sweep, Mirror& mirror, std::uint64_t samples);

}  // namespace flopcast::bench
