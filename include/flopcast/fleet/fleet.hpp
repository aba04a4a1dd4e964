// A fleet: pools of identical chips with an owner, a location and a service life.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/core/year_month.hpp"

namespace flopcast::fleet {

struct Pool {
  std::string name;
  catalog::ChipSpec chip;  ///< resolved copy (catalog entry plus scenario overrides)
  double count = 0;
  std::string owner;
  std::string country;  ///< ISO 3166 alpha-2 of where the pool is installed, e.g. "CN"
  std::optional<core::YearMonth> in_service;
  std::optional<core::YearMonth> retire;
  std::optional<double> rental_usd_per_s;  ///< rental price per chip; else amortised capex + power

  /// In service during `month` (no dates = always).
  [[nodiscard]] bool active_in(core::YearMonth month) const {
    return (!in_service || *in_service <= month) && (!retire || month < *retire);
  }
};

struct Fleet {
  std::vector<Pool> pools;
};

/// Aggregate capability of some chips: peaks, memory, power and H100-equivalents.
struct Capacity {
  double chips = 0;
  std::array<double, catalog::precision_count> peak_flop_per_s{};
  double hbm_bytes = 0;
  double hbm_bytes_per_s = 0;
  double power_w = 0;          ///< system power per chip where published, else TDP (see ChipSpec::power_w)
  bool power_complete = true;  ///< false if some chip has neither figure (power_w then undercounts)
  double h100e_by_tpp = 0;
  double price_usd = 0;
  bool price_complete = true;
};

Capacity pool_capacity(const Pool& pool);
void add_capacity(Capacity& into, const Capacity& c);

}  // namespace flopcast::fleet
