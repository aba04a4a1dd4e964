// The HTML report: static HTML and inline SVG, styles inlined, no scripts fetched from anywhere.
// A ten-line inline script only marks the page as checked (used by the headless-browser test).
#include "flopcast/report/html_report.hpp"

#include <cstdio>
#include <set>

#include "chart_text.hpp"
#include "flopcast/engine/metrics.hpp"
#include "markup.hpp"

namespace flopcast::report {
namespace {

std::string esc(const std::string& s) { return escape_markup(s); }

std::string num(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s(buf);
  const auto dot = s.find('.');
  for (int i = static_cast<int>(dot == std::string::npos ? s.size() : dot) - 3; i > (s[0] == '-' ? 1 : 0); i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

/// Millions of dollars and megawatts, "?" where a price or power figure is unknown.
std::string usd_m(const std::optional<double>& v) { return v ? num(*v / 1e6, 1) : "?"; }
std::string mw(const std::optional<double>& v) { return v ? num(*v / 1e6, 1) : "?"; }

std::string row(std::initializer_list<std::string> cells, bool header = false) {
  std::string out = "<tr>";
  for (const auto& c : cells) out += (header ? "<th>" : "<td>") + c + (header ? "</th>" : "</td>");
  return out + "</tr>\n";
}

/// Strips the XML prolog so an SVG document can be inlined in HTML, and gives its ids a prefix of
/// their own: gnuplot numbers its fill patterns and point symbols the same way in every file
/// (gpPat1, gpPt4, ...), and in one HTML document a reference goes to the first element with
/// that id, so a later chart would be filled with an earlier chart's patterns and colours.
std::string inline_svg(const std::string& svg, const std::string& prefix) {
  const auto at = svg.find("<svg");
  if (at == std::string::npos) return {};
  std::string out = svg.substr(at);
  for (const char q : {'\'', '"'}) {
    detail::replace_all(out, std::string(" id=") + q, std::string(" id=") + q + prefix);
    detail::replace_all(out, std::string("href=") + q + "#", std::string("href=") + q + "#" + prefix);
  }
  detail::replace_all(out, "url(#", "url(#" + prefix);
  return out;
}

std::string capacity_section(const engine::Scenario& s, const engine::Results& r) {
  if (r.chip_types.empty()) return "";  // a fleet projection alone has no pools
  const auto p = static_cast<std::size_t>(s.assumptions.capacity_precision);
  std::string h = "<h2>Capacity by chip type</h2>\n<table>\n" +
                  row({"chip type", "chips", "peak PFLOP/s", "effective PFLOP/s", "HBM TB", "chip MW", "facility MW", "capex $M", "TCO $M/yr",
                       "H100e (TPP)"}, true);
  auto add = [&](const std::string& name, const fleet::Capacity& c, double effective, const engine::Economics& e) {
    h += row({esc(name), num(c.chips), num(c.peak_flop_per_s[p] / 1e15), num(effective / 1e15), num(c.hbm_bytes / 1e12),
              num(c.power_w / 1e6, 1) + (c.power_complete ? "" : " (partial)"), mw(e.facility_power_w), usd_m(e.capex_usd),
              usd_m(e.tco_usd_per_year), num(c.h100e_by_tpp)});
  };
  for (const auto& c : r.chip_types) add(c.chip_id, c.capacity, c.effective_flop_per_s, c.economics);
  if (r.chip_types.size() > 1) add("fleet", r.fleet_total, r.fleet_effective_flop_per_s, r.fleet_economics);
  return h + "</table>\n<p class=\"note\">Money and power: " + esc(engine::economics_basis(s.assumptions)) + ".</p>\n";
}

/// A fleet projection: per period and actor what is installed, what it computes and serves, and
/// what one chip of each type counts for (eq. P7, P10), as the run summary prints them.
std::string projection_section(const engine::Scenario& s, const engine::Results& r) {
  if (r.projection.empty() || !s.projection) return "";
  const bool serving = engine::projection_serves(r);
  std::string h = "<h2>Fleet over time</h2>\n<table>\n<tr><th>period</th><th>actor</th><th>regime</th><th>installed chips</th>"
                  "<th>effective EFLOP/s</th><th>H100e (TPP)</th><th>H100e (throughput)</th>";
  if (serving) h += "<th>serving chips</th><th>served T tokens/day</th><th>demand T tokens/day</th>";
  h += "<th>spend $B</th></tr>\n";
  for (const auto& p : r.projection) {
    h += "<tr><td>" + p.period.str() + "</td><td>" + esc(p.actor) + "</td><td>" + esc(p.regime.empty() ? "-" : p.regime) + "</td><td>" +
         num(p.installed_chips) + "</td><td>" + num(p.effective_flop_per_s / 1e18, 1) + "</td><td>" + num(p.h100e_by_tpp) + "</td><td>" +
         num(p.h100e_by_throughput) + "</td>";
    if (serving) {
      h += "<td>" + num(p.serving_chips) + "</td><td>" + num(p.served_tokens_per_s * 86400 / 1e12, 1) + "</td><td>" +
           num(p.demand_tokens_per_s * 86400 / 1e12, 1) + "</td>";
    }
    h += "<td>" + (p.spend_complete ? num(p.spend_usd / 1e9, 2) : p.spend_usd > 0 ? num(p.spend_usd / 1e9, 2) + " (partial)" : "?") + "</td></tr>\n";
  }
  h += "</table>\n<p class=\"note\">Effective: model FLOP/s of " + esc(s.assumptions.reference_model) +
       " (best layout) on the active chips" +
       (serving ? "; served: tokens/day of " + esc(s.assumptions.reference_service_model + " " + s.assumptions.reference_service_modes()) +
                      " on the serving chips"
                : std::string()) +
       ". Per chip type:</p>\n<table>\n<tr><th>chip</th><th>training TFLOP/s</th>" +
       (serving ? std::string("<th>tokens/s</th><th>tokens/s per training TFLOP/s</th>") : std::string()) + "</tr>\n";
  const auto& in = *s.projection;
  for (std::size_t c = 0; c < in.chip_ids.size(); ++c) {
    const double flops = in.chip_reference_flop_per_s[c], tokens = in.chip_reference_tokens_per_s[c];
    h += "<tr><td>" + esc(in.chip_ids[c]) + "</td><td>" + num(flops / 1e12) + "</td>";
    if (serving) h += "<td>" + num(tokens) + "</td><td>" + (flops > 0 ? num(tokens / (flops / 1e12), 2) : std::string("-")) + "</td>";
    h += "</tr>\n";
  }
  return h + "</table>\n";
}

std::string training_section(const engine::Results& r) {
  if (r.training.empty()) return "";
  std::string h = "<h2>Training</h2>\n<table>\n" +
                  row({"run", "chips", "model", "PFLOP/s", "MFU (BF16)", "goodput", "days", "chip-hours M", "MWh (facility)", "facility MW",
                       "capex $M", "cost $M (amortised + electricity)"}, true);
  for (const auto& t : r.training) {
    const auto& e = t.estimate;
    if (e.status != perf::EstimateStatus::ok) {
      h += row({esc(t.name), esc(t.chip_summary), esc(t.model_used), "", "", "", "infeasible: " + esc(e.reason), "", "", "", "", ""});
      continue;
    }
    h += row({esc(t.name), esc(t.chip_summary), esc(t.model_used), num(e.achieved_flop_per_s / 1e15),
              t.step ? num(t.step->mfu_bf16 * 100, 1) + " %" : num(t.utilisation * 100, 1) + " % (stated)", num(t.goodput.fraction * 100, 1) + " %",
              num(e.time_s / 86400, 1), num(e.chip_hours / 1e6, 3), t.energy_j ? num(*t.energy_j / 3.6e9) : "?",
              mw(t.economics.facility_power_w), usd_m(t.economics.capex_usd),
              !t.cost_usd ? "?"
              : t.cost_rental_usd && *t.cost_rental_usd > 0 ? usd_m(t.cost_usd) + " (rent)"
                                                             : usd_m(t.cost_usd) + " (" + usd_m(t.cost_amortised_usd) + " + " + usd_m(t.cost_electricity_usd) + ")"});
  }
  return h + "</table>\n";
}

std::string inference_section(const engine::Results& r) {
  if (r.inference.empty()) return "";
  std::string h = "<h2>Inference</h2>\n<table>\n" +
                  row({"service", "chip", "role", "precision", "prefill tok/s/chip", "decode tok/s/chip", "TPOT ms", "chips needed (replicas)",
                       "chips available", "capex $M", "facility MW", "TCO $M/yr", "$ per M tokens"}, true);
  for (const auto& i : r.inference) {
    const auto& e = i.estimate;
    if (!e.feasible) {
      h += row({esc(i.name), esc(i.chip_id), esc(i.role), "", "", "", "infeasible: " + esc(e.reason), "", num(i.chips_available), "", "", "", ""});
      continue;
    }
    h += row({esc(i.name), esc(i.chip_id), esc(i.role), std::string(core::enum_token(catalog::precision_names(), i.precision)),
              num(e.prefill_tokens_per_s_per_chip), num(e.decode_tokens_per_s_per_chip), num(e.tpot_s * 1e3, 1),
              num(i.chips_needed) + " (" + num(i.replicas_needed) + " &times; " + num(e.replica_chips) + ")", num(i.chips_available),
              usd_m(i.economics.capex_usd), mw(i.economics.facility_power_w), usd_m(i.economics.tco_usd_per_year),
              i.usd_per_million_tokens ? num(*i.usd_per_million_tokens, 3) : "?"});
  }
  return h + "</table>\n";
}

std::string assumptions_section(const engine::Scenario& s) {
  const auto& a = s.assumptions;
  auto set_by = [&](const char* key) {
    for (const auto& k : s.assumptions_set) if (k == key) return "scenario";
    return "default";
  };
  std::string h = "<h2>Assumptions</h2>\n<table>\n" + row({"assumption", "value", "set by"}, true);
  h += row({"training MFU (runs without a model of their own)", num(a.training_utilisation * 100) + " %", set_by("training_utilisation")});
  h += row({"effective capacity = peak x", num(a.effective_utilisation * 100) + " %", set_by("effective_utilisation")});
  h += row({"HBM reserve (serving)", num(a.hbm_reserve_fraction * 100) + " %", set_by("hbm_reserve")});
  h += row({"chip MTBF", num(a.chip_mtbf_s / 3600) + " h", set_by("chip_mtbf")});
  h += row({"checkpoint write / restart", num(a.checkpoint_write_s) + " s / " + num(a.restart_s) + " s", set_by("checkpoint_write")});
  h += row({"PUE", num(a.pue, 2), set_by("pue")});
  h += row({"electricity", "$" + num(a.electricity_usd_per_j * 3.6e6, 3) + "/kWh", set_by("electricity_price")});
  h += row({"amortisation", num(a.amortisation_s / (365.25 * 86400), 1) + " years", set_by("amortisation")});
  if (s.projection) {
    h += row({"licence approval (where a rule gives none)", num(a.licence_approval * 100) + " %", set_by("licence_approval")});
    h += row({"service life", num(a.service_life_s / (365.25 * 86400), 1) + " years", set_by("service_life")});
    h += row({"permanent failures", num(a.failure_rate_per_year * 100, 1) + " % a year", set_by("failure_rate")});
    h += row({"training workload behind effective compute", esc(a.reference_model), set_by("reference_model")});
    h += row({"service behind serving capacity", esc(a.reference_service_model + " " + a.reference_service_modes()),
              a.reference_service_mix.empty() ? set_by("reference_service_mode") : set_by("reference_service_mix")});
  }
  return h + "</table>\n<p class=\"note\">Calibration constants and validation: docs/models/calibration.md and docs/validation.md.</p>\n";
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

}  // namespace

std::string html_report(const engine::Scenario& s, const engine::Results& r, const std::vector<std::pair<std::string, std::string>>& charts,
                        const std::string& version, const std::string& preamble) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(s.name) + " - flopcast report</title>\n"
      "<style>\nbody{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n"
      "table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #bbb;padding:0.3em 0.6em;text-align:right}\n"
      "th{background:#eef}td:first-child,th:first-child,table.text td,table.text th{text-align:left}.note{color:#555;font-size:0.9em}\n"
      "figure{margin:1em 0}figure svg{max-width:100%;height:auto;display:block}\n</style>\n</head>\n<body>\n";
  h += "<h1>" + esc(s.name) + "</h1>\n";
  if (!s.question.empty()) h += "<p><strong>Question:</strong> " + esc(s.question) + "</p>\n";
  h += "<p class=\"note\">Scenario file " + esc(s.source_file) + " &middot; flopcast " + esc(version) + "</p>\n";
  h += preamble + capacity_section(s, r) + projection_section(s, r) + training_section(r) + inference_section(r);
  if (!charts.empty()) {
    h += "<h2>Charts</h2>\n";
    int n = 0;
    for (const auto& [title, svg] : charts) {
      h += "<figure class=\"chart\" data-title=\"" + esc(title) + "\">\n" + inline_svg(svg, "c" + std::to_string(++n) + "-") + "\n</figure>\n";
    }
  }
  h += assumptions_section(s) + sources_section(s);
  // Marks the page for the headless-browser test: every chart laid out with a non-zero size.
  h += "<script>\nwindow.addEventListener('load',function(){var f=document.querySelectorAll('figure.chart svg'),ok=0;"
       "for(var i=0;i<f.length;i++){var b=f[i].getBoundingClientRect();if(b.width>0&&b.height>0)ok++;}"
       "document.body.setAttribute('data-charts-visible',ok+'/'+f.length);});\n</script>\n";
  return h + "</body>\n</html>\n";
}

}  // namespace flopcast::report
