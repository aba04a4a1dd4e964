// The pieces of an answer, one file per kind of scenario (internal to the report module).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flopcast/report/answer.hpp"

namespace flopcast::report::detail {

/// A compared value: what it is, which metric, its value (nothing if unknown).
struct Compared {
  std::string label;   ///< "deepseek-v3-on-h100 (12,000 × h100)"
  std::string metric;  ///< its metric path
  std::optional<double> value;
};

// answer_training.cpp
Answer training_answer(const engine::Scenario& s, const engine::Results& r);
/// The factor that decides between two training runs (throughput = peak x utilisation, time =
/// work / throughput / goodput): a sentence, and the factor's name in `factor`.
std::string training_deciding_sentence(const engine::Scenario& s, const engine::TrainingResult& faster,
                                       const engine::TrainingResult& slower, std::string& factor);
const engine::TrainingRun* find_run(const engine::Scenario& s, const std::string& name);

// answer_serving.cpp
Answer serving_answer(const engine::Scenario& s, const engine::Results& r);

// answer_kernels.cpp
/// Kernels timed alone: each one's time, FLOP rate and bandwidth (the first three).
Answer kernels_answer(const engine::Scenario& s, const engine::Results& r);

// answer_projection.cpp
Answer projection_answer(const engine::Scenario& s, const engine::Results& r);
Answer regime_comparison_answer(const engine::Scenario& s, const std::vector<std::string>& regimes, const std::vector<engine::Results>& runs);

// answer.cpp
/// Who a metric is about, in words: "deepseek-v3-on-h100", "v3/fast on h20", "china-aggregate in 2026-04".
std::string subject_of(const std::string& metric);
/// A grid point's axis values in words: "regime = timeline and assumptions.pue = 1.3".
std::string point_text(const sweep::SweepResult& swept, std::size_t i);
/// "{quantity} ({unit}): a 8.7, b 9.9; a is 12 % lower": the compared metrics side by side.
std::string comparison_sentence(const std::vector<Compared>& items);
/// The compared metrics' bands over the sweep's samples (lowest to highest percentile asked
/// for), at grid point `point` (the base scenario's), and whether their order holds over the grid.
std::string band_sentence(const std::vector<std::string>& metrics, const std::vector<std::string>& labels, const sweep::SweepResult& swept,
                          std::size_t point);

// sweep_differences.cpp
/// The first difference the sweep reports (sweep.differences), at the first grid point beyond
/// the baseline: its mean, its band and whether its sign is certain; empty without differences.
std::string difference_sentence(const sweep::SweepResult& swept);

}  // namespace flopcast::report::detail
