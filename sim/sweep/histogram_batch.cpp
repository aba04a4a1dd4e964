#include "histogram_batch.hpp"

#include <algorithm>
#include <limits>

namespace flopcast::sweep::detail {

HistogramBatch::HistogramBatch(std::size_t columns)
    : columns_(columns), pending_(kBlock * columns, std::numeric_limits<double>::quiet_NaN()), histograms_(columns) {}

void HistogramBatch::end_row() {
  if (++rows_ == kBlock) flush();
}

void HistogramBatch::flush() {
  for (std::size_t c = 0; c < columns_; ++c) histograms_[c].add_strided(pending_.data() + c, rows_, columns_);
  drop_rows();
}

void HistogramBatch::clear() {
  for (auto& h : histograms_) h.clear();
  drop_rows();
}

void HistogramBatch::drop_rows() {
  std::fill(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(rows_ * columns_), std::numeric_limits<double>::quiet_NaN());
  rows_ = 0;
}

}  // namespace flopcast::sweep::detail
