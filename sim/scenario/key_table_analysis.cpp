// Keys of expectations, sweeps and uncertainty.
#include "key_builders.hpp"

namespace flopcast::scenario {
namespace {

using namespace keys;
using D = core::Dimension;
using V = ValueKind;

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

// ---- the answer ---------------------------------------------------------------------------
const std::vector<KeySpec> kAnswer = {
    list("compare", "metric paths the answer sets against each other, e.g. [training.a.time_days, training.b.time_days] "
                    "(two or more, usually one field of several runs, services or actors)", true),
};
const Section kAnswerSection{"answer", "what the generated answer compares (docs/scenario-format.md#answer)", kAnswer};

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
    list("differences", "metric paths also reported as scenario minus baseline (the first grid point), sample by sample on "
                        "the same draws: delta.<metric> (docs/sweeps.md#differences)"),
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

// ---- cheapest mix (flopcast mix) --------------------------------------------------------------

const std::vector<KeySpec> kBuyTraining = {
    str("run", "a training run of this scenario", true),
    qty("days", D::duration, "it must finish within this, e.g. \"60 days\"", true, true),
    list("pools", "pools (chip types) it may run on (default: its own)"),
    integer("step", "chip granularity when sizing it (default 8)", false, 1),
};
const Section kBuyTrainingSection{"buy training", "a training run the mix must fit beside the serving demand", kBuyTraining};

const std::vector<KeySpec> kBuy = {
    choice("objective", mix_objective_tokens, "capex, tco (default), power, or training_left"),
    qty("budget", D::money, "cap on capex, e.g. \"$20B\"", false, true),
    qty("power_cap", D::power, "cap on facility power (chip power x PUE), e.g. \"1 GW\"", false, true),
    nested("train", V::list_of_maps, &kBuyTrainingSection, "training runs to fit beside the serving demand"),
    qty("time_limit", D::duration, "the solver gives up after this (default 10 s)", false, true),
    qty("relax", D::fraction, "each binding constraint is relaxed by this share to show what it costs (default 10%)", false, true),
};
const Section kBuySection{"buy", "the cheapest mix of chip types (flopcast mix)", kBuy};

}  // namespace

const Section& buy_section() { return kBuySection; }
const Section& size_section() { return kSizeSection; }
const Section& expect_section() { return kExpectSection; }
const Section& answer_section() { return kAnswerSection; }
const Section& sweep_section() { return kSweepSection; }
const Section& uncertain_section() { return kUncertainSection; }

}  // namespace flopcast::scenario
