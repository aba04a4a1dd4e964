// Money and power of a set of chips, each figure on a stated basis (docs/economics.md, eq. E1-E6):
// purchase price (capex), chip power (IT load) and facility power (x PUE), and the yearly cost of
// owning them (amortised price + electricity) or renting them.
#pragma once

#include <optional>
#include <string>

#include "flopcast/engine/scenario.hpp"

namespace flopcast::engine {

struct Economics {
  double chips = 0;
  std::optional<double> capex_usd;                  ///< chips x catalog price (0 if rented); none for an unpriced chip
  std::optional<double> chip_power_w;               ///< chips x per-chip power (system power where published, else TDP)
  std::optional<double> facility_power_w;           ///< chip power x PUE (eq. E1)
  std::optional<double> energy_usd_per_year;        ///< facility power all year at the electricity price (eq. E5)
  std::optional<double> amortisation_usd_per_year;  ///< capex over the amortisation period (eq. E4)
  std::optional<double> rental_usd_per_year;        ///< chips x rental price (0 if owned)
  std::optional<double> tco_usd_per_year;           ///< amortisation + energy, or rental (eq. E6)
};

/// Watts one chip of the pool draws at the wall (eq. E1: power x PUE); nothing if its power is unknown.
std::optional<double> wall_watts(const fleet::Pool& pool, const Assumptions& a);

/// Dollars per chip-second (eq. E2): the rental price, else the price spread over the
/// amortisation period plus electricity at the wall; nothing if a figure is unknown.
std::optional<double> usd_per_chip_s(const fleet::Pool& pool, const Assumptions& a);

/// The economics of `chips` chips of `pool`.
Economics economics_of(const fleet::Pool& pool, double chips, const Assumptions& a);

/// The basis of every money and power figure, in words with the scenario's numbers ("facility
/// power = chip power x PUE 1.3; ..."), for the notes under tables and in reports.
std::string economics_basis(const Assumptions& a);

/// The start of a sum: every figure known and 0.
Economics zero_economics();

/// Adds `e` to `into`: a figure stays known only if it is known in both (an unknown price is
/// never counted as free).
void add_economics(Economics& into, const Economics& e);

}  // namespace flopcast::engine
