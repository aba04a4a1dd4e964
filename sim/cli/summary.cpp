// Human-readable summary tables of a run (the machine-readable twin is results.json).
#include "summary.hpp"

#include <algorithm>
#include <cmath>

#include "flopcast/engine/metrics.hpp"
#include "flopcast/engine/warnings.hpp"
#include "text_table.hpp"

namespace flopcast::cli {
namespace {

std::string pflops(double flop_per_s) { return grouped(flop_per_s / 1e15, 0); }

/// Millions of dollars and megawatts, "?" where a price or power figure is unknown.
std::string usd_m(const std::optional<double>& usd) { return usd ? grouped(*usd / 1e6, 1) : "?"; }
std::string mw(const std::optional<double>& w) { return w ? grouped(*w / 1e6, 1) : "?"; }

/// A figure some chips lack: "?" when none of them has it, the sum so far and "(partial)" when some do.
std::string known(double v, bool complete, const std::string& text) { return complete ? text : v == 0 ? "?" : text + " (partial)"; }

std::string capacity_table(const engine::Scenario& s, const engine::Results& r) {
  const auto p = s.assumptions.capacity_precision;
  const auto i = static_cast<std::size_t>(p);
  const std::string prec(core::enum_token(catalog::precision_names(), p));
  TextTable t({"chip type", "chips", "peak " + prec + " PFLOP/s", "effective PFLOP/s", "HBM TB", "chip MW", "facility MW", "capex $M",
               "TCO $M/yr", "H100e (TPP)"},
              {false, true, true, true, true, true, true, true, true, true});
  // A chip with no published peak at this precision counts 0 (the catalog says unknown, not zero).
  bool all_peaks = true;
  for (const auto& c : r.chip_types) all_peaks = all_peaks && c.capacity.peak_flop_per_s[i] > 0;
  auto row = [&](const std::string& name, const fleet::Capacity& c, double eff, const engine::Economics& e, bool peaks) {
    t.add({name, grouped(c.chips), known(c.peak_flop_per_s[i], peaks, pflops(c.peak_flop_per_s[i])), known(eff, peaks, pflops(eff)),
           grouped(c.hbm_bytes / 1e12, 0), known(c.power_w, c.power_complete, grouped(c.power_w / 1e6, 1)), mw(e.facility_power_w),
           usd_m(e.capex_usd), usd_m(e.tco_usd_per_year), grouped(c.h100e_by_tpp)});
  };
  for (const auto& c : r.chip_types) row(c.chip_id, c.capacity, c.effective_flop_per_s, c.economics, c.capacity.peak_flop_per_s[i] > 0);
  if (r.chip_types.size() > 1) row("fleet", r.fleet_total, r.fleet_effective_flop_per_s, r.fleet_economics, all_peaks);
  return t.str();
}

bool rented(const engine::TrainingResult& run) { return run.cost_rental_usd && *run.cost_rental_usd > 0; }

std::string training_table(const engine::Results& r) {
  TextTable t({"training run", "chips", "model", "PFLOP/s", "MFU/BF16", "goodput", "days", "chip-hours M", "MWh", "facility MW", "capex $M",
               "cost $M", "= amortised", "+ electricity"},
              {false, false, false, true, true, true, true, true, true, true, true, true, true, true});
  for (const auto& run : r.training) {
    const auto& e = run.estimate;
    if (e.status != perf::EstimateStatus::ok) {
      t.add({run.name, run.chip_summary, run.model_used, "", "", "", "infeasible: " + e.reason, "", "", "", "", "", "", ""});
      continue;
    }
    // MFU against the dense BF16 peak, whatever precision the run uses (DeepSeek's and Meta's convention).
    const double bf16_peak = run.step ? e.achieved_flop_per_s / run.step->mfu_bf16 : 0;
    const std::string mfu = run.step ? grouped(run.step->mfu_bf16 * 100, 1) + "%" : "";
    // A multi-stage run's total (eq. T15): the sum of the rows above it; an MFU of mixed stages says little.
    const bool total = !run.stages.empty();
    const std::string model = total ? "sum of " + std::to_string(run.stages.size()) + " stages" : run.model_used == "stated-mfu" ? "stated MFU" : run.layout ? "step model" : "";
    t.add({run.name, run.chip_summary, model, pflops(e.achieved_flop_per_s),
           total ? "" : bf16_peak > 0 ? mfu : grouped(run.utilisation * 100, 1) + "% (stated)", grouped(run.goodput.fraction * 100, 1) + "%",
           grouped(e.time_s / 86400.0, 1), grouped(e.chip_hours / 1e6, 3), run.energy_j ? grouped(*run.energy_j / 3.6e9) : "?",
           mw(run.economics.facility_power_w), usd_m(run.economics.capex_usd), usd_m(run.cost_usd),
           rented(run) ? "(rented)" : usd_m(run.cost_amortised_usd), rented(run) ? usd_m(run.cost_rental_usd) + " rent" : usd_m(run.cost_electricity_usd)});
  }
  return t.str() + "PFLOP/s: model FLOPs achieved. MWh: at the facility (x PUE). capex: the purchase price of the chips the run occupies; "
                   "cost: their price amortised over the run's chip-time plus electricity. '?' = a power figure or price the catalog does not have.\n";
}

/// Where each step-model run's optimizer step goes, in per cent of the step (empty when no run
/// used the step model): kernels by kind, then exposed communication, the bubble, the optimizer.
std::string step_table(const engine::Results& r) {
  TextTable t({"training run", "step s", "matmuls", "expert matmuls", "attention", "element-wise", "TP", "EP", "CP", "PP", "DP", "bubble",
               "optimizer"},
              {false, true, true, true, true, true, true, true, true, true, true, true, true});
  bool any = false;
  for (const auto& run : r.training) {
    if (!run.step || run.estimate.status != perf::EstimateStatus::ok) continue;
    const auto& s = run.step->time;
    auto share = [&](double part) { return s.step_s > 0 ? grouped(part / s.step_s * 100, 1) + "%" : std::string(); };
    t.add({run.name, grouped(s.step_s, s.step_s < 10 ? 2 : 1), share(s.matmul_s), share(s.expert_matmul_s), share(s.attention_s),
           share(s.elementwise_s), share(s.tp_comm_s), share(s.ep_comm_s), share(s.cp_comm_s), share(s.pp_comm_s), share(s.dp_comm_s),
           share(s.bubble_s), share(s.optimizer_s)});
    any = true;
  }
  if (!any) return "";
  return t.str() + "Per cent of one optimizer step on the critical chip: kernels by kind (forward, backward and recomputation), then "
                   "communication left exposed after overlap, pipeline fill and drain, the optimizer update (docs/models/training.md, "
                   "\"Where a step goes\").\n";
}

/// Where each feasible service's decode step goes, in per cent of the step.
std::string decode_split_table(const engine::Results& r) {
  TextTable t({"service", "chip", "step ms", "matmuls", "expert matmuls", "attention", "element-wise", "TP", "EP", "host wait"},
              {false, false, true, true, true, true, true, true, true, true});
  bool any = false;
  for (const auto& i : r.inference) {
    const auto& e = i.estimate;
    if (!e.feasible || !(e.decode_step_s > 0)) continue;
    const auto& d = e.decode_split;
    auto share = [&](double part) { return grouped(part / e.decode_step_s * 100, 1) + "%"; };
    t.add({i.name, i.chip_id, grouped(e.decode_step_s * 1e3, 1), share(d.matmul_s), share(d.expert_matmul_s), share(d.attention_s),
           share(d.elementwise_s), share(d.tp_comm_s), share(d.ep_comm_s), share(d.host_wait_s)});
    any = true;
  }
  if (!any) return "";
  return t.str() + "Per cent of one decode step at the batch above, on a chip of the replica (with its prompt rows when prompts ride in "
                   "the steps): kernels by kind (each a roofline: its reads or its FLOPs), communication left exposed, the chips idle "
                   "waiting for the host (docs/models/inference.md, \"Where a decode step goes\").\n";
}

/// "14,176 (443 x 32)": chips needed in whole replicas, and how many of what size.
std::string replicas(const engine::InferenceResult& i) {
  return grouped(i.chips_needed) + " (" + grouped(i.replicas_needed) + " x " + grouped(i.estimate.replica_chips) + ")";
}

std::string inference_table(const engine::Results& r) {
  // Per dollar and per energy: cost and energy per million tokens ("?" where a price or power is unknown).
  TextTable t({"service", "model", "chip", "role", "precision", "prefill tok/s/chip", "decode tok/s/chip", "TPOT ms", "batch bound",
               "chips needed", "chips available", "capex $M", "facility MW", "TCO $M/yr", "$/M tok", "kWh/M tok"},
              {false, false, false, false, false, true, true, true, false, true, true, true, true, true, true, true});
  bool host_bound = false;
  for (const auto& i : r.inference) {
    const auto& e = i.estimate;
    if (!e.feasible) {
      t.add({i.name, i.model_id, i.chip_id, i.role, engine::precision_label(i), "", "", "", "infeasible: " + e.reason, "", grouped(i.chips_available), "", "", "", "", ""});
      continue;
    }
    const char* bound = e.decode_bound == perf::DecodeBound::kv_capacity   ? "KV capacity"
                        : e.decode_bound == perf::DecodeBound::tpot_target ? "TPOT target"
                        : e.decode_bound == perf::DecodeBound::fixed       ? "fixed batch"
                                                                           : "none";
    host_bound |= e.decode_host_bound;
    t.add({i.name, i.model_id, i.chip_id, i.role, engine::precision_label(i), grouped(e.prefill_tokens_per_s_per_chip), grouped(e.decode_tokens_per_s_per_chip),
           grouped(e.tpot_s * 1e3, 1) + (e.decode_host_bound ? " host" : ""), bound, replicas(i), grouped(i.chips_available), usd_m(i.economics.capex_usd),
           mw(i.economics.facility_power_w), usd_m(i.economics.tco_usd_per_year),
           i.usd_per_million_tokens ? grouped(*i.usd_per_million_tokens, 3) : "?",
           i.joules_per_million_tokens ? grouped(*i.joules_per_million_tokens / 3.6e6, 2) : "?"});
  }
  return t.str() + "chips needed: whole replicas (replicas x chips each). capex, facility MW, TCO: of the chips needed. $/M tok and kWh/M tok: "
                   "per million input + output tokens, at the chips' TCO rate and facility power.\n" +
         (host_bound ? "TPOT 'host': each decode step waits for the serving stack's host, not the chips (serving_stack, "
                       "docs/models/inference.md eq. I15): more sequences per step cost little until the chips' work catches up.\n"
                     : "");
}

}  // namespace

std::string projection_table(const engine::Results& r) {
  // Serving columns only when some actor serves: a training-only projection keeps its table short.
  const bool serving = engine::projection_serves(r);
  std::vector<std::string> header{"period", "actor", "regime", "installed chips", "effective EFLOP/s", "H100e (TPP)", "H100e (throughput)"};
  if (serving) for (const char* h : {"serving chips", "served T tok/day", "demand T tok/day"}) header.push_back(h);
  header.push_back("spend $B");
  header.push_back("limits");
  std::vector<bool> right(header.size(), true);
  right[0] = right[1] = right[2] = right.back() = false;
  TextTable t(header, right);
  for (const auto& p : r.projection) {
    std::string limits;
    if (p.supply_limited) limits += "supply ";
    if (p.budget_limited) limits += "budget ";
    if (p.power_limited) limits += "power ";
    if (p.volume_limited) limits += "volume-cap";
    std::vector<std::string> row{p.period.str(), p.actor, p.regime.empty() ? "-" : p.regime, grouped(p.installed_chips),
                                 grouped(p.effective_flop_per_s / 1e18, 2), grouped(p.h100e_by_tpp), grouped(p.h100e_by_throughput)};
    if (serving) {
      row.push_back(grouped(p.serving_chips));
      row.push_back(grouped(p.served_tokens_per_s * 86400 / 1e12, 1));
      row.push_back(grouped(p.demand_tokens_per_s * 86400 / 1e12, 1));
    }
    // Unpriced chips: "?" when nothing bought has a price, else the priced part, marked.
    row.push_back(p.spend_complete ? grouped(p.spend_usd / 1e9, 2) : p.spend_usd > 0 ? grouped(p.spend_usd / 1e9, 2) + " (partial)" : "?");
    row.push_back(limits);
    t.add(row);
  }
  std::string note = "effective: model FLOP/s of the reference training workload (assumptions.reference_model) on the active chips.\n";
  // A volume cap the scenario cannot apply is said once per chip, never silently skipped.
  std::vector<std::string> unapplied;
  for (const auto& p : r.projection) {
    for (const auto& c : p.chips) {
      if (c.volume_cap_unapplied && std::find(unapplied.begin(), unapplied.end(), c.chip_id + " (" + c.rule + ")") == unapplied.end()) {
        unapplied.push_back(c.chip_id + " (" + c.rule + ")");
      }
    }
  }
  for (const auto& u : unapplied) note += "volume cap not applied to " + u + ": the scenario gives no us_end_use: for the chip.\n";
  if (std::any_of(r.projection.begin(), r.projection.end(), [](const auto& p) { return !p.spend_complete; })) {
    note += "spend ? or (partial): a chip bought has no price in the catalog; give it one (chips: {ID: {base: ID, price: ...}}).\n";
  }
  if (serving) note += "served: tokens/day (input + output) of the reference service (assumptions.reference_service_model, _mode or _mix) on the serving chips.\n";
  return t.str() + note;
}

/// What one chip of each type counts for in the projection (eq. P7, P10) and, for serving-first
/// actors, how much of it serves in the last period: the reason behind the allocation (eq. P9b).
std::string projection_reference_table(const engine::Scenario& s, const engine::Results& r) {
  if (!s.projection || r.projection.empty()) return "";
  const auto& p = *s.projection;
  const bool serving = engine::projection_serves(r);
  std::vector<std::string> header{"chip", "training TFLOP/s"};
  if (serving) for (const char* h : {"tokens/s", "tokens/s per training TFLOP/s", "serving (last period)"}) header.push_back(h);
  std::vector<bool> right(header.size(), true);
  right[0] = false;
  TextTable t(header, right);
  const auto last = r.projection.back().period;
  for (std::size_t c = 0; c < p.chip_ids.size(); ++c) {
    const double flops = p.chip_reference_flop_per_s[c], tokens = p.chip_reference_tokens_per_s[c];
    std::vector<std::string> row{p.chip_ids[c], grouped(flops / 1e12)};
    if (serving) {
      double active = 0, serves = 0;
      for (const auto& x : r.projection) {
        if (!(x.period == last)) continue;
        for (const auto& ch : x.chips) {
          if (ch.chip_id != p.chip_ids[c]) continue;
          active += ch.active;
          serves += ch.serving;
        }
      }
      row.push_back(grouped(tokens));
      row.push_back(flops > 0 ? grouped(tokens / (flops / 1e12), 2) : "-");
      row.push_back(active > 0 ? grouped(100 * serves / active, 0) + "% of " + grouped(active) : "-");
    }
    t.add(row);
  }
  std::string title = "\nWhat one chip counts for (training: " + s.assumptions.reference_model + ", best layout";
  if (serving) title += "; serving: " + s.assumptions.reference_service_model + " " + s.assumptions.reference_service_modes() + ", 8-bit";
  title += ")\n";
  std::string note;
  using A = fleet::Allocation;
  const auto uses = [&](A::ServeOn on) {
    return std::any_of(p.actors.begin(), p.actors.end(), [&](const auto& a) { return a.allocation.policy == A::Policy::serving_first && a.allocation.serve_on == on; });
  };
  if (uses(A::ServeOn::best_suited)) note += "serve_on: best-suited: the demand is served on the highest tokens/s per training TFLOP/s first (eq. P9b).\n";
  if (uses(A::ServeOn::every_type)) note += "serve_on: every-type: the same share of every chip type serves (eq. P9).\n";
  return title + t.str() + note;
}

std::string differences_table(const report::DifferenceTable& d) {
  if (d.rows.empty()) return "";
  TextTable t({"grid point", "difference of", "unit", "mean", d.low_name, d.middle_name, d.high_name, "samples"},
              {false, false, false, true, true, true, true, true});
  for (const auto& row : d.rows) {
    if (row.samples == 0) {
      t.add({row.point_text, row.metric, row.unit, "no value", "", "", "", "0"});
      continue;
    }
    // One precision per row, from its largest figure: a band of -4.8 to -3.3 next to a mean
    // of -4.26, and a histogram's 1e-30 next to -0.012 reads as 0.
    const double largest = std::max({std::fabs(row.mean), std::fabs(row.low), std::fabs(row.middle), std::fabs(row.high)});
    const int decimals = largest == 0 ? 0 : std::clamp(2 - static_cast<int>(std::floor(std::log10(largest))), 0, 9);
    auto text = [&](double v) { return grouped(v, decimals); };
    t.add({row.point_text, row.metric, row.unit, text(row.mean), text(row.low), text(row.middle), text(row.high), grouped(static_cast<double>(row.samples))});
  }
  return "Differences from " + d.baseline_text + " (scenario - baseline, sample by sample on the same draws)\n" + t.str();
}

std::string wrapped(const std::string& lead, const std::string& text, std::size_t width) {
  std::string out = lead;
  std::size_t column = lead.size();
  for (std::size_t start = 0; start < text.size();) {
    auto end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    // Columns, not bytes: UTF-8 continuation bytes (×, ≈, –) take no column.
    const auto columns = static_cast<std::size_t>(
        std::count_if(word.begin(), word.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    // A unit never starts a line: "26 %" stays whole.
    const bool unit = word.rfind('%', 0) == 0;
    if (column > lead.size() && column + 1 + columns > width && !unit) {
      out += "\n" + std::string(lead.size(), ' ');
      column = lead.size();
    } else if (column > lead.size()) {
      out += ' ';
      ++column;
    }
    out += word;
    column += columns;
    start = end + 1;
  }
  return out + "\n";
}

std::string answer_lines(const report::Answer& answer, std::size_t width) {
  if (answer.sentences.empty()) return "";
  std::string out = wrapped("Answer:   ", answer.text(), width);
  if (!answer.model_error.empty()) out += wrapped("Accuracy: ", answer.model_error, width);
  return out;
}

/// Kernels timed on their own (`kernels:`, `attention_kernels:`, `decode_attention_kernels:`):
/// what was timed and how fast, in FLOPs and in bytes.
std::string kernel_table(const engine::Results& r) {
  TextTable t({"kernel", "chip", "timed", "µs", "TFLOP/s", "of peak", "GB/s", "of HBM"}, {false, false, false, true, true, true, true, true});
  for (const auto& k : r.kernels) {
    t.add({k.name, k.chip, k.shape, grouped(k.seconds * 1e6, 1), grouped(k.flop_per_s / 1e12, 1), grouped(k.peak_share * 100, 1) + "%",
           grouped(k.bytes_per_s / 1e9, 0), grouped(k.hbm_share * 100, 1) + "%"});
  }
  return t.str() + "TFLOP/s: the kernel's FLOPs (GEMM 2·m·n·k; attention 4·batch·heads·length²·head dim, halved if causal; decode "
                   "attention 2·new tokens·cached tokens·heads·(key + value head dims)) over its time. of peak: over the chip's dense peak "
                   "at the kernel's precision. GB/s: the bytes it must move (operands and output; the cache once, queries and outputs) "
                   "over its time; of HBM: over the chip's HBM bandwidth.\n";
}

std::string run_summary(const engine::Scenario& s, const engine::Results& r, const report::Answer& answer) {
  std::string out = "Scenario: " + s.name + "\n";
  if (!s.question.empty()) out += "Question: " + s.question + "\n";
  out += answer_lines(answer);
  if (!r.chip_types.empty()) {
    out += "\nCapacity by chip type (effective = peak x " + grouped(s.assumptions.effective_utilisation * 100, 0) + "% utilisation)\n";
    out += capacity_table(s, r);
  }
  if (!r.projection.empty()) out += "\nFleet over time\n" + projection_table(r) + projection_reference_table(s, r);
  if (!r.training.empty()) out += "\nTraining\n" + training_table(r);
  if (const std::string steps = step_table(r); !steps.empty()) out += "\nWhere a training step goes\n" + steps;
  if (!r.inference.empty()) {
    out += "\nInference\n" + inference_table(r);
    if (const std::string steps = decode_split_table(r); !steps.empty()) out += "\nWhere a decode step goes\n" + steps;
  }
  if (!r.kernels.empty()) out += "\nKernels\n" + kernel_table(r);
  if (!r.pools.empty()) out += "\nMoney and power: " + engine::economics_basis(s.assumptions) + ".\n";
  if (const auto warnings = engine::run_warnings(s, r); !warnings.empty()) {
    out += "\nWarnings (plausibility guards: the number above may be wrong, and the term named is the suspect)\n";
    for (const auto& w : warnings) out += "  " + w.line() + "\n";
  }
  return out;
}

}  // namespace flopcast::cli
