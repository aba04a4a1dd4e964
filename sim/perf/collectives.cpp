// Collective-communication times (eq. C1-C3 in docs/models/training.md).
#include "collectives.hpp"

#include <algorithm>
#include <cmath>

namespace flopcast::perf::detail {

namespace {
constexpr double kAssumedNic = 12.5e9;  // no link data: assume a 100 Gb/s NIC
}  // namespace

double scale_up_bandwidth(const catalog::ChipSpec& chip) {
  if (chip.scale_up_bytes_per_s > 0) return chip.scale_up_bytes_per_s;
  return chip.scale_out_bytes_per_s && *chip.scale_out_bytes_per_s > 0 ? *chip.scale_out_bytes_per_s : kAssumedNic;
}

double scale_out_bandwidth(const catalog::ChipSpec& chip) {
  if (chip.scale_out_bytes_per_s && *chip.scale_out_bytes_per_s > 0) return *chip.scale_out_bytes_per_s;
  return chip.scale_up_bytes_per_s > 0 ? chip.scale_up_bytes_per_s : kAssumedNic;
}

double group_bandwidth(const catalog::ChipSpec& chip, long long group, const Calibration& cal) {
  const bool in_domain = group <= std::max(1, chip.scale_up_domain);
  const double bw = in_domain ? scale_up_bandwidth(chip) : scale_out_bandwidth(chip);
  const double eff = in_domain && chip.scale_up_efficiency > 0 ? chip.scale_up_efficiency : cal.link_efficiency;
  return bw * eff;
}

double spread_group_bandwidth(const catalog::ChipSpec& chip, long long group, long long per_domain, const Calibration& cal) {
  const long long domain = std::max(1, chip.scale_up_domain);
  if (group <= domain) return group_bandwidth(chip, group, cal);
  const double up = group_bandwidth(chip, 1, cal);
  const double nics = static_cast<double>(std::clamp(per_domain, 1LL, domain));
  return std::min(up, nics * scale_out_bandwidth(chip) * cal.link_efficiency);
}

CollectiveLatency collective_latency(const catalog::ChipSpec& chip, const Calibration& cal) {
  if (const auto& l = chip.collective_latency) return {l->base_s, l->scale_up_step_s, l->scale_out_step_s};
  return {0, cal.collective_latency_s, cal.collective_latency_s};
}

double domains_spanned(const catalog::ChipSpec& chip, long long group) {
  return std::ceil(static_cast<double>(std::max(1LL, group)) / std::max(1, chip.scale_up_domain));
}

double all_reduce_latency_s(const catalog::ChipSpec& chip, long long group, const Calibration& cal) {
  if (group <= 1) return 0;
  const double g = static_cast<double>(group);
  return collective_latency(chip, cal).of(2 * (g - 1), 2 * (domains_spanned(chip, group) - 1));
}

double message_latency_s(const catalog::ChipSpec& chip, long long group, const Calibration& cal) {
  return collective_latency(chip, cal).of(1, domains_spanned(chip, group) > 1 ? 1 : 0);
}

double all_reduce_s(double bytes, long long group, double bytes_per_s) {
  if (group <= 1) return 0;
  const double g = static_cast<double>(group);
  return 2.0 * (g - 1) / g * bytes / bytes_per_s;
}

double all_gather_s(double bytes, long long group, double bytes_per_s) {
  if (group <= 1) return 0;
  const double g = static_cast<double>(group);
  return (g - 1) / g * bytes / bytes_per_s;
}

}  // namespace flopcast::perf::detail
