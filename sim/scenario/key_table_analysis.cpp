// Keys of fleets over time, expectations, sweeps and uncertainty.
#include "key_builders.hpp"

namespace flopcast::scenario {
namespace {

using namespace keys;
using D = core::Dimension;
using V = ValueKind;

// ---- fleets over time --------------------------------------------------------------------
const std::vector<KeySpec> kTimeline = {
    date("start", "first period, YYYY-MM", true),
    date("end", "last period, YYYY-MM", true),
    choice("step", timeline_step_tokens, "period length: month, quarter (default) or year"),
};
const Section kTimelineSection{"timeline", "the projection's periods", kTimeline};

const std::vector<KeySpec> kRegimeStep = {
    date("from", "first month the regime is in force", true),
    str("regime", "regime id (scenarios/regimes/*.yaml, see flopcast classify)", true),
};
const Section kRegimeStepSection{"regime step", "an export regime and when it takes effect", kRegimeStep};

const std::vector<KeySpec> kProcurement = {
    str("chip", "chip id", true),
    qty("per_year", D::count, "chips wanted per year, e.g. 600000 or \"600k\"", true),
    date("from", "first month of the purchases"),
    date("to", "last month of the purchases"),
    flag("leakage", "grey-market inflow: bypasses export rules and supply caps (default false)"),
};
const Section kProcurementSection{"procurement line", "chips an actor wants", kProcurement};

const std::vector<KeySpec> kDemandPoint = {
    date("at", "month of this point, YYYY-MM", true),
    qty("demand", D::token_rate, "tokens served then (input + output), e.g. \"140T tokens/day\"", true),
};
const Section kDemandPointSection{"demand point", "serving demand at one month", kDemandPoint};

const std::vector<KeySpec> kAllocation = {
    choice("policy", allocation_policy_tokens, "shares (default: training_share trains, the rest serves) or serving-first (meet the demand, train on the rest)"),
    choice("serve_on", serve_on_tokens, "serving-first: best-suited (default: the chip types that give up the least training per token serve first) or every-type (the same share of each)"),
    qty("training_share", D::fraction, "shares: fraction of active chips that train (default 100%)"),
    qty("serving_demand", D::token_rate, "constant serving demand (input + output), e.g. \"20T tokens/day\" (or give demand_curve)"),
    nested("demand_curve", V::list_of_maps, &kDemandPointSection, "serving demand over time: geometric between points, flat before the first"),
    qty("demand_growth", D::count, "after the last point (or from the timeline start), demand multiplies by this each year (default 1)", false, true),
};
const Section kAllocationSection{"allocation", "how the actor splits its chips between training and serving each period", kAllocation};

const std::vector<KeySpec> kActor = {
    str("name", "actor name", true),
    str("destination", "where the chips go (ISO 3166 alpha-2, e.g. CN): decides the export rules", true),
    qty("budget_per_year", D::money, "spending limit per year, e.g. \"$20000000000\" or \"20B USD\"", false, true),
    qty("power_cap", D::power, "facility power the actor can switch on, e.g. \"2 GW\"", false, true),
    nested("procurement", V::list_of_maps, &kProcurementSection, "what the actor buys", true),
    integer("priority", "buyers of a capped supply are served in ascending priority (1 first), equal ones pro rata; without: after all with one", false, 1),
    nested("allocation", V::map, &kAllocationSection, "training vs serving split and serving demand"),
};
const Section kActorSection{"actor", "a buyer: a lab, a cloud or a country aggregate", kActor};

const std::vector<KeySpec> kSupply = {
    str("chip", "chip id", true),
    qty("per_year", D::count, "chips that can be produced per year (or give wafers_per_year)"),
    date("from", "first month"),
    date("to", "last month"),
    qty("wafers_per_year", D::count, "wafer starts per year for this chip: chips = wafers x dies_per_wafer x yield / dies_per_chip"),
    qty("dies_per_wafer", D::count, "candidate dies per wafer (with wafers_per_year)", false, true),
    qty("yield", D::fraction, "share of good dies (default 100%)"),
    whole("dies_per_chip", "logic dies per chip package (default 1; Ascend 910C: 2)"),
    qty("hbm_stacks_per_year", D::count, "HBM stacks available per year: chips <= stacks / hbm_stacks_per_chip"),
    whole("hbm_stacks_per_chip", "HBM stacks per chip (with hbm_stacks_per_year)"),
    qty("stock", D::count, "a one-time stockpile of chips (or finished dies / dies_per_chip) from `from`, drawn after the yearly output"),
};
const std::vector<KeySpec> kMarketVolume = {
    str("chip", "chip id", true),
    qty("per_year", D::count, "US end-use volume of the chip, chips per year", true),
};
const Section kMarketVolumeSection{"US end-use volume", "what a regime's volume cap is a share of (R8: China <= 50 % of US end use)",
                                   kMarketVolume};

const Section kSupplySection{"supply line", "production capacity shared by every buyer of a chip", kSupply};

// ---- expectations ------------------------------------------------------------------------
const std::vector<KeySpec> kExpect = {
    str("name", "label shown in reports and JUnit (default: the condition)"),
    str("metric", "metric path, e.g. training.<run>.time_days (docs/cli.md lists them)", true),
    threshold("below", "holds if metric < this (any finite number, e.g. 5e28)"),
    threshold("at_most", "holds if metric <= this"),
    threshold("above", "holds if metric > this"),
    threshold("at_least", "holds if metric >= this"),
    qty("percentile", D::count, "apply the condition to this percentile of the uncertain: samples, e.g. 95", false, true),
};
const Section kExpectSection{"expectation", "a condition flopcast check gates on", kExpect};

// ---- sweeps and uncertainty --------------------------------------------------------------

const std::vector<KeySpec> kAxis = {
    str("path", "the parameter to vary, e.g. fleet.pools[h100].count (flopcast sweep --help lists them)", true),
    values("values", "the values, in the parameter's unit, e.g. [1000, 2000] or [\"$20000\", \"$30000\"]"),
    value("from", "first value of a range (with to and steps)"),
    value("to", "last value of a range"),
    integer("steps", "number of values in the range, ends included", false, 2),
};
const Section kAxisSection{"axis", "one swept parameter", kAxis};

const std::vector<KeySpec> kSweep = {
    choice("mode", sweep_mode_tokens, "grid (Cartesian product, default) or zip (axes advance together)"),
    nested("axes", V::list_of_maps, &kAxisSection, "the swept parameters", true),
};
const Section kSweepSection{"sweep", "a grid of parameter values", kSweep};

const std::vector<KeySpec> kVariable = {
    str("path", "the uncertain parameter, e.g. chips.h100.price", true),
    choice("distribution", distribution_tokens, "the distribution", true),
    value("low", "uniform, triangular, pert: lowest value"),
    value("high", "uniform, triangular, pert: highest value"),
    value("mode", "triangular, pert: most likely value"),
    value("mean", "normal: mean"),
    value("sd", "normal: standard deviation"),
    value("median", "lognormal: median"),
    qty("sigma", D::count, "lognormal: standard deviation of the natural log", false, true),
    values("values", "choice: the possible values"),
    values("weights", "choice: their weights (default equal)"),
};
const Section kVariableSection{"variable", "an uncertain parameter and its distribution", kVariable};

const std::vector<KeySpec> kCorrelation = {
    str("a", "path of the first variable", true),
    str("b", "path of the second variable", true),
    qty("rho", D::count, "correlation of their normal scores, -1 < rho < 1 (Gaussian copula)", true),
};
const Section kCorrelationSection{"correlation", "a correlation between two uncertain parameters", kCorrelation};

const std::vector<KeySpec> kUncertain = {
    whole("samples", "Monte-Carlo samples per grid point (default 1000, at most 1e9)"),
    integer("seed", "random seed, 0 or more (default 1); the same seed gives byte-identical results", false, 0),
    values("percentiles", "percentiles to report (default [5, 50, 95])"),
    nested("variables", V::list_of_maps, &kVariableSection, "the uncertain parameters", true),
    nested("correlations", V::list_of_maps, &kCorrelationSection, "correlations between them"),
};
const Section kUncertainSection{"uncertain", "uncertain parameters sampled by Monte Carlo", kUncertain};

// ---- goal-seek (flopcast size) --------------------------------------------------------------

const std::vector<KeySpec> kSizeTarget = {
    str("metric", "metric path, e.g. training.<run>.time_days; {pool} stands for the pool of each vary: path", true),
    threshold("below", "holds if metric < this"),
    threshold("at_most", "holds if metric <= this"),
    threshold("above", "holds if metric > this"),
    threshold("at_least", "holds if metric >= this"),
};
const Section kSizeTargetSection{"size target", "a condition the answer must meet", kSizeTarget};

const std::vector<KeySpec> kSize = {
    str("name", "label in outputs (default: the parameter path)"),
    list("vary", "the parameter searched, e.g. fleet.pools[pr].count; a list asks once per path (one chip type each)", true),
    nested("targets", V::list_of_maps, &kSizeTargetSection, "conditions that must all hold", true),
    value("step", "candidates are multiples of this, in the parameter's unit (default 1, e.g. 8 for 8-chip nodes)"),
    value("min", "smallest candidate (default: one step)"),
    value("max", "largest candidate: the supply; nothing above is tried (default 1,000,000)"),
    qty("scan_below", D::fraction, "share below the bisection's answer in which every candidate is checked (default 25%)"),
};
const Section kSizeSection{"size", "a goal-seek: the smallest value meeting every target", kSize};

}  // namespace

const Section& size_section() { return kSizeSection; }
const Section& timeline_section() { return kTimelineSection; }
const Section& regime_step_section() { return kRegimeStepSection; }
const Section& actor_section() { return kActorSection; }
const Section& supply_section() { return kSupplySection; }
const Section& market_volume_section() { return kMarketVolumeSection; }
const Section& expect_section() { return kExpectSection; }
const Section& sweep_section() { return kSweepSection; }
const Section& uncertain_section() { return kUncertainSection; }

}  // namespace flopcast::scenario
