// Money and power of chips (docs/economics.md).
#include "flopcast/engine/economics.hpp"

#include <cstdio>

namespace flopcast::engine {
namespace {

constexpr double kSecondsPerYear = 365.25 * 86400;

void add(std::optional<double>& into, const std::optional<double>& v) {
  into = into && v ? std::optional(*into + *v) : std::nullopt;
}

}  // namespace

std::optional<double> wall_watts(const fleet::Pool& pool, const Assumptions& a) {
  const auto w = pool.chip.power_w();  // system power per chip where published, else TDP
  if (!w) return std::nullopt;
  return *w * a.pue;
}

std::optional<double> usd_per_chip_s(const fleet::Pool& pool, const Assumptions& a) {
  if (pool.rental_usd_per_s) return *pool.rental_usd_per_s;
  const auto watts = wall_watts(pool, a);
  if (!pool.chip.price_usd || !watts) return std::nullopt;
  return *pool.chip.price_usd / a.amortisation_s + *watts * a.electricity_usd_per_j;
}

std::string economics_basis(const Assumptions& a) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "capex = catalog price x chips (rented pools: none bought); chip power = system power per chip where published, "
                "else TDP (IT load); facility power = chip power x PUE %.2g; yearly cost (TCO) = capex over %.3g years + facility energy "
                "at $%.3g/kWh (rented pools: the rental price); a run's cost = its chip-time at the same rates",
                a.pue, a.amortisation_s / kSecondsPerYear, a.electricity_usd_per_j * 3.6e6);
  return buf;
}

Economics economics_of(const fleet::Pool& pool, double chips, const Assumptions& a) {
  Economics e;
  e.chips = chips;
  if (const auto w = pool.chip.power_w()) {
    e.chip_power_w = chips * *w;
    e.facility_power_w = *e.chip_power_w * a.pue;
    e.energy_usd_per_year = *e.facility_power_w * kSecondsPerYear * a.electricity_usd_per_j;
  }
  if (pool.rental_usd_per_s) {  // rented: nothing bought; the rental price covers power (eq. E2)
    e.capex_usd = e.amortisation_usd_per_year = 0.0;
    e.rental_usd_per_year = chips * *pool.rental_usd_per_s * kSecondsPerYear;
    e.tco_usd_per_year = e.rental_usd_per_year;
    return e;
  }
  e.rental_usd_per_year = 0.0;
  if (pool.chip.price_usd) {
    e.capex_usd = chips * *pool.chip.price_usd;
    e.amortisation_usd_per_year = *e.capex_usd / a.amortisation_s * kSecondsPerYear;
    if (e.energy_usd_per_year) e.tco_usd_per_year = *e.amortisation_usd_per_year + *e.energy_usd_per_year;
  }
  return e;
}

Economics zero_economics() {
  Economics e;
  e.capex_usd = e.chip_power_w = e.facility_power_w = e.energy_usd_per_year = e.amortisation_usd_per_year = e.rental_usd_per_year =
      e.tco_usd_per_year = 0.0;
  return e;
}

void add_economics(Economics& into, const Economics& e) {
  into.chips += e.chips;
  add(into.capex_usd, e.capex_usd);
  add(into.chip_power_w, e.chip_power_w);
  add(into.facility_power_w, e.facility_power_w);
  add(into.energy_usd_per_year, e.energy_usd_per_year);
  add(into.amortisation_usd_per_year, e.amortisation_usd_per_year);
  add(into.tco_usd_per_year, e.tco_usd_per_year);
  add(into.rental_usd_per_year, e.rental_usd_per_year);
}

}  // namespace flopcast::engine
