// CSV tables: RFC 4180 quoting, numbers in shortest round-trip form, units in column names.
#include "csv_tables.hpp"

#include <charconv>
#include <cmath>

#include "flopcast/core/assert.hpp"
#include "flopcast/report/write.hpp"
#include "model_error.hpp"

namespace flopcast::report {
namespace {


std::string num(double v) { return csv_number(v); }

std::string opt(const std::optional<double>& v) { return v ? num(*v) : std::string(); }

/// Money and power columns (engine/economics.hpp), empty where a price or power figure is unknown.
constexpr const char* kEconomicsHeader = "capex_usd,chip_power_w,facility_power_w,energy_usd_per_year,amortisation_usd_per_year,rental_usd_per_year,tco_usd_per_year";

std::string economics_cells(const engine::Economics& e) {
  return opt(e.capex_usd) + "," + opt(e.chip_power_w) + "," + opt(e.facility_power_w) + "," + opt(e.energy_usd_per_year) + "," +
         opt(e.amortisation_usd_per_year) + "," + opt(e.rental_usd_per_year) + "," + opt(e.tco_usd_per_year);
}

/// Where a step-model run's optimizer step goes (seconds per step; empty without the step model).
constexpr const char* kStepHeader = "step_s,compute_s,matmul_s,expert_matmul_s,attention_s,elementwise_s,tp_comm_s,ep_comm_s,cp_comm_s,"
                                    "pp_comm_s,dp_comm_s,bubble_s,optimizer_s";

std::string step_cells(const std::optional<perf::TrainingStepEstimate>& step) {
  if (!step) return ",,,,,,,,,,,,";
  const auto& s = step->time;
  std::string row = num(s.step_s);
  for (double v : {s.compute_s, s.matmul_s, s.expert_matmul_s, s.attention_s, s.elementwise_s, s.tp_comm_s, s.ep_comm_s, s.cp_comm_s,
                   s.pp_comm_s, s.dp_comm_s, s.bubble_s, s.optimizer_s}) {
    row += "," + num(v);
  }
  return row;
}

/// The held-out error that vouches for a row (docs/results-format.md, "model_error").
constexpr const char* kModelErrorHeader = "model_error_family,model_error_vendor,model_error_cases,model_error_median,model_error_p80";

std::string model_error_cells(const std::optional<detail::WorkloadError>& e) {
  if (!e || !e->row) return ",,,,";
  const auto& r = *e->row;
  return csv_cell(r.family) + "," + csv_cell(r.vendor) + "," + num(r.cases) + "," + num(r.median) + "," + num(r.p80);
}

std::string capacity_header() {
  std::string h = "chips";
  for (const auto& p : catalog::precision_names()) h += ",peak_" + std::string(p.token) + "_flop_per_s";
  return h + ",effective_flop_per_s,hbm_bytes,hbm_bytes_per_s,power_w,power_complete,h100e_by_tpp";
}

std::string capacity_row(const fleet::Capacity& c, double effective) {
  std::string row = num(c.chips);
  for (double v : c.peak_flop_per_s) row += "," + num(v);
  return row + "," + num(effective) + "," + num(c.hbm_bytes) + "," + num(c.hbm_bytes_per_s) + "," + num(c.power_w) + "," +
         (c.power_complete ? "true" : "false") + "," + num(c.h100e_by_tpp);
}

}  // namespace

std::string production_csv(const engine::Results& r);

std::string csv_number(double v) {
  FLOPCAST_ASSERT(std::isfinite(v), "non-finite value reached a CSV table");
  if (v == 0) return "0";  // also folds -0
  char buf[400];  // DBL_MAX in fixed notation is 309 digits
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  FLOPCAST_ASSERT(ec == std::errc(), "a number too long for the CSV buffer");
  return std::string(buf, p);
}

std::vector<std::pair<std::string, std::string>> csv_tables(const engine::Scenario& s, const engine::Results& r) {
  std::string pools = "pool,chip," + capacity_header() + "," + kEconomicsHeader + "\n";
  for (const auto& p : r.pools) {
    pools += csv_cell(p.name) + "," + csv_cell(p.chip_id) + "," + capacity_row(p.capacity, p.effective_flop_per_s) + "," + economics_cells(p.economics) + "\n";
  }

  std::string types = "chip,chip_name," + capacity_header() + "," + kEconomicsHeader + "\n";
  for (const auto& c : r.chip_types) {
    types += csv_cell(c.chip_id) + "," + csv_cell(c.chip_name) + "," + capacity_row(c.capacity, c.effective_flop_per_s) + "," + economics_cells(c.economics) + "\n";
  }

  std::string training = "run,model,chips,status,utilisation,flops_per_token,total_flops,achieved_flop_per_s,tokens_per_s,time_days,chip_hours,"
                         "goodput,energy_mwh,cost_usd,cost_amortised_usd,cost_electricity_usd,cost_rental_usd," + std::string(kEconomicsHeader) +
                         ",group,stages," + kStepHeader + "," + kModelErrorHeader + "\n";
  for (const auto& t : r.training) {
    const auto& e = t.estimate;
    const bool ok = e.status == perf::EstimateStatus::ok;
    training += csv_cell(t.name) + "," + csv_cell(t.model_id) + "," + num(t.chips) + "," + (ok ? "ok" : "infeasible") + "," +
                num(t.utilisation) + "," + num(e.flops_per_token) + "," + num(e.total_flops) + "," + num(e.achieved_flop_per_s) + ",";
    training += ok ? num(e.tokens_per_s) + "," + num(e.time_s / 86400.0) + "," + num(e.chip_hours) + "," + num(t.goodput.fraction) + "," +
                         opt(t.energy_j ? std::optional(*t.energy_j / 3.6e9) : std::nullopt) + "," + opt(t.cost_usd) + "," + opt(t.cost_amortised_usd) +
                         "," + opt(t.cost_electricity_usd) + "," + opt(t.cost_rental_usd) + "," + economics_cells(t.economics)
                   : std::string(",,,,,,,,,,,,,,,");
    // group: the multi-stage run a stage belongs to; stages: on that run's total row, how many it sums (eq. T15).
    training += "," + csv_cell(t.group) + "," + (t.stages.empty() ? std::string() : std::to_string(t.stages.size())) + "," +
                step_cells(ok ? t.step : std::nullopt) + "," + model_error_cells(detail::training_error(s, t)) + "\n";
  }

  std::string inference = "service,model,chip,role,precision,status,prefill_tokens_per_s_per_chip,decode_tokens_per_s_per_chip,tpot_s,"
                          "decode_batch_per_chip,replica_chips,requests_per_s,chips_busy,replicas_needed,chips_needed,chips_available,pool,"
                          "usd_per_million_tokens,kwh_per_million_tokens," + std::string(kEconomicsHeader) + ",decode_bound,decode_host_bound,"
                          "decode_matmul_s,decode_expert_matmul_s,decode_attention_s,decode_elementwise_s,decode_tp_comm_s,decode_ep_comm_s,"
                          "decode_host_wait_s," + std::string(kModelErrorHeader) + "\n";
  for (const auto& i : r.inference) {
    const auto& e = i.estimate;
    inference += csv_cell(i.name) + "," + csv_cell(i.model_id) + "," + csv_cell(i.chip_id) + "," + i.role + "," +
                 std::string(core::enum_token(catalog::precision_names(), i.precision)) + "," + (e.feasible ? "ok" : "infeasible") + ",";
    inference += e.feasible ? num(e.prefill_tokens_per_s_per_chip) + "," + num(e.decode_tokens_per_s_per_chip) + "," + num(e.tpot_s) +
                                  "," + num(e.decode_batch_per_chip) + "," + num(e.replica_chips) + "," + num(i.requests_per_s) + "," +
                                  num(i.chips_busy) + "," + num(i.replicas_needed) + "," + num(i.chips_needed) + "," + num(i.chips_available)
                            : std::string(",,,,,,,,,") + num(i.chips_available);
    inference += "," + csv_cell(i.pool) + ",";
    inference += e.feasible ? opt(i.usd_per_million_tokens) + "," +
                                  opt(i.joules_per_million_tokens ? std::optional(*i.joules_per_million_tokens / 3.6e6) : std::nullopt) + "," +
                                  economics_cells(i.economics)
                            : std::string(",,,,,,,,");
    inference += e.feasible ? "," + std::string(perf::decode_bound_name(e.decode_bound)) + "," + (e.decode_host_bound ? "true" : "false") : std::string(",,");
    if (e.feasible) {
      const auto& d = e.decode_split;
      for (double v : {d.matmul_s, d.expert_matmul_s, d.attention_s, d.elementwise_s, d.tp_comm_s, d.ep_comm_s, d.host_wait_s}) inference += "," + num(v);
    } else {
      inference += ",,,,,,,";
    }
    inference += "," + model_error_cells(detail::serving_error(s, i)) + "\n";
  }
  std::vector<std::pair<std::string, std::string>> out{
      {"pools.csv", pools}, {"chip_types.csv", types}, {"training.csv", training}, {"inference.csv", inference}};
  if (!r.kernels.empty()) {
    std::string kernels = "kernel,chip,timed,seconds,flop_per_s,peak_share,bytes_per_s,hbm_share\n";
    for (const auto& k : r.kernels) {
      kernels += csv_cell(k.name) + "," + csv_cell(k.chip) + "," + csv_cell(k.shape) + "," + num(k.seconds) + "," + num(k.flop_per_s) + "," +
                 num(k.peak_share) + "," + num(k.bytes_per_s) + "," + num(k.hbm_share) + "\n";
    }
    out.emplace_back("kernels.csv", kernels);
  }
  if (!r.projection.empty()) {
    std::string p = "period,actor,regime,chip,outcome,rule,volume_cap,volume_limited,wanted,permitted,delivered,installed,active,training,serving,"
                    "smuggled,blocked_h100e,rule_regime,import_rule\n";
    std::string t = "period,actor,regime,installed_chips,active_chips,peak_bf16_flop_per_s,effective_flop_per_s,training_flops,"
                    "cumulative_training_flops,h100e_by_tpp,h100e_by_throughput,training_chips,serving_chips,"
                    "serving_capacity_tokens_per_day,demand_tokens_per_day,served_tokens_per_day,spend_usd,power_w,energy_mwh,electricity_usd,"
                    "supply_limited,budget_limited,power_limited,spend_complete,power_complete,training_flop_per_s,wanted_h100e,bought_h100e,"
                    "blocked_h100e,shortfall_tokens_per_day\n";
    for (const auto& a : r.projection) {
      for (const auto& c : a.chips) {
        const std::string cap = c.volume_cap ? num(*c.volume_cap) : "";
        const std::string limited = c.volume_cap_unapplied ? "no-us-end-use" : c.volume_limited ? "true" : "false";
        p += a.period.str() + "," + csv_cell(a.actor) + "," + a.regime + "," + csv_cell(c.chip_id) + "," + c.outcome + "," + csv_cell(c.rule) + "," + cap + "," +
             limited + "," +
             num(c.wanted) + "," + num(c.permitted) + "," + num(c.delivered) + "," + num(c.installed) + "," + num(c.active) + "," +
             num(c.training) + "," + num(c.serving) + "," + num(c.smuggled) + "," + num(c.blocked_h100e) + "," + csv_cell(c.regime) + "," +
             csv_cell(c.import_rule) + "\n";
      }
      t += a.period.str() + "," + csv_cell(a.actor) + "," + a.regime + "," + num(a.installed_chips) + "," + num(a.active_chips) + "," +
           num(a.peak_bf16_flop_per_s) + "," + num(a.effective_flop_per_s) + "," + num(a.training_flops) + "," +
           num(a.cumulative_training_flops) + "," + num(a.h100e_by_tpp) + "," + num(a.h100e_by_throughput) + "," + num(a.training_chips) + "," +
           num(a.serving_chips) + "," + num(a.serving_capacity_tokens_per_s * 86400) + "," + num(a.demand_tokens_per_s * 86400) + "," +
           num(a.served_tokens_per_s * 86400) + "," + num(a.spend_usd) + "," + num(a.power_w) + "," + num(a.energy_j / 3.6e9) + "," + num(a.electricity_usd) + "," +
           (a.supply_limited ? "true" : "false") + "," +
           (a.budget_limited ? "true" : "false") + "," + (a.power_limited ? "true" : "false") + "," +
           (a.spend_complete ? "true" : "false") + "," + (a.power_complete ? "true" : "false") + "," + num(a.training_flop_per_s) + "," +
           num(a.wanted_h100e) + "," + num(a.bought_h100e) + "," + num(a.blocked_h100e) + "," + num(a.shortfall_tokens_per_s * 86400) + "\n";
    }
    out.emplace_back("projection_chips.csv", p);
    out.emplace_back("projection.csv", t);
  }
  if (!r.production.empty()) out.emplace_back("production.csv", production_csv(r));
  return out;
}

/// production.csv: per period and product, what the inputs allowed, what was made and what bound.
std::string production_csv(const engine::Results& r) {
  std::string csv = "period,chip,capacity,made,bound_by\n";
  for (const auto& p : r.production) {
    csv += p.period.str() + "," + csv_cell(p.chip_id) + "," + num(p.bound.capacity) + "," + num(p.bound.made) + "," + csv_cell(p.bound_by) + "\n";
  }
  return csv;
}

std::string compare_csv(const std::vector<std::string>& regimes, const std::vector<engine::Results>& runs) {
  std::string csv = "period,actor,regime,installed_chips,effective_flop_per_s,h100e_by_throughput,cumulative_training_flops,served_tokens_per_day\n";
  if (runs.empty()) return csv;
  for (std::size_t k = 0; k < runs.front().projection.size(); ++k) {
    for (std::size_t i = 0; i < runs.size() && i < regimes.size(); ++i) {
      const auto& p = runs[i].projection[k];
      csv += p.period.str() + "," + csv_cell(p.actor) + "," + csv_cell(regimes[i]) + "," + num(p.installed_chips) + "," + num(p.effective_flop_per_s) + "," +
             num(p.h100e_by_throughput) + "," + num(p.cumulative_training_flops) + "," + num(p.served_tokens_per_s * 86400) + "\n";
    }
  }
  return csv;
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace flopcast::report
