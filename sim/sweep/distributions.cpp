// Quantile functions of the sweep distributions (Boost.Math).
#include "distributions.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <cmath>

#include "flopcast/core/math_policy.hpp"

namespace flopcast::sweep::detail {

double normal_cdf(double z) { return boost::math::cdf(boost::math::normal_distribution<double, core::MathPolicy>(0, 1), z); }
double normal_quantile(double u) { return boost::math::quantile(boost::math::normal_distribution<double, core::MathPolicy>(0, 1), u); }

double quantile(const engine::Distribution& d, double u) {
  using K = engine::DistributionKind;
  switch (d.kind) {
    case K::uniform: return d.low + u * (d.high - d.low);
    case K::normal: return boost::math::quantile(boost::math::normal_distribution<double, core::MathPolicy>(d.mean, d.sd), u);
    case K::lognormal: return boost::math::quantile(boost::math::lognormal_distribution<double, core::MathPolicy>(std::log(d.median), d.sigma), u);
    case K::triangular: return boost::math::quantile(boost::math::triangular_distribution<double, core::MathPolicy>(d.low, d.mode, d.high), u);
    case K::pert: {
      // Beta-PERT: alpha = 1 + 4 (mode - low) / (high - low), beta = 1 + 4 (high - mode) / (high - low).
      const double range = d.high - d.low;
      const double alpha = 1 + 4 * (d.mode - d.low) / range, beta = 1 + 4 * (d.high - d.mode) / range;
      return d.low + range * boost::math::quantile(boost::math::beta_distribution<double, core::MathPolicy>(alpha, beta), u);
    }
    case K::choice: {
      const auto it = std::upper_bound(d.cumulative_weights.begin(), d.cumulative_weights.end(), u);
      const auto i = static_cast<std::size_t>(std::min<std::ptrdiff_t>(it - d.cumulative_weights.begin(), static_cast<std::ptrdiff_t>(d.values.size()) - 1));
      return d.values[i];
    }
  }
  return 0;
}

}  // namespace flopcast::sweep::detail
