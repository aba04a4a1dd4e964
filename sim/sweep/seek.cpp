// Bracket, bisect, scan below (seek.hpp).
#include "seek.hpp"

#include <algorithm>
#include <cmath>

namespace flopcast::sweep::detail {

double grid_up(double x, double step) { return std::ceil(x / step * (1 - 1e-12)) * step; }
double grid_down(double x, double step) { return std::floor(x / step * (1 + 1e-12)) * step; }

std::optional<double> seek_smallest(const SeekGrid& g, SeekOracle& oracle, double& scanned_from) {
  // 1. Bracket: the smallest candidate, then doubling, up to the supply.
  double fail = 0, pass = 0;
  for (double v = g.lo;; v = std::min(g.hi, grid_up(v * 2, g.step))) {
    if (oracle.holds_at(v)) {
      pass = v;
      break;
    }
    fail = v;
    if (v >= g.hi) return std::nullopt;
  }
  // 2. Bisection between the last failing and the first passing candidate.
  while (fail > 0 && pass - fail > g.step * (1 + 1e-9)) {
    double mid = grid_down((fail + pass) / 2, g.step);
    if (mid <= fail) mid = fail + g.step;
    (oracle.holds_at(mid) ? pass : fail) = mid;
  }
  // 3. Every candidate in a window below: a smaller one may hold where bisection did not look.
  for (;;) {
    const double from = std::max({g.lo, grid_up(pass * (1 - g.scan_below), g.step), pass - static_cast<double>(kMaxScan) * g.step});
    std::vector<double> window;
    for (double k = 0;; ++k) {
      const double v = from + k * g.step;
      if (v >= pass - g.step * 1e-9) break;
      window.push_back(v);
    }
    oracle.evaluate_all(window);
    scanned_from = from;
    const auto smaller = std::find_if(window.begin(), window.end(), [&](double v) { return oracle.holds_at(v); });
    if (smaller == window.end()) return pass;
    pass = *smaller;
  }
}

}  // namespace flopcast::sweep::detail
