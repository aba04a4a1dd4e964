// What a scenario asks to vary: a grid of parameter values and/or uncertain parameters drawn
// from distributions (bound by the scenario loader; run by the sweep module).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "flopcast/core/enum_table.hpp"
#include "flopcast/core/diagnostic.hpp"
#include "flopcast/engine/parameters.hpp"

namespace flopcast::engine {

enum class DistributionKind { uniform, normal, lognormal, triangular, pert, choice };
std::span<const core::EnumName<DistributionKind>> distribution_names();

/// Parameters by kind: uniform (low, high); normal (mean, sd); lognormal (median, sigma of the
/// log); triangular and pert (low, mode, high); choice (values, weights).
struct Distribution {
  DistributionKind kind = DistributionKind::uniform;
  double low = 0, mode = 0, high = 0;
  double mean = 0, sd = 0;
  double median = 0, sigma = 0;
  std::vector<double> values;
  std::vector<double> cumulative_weights;  ///< normalised, last = 1
};

struct UncertainVariable {
  ParameterRef parameter;
  Distribution distribution;
};

/// A rank correlation target between two variables, imposed with a Gaussian copula.
struct Correlation {
  std::size_t a = 0, b = 0;  ///< indexes into SweepSpec::variables
  double rho = 0;
};

struct SweepAxis {
  ParameterRef parameter;
  std::vector<double> values;       ///< SI
  std::vector<std::string> labels;  ///< names of the values when they are not numbers (regime ids), else empty
};

/// Resource limits of a sweep, checked before anything is allocated (docs/reliability.md).
inline constexpr std::uint64_t kMaxSamples = 1'000'000'000;  ///< Monte-Carlo samples per grid point
inline constexpr std::uint64_t kMaxGridPoints = 1'000'000;   ///< grid points (the product of the axes' lengths)
inline constexpr std::uint64_t kMaxAxisValues = 100'000;     ///< values of one axis (listed, or from/to/steps)

struct SweepSpec {
  std::vector<SweepAxis> axes;
  bool zip = false;  ///< axes advance together instead of forming a Cartesian product
  std::vector<UncertainVariable> variables;
  std::vector<Correlation> correlations;
  std::uint64_t samples = 1;
  std::uint64_t seed = 1;
  std::vector<double> percentiles{5, 50, 95};
  /// Metrics reported as differences from the first grid point (the baseline), sample by sample
  /// on the same draws (common random numbers): metric `delta.M` at point p is M(p) - M(first).
  std::vector<std::string> differences;
  std::vector<core::SourceLocation> difference_locations;  ///< of each item, for located errors

  [[nodiscard]] bool empty() const { return axes.empty() && variables.empty(); }
  /// Grid points: the product of axis lengths (zip: their common length); 1 without axes.
  /// Saturates at UINT64_MAX instead of wrapping (the binder refuses more than kMaxGridPoints).
  [[nodiscard]] std::uint64_t points() const;
};

/// The lowest and highest values the sampler can draw from `d`: bounded distributions' ends, and
/// for normal and lognormal the quantiles at the most extreme uniforms it draws (2^-54 and
/// 1 - 2^-53, about 8.3 standard deviations), so no sample of any run falls outside them.
std::pair<double, double> reachable_extremes(const Distribution& d);

/// The lower-triangular Cholesky factor (row-major, n x n) of the variables' correlation
/// matrix, or nothing if the correlations given are not a valid (positive definite) matrix.
std::optional<std::vector<double>> correlation_cholesky(const SweepSpec& spec);

}  // namespace flopcast::engine
