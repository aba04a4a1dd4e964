// Inverse-CDF sampling of the scenario distributions with Boost.Math quantile functions, so a
// uniform draw maps to the same value on every platform (std:: distributions do not).
#pragma once

#include "flopcast/engine/sweep_spec.hpp"

namespace flopcast::sweep::detail {

/// The value of `d` at cumulative probability `u` in (0, 1).
double quantile(const engine::Distribution& d, double u);

/// Standard normal CDF and its inverse (for the Gaussian copula).
double normal_cdf(double z);
double normal_quantile(double u);

}  // namespace flopcast::sweep::detail
