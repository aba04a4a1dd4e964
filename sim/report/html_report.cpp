// The HTML report of a run or a sweep: the answer first, then the tables, the sweep's inputs and
// percentiles, the expect: verdicts, every chart, the assumptions as used and the sources. Static
// HTML and inline SVG; the page shell is in html_page.cpp.
#include "flopcast/report/html_report.hpp"

#include <algorithm>

#include "flopcast/engine/metrics.hpp"
#include "flopcast/report/answer.hpp"
#include "flopcast/engine/warnings.hpp"
#include "html_context.hpp"
#include "html_page.hpp"
#include "html_sweep.hpp"

namespace flopcast::report {
namespace {

using namespace html;

/// Millions of dollars and megawatts, "?" where a price or power figure is unknown.
std::string usd_m(const std::optional<double>& v) { return v ? num(*v / 1e6, 1) : "?"; }
std::string mw(const std::optional<double>& v) { return v ? num(*v / 1e6, 1) : "?"; }

std::string capacity_section(const engine::Scenario& s, const engine::Results& r) {
  if (r.chip_types.empty()) return "";  // a fleet projection alone has no pools
  const auto p = static_cast<std::size_t>(s.assumptions.capacity_precision);
  const std::string prec(core::enum_token(catalog::precision_names(), s.assumptions.capacity_precision));
  std::string h = "<h2>Capacity by chip type</h2>\n<table>\n" +
                  row({"chip type", "chips", "peak dense " + prec + " PFLOP/s",
                       "effective PFLOP/s (peak &times; " + num(s.assumptions.effective_utilisation * 100) + " %)", "HBM TB", "chip MW",
                       "facility MW", "capex $M", "TCO $M/yr", "H100e (TPP)"}, true);
  // A chip with no published peak at this precision counts 0: shown as unknown, never as 0.
  auto known = [](double v, bool complete, const std::string& text) { return complete ? text : v == 0 ? "?" : text + " (partial)"; };
  bool all_peaks = true;
  for (const auto& c : r.chip_types) all_peaks = all_peaks && c.capacity.peak_flop_per_s[p] > 0;
  auto add = [&](const std::string& name, const fleet::Capacity& c, double effective, const engine::Economics& e, bool peaks) {
    h += row({esc(name), num(c.chips), known(c.peak_flop_per_s[p], peaks, num(c.peak_flop_per_s[p] / 1e15)), known(effective, peaks, num(effective / 1e15)),
              num(c.hbm_bytes / 1e12), known(c.power_w, c.power_complete, num(c.power_w / 1e6, 1)), mw(e.facility_power_w), usd_m(e.capex_usd),
              usd_m(e.tco_usd_per_year), num(c.h100e_by_tpp)});
  };
  for (const auto& c : r.chip_types) add(c.chip_id, c.capacity, c.effective_flop_per_s, c.economics, c.capacity.peak_flop_per_s[p] > 0);
  if (r.chip_types.size() > 1) add("fleet", r.fleet_total, r.fleet_effective_flop_per_s, r.fleet_economics, all_peaks);
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

/// Where each step-model run's optimizer step goes, in per cent of the step (the terminal's table).
std::string step_section(const engine::Results& r) {
  std::string rows;
  for (const auto& t : r.training) {
    if (!t.step || t.estimate.status != perf::EstimateStatus::ok || !(t.step->time.step_s > 0)) continue;
    const auto& s = t.step->time;
    auto share = [&](double part) { return num(part / s.step_s * 100, 1) + "&nbsp;%"; };  // no break inside a narrow cell
    rows += row({esc(t.name), num(s.step_s, s.step_s < 10 ? 2 : 1), share(s.matmul_s), share(s.expert_matmul_s), share(s.attention_s),
                 share(s.elementwise_s), share(s.tp_comm_s), share(s.ep_comm_s), share(s.cp_comm_s), share(s.pp_comm_s), share(s.dp_comm_s),
                 share(s.bubble_s), share(s.optimizer_s)});
  }
  if (rows.empty()) return "";
  return "<h3>Where a training step goes</h3>\n<table>\n" +
         row({"run", "step s", "matmuls", "expert matmuls", "attention", "element-wise", "TP", "EP", "CP", "PP", "DP", "bubble", "optimizer"},
             true) +
         rows +
         "</table>\n<p>Per cent of one optimizer step on the critical chip: kernels by kind (forward, backward and recomputation), then "
         "communication left exposed after overlap, pipeline fill and drain, the optimizer update (docs/models/training.md).</p>\n";
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
    const bool total = !t.stages.empty();  // a multi-stage run: the sum of its stage rows (eq. T15)
    h += row({esc(t.name), esc(t.chip_summary), total ? "sum of " + std::to_string(t.stages.size()) + " stages" : esc(t.model_used), num(e.achieved_flop_per_s / 1e15),
              total ? "" : t.step ? num(t.step->mfu_bf16 * 100, 1) + " %" : num(t.utilisation * 100, 1) + " % (stated)", num(t.goodput.fraction * 100, 1) + " %",
              num(e.time_s / 86400, 1), num(e.chip_hours / 1e6, 3), t.energy_j ? num(*t.energy_j / 3.6e9) : "?",
              mw(t.economics.facility_power_w), usd_m(t.economics.capex_usd),
              !t.cost_usd ? "?"
              : t.cost_rental_usd && *t.cost_rental_usd > 0 ? usd_m(t.cost_usd) + " (rent)"
                                                             : usd_m(t.cost_usd) + " (" + usd_m(t.cost_amortised_usd) + " + " + usd_m(t.cost_electricity_usd) + ")"});
  }
  return h + "</table>\n" + step_section(r);
}

/// Where each feasible service's decode step goes, in per cent of the step (the terminal's table).
std::string decode_split_section(const engine::Results& r) {
  std::string rows;
  for (const auto& i : r.inference) {
    const auto& e = i.estimate;
    if (!e.feasible || !(e.decode_step_s > 0)) continue;
    const auto& d = e.decode_split;
    auto share = [&](double part) { return num(part / e.decode_step_s * 100, 1) + "&nbsp;%"; };  // no break inside a narrow cell
    rows += row({esc(i.name), esc(i.chip_id), num(e.decode_step_s * 1e3, 1), share(d.matmul_s), share(d.expert_matmul_s), share(d.attention_s),
                 share(d.elementwise_s), share(d.tp_comm_s), share(d.ep_comm_s), share(d.host_wait_s)});
  }
  if (rows.empty()) return "";
  return "<h3>Where a decode step goes</h3>\n<table>\n" +
         row({"service", "chip", "step ms", "matmuls", "expert matmuls", "attention", "element-wise", "TP", "EP", "host wait"}, true) + rows +
         "</table>\n<p>Per cent of one decode step at the batch above, on a chip of the replica: kernels by kind, communication left "
         "exposed, the chips idle waiting for the host (docs/models/inference.md).</p>\n";
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
    h += row({esc(i.name), esc(i.chip_id), esc(i.role), esc(engine::precision_label(i)),
              num(e.prefill_tokens_per_s_per_chip), num(e.decode_tokens_per_s_per_chip),
              num(e.tpot_s * 1e3, 1) + (e.decode_host_bound ? " host" : ""),
              num(i.chips_needed) + " (" + num(i.replicas_needed) + " &times; " + num(e.replica_chips) + ")", num(i.chips_available),
              usd_m(i.economics.capex_usd), mw(i.economics.facility_power_w), usd_m(i.economics.tco_usd_per_year),
              i.usd_per_million_tokens ? num(*i.usd_per_million_tokens, 3) : "?"});
  }
  const bool host_bound = std::any_of(r.inference.begin(), r.inference.end(), [](const auto& i) { return i.estimate.decode_host_bound; });
  return h + "</table>\n" +
         (host_bound ? "<p>TPOT &ldquo;host&rdquo;: each decode step waits for the serving stack&rsquo;s host, not the chips "
                       "(<code>serving_stack</code>, docs/models/inference.md eq. I15).</p>\n"
                     : "") +
         decode_split_section(r);
}

/// The plausibility guards that fired, as the terminal's "Warnings" block prints them.
std::string warnings_section(const engine::Scenario& s, const engine::Results& r) {
  const auto warnings = engine::run_warnings(s, r);
  if (warnings.empty()) return "";
  std::string h = "<h2>Warnings</h2>\n<p>Plausibility guards: the number above may be wrong, and the term named is the suspect.</p>\n<ul>\n";
  for (const auto& w : warnings) h += "<li>" + esc(w.line()) + "</li>\n";
  return h + "</ul>\n";
}

}  // namespace

std::string html_report(const engine::Scenario& s, const engine::Results& r, const ReportSweep& sweep,
                        const std::vector<std::pair<std::string, std::string>>& charts, const std::string& version, const std::string& preamble) {
  const auto answer = answer_question(s, r, sweep.result);
  std::string h = page_head(s.name);
  if (!s.question.empty()) h += "<p><strong>Question:</strong> " + esc(s.question) + "</p>\n";
  h += answer_block(answer.sentences);
  h += accuracy_block(answer.model_error);
  h += "<p class=\"note\">Scenario file " + esc(s.source_file) + " &middot; flopcast " + esc(version) + "</p>\n";
  h += preamble + capacity_section(s, r) + projection_section(s, r) + training_section(r) + inference_section(r) + warnings_section(s, r);
  if (sweep.result && sweep.spec) h += uncertain_section(*sweep.spec, *sweep.result);
  if (sweep.result) h += differences_section(*sweep.result);
  if (sweep.result) h += percentile_section(s, *sweep.result, answer.compared);
  h += expectations_section(check_expectations(s, r, sweep.result));
  h += charts_section(charts);
  h += assumptions_section(s, sweep.spec) + sources_section(s);
  return h + page_tail();
}

}  // namespace flopcast::report
