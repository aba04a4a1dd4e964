// The search behind flopcast size, apart from what it evaluates (internal; tested on its own).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace flopcast::sweep::detail {

/// Candidates: multiples of `step` from `lo` to `hi` (both on the grid). Below the bisection's
/// answer every candidate within `scan_below` of it (at most kMaxScan of them) is checked.
struct SeekGrid {
  double step = 1, lo = 1, hi = 1;
  double scan_below = 0.25;
};

/// Candidates checked below an answer, at most (each is a full evaluation).
inline constexpr std::size_t kMaxScan = 1024;

double grid_up(double x, double step);    ///< the smallest multiple of step >= x
double grid_down(double x, double step);  ///< the largest multiple of step <= x

/// Whether every target holds at a candidate; `evaluate_all` may evaluate many at once (in
/// parallel) before they are asked for.
class SeekOracle {
 public:
  virtual ~SeekOracle() = default;
  virtual bool holds_at(double v) = 0;
  virtual void evaluate_all(const std::vector<double>& values) = 0;
};

/// The smallest candidate at which the oracle holds, found by doubling from lo (bracket),
/// bisection, then a scan of every candidate in the window below the answer, repeated below any
/// smaller one the scan finds; nothing if no candidate up to hi holds. `scanned_from`: every
/// candidate from there to the answer was evaluated. Exact when holds_at is monotone, and within
/// the window when it is not.
std::optional<double> seek_smallest(const SeekGrid& g, SeekOracle& oracle, double& scanned_from);

}  // namespace flopcast::sweep::detail
