// Numbers in sentences: thousands separators, three significant digits, percentages, ratios,
// FLOP rates and totals with an everyday yardstick (internal to the report module).
#pragma once

#include <string>
#include <vector>

#include "flopcast/core/number_text.hpp"
#include "flopcast/engine/scenario.hpp"

namespace flopcast::report::prose {

using core::grouped;  ///< 12345.6 -> "12,346"
/// Three significant digits, never an exponent: 5.384 -> "5.38", 1234567 -> "1,230,000", 0.01234 -> "0.0123", 70.0 -> "70".
std::string sig(double v, int digits = 3);
/// A count of things: 287500 -> "287,500", 3732500 -> "3.73 million".
std::string count(double v);
/// A fraction as a percentage: 0.455 -> "45.5 %" (decimals 1) or "46 %" (0).
std::string percent(double fraction, int decimals = 0);
/// How much a exceeds b, as a percentage of b: (6, 5) -> "20 %".
std::string percent_more(double a, double b);
/// A ratio: 1.94 -> "1.9×", 12.3 -> "12×".
std::string times(double ratio);
/// FLOP/s in the largest prefix that keeps the number at or above 1: "5.38 EFLOP/s".
std::string flop_rate(double flop_per_s);
/// A FLOP total as a power of ten: 3.21e28 -> "3.2×10²⁸ FLOP".
std::string flop_total(double flops);
/// "a, b and c".
std::string join_and(const std::vector<std::string>& items);

/// What a FLOP total is in a unit people hold in mind: "≈ 24 DeepSeek-V3 pre-training runs"
/// (the catalog's deepseek-v3 at 14.8T tokens and 4K context [DS-V3], its FLOPs computed by the
/// engine's own training model). Empty when the catalog has no deepseek-v3.
std::string everyday_flops(const engine::Scenario& s, double flops);

/// The training FLOPs of the yardstick run (0 when the catalog has no deepseek-v3).
double yardstick_flops(const engine::Scenario& s);

/// The chips of a list of pools: "12,000 × h100", "8,000 × h100 + 4,000 × h200".
std::string pools_text(const engine::Scenario& s, const std::vector<std::string>& pools);

}  // namespace flopcast::report::prose
