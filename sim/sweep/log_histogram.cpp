// Log-binned histogram: bin i covers [m (1+w)^i, m (1+w)^(i+1)) for magnitude m >= 1e-30.
#include "log_histogram.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <numbers>

namespace flopcast::sweep::detail {
namespace {

const double kLogBase = std::log1p(LogHistogram::kRelativeWidth);
const double kBinsPerLn = 1.0 / kLogBase;  // a multiply where a divide was (one per recorded value)
const int kBins = static_cast<int>(std::ceil(std::log(LogHistogram::kMaxMagnitude / LogHistogram::kMinMagnitude) / kLogBase)) + 1;

/// ln of a double from its bits: the binary exponent, ln of the mantissa's top kTableBits bits
/// from a table, and three terms of the series for the rest (error below 1e-13, far inside a
/// 1 % bin; std::log was ~60 instructions of every recorded value).
constexpr int kTableBits = 10;
struct LnTable {
  std::array<double, 1 << kTableBits> ln, inverse;
  LnTable() {
    for (std::size_t i = 0; i < ln.size(); ++i) {
      const double f0 = 1.0 + static_cast<double>(i) / static_cast<double>(ln.size());
      ln[i] = std::log(f0);
      inverse[i] = 1.0 / f0;
    }
  }
};
const LnTable kLn;
const double kLnMin = std::log(LogHistogram::kMinMagnitude);

/// ln(m) for a positive, finite, normal m.
double fast_ln(double m) {
  const auto bits = std::bit_cast<std::uint64_t>(m);
  const int exponent = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
  const auto top = static_cast<std::size_t>((bits >> (52 - kTableBits)) & ((1u << kTableBits) - 1));
  const double mantissa = std::bit_cast<double>((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
  const double x = mantissa * kLn.inverse[top] - 1.0;  // in [0, 2^-kTableBits)
  return exponent * std::numbers::ln2 + kLn.ln[top] + x * (1.0 - x * (0.5 - x / 3.0));
}

/// The bin of a magnitude >= kMinMagnitude.
int bin_index(double magnitude) {
  if (!(magnitude < LogHistogram::kMaxMagnitude)) return kBins - 1;  // also infinity
  // Truncation is floor here: below 0 (a magnitude within rounding of kMinMagnitude) clamps to 0.
  const int b = static_cast<int>((fast_ln(magnitude) - kLnMin) * kBinsPerLn);
  return std::clamp(b, 0, kBins - 1);
}

}  // namespace

LogHistogram::LogHistogram() : positive_(static_cast<std::size_t>(kBins)), negative_(static_cast<std::size_t>(kBins)) {}

double LogHistogram::centre_of(int bin) const { return kMinMagnitude * std::exp((bin + 0.5) * kLogBase); }

void LogHistogram::add(double v) { add_strided(&v, 1, 1); }

void LogHistogram::add_strided(const double* values, std::size_t n, std::size_t stride) {
  // add() for each, with the counters in registers: a metric that barely moves puts a block of
  // samples in one bin, and incrementing it in memory made each add wait for the one before.
  // A value equal to the one before is in its bin: most of a sweep's columns hold one value in
  // every sample (the China scenario: 396 of 650), and need no bin worked out.
  std::uint64_t added = 0, zeros = 0;
  std::uint32_t* run_bin = nullptr;
  std::uint32_t run = 0;
  double run_value = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < n; ++i) {
    const double v = values[i * stride];
    if (std::isnan(v)) continue;
    ++added;
    if (v == run_value) {
      ++run;
      continue;
    }
    const double m = std::fabs(v);
    if (!(m >= kMinMagnitude)) {
      ++zeros;
      continue;
    }
    std::uint32_t* bin = &(v > 0 ? positive_ : negative_)[static_cast<std::size_t>(bin_index(m))];
    if (bin != run_bin) {
      if (run_bin) *run_bin += run;
      run_bin = bin;
      run = 0;
    }
    run_value = v;
    ++run;
  }
  if (run_bin) *run_bin += run;
  count_ += added;
  zeros_ += zeros;
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
