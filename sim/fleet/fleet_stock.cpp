// The installed fleet of an actor in a period (eq. P5-P7, P11): deliveries and the installed base
// that are still within their service life and have not failed, the power cap, and what the
// active chips add up to (peak, effective compute, H100-equivalents, power and energy).
#include <algorithm>
#include <cmath>

#include "projection_steps.hpp"

namespace flopcast::fleet::detail {
namespace {

/// eq. P5, P5a: installed = deliveries of the last `life` periods and the installed base not yet
/// retired, each kept by survival (exp(-failure rate x age)).
void count_installed(const PeriodContext& p, std::size_t a, ActorPeriod& ap) {
  const auto& in = p.in;
  const std::size_t actors = in.actors.size();
  // Period by period, each chip's sum in ascending order of period (the same additions, so the
  // same bits, as a sum per chip): a period's row is then found once, not once per chip, and its
  // chips are read in a row (per chip, each period's row was a cache miss).
  const int first = std::max(0, p.k - p.life + 1);
  for (auto& c : ap.chips) c.installed = 0;
  for (int q = first; q <= p.k; ++q) {
    const auto& delivered = p.out[static_cast<std::size_t>(q) * actors + a].chips;
    const double survival = p.w.survival[static_cast<std::size_t>(p.k - q)];
    for (std::size_t j = 0; j < ap.chips.size(); ++j) ap.chips[j].installed += delivered[j].delivered * survival;
  }
  std::size_t b = 0;
  for (std::size_t x = 0; x < a; ++x) b += in.actors[x].installed_base.size();
  for (const auto& stock : in.actors[a].installed_base) {
    const int age = in.base_age_periods[b] + p.k;
    if (age >= 0 && age < p.life) ap.chips[static_cast<std::size_t>(in.base_slot[b])].installed += stock.count * p.w.survival[static_cast<std::size_t>(age)];
    ++b;
  }
}

/// eq. P6: wall power of one chip on one basis for every chip: TDP (the chip) x the system
/// overhead x PUE; a chip without a TDP counts its system power x PUE; neither: unknown.
std::optional<double> wall_power(const ProjectionInputs& in, const catalog::ChipSpec& chip) {
  if (chip.tdp_w) return *chip.tdp_w * in.system_overhead * in.pue;
  if (chip.system_power_w) return *chip.system_power_w * in.pue;
  return std::nullopt;
}

}  // namespace

void tally_fleet(const PeriodContext& p, std::size_t a) {
  const auto& in = p.in;
  const auto& actor = in.actors[a];
  auto& ap = p.row()[a];
  count_installed(p, a, ap);
  const auto first_slot = static_cast<std::size_t>(in.actor_first_slot[a]);
  auto chip_of = [&](std::size_t j) { return static_cast<std::size_t>(in.slot_chip[first_slot + j]); };
  double power = 0;
  for (std::size_t j = 0; j < ap.chips.size(); ++j) {
    const auto watts = wall_power(in, in.chip_specs[chip_of(j)]);
    if (ap.chips[j].installed > 0 && !watts) ap.power_complete = false;
    power += ap.chips[j].installed * watts.value_or(0);
  }
  // A power cap switches chips off pro rata.
  const double on = actor.power_cap_w && power > *actor.power_cap_w ? *actor.power_cap_w / power : 1.0;
  ap.power_limited = on < 1.0;
  // The sums in locals, added in the same order (in the row, each add waited for a store).
  double installed = ap.installed_chips, active = ap.active_chips, bf16 = ap.peak_bf16_flop_per_s, fp8 = ap.peak_fp8_flop_per_s;
  double effective = ap.effective_flop_per_s, by_tpp = ap.h100e_by_tpp, by_throughput = ap.h100e_by_throughput, watts = ap.power_w;
  for (std::size_t j = 0; j < ap.chips.size(); ++j) {
    auto& c = ap.chips[j];
    const auto ci = chip_of(j);
    const auto& chip = in.chip_specs[ci];
    c.active = c.installed * on;
    installed += c.installed;
    active += c.active;
    bf16 += c.active * chip.peak(catalog::Precision::bf16);
    fp8 += c.active * chip.peak(catalog::Precision::fp8);
    // eq. P7: effective compute from the calibrated reference workload.
    effective += c.active * in.chip_reference_flop_per_s[ci];
    by_tpp += c.active * in.chip_h100e_by_tpp[ci];
    if (in.h100_reference_flop_per_s > 0) by_throughput += c.active * in.chip_reference_flop_per_s[ci] / in.h100_reference_flop_per_s;
    watts += c.active * wall_power(in, chip).value_or(0);
  }
  ap.installed_chips = installed;
  ap.active_chips = active;
  ap.peak_bf16_flop_per_s = bf16;
  ap.peak_fp8_flop_per_s = fp8;
  ap.effective_flop_per_s = effective;
  ap.h100e_by_tpp = by_tpp;
  ap.h100e_by_throughput = by_throughput;
  ap.power_w = watts;
  // eq. P11: energy of every active chip, and its electricity cost.
  ap.energy_j = ap.power_w * p.seconds;
  ap.electricity_usd = ap.energy_j * in.electricity_usd_per_j;
}

}  // namespace flopcast::fleet::detail
