// Log-binned histogram: bin i covers [m (1+w)^i, m (1+w)^(i+1)) for magnitude m >= 1e-30.
#include "log_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace flopcast::sweep::detail {
namespace {

const double kLogBase = std::log1p(LogHistogram::kRelativeWidth);
const int kBins = static_cast<int>(std::ceil(std::log(LogHistogram::kMaxMagnitude / LogHistogram::kMinMagnitude) / kLogBase)) + 1;

}  // namespace

LogHistogram::LogHistogram() : positive_(static_cast<std::size_t>(kBins)), negative_(static_cast<std::size_t>(kBins)) {}

int LogHistogram::bin_of(double magnitude) const {
  const int b = static_cast<int>(std::floor(std::log(magnitude / kMinMagnitude) / kLogBase));
  return std::clamp(b, 0, kBins - 1);
}

double LogHistogram::centre_of(int bin) const { return kMinMagnitude * std::exp((bin + 0.5) * kLogBase); }

void LogHistogram::add(double v) {
  ++count_;
  const double m = std::fabs(v);
  if (!(m >= kMinMagnitude)) {
    ++zeros_;
    return;
  }
  (v > 0 ? positive_ : negative_)[static_cast<std::size_t>(bin_of(m))] += 1;
}

bool LogHistogram::add_bin(int sign, int bin, std::uint64_t count) {
  if (bin < 0 || bin >= kBins || sign < -1 || sign > 1) return false;
  count_ += count;
  if (sign == 0) zeros_ += count;
  else (sign > 0 ? positive_ : negative_)[static_cast<std::size_t>(bin)] += static_cast<std::uint32_t>(count);
  return true;
}

void LogHistogram::merge(const LogHistogram& o) {
  for (std::size_t i = 0; i < positive_.size(); ++i) {
    positive_[i] += o.positive_[i];
    negative_[i] += o.negative_[i];
  }
  zeros_ += o.zeros_;
  count_ += o.count_;
}

void LogHistogram::clear() {
  std::fill(positive_.begin(), positive_.end(), 0u);
  std::fill(negative_.begin(), negative_.end(), 0u);
  zeros_ = count_ = 0;
}

double LogHistogram::quantile(double q, double min, double max) const {
  if (count_ == 0) return 0;
  // Nearest-rank: the smallest value with at least ceil(q n) samples at or below it.
  const auto rank = static_cast<std::uint64_t>(std::max(1.0, std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  double value = max;
  bool found = false;
  for (int b = kBins - 1; b >= 0 && !found; --b) {  // negatives, most negative first
    seen += negative_[static_cast<std::size_t>(b)];
    if (seen >= rank) { value = -centre_of(b); found = true; }
  }
  if (!found && (seen += zeros_) >= rank) { value = 0; found = true; }
  for (int b = 0; b < kBins && !found; ++b) {
    seen += positive_[static_cast<std::size_t>(b)];
    if (seen >= rank) { value = centre_of(b); found = true; }
  }
  return std::clamp(value, min, max);
}

}  // namespace flopcast::sweep::detail
