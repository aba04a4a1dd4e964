// Fleets over time: what each actor can field, period by period, under a timeline of export
// regimes: an installed base, fixed orders or demand-driven procurement that substitutes between
// chip types and turns to smuggling as far as the rules bind, supply caps and domestic production
// from bounded inputs, budgets, retirement, power caps, and the split of each period's fleet
// between training and serving. Equations: docs/fleet-over-time.md (eq. P1-P12).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/core/year_month.hpp"
#include "flopcast/fleet/supply_chain.hpp"
#include "flopcast/rules/export_regime.hpp"

namespace flopcast::fleet {

/// The most periods a timeline may have (docs/reliability.md, Resource limits): 100 years by month.
inline constexpr int kMaxPeriods = 1200;

struct Timeline {
  core::YearMonth start, end;  ///< inclusive
  int step_months = 3;
  [[nodiscard]] int periods() const { return (end.index() - start.index()) / step_months + 1; }
  [[nodiscard]] core::YearMonth period(int k) const { return start.plus_months(k * step_months); }
};

/// A chip an actor buys, over a window.
struct ProcurementLine {
  enum class Kind {
    order,     ///< a fixed order: `per_year` chips a year, through the rules and the supply caps
    leakage,   ///< a fixed grey-market inflow: bypasses export rules and the supply caps
    option,    ///< demand-driven (eq. P12): bought as the actor's wants, budget and ranking decide
    smuggled,  ///< demand-driven smuggling: only for what the export rules block, at a price premium
  };
  catalog::ChipSpec chip;
  double per_year = 0;  ///< order, leakage: chips a year; option, smuggled: at most this many (0 = no limit)
  std::optional<core::YearMonth> from, to;
  Kind kind = Kind::order;
  double premium = 0;   ///< smuggled: price premium over the chip's price (0.5 = +50 %)
};

/// Chips an actor already holds at the start of the timeline (eq. P5a).
struct InstalledStock {
  catalog::ChipSpec chip;
  double count = 0;
  core::YearMonth vintage;  ///< when they were installed: they retire a service life later
};

/// What a demand-driven buyer wants (eq. P12): H100-equivalents (by throughput on the reference
/// workload) a year, growing by `growth_per_year` from `from`.
struct Wants {
  double h100e_per_year = 0;
  double growth_per_year = 1;
  core::YearMonth from;
  double scale = 1;  ///< multiplies the whole curve (for uncertainty)
  [[nodiscard]] double per_year_at(core::YearMonth t) const;
};

/// A point of an actor's serving-demand curve.
struct DemandPoint {
  core::YearMonth at;
  double tokens_per_s = 0;  ///< input + output tokens served per second, daily mean
};

/// How an actor splits its active chips between training and serving each period (eq. P9-P10).
struct Allocation {
  enum class Policy {
    shares,         ///< `training_share` of every chip type trains, the rest serves
    serving_first,  ///< provision serving for the demand first, train on the rest
  };
  Policy policy = Policy::shares;
  /// serving-first: which chips serve. best_suited fills the demand from the chip types that give
  /// up the least training compute per token served (highest tokens/s over training FLOP/s
  /// first); every_type takes the same share of every chip type.
  enum class ServeOn { best_suited, every_type };
  ServeOn serve_on = ServeOn::best_suited;
  double training_share = 1.0;  ///< shares: fraction of active chips that train
  /// Serving demand: geometric interpolation between points, flat before the first, growing by
  /// `demand_growth_per_year` after the last (eq. P10). Empty: no demand.
  std::vector<DemandPoint> demand;
  double demand_growth_per_year = 1;
  double demand_scale = 1;  ///< multiplies the whole curve (for uncertainty)
  /// eq. P10a: serving is provisioned for the daily peak (peak / mean demand) at a target
  /// utilisation of the serving chips' throughput, so it needs peak_to_mean / target_utilisation
  /// times the chips the mean demand alone would.
  double peak_to_mean = 1;
  double target_utilisation = 1;

  /// Demand in tokens/s (daily mean) at month t (eq. P10).
  [[nodiscard]] double demand_at(core::YearMonth t) const;
  /// Chips' worth of throughput serving must hold per token/s of mean demand (eq. P10a).
  [[nodiscard]] double provisioning() const { return peak_to_mean / target_utilisation; }
};

/// log10 of the largest demand `a` reaches up to month `end` (-inf without demand), computed in
/// logarithms so that a demand beyond the largest double still compares: the binder refuses one
/// above 1e24 tokens/s.
double log10_peak_demand(const Allocation& a, core::YearMonth end);

struct Actor {
  std::string name;
  std::string destination;   ///< ISO 3166 alpha-2, e.g. "CN": where the chips go
  std::string headquarters;  ///< where the buyer is headquartered ("" = the destination): end-user rules test it
  std::optional<double> budget_usd_per_year;
  double budget_growth_per_year = 1;  ///< the budget multiplies by this each year from the timeline start
  std::optional<double> power_cap_w;  ///< facility power the actor can switch on
  std::vector<ProcurementLine> lines;
  std::vector<InstalledStock> installed_base;
  std::optional<Wants> wants;  ///< demand-driven procurement (option and smuggled lines)
  enum class Rank { cost, listed };
  Rank rank = Rank::cost;  ///< options by cost per H100e (fees, tariffs, premiums included), or as listed
  /// Pairwise preferences between demand-driven chips: (first, then) is bought before `then`
  /// whatever the costs. They must not loop (preference_cycle).
  std::vector<std::pair<std::string, std::string>> prefer;
  int priority = 0;  ///< buyers of a capped supply are served in ascending priority; equal ones pro rata
  Allocation allocation;
};

/// Production of a chip shared by every actor that buys it (eq. P3): a rate, given directly or
/// derived from wafers and HBM stacks, plus a one-time stock that drains.
struct SupplyLine {
  std::string chip_id;
  double per_year = 0;  ///< chips per year, when not derived from wafers
  std::optional<core::YearMonth> from, to;
  /// eq. P3a: chips per year = wafers x good dies per wafer / dies per chip.
  std::optional<double> wafers_per_year;
  double dies_per_wafer = 0;
  double die_yield = 1;
  double dies_per_chip = 1;
  /// eq. P3a: HBM can bind too: chips per year <= stacks per year / stacks per chip.
  std::optional<double> hbm_stacks_per_year;
  double hbm_stacks_per_chip = 0;
  double output_scale = 1;  ///< multiplies the rate (for uncertainty on output around the stated figures)
  double stock = 0;  ///< eq. P3b: chips (or finished dies) in a stockpile from `from`, drawn after the flow

  /// The production rate in chips per year (eq. P3a).
  [[nodiscard]] double chips_per_year() const;
};

/// US end-use volume of a chip: what a rule's volume cap is a fraction of (R8: China shipments
/// <= 50 % of US end-use volume).
struct MarketVolume {
  std::string chip_id;
  double per_year = 0;
};

struct RegimeStep {
  core::YearMonth from;
  rules::ExportRegime regime;
};

/// How the regimes in force treat one procurement line, decided once (chip, buyer and regime do
/// not change from one evaluation to the next): `prepare_projection` fills these.
struct LineVerdict {
  rules::Outcome outcome = rules::Outcome::allowed;
  std::string outcome_name = "allowed";  ///< allowed, notify, licence, denied, unknown, leakage, smuggled, not-controlled-origin
  std::string rule;                      ///< deciding export rule id, "" if none
  std::string regime;                    ///< the regime that rule is defined in
  std::optional<double> approval;        ///< the rule's approval probability this period, if it gives one
  std::vector<std::pair<core::YearMonth, double>> approval_from;  ///< per-period approval: (from, p)
  double fee_share = 0;
  double fixed_share = 1;                ///< pass-through when no licence probability applies
  std::optional<double> volume_cap;      ///< shipments to the rule's destinations <= this x US end-use volume
  int quantity_cap = -1;                 ///< index into ProjectionInputs::quantity_caps, or -1
  bool licensed = false;                 ///< the share is an approval probability (rule's or the default)
  /// Import side (the destination's own rules): share let in, and the rule that decided.
  double import_share = 1;
  std::vector<std::pair<core::YearMonth, double>> import_approval_from;  ///< import licence: per-period approval (from, p)
  std::string import_rule;
  /// The expected share of wanted chips the export rule lets through at month t.
  [[nodiscard]] double export_share(core::YearMonth t, double default_approval) const;
  /// The share the destination's import rules let in at month t.
  [[nodiscard]] double import_share_at(core::YearMonth t) const;
};

/// A quantity cap of a rule (TPP or H100e per destination, per year or over the rule's life),
/// shared by every line the rule decides.
struct QuantityCap {
  std::string rule;
  double h100e = 0;       ///< the cap in H100e by TPP (a TPP cap / 15,832)
  bool per_year = true;   ///< else: one total from the rule's effective date
};

struct ProjectionInputs {
  Timeline timeline;
  std::vector<Actor> actors;
  std::vector<SupplyLine> supply;
  Production production;
  std::vector<RegimeStep> regimes;  ///< in force from each `from`; before the first: no controls
  std::vector<RegimeStep> import_regimes;  ///< the destination's own import rules over time
  /// Alternative regime timelines a sweep can switch to (`regime` axis): option i replaces
  /// `regimes` when regime_option == i; -1 keeps `regimes`.
  std::vector<std::vector<RegimeStep>> regime_options;
  std::vector<std::string> regime_option_names;
  int regime_option = -1;
  std::vector<MarketVolume> us_end_use;  ///< for volume caps (eq. P2a); a capped chip without one is not capped
  rules::DestinationTable destinations;
  double licence_approval = 0.5;  ///< expected approval when a rule gives no probability
  double service_life_s = 5 * 365.25 * 86400;
  double failure_rate_per_year = 0;  ///< permanent losses (eq. P5): a chip survives a year with exp(-this)
  double pue = 1.3;
  /// eq. P6: wall power per chip = TDP (chip basis) x this x PUE, the same basis for every chip;
  /// default DGX H100 10.2 kW / 8 GPUs / 700 W.
  double system_overhead = 10200.0 / 8 / 700;
  double electricity_usd_per_j = 0;  ///< eq. P11: electricity cost of the active chips
  /// Model FLOP/s one chip of each type achieves on the reference training workload (from the
  /// step model); chips not listed count zero effective compute.
  std::map<std::string, double> reference_flop_per_s;
  double h100_reference_flop_per_s = 0;  ///< the same for an H100: the yardstick of H100e by throughput
  /// Tokens/s (input + output) one chip of each type serves on the reference service (from the
  /// serving model); chips not listed serve nothing.
  std::map<std::string, double> reference_tokens_per_s;
  /// The same per mode of the reference service (one entry, or one per mode of the mix in order).
  std::map<std::string, std::vector<double>> reference_mode_tokens_per_s;

  // ---- filled by prepare_projection(); read by project_fleet_into() ----
  std::vector<std::string> chip_ids;           ///< every chip id bought, held, supplied or produced
  std::vector<catalog::ChipSpec> chip_specs;   ///< per chip_ids: the first definition met
  std::vector<int> line_chip;                  ///< per actor line (flattened): index into chip_ids
  std::vector<int> line_slot;                  ///< per actor line: its chip's row in the actor's ChipPeriod list
  std::vector<int> actor_first_line;           ///< per actor, then one past the last
  std::vector<int> actor_first_slot;           ///< per actor, then one past the last: its ChipPeriod rows
  std::vector<int> slot_chip;                  ///< per row (flattened): index into chip_ids
  std::vector<int> slot_serving_order;         ///< per actor (flattened like the rows): its rows, best suited to serve first
  std::vector<int> base_slot;                  ///< per installed-base entry (flattened over actors): its row
  std::vector<int> base_age_periods;           ///< per installed-base entry: age at the first period, in periods
  std::vector<int> supply_chip;                ///< per supply line: index into chip_ids
  std::vector<int> product_chip;               ///< per production line: index into chip_ids
  std::vector<int> priorities;                 ///< distinct actor priorities, ascending
  std::vector<LineVerdict> verdicts;           ///< [regime step][line] of `regimes`, then of each option; no controls is implied
  std::vector<std::size_t> option_verdicts;    ///< per regime option: where its verdicts start
  std::vector<LineVerdict> import_verdicts;    ///< [import step][line]
  std::vector<QuantityCap> quantity_caps;
  /// Per regime step (of `regimes`, then each option's), per production input flow (flattened):
  /// the share of the flow the step's supply controls let through.
  std::vector<double> flow_share;
  std::vector<std::size_t> option_flow_share;  ///< per regime option: where its flow shares start
  std::vector<double> chip_reference_flop_per_s, chip_reference_tokens_per_s;  ///< per chip_ids
  std::vector<double> chip_us_end_use;                                           ///< per chip_ids; < 0: unknown
  std::vector<double> chip_h100e;              ///< per chip_ids: H100e by throughput (by TPP without a reference)
  std::vector<double> chip_h100e_by_tpp;       ///< per chip_ids: H100e by TPP (a chip constant, computed once)
  std::vector<double> line_h100e_by_tpp;       ///< per line: its chip's TPP / 15,832
  /// Per line: bit i set when line (actor's first line + i) must be bought before it (prefer:).
  std::vector<std::uint64_t> line_after;
};

/// "a -> b -> a" when the preferences loop, else "" (a loop has no order to buy in).
std::string preference_cycle(const std::vector<std::pair<std::string, std::string>>& prefer);

/// Resolves names to indexes and classifies every line under every regime step. Call after
/// building or editing `in` (actors, lines, supply or regimes), before project_fleet_into.
void prepare_projection(ProjectionInputs& in);

struct ChipPeriod {
  std::string chip_id;
  double wanted = 0;     ///< chips asked for this period (demand-driven: what the buyer asked for)
  double permitted = 0;  ///< after the regimes' expected outcome (export and import side)
  double delivered = 0;  ///< after supply and budget
  double smuggled = 0;   ///< of delivered: through a smuggling or leakage line
  double blocked_h100e = 0;  ///< H100e the export rules kept from the buyer this period (eq. P12)
  double installed = 0;  ///< deliveries and the installed base, less retired and failed
  double active = 0;     ///< installed within the power cap
  double training = 0, serving = 0;  ///< active chips allocated to each (eq. P9)
  std::string rule;      ///< the export rule that decided ("" when allowed by no rule)
  std::string regime;    ///< the regime that rule is defined in
  std::string outcome;   ///< allowed, licence, denied, unknown, leakage, smuggled, not-controlled-origin
  std::string import_rule;  ///< the destination's import rule that decided, if any
  double fee_share = 0;
  std::optional<double> volume_cap;  ///< the deciding rule's cap (fraction of US end-use volume)
  bool volume_limited = false;       ///< the cap cut this period's permitted chips
  bool volume_cap_unapplied = false; ///< a cap applies but the scenario gives no us_end_use for the chip
};

struct ActorPeriod {
  core::YearMonth period;
  std::string actor;
  std::string regime;  ///< id in force, "" if none
  std::vector<ChipPeriod> chips;
  double installed_chips = 0, active_chips = 0;
  double training_chips = 0, serving_chips = 0;
  double peak_bf16_flop_per_s = 0, peak_fp8_flop_per_s = 0;
  double effective_flop_per_s = 0;  ///< every active chip x reference model FLOP/s (training and serving chips)
  double training_flop_per_s = 0;   ///< the training chips only
  double training_flops = 0;        ///< training FLOP/s x the period's seconds
  double cumulative_training_flops = 0;  ///< training FLOPs delivered from the start up to this period
  double h100e_by_tpp = 0, h100e_by_throughput = 0;
  double wanted_h100e = 0;          ///< demand-driven: H100e the actor wanted this period (eq. P12)
  double bought_h100e = 0;          ///< H100e delivered this period (every line)
  double blocked_h100e = 0;         ///< H100e the export rules kept from the actor this period
  double serving_capacity_tokens_per_s = 0;  ///< daily-mean tokens/s the serving chips can serve (eq. P10a)
  double demand_tokens_per_s = 0;            ///< the actor's serving demand this period (daily mean)
  double served_tokens_per_s = 0;            ///< min(capacity, demand)
  double shortfall_tokens_per_s = 0;         ///< demand - served
  double spend_usd = 0;             ///< purchases this period, fees, tariffs and premiums included
  double power_w = 0;               ///< active chips at the wall (eq. P6)
  double energy_j = 0;              ///< power x the period's seconds
  double electricity_usd = 0;       ///< energy x electricity price
  bool power_limited = false, budget_limited = false, supply_limited = false, volume_limited = false;
  /// False when a chip bought this period has no price (spend counts the priced ones only), or an
  /// installed chip has no TDP or system power (power, energy and electricity count the others).
  bool spend_complete = true, power_complete = true;
};

/// One product of domestic production in one period (eq. P3c-P3e).
struct ProductPeriod {
  core::YearMonth period;
  std::string chip_id;
  ProductBound bound;
  std::string bound_by;  ///< the need that bound (its `what`), or "demand"
};

/// Scratch space the projection reuses between evaluations (no allocation once sized).
struct ProjectionScratch {
  std::vector<double> line_permitted, line_scale, line_bought, chip_demand, chip_cap, chip_flow, chip_taken, stock_left;
  std::vector<double> input_left, input_flow, quantity_used;
  std::vector<double> chip_made_stock;  ///< per chip: made by domestic production and not yet bought
  std::vector<double> chip_room, volume_used, quantity_pending, line_blocked, budget_left;
  std::vector<double> survival;  ///< by age in periods: the share of a delivery still working
  std::vector<int> option_order;
  std::vector<double> option_cost;
  /// Write each chip row's text (chip id, export rule, regime, outcome, import rule) and each
  /// actor row's names. A sweep's samples are read only through their numbers (engine::read_metric)
  /// and skip it: the strings were ~10 % of a China sample's instructions.
  bool row_labels = true;
};

/// Projects every actor over the timeline into `out` (periods x actors, period-major) and the
/// production of each product into `made` (periods x products), reusing their storage. `in`
/// must have been prepared (prepare_projection).
void project_fleet_into(const ProjectionInputs& in, ProjectionScratch& scratch, std::vector<ActorPeriod>& out,
                        std::vector<ProductPeriod>* made = nullptr);

/// Prepares a copy of `in` and projects it (tests, one-off use).
std::vector<ActorPeriod> project_fleet(const ProjectionInputs& in);

}  // namespace flopcast::fleet
