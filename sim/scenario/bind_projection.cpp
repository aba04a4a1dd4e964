// timeline:, regime_timeline:, actors: and supply: -> fleet::ProjectionInputs, with every chip and
// regime resolved, and the reference throughput of each chip computed once (bind once).
#include "bind_projection.hpp"

#include <algorithm>

#include "bind_entries.hpp"
#include "flopcast/perf/layout_search.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;

/// Each item of the list under `key` that is a valid map.
template <class F>
void each(YamlReader& r, const CheckedMap& m, std::string_view key, F f) {
  for_each_item(r, m, key, [&](const YAML::Node& n, const std::string& path, const Section& section) {
    if (auto item = r.map(n, path, section)) f(*item);
  });
}

const catalog::ChipSpec* chip_ref(YamlReader& r, const CheckedMap& m, const engine::Scenario& s) {
  std::string id;
  if (!r.read(m, "chip", id)) return nullptr;
  if (const auto* c = s.catalog.find_chip(id)) return c;
  report_unknown_reference(r, m.get("chip")->value, m.child_path("chip"), "chip", id, s.catalog.chip_ids());
  return nullptr;
}

/// Model FLOP/s per chip of the reference workload (eq. P7): the best layout of the reference
/// model on 1,024 chips, 8K sequences, 16M-token batches, in the lowest precision each chip
/// trains in (FP8 where it has it, else BF16), so every chip counts at what it can deliver.
double reference_flop_per_s(const catalog::ModelProfile& m, const catalog::ChipSpec& chip) {
  const auto p = chip.supports(catalog::Precision::fp8)  ? catalog::Precision::fp8
               : chip.supports(catalog::Precision::bf16) ? catalog::Precision::bf16
                                                          : catalog::Precision::fp16;
  perf::LayoutSearchInputs in{{&m, &chip, {}, 8192, 16777216.0 / 8192, p, perf::AttentionAccounting::causal, 0, nullptr}, 1024, 1};
  const auto best = perf::search_layouts(in);
  return best.empty() ? 0.0 : best.front().estimate.model_flop_per_s_per_chip;
}

}  // namespace

void bind_projection(YamlReader& r, const CheckedMap& top, engine::Scenario& s, const RegimeLoad* regimes) {
  const MapEntry* tl = top.get("timeline");
  if (!tl) {
    for (const char* k : {"actors", "regime_timeline", "supply"}) {
      if (const MapEntry* e = top.get(k)) {
        r.report(r.make(ErrorCode::missing_key, e->key_node, "timeline", std::string(k) + ": needs a timeline: (start, end, step)"));
      }
    }
    return;
  }
  fleet::ProjectionInputs p;
  if (auto m = r.map(tl->value, "timeline", *tl->spec->child)) {
    r.read(*m, "start", p.timeline.start);
    r.read(*m, "end", p.timeline.end);
    std::string step = "quarter";
    r.read(*m, "step", step);
    p.timeline.step_months = step == "month" ? 1 : step == "year" ? 12 : 3;
    if (m->has("end") && p.timeline.end < p.timeline.start) {
      r.report(r.make(ErrorCode::invalid_value, m->get("end")->value, "timeline.end", "end comes before start"));
    }
  }
  each(r, top, "regime_timeline", [&](const CheckedMap& m) {
    fleet::RegimeStep step;
    std::string id;
    if (!r.read(m, "from", step.from) || !r.read(m, "regime", id)) return;
    if (!regimes) {
      r.report(r.make(ErrorCode::file_not_found, m.get("regime")->value, m.child_path("regime"), "the export regimes are not loaded"));
      return;
    }
    const auto it = std::find_if(regimes->regimes.begin(), regimes->regimes.end(), [&](const auto& x) { return x.id == id; });
    if (it == regimes->regimes.end()) {
      std::vector<std::string> known;
      for (const auto& x : regimes->regimes) known.push_back(x.id);
      report_unknown_reference(r, m.get("regime")->value, m.child_path("regime"), "regime", id, known);
      return;
    }
    step.regime = *it;
    p.regimes.push_back(std::move(step));
  });
  std::stable_sort(p.regimes.begin(), p.regimes.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
  if (regimes) p.destinations = regimes->destinations;
  each(r, top, "actors", [&](const CheckedMap& m) {
    fleet::Actor a;
    r.read(m, "name", a.name);
    r.read(m, "destination", a.destination);
    r.read(m, "budget_per_year", a.budget_usd_per_year);
    r.read(m, "power_cap", a.power_cap_w);
    each(r, m, "procurement", [&](const CheckedMap& l) {
      fleet::ProcurementLine line;
      const auto* chip = chip_ref(r, l, s);
      if (!chip) return;
      line.chip = *chip;
      r.read(l, "per_year", line.per_year);
      r.read(l, "from", line.from);
      r.read(l, "to", line.to);
      r.read(l, "leakage", line.leakage);
      a.lines.push_back(std::move(line));
    });
    p.actors.push_back(std::move(a));
  });
  each(r, top, "supply", [&](const CheckedMap& m) {
    fleet::SupplyLine line;
    if (!chip_ref(r, m, s)) return;
    r.read(m, "chip", line.chip_id);
    r.read(m, "per_year", line.per_year);
    r.read(m, "from", line.from);
    r.read(m, "to", line.to);
    p.supply.push_back(std::move(line));
  });
  p.service_life_s = s.assumptions.service_life_s;
  p.licence_approval = s.assumptions.licence_approval;
  p.pue = s.assumptions.pue;
  if (const auto* model = s.catalog.find_model(s.assumptions.reference_model)) {
    for (const auto& a : p.actors) {
      for (const auto& l : a.lines) {
        if (!p.reference_flop_per_s.count(l.chip.id)) p.reference_flop_per_s[l.chip.id] = reference_flop_per_s(*model, l.chip);
      }
    }
    if (const auto* h100 = s.catalog.find_chip("h100")) p.h100_reference_flop_per_s = reference_flop_per_s(*model, *h100);
  }
  fleet::prepare_projection(p);
  s.projection = std::move(p);
}

}  // namespace flopcast::scenario
