// Aggregate capacity of a pool: chip figures times the count (eq. F1 in docs/models/fleet.md).
#include "flopcast/fleet/fleet.hpp"

namespace flopcast::fleet {

Capacity pool_capacity(const Pool& pool) {
  Capacity c;
  const auto& chip = pool.chip;
  c.chips = pool.count;
  for (std::size_t i = 0; i < catalog::precision_count; ++i) c.peak_flop_per_s[i] = pool.count * chip.dense_peak_flop_per_s[i];
  c.hbm_bytes = pool.count * chip.hbm_bytes;
  c.hbm_bytes_per_s = pool.count * chip.hbm_bytes_per_s;
  // Power on the chip's best-known basis: whole-system power per chip, else TDP (eq. F2).
  c.power_complete = chip.power_w().has_value();
  c.power_w = pool.count * chip.power_w().value_or(0);
  c.price_complete = chip.price_usd.has_value();
  c.price_usd = pool.count * chip.price_usd.value_or(0);
  c.h100e_by_tpp = pool.count * catalog::h100_equivalents_by_tpp(chip);
  return c;
}

void add_capacity(Capacity& into, const Capacity& c) {
  into.chips += c.chips;
  for (std::size_t i = 0; i < catalog::precision_count; ++i) into.peak_flop_per_s[i] += c.peak_flop_per_s[i];
  into.hbm_bytes += c.hbm_bytes;
  into.hbm_bytes_per_s += c.hbm_bytes_per_s;
  into.power_w += c.power_w;
  into.power_complete = into.power_complete && c.power_complete;
  into.h100e_by_tpp += c.h100e_by_tpp;
  into.price_usd += c.price_usd;
  into.price_complete = into.price_complete && c.price_complete;
}

}  // namespace flopcast::fleet
