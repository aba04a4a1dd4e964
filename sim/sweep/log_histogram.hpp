// A mergeable histogram on logarithmic bins (1 % relative width) for streaming percentiles in
// bounded memory. Counts are integers, so merging in any order gives identical results.
#pragma once

#include <cstdint>
#include <vector>

namespace flopcast::sweep::detail {

class LogHistogram {
 public:
  static constexpr double kRelativeWidth = 0.01;  ///< bin edges grow by 1 %: quantiles within 0.5 %
  static constexpr double kMinMagnitude = 1e-30;  ///< smaller magnitudes count as zero
  static constexpr double kMaxMagnitude = 1e30;

  LogHistogram();
  void add(double v);
  void merge(const LogHistogram& other);
  void clear();
  [[nodiscard]] std::uint64_t count() const { return count_; }
  /// The q-quantile (0..1) by rank, at the geometric centre of its bin, clamped to [min, max].
  [[nodiscard]] double quantile(double q, double min, double max) const;

 private:
  [[nodiscard]] int bin_of(double magnitude) const;
  [[nodiscard]] double centre_of(int bin) const;
  std::vector<std::uint32_t> positive_, negative_;
  std::uint64_t zeros_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace flopcast::sweep::detail
