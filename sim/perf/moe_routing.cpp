// Expert load and all-to-all fan-out (docs/models/moe.md, eq. M1-M3).
#include "flopcast/perf/moe_routing.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace flopcast::perf {
namespace {

/// Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9).
double normal_quantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
  const double lo = 0.02425;
  if (p < lo) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normal_quantile(1 - p);
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

}  // namespace

double expected_max_standard_normal(double n) {
  if (!(n > 1)) return 0;
  // Rank counts are integers in practice; a table keeps the per-layout cost to a lookup.
  static const std::array<double, 1025> table = [] {
    std::array<double, 1025> t{};
    for (std::size_t i = 2; i < t.size(); ++i) t[i] = normal_quantile((static_cast<double>(i) - 0.375) / (static_cast<double>(i) + 0.25));
    return t;
  }();
  if (n < static_cast<double>(table.size()) && n == std::floor(n)) return table[static_cast<std::size_t>(n)];
  return normal_quantile((n - 0.375) / (n + 0.25));
}

double expert_load_imbalance(double experts, double top_k, double ep, double tokens_per_rank, double redundant, double skew) {
  if (!(ep > 1) || !(experts > 0)) return 1;
  // A rank's load is the sum over its (E + R)/ep expert slots. Popularity varies with CV `skew`;
  // redundant copies of the hottest experts spread that excess over more slots (E / (E + R)).
  // Routing noise: a rank's count is close to Poisson with mean tokens x k.
  const double slots = std::max(1.0, (experts + redundant) / ep);
  const double spread = skew * experts / (experts + redundant);
  const double routed = std::max(1.0, tokens_per_rank * top_k);
  const double cv = std::sqrt(spread * spread / slots + 1.0 / routed);
  return 1 + expected_max_standard_normal(ep) * cv;
}

double expected_max_poisson(double mean, double n) {
  if (!(mean > 0)) return 0;
  if (!(n > 1)) return mean;
  // Many arrivals per rank: the normal limit (the exact sum below would underflow e^-mean).
  if (mean > 50) return mean + expected_max_standard_normal(n) * std::sqrt(mean);
  // E[max] = sum over j >= 1 of P(max >= j) = 1 - F(j - 1)^n, F the Poisson CDF.
  double p = std::exp(-mean), cdf = p, sum = 0;
  for (int j = 1; j < 400; ++j) {
    const double tail = 1 - std::pow(cdf, n);
    if (tail < 1e-12) break;
    sum += tail;
    p *= mean / j;
    cdf += p;
  }
  return sum;
}

double remote_nodes_per_token(double top_k, double nodes, int node_limit) {
  if (!(nodes > 1)) return 0;
  const double n = node_limit > 0 ? std::min(nodes, static_cast<double>(node_limit)) : nodes;
  const double distinct = n * (1 - std::pow(1 - 1 / n, top_k));
  return distinct * (nodes - 1) / nodes;
}

double experts_touched(double experts, double routed) {
  if (!(experts > 0) || !(routed > 0)) return 0;
  return experts * (1 - std::exp(-routed / experts));
}

}  // namespace flopcast::perf
