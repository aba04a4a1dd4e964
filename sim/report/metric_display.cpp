// The one table of how metric fields read: quantity, unit and basis, scale, better direction.
#include "metric_display.hpp"

#include <array>

namespace flopcast::report::detail {
namespace {

using B = Better;

constexpr std::array<MetricDisplay, 21> kMetricDisplay{{
    {"time_days", "training time", "days", 1, B::lower},
    {"cost_usd", "training cost", "$M", 1e-6, B::lower},
    {"chip_hours", "chip-hours", "million chip-hours", 1e-6, B::lower},
    {"energy_mwh", "energy (chip power x PUE)", "MWh", 1, B::lower},
    {"tokens_per_s_per_chip", "training throughput", "tokens/s per chip", 1, B::higher},
    {"model_tflops_per_chip", "model FLOP/s", "TFLOP/s per chip", 1, B::higher},
    {"hardware_tflops_per_chip", "hardware FLOP/s", "TFLOP/s per chip", 1, B::higher},
    {"mfu_bf16", "MFU against the dense BF16 peak", "%", 100, B::higher},
    {"step_s", "step time", "s", 1, B::lower},
    {"prefill_tokens_per_s_per_chip", "prefill throughput", "tokens/s per chip", 1, B::higher},
    {"decode_tokens_per_s_per_chip", "decode throughput", "tokens/s per chip", 1, B::higher},
    {"output_tokens_per_s_per_chip", "output throughput", "tokens/s per chip", 1, B::higher},
    {"tpot_ms", "time per output token", "ms", 1, B::lower},
    {"chips_needed", "chips needed", "chips", 1, B::lower},
    {"usd_per_million_tokens", "cost per million tokens", "$", 1, B::lower},
    {"chips", "chips", "chips", 1, B::neither},
    {"peak_bf16_flop_per_s", "peak dense BF16 throughput", "PFLOP/s", 1e-15, B::higher},
    {"effective_flop_per_s", "effective throughput (peak x assumed utilisation)", "PFLOP/s", 1e-15, B::higher},
    {"power_w", "chip power (system share where published, else TDP)", "MW", 1e-6, B::lower},
    {"h100e_by_tpp", "H100-equivalents by TPP", "H100e", 1, B::higher},
    {"served_tokens_per_day", "tokens served", "T tokens/day", 1e-12, B::higher},
}};

// Fleet-over-time fields are country-scale: their own units, and the ones drawn over time.
constexpr std::array<MetricDisplay, 17> kProjectionDisplay{{
    {"effective_flop_per_s", "effective training compute", "EFLOP/s", 1e-18, B::higher},
    {"cumulative_training_flops", "cumulative training compute", "×10²⁷ FLOP", 1e-27, B::higher},
    {"training_flops", "training compute delivered", "×10²⁷ FLOP", 1e-27, B::higher},
    {"served_tokens_per_day", "tokens served", "T tokens/day", 1e-12, B::higher},
    {"demand_tokens_per_day", "token demand", "T tokens/day", 1e-12, B::neither},
    {"serving_capacity_tokens_per_day", "serving capacity", "T tokens/day", 1e-12, B::higher},
    {"installed_chips", "installed chips", "million chips", 1e-6, B::higher},
    {"active_chips", "active chips", "million chips", 1e-6, B::higher},
    {"training_chips", "chips training", "million chips", 1e-6, B::neither},
    {"serving_chips", "chips serving", "million chips", 1e-6, B::neither},
    {"h100e_by_throughput", "H100-equivalents by throughput", "million H100e", 1e-6, B::higher},
    {"h100e_by_tpp", "H100-equivalents by TPP", "million H100e", 1e-6, B::higher},
    {"peak_bf16_flop_per_s", "peak dense BF16 throughput", "EFLOP/s", 1e-18, B::higher},
    {"spend_usd", "purchases in the period", "$B", 1e-9, B::neither},
    {"power_w", "facility power (chip power x PUE)", "MW", 1e-6, B::neither},
    {"energy_mwh", "facility energy", "GWh", 1e-3, B::neither},
    {"electricity_usd", "electricity cost", "$M", 1e-6, B::neither},
}};

}  // namespace

MetricDisplay display_of(std::string_view field, std::string_view kind) {
  if (kind == "projection") for (const auto& d : kProjectionDisplay) if (d.field == field) return d;
  for (const auto& d : kMetricDisplay) if (d.field == field) return d;
  return {field, field, "as in sweep.csv", 1, B::neither};
}

MetricPath split_metric(const std::string& m) {
  const auto first = m.find('.'), last = m.rfind('.');  // a period (@YYYY-MM) has no dot
  if (first == std::string::npos) return {"", "", m};
  if (first == last) return {m.substr(0, first), "", m.substr(first + 1)};
  return {m.substr(0, first), m.substr(first + 1, last - first - 1), m.substr(last + 1)};
}

std::string capitalised(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

}  // namespace flopcast::report::detail
