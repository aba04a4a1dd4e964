// timeline:, regime_timeline:, import_timeline:, actors:, supply:, production: and us_end_use:
// -> fleet::ProjectionInputs, with every chip and regime resolved, and the reference throughput of
// each chip computed once (bind once).
#include "bind_projection.hpp"

#include <algorithm>
#include <cmath>

#include "bind_entries.hpp"
#include "flopcast/perf/inference_estimate.hpp"
#include "flopcast/perf/layout_search.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;

/// The demand an actor's curve and growth reach by the end of the timeline must be a quantity
/// (at most 1e24 tokens/s): a growth of 100 a year over decades overflowed to infinity.
void check_peak_demand(YamlReader& r, const CheckedMap& actor, const fleet::Allocation& a, core::YearMonth end) {
  const double log10_peak = fleet::log10_peak_demand(a, end);
  if (log10_peak <= std::log10(core::max_quantity_si)) return;
  const MapEntry* e = actor.get("allocation");
  r.report(ErrorCode::out_of_range, e ? e->value : actor.node, actor.child_path("allocation"),
           "the serving demand would reach 1e" + std::to_string(static_cast<long long>(log10_peak)) + " tokens/s by " + end.str() +
               "; a quantity is at most 1e24",
           "check demand_growth (it multiplies demand every year after the last demand point) and the timeline's end");
}

const catalog::ChipSpec* chip_ref(YamlReader& r, const CheckedMap& m, const engine::Scenario& s) {
  std::string id;
  if (!r.read(m, "chip", id)) return nullptr;
  if (const auto* c = s.catalog.find_chip(id)) return c;
  report_unknown_reference(r, m.value_node("chip"), m.child_path("chip"), "chip", id, s.catalog.chip_ids());
  return nullptr;
}

/// Model FLOP/s per chip of the reference workload (eq. P7): the best layout of the reference
/// model on 1,024 chips, 8K sequences, 16M-token batches, in the lowest precision each chip
/// trains in (FP8 where it has it, else BF16), so every chip counts at what it can deliver.
double reference_flop_per_s(const catalog::ModelProfile& m, const catalog::ChipSpec& chip, const catalog::Calibration& cal) {
  if (!chip.specs_published) return 0;
  const auto p = chip.supports(catalog::Precision::fp8)  ? catalog::Precision::fp8
               : chip.supports(catalog::Precision::bf16) ? catalog::Precision::bf16
                                                          : catalog::Precision::fp16;
  perf::LayoutSearchInputs in{{&m, &chip, {}, 8192, 16777216.0 / 8192, p, perf::AttentionAccounting::causal, 0, &cal, false, std::nullopt, perf::AttentionKernel::flash}, 1024, 1};
  const auto best = perf::search_layouts(in);
  return best.empty() ? 0.0 : best.front().estimate.model_flop_per_s_per_chip;
}

/// Tokens/s (input + output) one chip serves on the reference service (eq. P10): the serving
/// model on the best replica of up to 1,024 chips, 8-bit weights and KV cache (INT8 where the chip
/// has it, else FP8, else BF16), the mode's lengths and latency targets. 0 if nothing fits.
double reference_tokens_per_s(const catalog::ModelProfile& m, const catalog::ServingMode& mode, const catalog::ChipSpec& chip,
                              const catalog::Calibration& cal) {
  if (!chip.specs_published) return 0;
  perf::InferenceInputs in;
  in.model = &m;
  in.chip = &chip;
  in.precision = chip.supports(catalog::Precision::int8)  ? catalog::Precision::int8
               : chip.supports(catalog::Precision::fp8)   ? catalog::Precision::fp8
                                                           : catalog::Precision::bf16;
  in.kv_bytes_per_element = in.precision == catalog::Precision::bf16 ? 2 : 1;
  in.input_tokens = mode.input_tokens + mode.images_per_request * mode.image_tokens;
  in.output_tokens = mode.output_tokens;
  in.extra_prefill_flops = mode.images_per_request * mode.vision_flops_per_image;
  in.tpot_target_s = mode.tpot_target_s;
  in.ttft_target_s = mode.ttft_target_s;
  in.max_replica_chips = 1024;
  in.calibration = &cal;
  const auto e = perf::estimate_inference(in);
  return e.feasible && e.chip_seconds_per_request > 0 ? (in.input_tokens + in.output_tokens) / e.chip_seconds_per_request : 0.0;
}

/// Every chip the projection can hold: bought, held at the start, or produced.
std::vector<const catalog::ChipSpec*> projected_chips(const fleet::ProjectionInputs& p, const engine::Scenario& s) {
  std::vector<const catalog::ChipSpec*> out;
  auto add = [&](const catalog::ChipSpec* c) {
    if (c && std::none_of(out.begin(), out.end(), [&](const auto* x) { return x->id == c->id; })) out.push_back(c);
  };
  for (const auto& a : p.actors) {
    for (const auto& l : a.lines) add(&l.chip);
    for (const auto& b : a.installed_base) add(&b.chip);
  }
  for (const auto& prod : p.production.products) add(s.catalog.find_chip(prod.chip_id));
  return out;
}

void bind_reference_rates(const engine::Scenario& s, fleet::ProjectionInputs& p) {
  const auto chips = projected_chips(p, s);
  if (const auto* model = s.catalog.find_model(s.assumptions.reference_model)) {
    for (const auto* c : chips) p.reference_flop_per_s[c->id] = reference_flop_per_s(*model, *c, s.catalog.calibration());
    if (const auto* h100 = s.catalog.find_chip("h100")) p.h100_reference_flop_per_s = reference_flop_per_s(*model, *h100, s.catalog.calibration());
  }
  // Serving capacity only where an actor serves: the serving model runs once per chip type.
  const bool serves = std::any_of(p.actors.begin(), p.actors.end(), [](const fleet::Actor& a) {
    return a.allocation.policy == fleet::Allocation::Policy::serving_first || a.allocation.training_share < 1;
  });
  // A mix serves its token shares in turn: chip-seconds per token add up (eq. P10), so a chip
  // that cannot serve one of the modes serves none of the mix.
  const auto* service_model = s.catalog.find_model(s.assumptions.reference_service_model);
  std::vector<std::pair<const catalog::ServingMode*, double>> modes;
  if (s.assumptions.reference_service_mix.empty()) {
    modes.emplace_back(s.catalog.find_mode(s.assumptions.reference_service_mode), 1.0);
  } else {
    for (const auto& m : s.assumptions.reference_service_mix) modes.emplace_back(s.catalog.find_mode(m.mode), m.share);
  }
  const bool modes_known = std::all_of(modes.begin(), modes.end(), [](const auto& m) { return m.first != nullptr; });
  if (!serves || !service_model || !modes_known) return;
  for (const auto* c : chips) {
    double seconds_per_token = 0;
    bool serves_every_mode = true;
    auto& per_mode = p.reference_mode_tokens_per_s[c->id];
    for (const auto& [mode, share] : modes) {
      const double rate = reference_tokens_per_s(*service_model, *mode, *c, s.catalog.calibration());
      per_mode.push_back(rate);
      if (rate > 0) seconds_per_token += share / rate; else serves_every_mode = false;
    }
    p.reference_tokens_per_s[c->id] = serves_every_mode && seconds_per_token > 0 ? 1 / seconds_per_token : 0.0;
  }
}

/// A list of {from, regime} steps, resolved against the loaded regimes and sorted by `from`.
void bind_steps(YamlReader& r, const CheckedMap& top, const char* key, const RegimeLoad* regimes, std::vector<fleet::RegimeStep>& out) {
  for_each_map(r, top, key, [&](const CheckedMap& m) {
    fleet::RegimeStep step;
    std::string id;
    if (!r.read(m, "from", step.from) || !r.read(m, "regime", id)) return;
    if (!regimes) {
      r.report(r.make(ErrorCode::file_not_found, m.value_node("regime"), m.child_path("regime"), "the export regimes are not loaded"));
      return;
    }
    const auto it = std::find_if(regimes->regimes.begin(), regimes->regimes.end(), [&](const auto& x) { return x.id == id; });
    if (it == regimes->regimes.end()) {
      std::vector<std::string> known;
      for (const auto& x : regimes->regimes) known.push_back(x.id);
      report_unknown_reference(r, m.value_node("regime"), m.child_path("regime"), "regime", id, known);
      return;
    }
    const bool import_side = std::string(key) == "import_timeline";
    if (import_side == (it->issuer == "US")) {
      r.report(ErrorCode::invalid_value, m.value_node("regime"), m.child_path("regime"),
               "'" + id + "' holds " + (it->issuer == "US" ? "US export" : it->issuer + " import") + " rules; " + key + " takes " +
                   (import_side ? "an importing country's rules (issuer: other than US)" : "US export rules"),
               import_side ? "put it under regime_timeline:" : "put it under import_timeline:");
      return;
    }
    step.regime = *it;
    const auto same = std::find_if(out.begin(), out.end(), [&](const auto& x) { return x.from == step.from; });
    if (same != out.end()) {
      r.report(ErrorCode::invalid_value, m.value_node("from"), m.child_path("from"),
               "a second regime from " + step.from.str() + " (" + same->regime.id + " is already in force then)",
               "one regime per month: remove one of the two entries");
      return;
    }
    out.push_back(std::move(step));
  });
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
}

/// A budget or power cap cannot bind on a chip without a price or a power figure: refused rather
/// than letting those chips through for free (eq. P4, P6).
void require_prices_and_power(YamlReader& r, const CheckedMap& m, const fleet::Actor& a) {
  auto require = [&](const char* key, const char* needs, const char* chip_key, bool (*known)(const catalog::ChipSpec&)) {
    if (!m.has(key)) return;
    const auto l = std::find_if(a.lines.begin(), a.lines.end(), [&](const auto& x) { return !known(x.chip); });
    if (l == a.lines.end()) return;
    r.report(ErrorCode::missing_key, m.get(key)->key_node, m.child_path(key),
             std::string(key) + " needs " + needs + " for every chip the actor buys; " + l->chip.id + " has none",
             "give it one in this scenario, as an assumption: chips: {" + l->chip.id + ": {base: " + l->chip.id + ", " + chip_key + ": ...}}");
  };
  require("budget_per_year", "a price", "price", [](const catalog::ChipSpec& c) { return c.price_usd.has_value(); });
  require("power_cap", "a TDP or system power", "tdp", [](const catalog::ChipSpec& c) { return c.power_w().has_value(); });
}

void bind_supply_line(YamlReader& r, const CheckedMap& m, fleet::SupplyLine& line) {
  r.read(m, "chip", line.chip_id);
  r.read(m, "per_year", line.per_year);
  r.read(m, "from", line.from);
  r.read(m, "to", line.to);
  r.read(m, "wafers_per_year", line.wafers_per_year);
  r.read(m, "dies_per_wafer", line.dies_per_wafer);
  r.read(m, "yield", line.die_yield);
  r.read(m, "dies_per_chip", line.dies_per_chip);
  r.read(m, "hbm_stacks_per_year", line.hbm_stacks_per_year);
  r.read(m, "hbm_stacks_per_chip", line.hbm_stacks_per_chip);
  r.read(m, "stock", line.stock);
  const bool rate = m.has("per_year"), wafers = m.has("wafers_per_year");
  if (rate && wafers) {
    r.report(ErrorCode::invalid_value, m.get("wafers_per_year")->key_node, m.child_path("wafers_per_year"),
             "give per_year: (chips) or wafers_per_year: (chips derived from wafers), not both",
             "remove per_year: to derive the chips from the wafers, or wafers_per_year: (and dies_per_wafer:) to state the chips a year");
  } else if (!rate && !wafers && !m.has("stock")) {
    r.report(r.make(ErrorCode::missing_key, m.get("chip")->key_node, m.child_path("per_year"),
                    "a supply line needs per_year:, wafers_per_year: (with dies_per_wafer:) or stock:"));
  }
  if (wafers && !m.has("dies_per_wafer")) {
    r.report(r.make(ErrorCode::missing_key, m.get("wafers_per_year")->key_node, m.child_path("dies_per_wafer"),
                    "wafers_per_year: needs dies_per_wafer: to turn wafers into chips"));
  }
  if (m.has("hbm_stacks_per_year") != m.has("hbm_stacks_per_chip")) {
    const char* given = m.has("hbm_stacks_per_year") ? "hbm_stacks_per_year" : "hbm_stacks_per_chip";
    const char* missing = m.has("hbm_stacks_per_year") ? "hbm_stacks_per_chip" : "hbm_stacks_per_year";
    r.report(r.make(ErrorCode::missing_key, m.get(given)->key_node, m.child_path(missing),
                    std::string(given) + ": needs " + missing + ": (HBM binds as stacks per year over stacks per chip)"));
  }
}

/// How to bring a timeline within fleet::kMaxPeriods: the last end: its step allows, or a longer step.
std::string period_limit_hint(const fleet::Timeline& t) {
  const std::string last = t.period(fleet::kMaxPeriods - 1).str();
  const char* longer = t.step_months == 1 ? ", or use step: quarter or step: year" : t.step_months == 3 ? ", or use step: year" : "";
  return "set end: to " + last + " or earlier" + longer;
}

bool bind_timeline(YamlReader& r, const CheckedMap& top, fleet::ProjectionInputs& p) {
  const MapEntry* tl = top.get("timeline");
  if (!tl) {
    for (const char* k : {"actors", "regime_timeline", "import_timeline", "supply", "production", "us_end_use"}) {
      if (const MapEntry* e = top.get(k)) {
        r.report(r.make(ErrorCode::missing_key, e->key_node, "timeline", std::string(k) + ": needs a timeline: (start, end, step)"));
      }
    }
    return false;
  }
  if (auto m = r.map(tl->value, "timeline", *tl->spec->child)) {
    r.read(*m, "start", p.timeline.start);
    r.read(*m, "end", p.timeline.end);
    std::string step = "quarter";
    r.read(*m, "step", step);
    p.timeline.step_months = step == "month" ? 1 : step == "year" ? 12 : 3;
    if (m->has("end") && p.timeline.end < p.timeline.start) {
      r.report(r.make(ErrorCode::invalid_value, m->value_node("end"), "timeline.end", "end comes before start"));
    } else if (m->has("end") && p.timeline.periods() > fleet::kMaxPeriods) {
      r.report(ErrorCode::too_large, m->value_node("end"), "timeline.end",
               "the timeline has " + std::to_string(p.timeline.periods()) + " periods; the limit is " + std::to_string(fleet::kMaxPeriods),
               period_limit_hint(p.timeline));
      p.timeline.end = p.timeline.start;  // nothing below may allocate per period
    }
  }
  return true;
}

}  // namespace

void bind_projection(YamlReader& r, const CheckedMap& top, engine::Scenario& s, const RegimeLoad* regimes) {
  fleet::ProjectionInputs p;
  if (!bind_timeline(r, top, p)) return;
  bind_steps(r, top, "regime_timeline", regimes, p.regimes);
  bind_steps(r, top, "import_timeline", regimes, p.import_regimes);
  if (regimes) p.destinations = regimes->destinations;
  for_each_map(r, top, "actors", [&](const CheckedMap& m) {
    fleet::Actor a;
    bind_actor(r, m, s, p.timeline.start, a);
    check_peak_demand(r, m, a.allocation, p.timeline.end);
    require_prices_and_power(r, m, a);
    p.actors.push_back(std::move(a));
  });
  for_each_map(r, top, "supply", [&](const CheckedMap& m) {
    fleet::SupplyLine line;
    if (!chip_ref(r, m, s)) return;
    bind_supply_line(r, m, line);
    p.supply.push_back(std::move(line));
  });
  bind_production(r, top, s, p.production);
  for_each_map(r, top, "us_end_use", [&](const CheckedMap& m) {
    fleet::MarketVolume v;
    if (!chip_ref(r, m, s)) return;
    r.read(m, "chip", v.chip_id);
    r.read(m, "per_year", v.per_year);
    p.us_end_use.push_back(std::move(v));
  });
  p.service_life_s = s.assumptions.service_life_s;
  p.licence_approval = s.assumptions.licence_approval;
  p.pue = s.assumptions.pue;
  p.system_overhead = s.assumptions.system_overhead;
  p.failure_rate_per_year = s.assumptions.failure_rate_per_year;
  p.electricity_usd_per_j = s.assumptions.electricity_usd_per_j;
  bind_reference_rates(s, p);
  fleet::prepare_projection(p);
  s.projection = std::move(p);
}

}  // namespace flopcast::scenario
