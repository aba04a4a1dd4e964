// Sweep specification helpers: distribution names and grid size.
#include "flopcast/engine/sweep_spec.hpp"

#include <algorithm>
#include <array>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "flopcast/core/math_policy.hpp"

namespace flopcast::engine {
namespace {

constexpr std::array<core::EnumName<DistributionKind>, 6> kDistributions{{
    {DistributionKind::uniform, "uniform", "uniform between low and high"},
    {DistributionKind::normal, "normal", "normal with mean and sd"},
    {DistributionKind::lognormal, "lognormal", "lognormal with median and sigma (of the natural log)"},
    {DistributionKind::triangular, "triangular", "triangular with low, mode and high"},
    {DistributionKind::pert, "pert", "beta-PERT with low, mode and high"},
    {DistributionKind::choice, "choice", "one of values, with optional weights"},
}};

}  // namespace

std::span<const core::EnumName<DistributionKind>> distribution_names() { return kDistributions; }

std::optional<std::vector<double>> correlation_cholesky(const SweepSpec& spec) {
  const std::size_t n = spec.variables.size();
  std::vector<double> c(n * n, 0.0), l(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) c[i * n + i] = 1.0;
  for (const auto& k : spec.correlations) c[k.a * n + k.b] = c[k.b * n + k.a] = k.rho;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      double sum = c[i * n + j];
      for (std::size_t k = 0; k < j; ++k) sum -= l[i * n + k] * l[j * n + k];
      if (i == j) {
        if (sum <= 1e-12) return std::nullopt;
        l[i * n + i] = std::sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  return l;
}

std::uint64_t SweepSpec::points() const {
  if (axes.empty()) return 1;
  if (zip) return axes.front().values.size();
  std::uint64_t n = 1;
  for (const auto& a : axes) {
    if (__builtin_mul_overflow(n, static_cast<std::uint64_t>(a.values.size()), &n)) return UINT64_MAX;
  }
  return n;
}

std::pair<double, double> reachable_extremes(const Distribution& d) {
  const boost::math::normal_distribution<double, core::MathPolicy> standard(0, 1);
  const double z_lo = boost::math::quantile(standard, 0x1.0p-54), z_hi = boost::math::quantile(standard, 1 - 0x1.0p-53);
  switch (d.kind) {
    case DistributionKind::uniform:
    case DistributionKind::triangular:
    case DistributionKind::pert: return {d.low, d.high};
    case DistributionKind::normal: return {d.mean + d.sd * z_lo, d.mean + d.sd * z_hi};
    case DistributionKind::lognormal:
      return {d.median * std::exp(d.sigma * z_lo), d.median * std::exp(d.sigma * z_hi)};
    case DistributionKind::choice:
      if (d.values.empty()) return {0, 0};
      return {*std::min_element(d.values.begin(), d.values.end()), *std::max_element(d.values.begin(), d.values.end())};
  }
  return {0, 0};
}

}  // namespace flopcast::engine
