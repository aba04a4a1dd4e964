// A mergeable histogram on logarithmic bins (1 % relative width) for streaming percentiles in
// bounded memory. Counts are integers, so merging in any order gives identical results.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace flopcast::sweep::detail {

class LogHistogram {
 public:
  static constexpr double kRelativeWidth = 0.01;  ///< bin edges grow by 1 %: quantiles within 0.5 %
  static constexpr double kMinMagnitude = 1e-30;  ///< smaller magnitudes count as zero
  static constexpr double kMaxMagnitude = 1e30;

  LogHistogram();
  void add(double v);  ///< one value (NaN: no value, not counted)
  /// add() for `n` values `stride` apart, NaN meaning "no value" (one call per block of samples).
  void add_strided(const double* values, std::size_t n, std::size_t stride);
  void merge(const LogHistogram& other);
  void clear();
  [[nodiscard]] std::uint64_t count() const { return count_; }
  /// The q-quantile (0..1) by rank, at the geometric centre of its bin, clamped to [min, max].
  [[nodiscard]] double quantile(double q, double min, double max) const;

  /// Visits every non-empty bin as (sign: 1, -1 or 0 for zero, bin, count), for serialisation.
  template <class F>
  void for_each_bin(F f) const {
    if (zeros_) f(0, 0, zeros_);
    for (std::size_t i = 0; i < positive_.size(); ++i) {
      if (positive_[i]) f(1, static_cast<int>(i), static_cast<std::uint64_t>(positive_[i]));
      if (negative_[i]) f(-1, static_cast<int>(i), static_cast<std::uint64_t>(negative_[i]));
    }
  }
  /// Adds `count` samples to a bin (the inverse of for_each_bin); false if the bin is invalid.
  bool add_bin(int sign, int bin, std::uint64_t count);

 private:
  [[nodiscard]] double centre_of(int bin) const;
  std::vector<std::uint32_t> positive_, negative_;
  std::uint64_t zeros_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace flopcast::sweep::detail
