// A shard's partial sweep: raw, mergeable accumulators (chunk sums, histogram counts), so that
// shards run on different machines merge into exactly the single-run result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flopcast/engine/scenario.hpp"
#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/sweep/run_sweep.hpp"
#include "flopcast/sweep/sweep_result.hpp"

namespace flopcast::sweep {

struct ChunkRecord {
  std::uint64_t point = 0, metric = 0, chunk = 0;
  double sum = 0, min = 0, max = 0;
  std::uint64_t count = 0, missing = 0;
};

struct BinRecord {
  std::uint64_t point = 0, metric = 0;
  int sign = 1;  ///< 1, -1, or 0 for the zero bin
  int bin = 0;
  std::uint64_t count = 0;
};

/// The version of the text form; a state of another version is refused by name.
inline constexpr int kSweepStateFormat = 4;  // 4: sensitivities at every grid point
/// The most shards a sweep can be split into (sweep --shard I/N).
inline constexpr std::uint64_t kMaxStateShards = 1'000'000;

struct SweepState {
  std::string scenario_name;
  std::string identity;  ///< sweep_identity of the scenario and sweep the shard ran
  std::uint64_t shard_index = 0, shard_count = 1;
  std::uint64_t samples_per_point = 1, seed = 0, points = 0;
  std::vector<std::string> axis_paths, metric_names;
  std::vector<std::vector<std::string>> axis_labels;  ///< per axis, as SweepResult::axis_labels
  std::vector<double> percentiles;
  std::vector<std::vector<double>> axis_values;  ///< per point
  std::vector<ChunkRecord> chunks;               ///< only the chunks this shard ran
  std::vector<BinRecord> bins;                   ///< non-zero histogram bins
  std::vector<Sensitivity> sensitivities;        ///< shard 0 only
  bool cancelled = false;
};

/// A fingerprint (16 hex digits) of the bound scenario and the sweep: every parameter a sweep
/// could set, every metric of the base run, and the axes, distributions and correlations. Shards
/// merge only when theirs agree, so shards of an edited scenario or another catalog are refused.
std::string sweep_identity(const engine::Scenario& scenario, const engine::SweepSpec& spec);

/// Runs shard `index` of `count` (0-based): the (point, chunk) work items whose running number
/// modulo `count` is `index`.
SweepState run_sweep_shard(const engine::Scenario& scenario, const engine::SweepSpec& spec, std::uint64_t index, std::uint64_t count,
                           const SweepOptions& options = {});

/// Text form of a state (hex floats: exact), and back. Parsing checks every field (format
/// version, sizes within the sweep limits, indexes within the sweep, finite numbers) and returns
/// nothing with "line N: FIELD: what is wrong" in `error` otherwise.
std::string format_sweep_state(const SweepState& s);
std::optional<SweepState> parse_sweep_state(const std::string& text, std::string& error);

/// Merges every shard 0..count-1 into the result a single run gives, or says what is wrong: the
/// states must agree on identity, seed, samples, points, metrics, axes and shard count, and each
/// must hold exactly the complete chunks its shard runs. On a mismatch `error` names the shard
/// and the field, and `culprit` (if given) is the index of the state at fault (shards.size() when
/// no single state is: a shard missing).
std::optional<SweepResult> merge_sweep_states(const std::vector<SweepState>& shards, std::string& error, std::size_t* culprit = nullptr);

}  // namespace flopcast::sweep
