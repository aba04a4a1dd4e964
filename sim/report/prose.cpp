// Numbers in sentences, and the everyday yardstick for FLOP totals.
#include "prose.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "flopcast/perf/training_estimate.hpp"

namespace flopcast::report::prose {
namespace {

// DeepSeek-V3's pre-training: 14.8T tokens at a 4K sequence length [DS-V3] (scenarios/catalog/sources.yaml).
constexpr double kYardstickTokens = 14.8e12;
constexpr int kYardstickSequence = 4096;

std::string superscript(int n) {
  static const char* digits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
  std::string out = n < 0 ? "⁻" : "";
  for (char c : std::to_string(std::abs(n))) out += digits[c - '0'];
  return out;
}

}  // namespace

std::string sig(double v, int digits) {
  if (v == 0 || !std::isfinite(v)) return grouped(v, 0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", digits - 1, v);  // rounds to `digits` significant digits first
  const double rounded = std::strtod(buf, nullptr);
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(rounded))));
  if (magnitude >= digits - 1) return grouped(rounded, 0);
  std::string out = grouped(rounded, std::min(digits - 1 - magnitude, 9));
  // Trailing zeros say nothing in a sentence: 70.0 -> 70, 8.60 -> 8.6.
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  return out;
}

std::string count(double v) {
  if (std::fabs(v) >= 1e9) return sig(v / 1e9) + " billion";
  if (std::fabs(v) >= 1e6) return sig(v / 1e6) + " million";
  return grouped(v, 0);
}

std::string percent(double fraction, int decimals) { return grouped(fraction * 100, decimals) + " %"; }

std::string percent_more(double a, double b) { return b != 0 ? grouped(std::fabs(a / b - 1) * 100, 0) + " %" : "∞"; }

std::string times(double ratio) { return (ratio >= 10 ? grouped(ratio, 0) : grouped(ratio, 1)) + "×"; }

std::string flop_rate(double v) {
  const char* prefix[] = {"TFLOP/s", "PFLOP/s", "EFLOP/s"};  // no zetta: a prefix few readers know
  double scaled = v / 1e12;
  int i = 0;
  while (i < 2 && std::fabs(scaled) >= 1000) {
    scaled /= 1000;
    ++i;
  }
  return sig(scaled) + " " + prefix[i];
}

std::string flop_total(double flops) {
  if (flops <= 0 || !std::isfinite(flops)) return grouped(flops) + " FLOP";
  const int e = static_cast<int>(std::floor(std::log10(flops)));
  return grouped(flops / std::pow(10.0, e), 1) + "×10" + superscript(e) + " FLOP";
}

std::string join_and(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

double yardstick_flops(const engine::Scenario& s) {
  const auto* m = s.catalog.find_model("deepseek-v3");
  if (!m) return 0;
  return perf::training_flops_per_token(*m, kYardstickSequence, perf::AttentionAccounting::causal) * kYardstickTokens;
}

std::string everyday_flops(const engine::Scenario& s, double flops) {
  const double run = yardstick_flops(s);
  if (run <= 0 || flops <= 0) return "";
  const double n = flops / run;
  return "≈ " + sig(n, 2) + " DeepSeek-V3 pre-training run" + (n >= 0.95 && n < 1.05 ? "" : "s");
}

std::string pools_text(const engine::Scenario& s, const std::vector<std::string>& pools) {
  std::string out;
  for (const auto& name : pools) {
    for (const auto& p : s.fleet.pools) {
      if (p.name == name) out += (out.empty() ? "" : " + ") + grouped(p.count) + " × " + p.chip.id;
    }
  }
  return out;
}

}  // namespace flopcast::report::prose
