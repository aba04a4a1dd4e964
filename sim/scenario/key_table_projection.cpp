// Keys of fleets over time: timeline, regimes, actors (orders, demand-driven options, smuggling,
// installed base, preferences, allocation), supply lines and domestic production.
#include "key_builders.hpp"

namespace flopcast::scenario {
namespace {

using namespace keys;
using D = core::Dimension;
using V = ValueKind;

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
const Section kRegimeStepSection{"regime step", "a regime and when it takes effect", kRegimeStep};

const std::vector<KeySpec> kProcurement = {
    str("chip", "chip id", true),
    qty("per_year", D::count, "chips a year, e.g. 600000 or \"600k\"; for option: and smuggled: lines the most a year (default no limit)"),
    date("from", "first month of the purchases"),
    date("to", "last month of the purchases"),
    flag("leakage", "a fixed grey-market inflow: bypasses export rules and supply caps (default false)"),
    flag("option", "demand-driven: bought as the actor's wants:, budget and ranking decide (eq. P12)"),
    flag("smuggled", "demand-driven smuggling: only as much as the export rules block, at price x (1 + premium)"),
    qty("premium", D::fraction, "smuggled: price premium over the chip's price, e.g. 50%"),
};
const Section kProcurementSection{"procurement line", "a chip an actor buys", kProcurement};

const std::vector<KeySpec> kInstalledStock = {
    str("chip", "chip id", true),
    qty("count", D::count, "chips installed", true),
    date("vintage", "when they were installed, YYYY-MM (they retire a service life later)", true),
};
const Section kInstalledStockSection{"installed stock", "chips an actor holds at the start of the timeline", kInstalledStock};

const std::vector<KeySpec> kWants = {
    qty("h100e_per_year", D::count, "H100-equivalents (by throughput on the reference workload) wanted a year", true, true),
    qty("growth", D::count, "the wants multiply by this each year (default 1)", false, true),
    date("from", "first month (default: the timeline start)"),
};
const Section kWantsSection{"wants", "what a demand-driven buyer wants", kWants};

const std::vector<KeySpec> kPreference = {
    str("chip", "the chip bought first", true),
    str("over", "the chip bought only after it, whatever the costs", true),
};
const Section kPreferenceSection{"preference", "buy one chip before another", kPreference};

const std::vector<KeySpec> kDemandPoint = {
    date("at", "month of this point, YYYY-MM", true),
    qty("demand", D::token_rate, "tokens served then (input + output, daily mean), e.g. \"140T tokens/day\"", true),
};
const Section kDemandPointSection{"demand point", "serving demand at one month", kDemandPoint};

const std::vector<KeySpec> kAllocation = {
    choice("policy", allocation_policy_tokens, "shares (default: training_share trains, the rest serves) or serving-first (meet the demand, train on the rest)"),
    choice("serve_on", serve_on_tokens, "serving-first: best-suited (default: the chip types that give up the least training per token serve first) or every-type (the same share of each)"),
    qty("training_share", D::fraction, "shares: fraction of active chips that train (default 100%)"),
    qty("serving_demand", D::token_rate, "constant serving demand (input + output, daily mean), e.g. \"20T tokens/day\" (or give demand_curve)"),
    nested("demand_curve", V::list_of_maps, &kDemandPointSection, "serving demand over time: geometric between points, flat before the first"),
    qty("demand_growth", D::count, "after the last point (or from the timeline start), demand multiplies by this each year (default 1)", false, true),
    qty("peak_to_mean", D::count, "daily peak over mean demand serving is provisioned for (default 1)", false, true),
    qty("target_utilisation", D::fraction, "share of the serving chips' throughput used at the peak (default 100%)", false, true),
};
const Section kAllocationSection{"allocation", "how the actor splits its chips between training and serving each period", kAllocation};

const std::vector<KeySpec> kActor = {
    str("name", "actor name", true),
    str("destination", "where the chips go (ISO 3166 alpha-2, e.g. CN): decides the export rules", true),
    str("headquarters", "where the buyer is headquartered (default: the destination): end-user rules test it"),
    qty("budget_per_year", D::money, "spending limit per year, e.g. \"$20000000000\" or \"20B USD\"", false, true),
    qty("budget_growth", D::count, "the budget multiplies by this each year from the timeline start (default 1)", false, true),
    qty("power_cap", D::power, "facility power the actor can switch on, e.g. \"2 GW\"", false, true),
    nested("procurement", V::list_of_maps, &kProcurementSection, "what the actor buys", true),
    nested("installed_base", V::list_of_maps, &kInstalledStockSection, "chips held at the timeline start, by vintage"),
    nested("wants", V::map, &kWantsSection, "demand-driven buying: H100e wanted a year (else the budget bounds it)"),
    choice("rank", option_rank_tokens, "order of option: lines: cost (default: cost per H100e, fees and premiums included) or listed"),
    nested("prefer", V::list_of_maps, &kPreferenceSection, "pairwise preferences between option: chips, applied before cost"),
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
const Section kSupplySection{"supply line", "production capacity shared by every buyer of a chip", kSupply};

const std::vector<KeySpec> kMarketVolume = {
    str("chip", "chip id", true),
    qty("per_year", D::count, "US end-use volume of the chip, chips per year", true),
};
const Section kMarketVolumeSection{"US end-use volume", "what a regime's volume cap is a share of (R8: China <= 50 % of US end use)",
                                   kMarketVolume};

// ---- domestic production (eq. P3c-P3e) ---------------------------------------------------
const std::vector<KeySpec> kInputFlow = {
    qty("per_year", D::count, "units a year", true),
    date("from", "first month"),
    date("to", "last month"),
    str("control", "tag supply controls cut (supply_controls: cuts: in a regime), e.g. hbm-imports"),
};
const Section kInputFlowSection{"input flow", "a flow into a production input", kInputFlow};

const std::vector<KeySpec> kProductionInput = {
    str("name", "input name, e.g. hbm", true),
    str("unit", "what one unit is: stacks, dies, wafers, packages"),
    flag("capacity", "a capacity used in its period or lost (wafer starts, assembly); default: goods that keep"),
    qty("stock", D::count, "units on hand (a stockpile, a die bank)"),
    date("stock_from", "when the stock is there (default: before the timeline)"),
    nested("flows", V::list_of_maps, &kInputFlowSection, "flows into the input over time"),
};
const Section kProductionInputSection{"production input", "a bounded input of domestic production", kProductionInput};

const std::vector<KeySpec> kNeedSource = {
    str("input", "name of a production input", true),
    qty("dies_per_wafer", D::count, "when the input is wafers and the need dies: candidate dies per wafer", false, true),
    qty("yield", D::fraction, "with dies_per_wafer: share of good dies (default 100%)", false, true),
};
const Section kNeedSourceSection{"need source", "an input a need draws on", kNeedSource};

const std::vector<KeySpec> kProductionNeed = {
    str("what", "what is needed, e.g. hbm, dies", true),
    qty("amount", D::count, "units per chip, e.g. 8 HBM stacks", true, true),
    nested("sources", V::list_of_maps, &kNeedSourceSection, "inputs to draw it from, in order", true),
};
const Section kProductionNeedSection{"need", "what one chip consumes", kProductionNeed};

const std::vector<KeySpec> kProduct = {
    str("chip", "chip id", true),
    date("from", "first month of production"),
    date("to", "last month of production"),
    nested("needs", V::list_of_maps, &kProductionNeedSection, "what one chip consumes", true),
};
const Section kProductSection{"product", "a chip made from the inputs", kProduct};

const std::vector<KeySpec> kProduction = {
    str("country", "where production happens (ISO 3166 alpha-2): supply controls are tested on it", true),
    nested("inputs", V::list_of_maps, &kProductionInputSection, "bounded inputs", true),
    nested("products", V::list_of_maps, &kProductSection, "chips made, drawing on the inputs in this order", true),
};
const Section kProductionSection{"production", "domestic production from bounded inputs", kProduction};

}  // namespace

const Section& timeline_section() { return kTimelineSection; }
const Section& regime_step_section() { return kRegimeStepSection; }
const Section& actor_section() { return kActorSection; }
const Section& supply_section() { return kSupplySection; }
const Section& market_volume_section() { return kMarketVolumeSection; }
const Section& production_section() { return kProductionSection; }

}  // namespace flopcast::scenario
