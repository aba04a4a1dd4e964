// The histograms of a thread's sweep columns, fed a block of samples at a time.
#pragma once

#include <cstddef>
#include <vector>

#include "log_histogram.hpp"

namespace flopcast::sweep::detail {

/// One LogHistogram per column, with the values of the last few samples held back and added
/// column by column. A sample adds one value to each of ~1,000 histograms of 110 KB each (the
/// China scenario): added as they come, every value lands on another page and cache line, and
/// those misses were ~14 % of a sample's cycles. Added a block at a time, each histogram's bins
/// are touched once per block. Counts are integers, so the order of adding changes nothing.
class HistogramBatch {
 public:
  static constexpr std::size_t kBlock = 32;  ///< samples held back (32 x 1,000 columns: 256 KB)

  HistogramBatch() = default;
  explicit HistogramBatch(std::size_t columns);

  /// The current sample's row: set column c to its value, or leave it NaN (no value).
  [[nodiscard]] double* row() { return pending_.data() + rows_ * columns_; }
  /// Closes the current row; the block goes into the histograms when it is full.
  void end_row();
  /// Adds the held-back rows now (before the histograms are read or merged).
  void flush();
  /// Empties the histograms and the held-back rows.
  void clear();
  [[nodiscard]] std::size_t size() const { return histograms_.size(); }
  [[nodiscard]] const LogHistogram& operator[](std::size_t c) const { return histograms_[c]; }

 private:
  void drop_rows();  ///< the held-back rows back to NaN (no value), none held
  std::size_t columns_ = 0, rows_ = 0;
  std::vector<double> pending_;  ///< kBlock rows of columns_ values, NaN where a sample had none
  std::vector<LogHistogram> histograms_;
};

}  // namespace flopcast::sweep::detail
