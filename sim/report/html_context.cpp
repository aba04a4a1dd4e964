// report.html context: the assumptions as the run used them (a sampled or swept one as its
// distribution or values, never the default it replaced) and the sources of every entry used.
#include "html_context.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "html_page.hpp"
#include "html_sweep.hpp"

namespace flopcast::report::html {

std::string assumptions_section(const engine::Scenario& s, const engine::SweepSpec* spec) {
  const auto& a = s.assumptions;
  constexpr double year = 365.25 * 86400;
  struct Item {
    std::string label, key, value;
  };
  std::vector<Item> items{
      {"training MFU (runs with neither a layout search nor a stated utilisation)", "training_utilisation", num(a.training_utilisation * 100) + " %"},
      {"effective capacity = peak × this (capacity table and chart only)", "effective_utilisation", num(a.effective_utilisation * 100) + " %"},
      {"HBM reserve (serving)", "hbm_reserve", num(a.hbm_reserve_fraction * 100) + " %"},
      {"chip MTBF (interruptions per chip)", "chip_mtbf", num(a.chip_mtbf_s / 3600) + " h"},
      {"checkpoint write", "checkpoint_write", num(a.checkpoint_write_s) + " s"},
      {"restart after an interruption", "restart", num(a.restart_s) + " s"},
      {"PUE (facility over IT power)", "pue", num(a.pue, 2)},
      {"electricity", "electricity_price", "$" + num(a.electricity_usd_per_j * 3.6e6, 3) + "/kWh"},
      {"amortisation of the purchase price", "amortisation", num(a.amortisation_s / year, 1) + " years"},
  };
  if (s.projection) {
    items.push_back({"licence approval (where a rule gives none)", "licence_approval", num(a.licence_approval * 100) + " %"});
    items.push_back({"service life", "service_life", num(a.service_life_s / year, 1) + " years"});
    items.push_back({"permanent failures", "failure_rate", num(a.failure_rate_per_year * 100, 1) + " % a year"});
    items.push_back({"training workload behind effective compute", "reference_model", esc(a.reference_model)});
    items.push_back({"service behind serving capacity", a.reference_service_mix.empty() ? "reference_service_mode" : "reference_service_mix",
                     esc(a.reference_service_model + " " + a.reference_service_modes())});
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& item : items) {
    // A sampled or swept assumption is shown as the sweep uses it, never as the value it replaces.
    if (const auto swept = how_swept(spec, "assumptions." + item.key)) {
      rows.push_back({esc(item.label), esc(*swept), "sweep"});
      continue;
    }
    const bool set = std::find(s.assumptions_set.begin(), s.assumptions_set.end(), item.key) != s.assumptions_set.end();
    rows.push_back({esc(item.label), item.value, set ? "scenario" : "default"});
  }
  return "<h2>Assumptions</h2>\n" + table({"assumption", "value", "set by"}, rows) +
         "<p class=\"note\">Calibration constants and validation: docs/models/calibration.md and docs/validation.md.</p>\n";
}

std::string sources_section(const engine::Scenario& s) {
  std::string h = "<h2>Sources</h2>\n<table class=\"text\">\n" + row({"entry", "confidence", "estimated fields", "source"}, true);
  std::set<std::string> seen;
  auto add = [&](const std::string& id, const catalog::Provenance& p) {
    if (!seen.insert(id).second) return;
    std::string est;
    for (const auto& f : p.estimated) est += (est.empty() ? "" : ", ") + f;
    h += row({esc(id), std::string(core::enum_token(catalog::confidence_names(), p.confidence)), esc(est), esc(p.source)});
  };
  for (const auto& pool : s.fleet.pools) add(pool.chip.id, pool.chip.provenance);
  for (const auto& t : s.training) add(t.model.id, t.model.provenance);
  for (const auto& i : s.inference) add(i.model.id, i.model.provenance);
  if (s.projection) {
    for (const auto& actor : s.projection->actors) for (const auto& l : actor.lines) add(l.chip.id, l.chip.provenance);
    for (const auto* id : {&s.assumptions.reference_model, &s.assumptions.reference_service_model}) {
      if (const auto* m = s.catalog.find_model(*id)) add(m->id, m->provenance);
    }
  }
  h += "</table>\n";
  if (s.projection) {  // the export-control rules in force, each with its Federal Register citation
    std::set<std::string> regimes;
    std::string rows;
    auto add_regime = [&](const rules::ExportRegime& g) {
      if (regimes.insert(g.id).second) rows += row({esc(g.id), esc(g.title), esc(g.citation)});
    };
    for (const auto& step : s.projection->regimes) add_regime(step.regime);
    for (const auto& option : s.projection->regime_options) for (const auto& step : option) add_regime(step.regime);
    if (!rows.empty()) h += "<table class=\"text\">\n" + row({"regime", "title", "citation"}, true) + rows + "</table>\n";
  }
  return h;
}

}  // namespace flopcast::report::html
