// Fleets over time: what each actor can field, period by period, under a timeline of export
// regimes, with supply caps, budgets, leakage, retirement and power caps.
// Equations: docs/models/fleet.md (eq. P1-P8).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/core/year_month.hpp"
#include "flopcast/rules/export_regime.hpp"

namespace flopcast::fleet {

struct Timeline {
  core::YearMonth start, end;  ///< inclusive
  int step_months = 3;
  [[nodiscard]] int periods() const { return (end.index() - start.index()) / step_months + 1; }
  [[nodiscard]] core::YearMonth period(int k) const { return start.plus_months(k * step_months); }
};

/// Chips an actor wants at an annual rate, over a window.
struct ProcurementLine {
  catalog::ChipSpec chip;
  double per_year = 0;
  std::optional<core::YearMonth> from, to;
  bool leakage = false;  ///< grey-market inflow: bypasses export rules and the supply caps
};

struct Actor {
  std::string name;
  std::string destination;  ///< ISO 3166 alpha-2, e.g. "CN"
  std::optional<double> budget_usd_per_year;
  std::optional<double> power_cap_w;  ///< facility power the actor can switch on
  std::vector<ProcurementLine> lines;
};

/// Production capacity of a chip shared by every actor that buys it (pro rata to demand).
struct SupplyLine {
  std::string chip_id;
  double per_year = 0;
  std::optional<core::YearMonth> from, to;
};

struct RegimeStep {
  core::YearMonth from;
  rules::ExportRegime regime;
};

struct ProjectionInputs {
  Timeline timeline;
  std::vector<Actor> actors;
  std::vector<SupplyLine> supply;
  std::vector<RegimeStep> regimes;  ///< in force from each `from`; before the first: no controls
  rules::DestinationTable destinations;
  double licence_approval = 0.5;  ///< expected approval when a rule gives no probability
  double service_life_s = 5 * 365.25 * 86400;
  double pue = 1.3;
  /// Model FLOP/s one chip of each type achieves on the reference training workload (from the
  /// step model); chips not listed count zero effective compute.
  std::map<std::string, double> reference_flop_per_s;
  double h100_reference_flop_per_s = 0;  ///< the same for an H100: the yardstick of H100e by throughput
};

struct ChipPeriod {
  std::string chip_id;
  double wanted = 0;     ///< chips asked for this period
  double permitted = 0;  ///< after the regime's expected outcome
  double delivered = 0;  ///< after supply and budget
  double installed = 0;  ///< delivered minus retired, cumulative
  double active = 0;     ///< installed within the power cap
  std::string rule;      ///< the rule that decided ("" when allowed by no rule)
  std::string outcome;   ///< allowed, licence, denied, unknown
  double fee_share = 0;
};

struct ActorPeriod {
  core::YearMonth period;
  std::string actor;
  std::string regime;  ///< id in force, "" if none
  std::vector<ChipPeriod> chips;
  double installed_chips = 0, active_chips = 0;
  double peak_bf16_flop_per_s = 0, peak_fp8_flop_per_s = 0;
  double effective_flop_per_s = 0;  ///< active chips x reference model FLOP/s
  double training_flops = 0;        ///< effective x the period's seconds
  double h100e_by_tpp = 0, h100e_by_throughput = 0;
  double spend_usd = 0;             ///< purchases this period, fees and tariffs included
  double power_w = 0;               ///< active chips at the wall (x PUE)
  bool power_limited = false, budget_limited = false, supply_limited = false;
};

/// Projects every actor over the timeline (deterministic, no sampling).
std::vector<ActorPeriod> project_fleet(const ProjectionInputs& in);

}  // namespace flopcast::fleet
