// results.json: the machine-readable result of a run. Keys carry their units; the layout is
// documented in docs/results-format.md and only grows (schema_version bumps on any change).
#include <set>

#include "flopcast/report/write.hpp"
#include "flopcast/report/answer.hpp"
#include "flopcast/report/json_writer.hpp"
#include "flopcast/engine/warnings.hpp"
#include "model_error.hpp"

namespace flopcast::report {
namespace {

constexpr double kSecondsPerDay = 86400.0;

void write_peaks(JsonWriter& w, const fleet::Capacity& c) {
  w.begin_object("peak_flop_per_s");
  for (const auto& p : catalog::precision_names()) w.value(p.token, c.peak_flop_per_s[static_cast<std::size_t>(p.value)]);
  w.end_object();
}

void write_capacity(JsonWriter& w, const fleet::Capacity& c, double effective) {
  w.value("chips", c.chips);
  write_peaks(w, c);
  w.value("effective_flop_per_s", effective);
  w.value("hbm_bytes", c.hbm_bytes);
  w.value("hbm_bytes_per_s", c.hbm_bytes_per_s);
  w.value("power_w", c.power_w);
  w.value("power_complete", c.power_complete);
  w.value("h100e_by_tpp", c.h100e_by_tpp);
  w.value("price_usd", c.price_usd);
  w.value("price_complete", c.price_complete);
}

/// "economics": capex, chip and facility power, yearly costs; null where unknown (docs/economics.md).
void write_economics(JsonWriter& w, const engine::Economics& e) {
  w.begin_object("economics");
  for (auto [key, v] : std::initializer_list<std::pair<std::string_view, const std::optional<double>*>>{
           {"capex_usd", &e.capex_usd},
           {"chip_power_w", &e.chip_power_w},
           {"facility_power_w", &e.facility_power_w},
           {"energy_usd_per_year", &e.energy_usd_per_year},
           {"amortisation_usd_per_year", &e.amortisation_usd_per_year},
           {"rental_usd_per_year", &e.rental_usd_per_year},
           {"tco_usd_per_year", &e.tco_usd_per_year}}) {
    *v ? w.value(key, **v) : w.null(key);
  }
  w.end_object();
}

void write_assumptions(JsonWriter& w, const engine::Scenario& s) {
  const auto& a = s.assumptions;
  auto set_by = [&](std::string_view key) {
    for (const auto& k : s.assumptions_set) if (k == key) return "scenario";
    return "default";
  };
  w.begin_object("assumptions");
  for (auto [key, v] : std::initializer_list<std::pair<std::string_view, double>>{
           {"training_utilisation", a.training_utilisation},
           {"hbm_reserve", a.hbm_reserve_fraction},
           {"effective_utilisation", a.effective_utilisation},
           {"chip_mtbf", a.chip_mtbf_s},
           {"checkpoint_write", a.checkpoint_write_s},
           {"restart", a.restart_s},
           {"pue", a.pue},
           {"electricity_price", a.electricity_usd_per_j},
           {"amortisation", a.amortisation_s},
           {"service_life", a.service_life_s},
           {"licence_approval", a.licence_approval},
           {"failure_rate", a.failure_rate_per_year}}) {
    w.begin_object(key).value("value", v).value("set_by", set_by(key)).end_object();
  }
  const std::string modes = a.reference_service_modes();  // the mode, or the mix in words
  for (auto [key, v] : std::initializer_list<std::pair<std::string_view, std::string_view>>{
           {"reference_model", a.reference_model},
           {"reference_service_model", a.reference_service_model},
           {"reference_service_mode", modes}}) {
    const bool mix = key == "reference_service_mode" && !a.reference_service_mix.empty();
    w.begin_object(key).value("value", v).value("set_by", set_by(mix ? "reference_service_mix" : key)).end_object();
  }
  if (!a.reference_service_mix.empty()) {
    w.begin_array("reference_service_mix");
    for (const auto& m : a.reference_service_mix) w.begin_object().value("mode", m.mode).value("share", m.share).end_object();
    w.end_array();
  }
  w.begin_object("capacity_precision")
      .value("value", core::enum_token(catalog::precision_names(), a.capacity_precision))
      .value("set_by", set_by("capacity_precision"))
      .end_object();
  w.end_object();
}

void write_step(JsonWriter& w, const engine::TrainingResult& t) {
  const auto& l = *t.layout;
  w.begin_object("layout");
  w.value("tp", double(l.tp)).value("pp", double(l.pp)).value("ep", double(l.ep)).value("cp", double(l.cp)).value("dp", double(l.dp));
  w.value("micro_batch", double(l.micro_batch)).value("virtual_stages", double(l.virtual_stages));
  w.value("schedule", core::enum_token(perf::pipeline_schedule_names(), l.schedule)).value("zero_stage", double(l.zero_stage));
  w.value("recompute", core::enum_token(perf::recompute_names(), l.recompute));
  w.end_object();
  if (!t.step) return;
  const auto& s = *t.step;
  w.begin_object("step");
  w.value("step_s", s.time.step_s).value("compute_s", s.time.compute_s);
  w.value("matmul_s", s.time.matmul_s).value("expert_matmul_s", s.time.expert_matmul_s).value("attention_s", s.time.attention_s);
  w.value("elementwise_s", s.time.elementwise_s).value("tp_comm_s", s.time.tp_comm_s);
  w.value("ep_comm_s", s.time.ep_comm_s).value("cp_comm_s", s.time.cp_comm_s).value("pp_comm_s", s.time.pp_comm_s);
  w.value("dp_comm_s", s.time.dp_comm_s).value("bubble_s", s.time.bubble_s).value("optimizer_s", s.time.optimizer_s);
  w.value("micro_batches", s.micro_batches);
  w.value("tokens_per_s_per_chip", s.tokens_per_s_per_chip).value("model_flop_per_s_per_chip", s.model_flop_per_s_per_chip);
  w.value("mfu_bf16", s.mfu_bf16);
  w.end_object();
  w.begin_object("memory_bytes_per_chip");
  w.value("weights", s.memory.weights).value("gradients", s.memory.gradients).value("optimizer", s.memory.optimizer);
  w.value("activations", s.memory.activations).value("total", s.memory.total).value("capacity", s.memory.capacity);
  w.value("fits", s.memory.fits);
  w.end_object();
}

/// The held-out error row that vouches for a run (docs/results-format.md): null for a run at a
/// stated utilisation or a catalog without the table.
void write_model_error(JsonWriter& w, const std::optional<detail::WorkloadError>& e) {
  if (!e || !e->row) {
    w.null("model_error");
    return;
  }
  const auto& row = *e->row;
  w.begin_object("model_error").value("family", row.family).value("vendor", row.vendor).value("cases", static_cast<double>(row.cases));
  w.value("median", row.median).value("p80", row.p80).value("max", row.max).end_object();
}

void write_training(JsonWriter& w, const engine::Scenario& s, const engine::TrainingResult& t) {
  const auto& e = t.estimate;
  const bool ok = e.status == perf::EstimateStatus::ok;
  w.begin_object();
  w.value("name", t.name).value("model", t.model_id).value("chips_summary", t.chip_summary).value("chips", t.chips);
  if (!t.group.empty()) w.value("group", t.group);
  if (!t.stages.empty()) {
    w.begin_array("stages");
    for (const auto& st : t.stages) w.value("", st);
    w.end_array();
  }
  w.value("status", ok ? "ok" : "infeasible");
  if (!ok) w.value("reason", e.reason);
  w.value("performance_model", t.model_used);
  if (t.layout) write_step(w, t);
  w.value("utilisation", t.utilisation);
  w.value("flops_per_token", e.flops_per_token).value("total_flops", e.total_flops);
  w.value("fleet_peak_flop_per_s", e.fleet_peak_flop_per_s).value("achieved_flop_per_s", e.achieved_flop_per_s);
  if (ok) {
    w.value("tokens_per_s", e.tokens_per_s).value("time_s", e.time_s).value("time_days", e.time_s / kSecondsPerDay);
    w.value("chip_hours", e.chip_hours);
    w.begin_object("goodput").value("fraction", t.goodput.fraction).value("fleet_mtbf_s", t.goodput.fleet_mtbf_s);
    w.value("checkpoint_interval_s", t.goodput.checkpoint_interval_s).value("interruptions_per_day", t.goodput.interruptions_per_day).end_object();
    t.energy_j ? w.value("energy_mwh", *t.energy_j / 3.6e9) : w.null("energy_mwh");
    t.cost_usd ? w.value("cost_usd", *t.cost_usd) : w.null("cost_usd");
    for (auto [key, v] : std::initializer_list<std::pair<std::string_view, const std::optional<double>*>>{
             {"cost_amortised_usd", &t.cost_amortised_usd}, {"cost_electricity_usd", &t.cost_electricity_usd}, {"cost_rental_usd", &t.cost_rental_usd}}) {
      *v ? w.value(key, **v) : w.null(key);
    }
    write_economics(w, t.economics);
  } else {
    w.null("tokens_per_s").null("time_s").null("time_days").null("chip_hours");
  }
  write_model_error(w, detail::training_error(s, t));
  w.end_object();
}

void write_inference(JsonWriter& w, const engine::Scenario& s, const engine::InferenceResult& r) {
  const auto& e = r.estimate;
  w.begin_object();
  w.value("name", r.name).value("model", r.model_id).value("chip", r.chip_id).value("pool", r.pool).value("role", r.role);
  if (!r.group.empty()) w.value("group", r.group);
  w.value("status", e.feasible ? "ok" : "infeasible");
  if (!e.feasible) {
    w.value("reason", e.reason).end_object();
    return;
  }
  w.value("precision", core::enum_token(catalog::precision_names(), r.precision));
  if (r.expert_precision) w.value("expert_precision", core::enum_token(catalog::precision_names(), *r.expert_precision));
  if (r.prefill_scheduling) w.value("prefill_scheduling", core::enum_token(perf::prefill_scheduling_names(), *r.prefill_scheduling));
  if (r.serving_stack != perf::ServingStack::overlapped) w.value("serving_stack", core::enum_token(perf::serving_stack_names(), r.serving_stack));
  w.value("replica_chips", static_cast<double>(e.replica_chips));
  w.value("expert_imbalance", e.expert_imbalance).value("hbm_headroom_bytes_per_chip", e.hbm_headroom_bytes_per_chip);
  w.value("prefill_tokens_per_s_per_chip", e.prefill_tokens_per_s_per_chip);
  w.value("ttft_s", e.ttft_s).value("ttft_met", e.ttft_met);
  w.value("decode_batch_per_chip", e.decode_batch_per_chip).value("decode_bound", perf::decode_bound_name(e.decode_bound));
  w.value("decode_step_s", e.decode_step_s).value("tpot_s", e.tpot_s);
  if (r.serving_stack != perf::ServingStack::overlapped) w.value("decode_host_bound", e.decode_host_bound);
  const auto& d = e.decode_split;
  w.begin_object("decode_split");
  w.value("matmul_s", d.matmul_s).value("expert_matmul_s", d.expert_matmul_s).value("attention_s", d.attention_s);
  w.value("elementwise_s", d.elementwise_s).value("tp_comm_s", d.tp_comm_s).value("ep_comm_s", d.ep_comm_s).value("host_wait_s", d.host_wait_s);
  w.end_object();
  w.value("decode_tokens_per_s_per_chip", e.decode_tokens_per_s_per_chip);
  w.value("chip_seconds_per_request", e.chip_seconds_per_request);
  w.value("output_tokens_per_s_per_chip", e.output_tokens_per_s_per_chip);
  w.value("memory_roofline_tokens_per_s_per_chip", e.memory_roofline_tokens_per_s_per_chip);
  w.value("demand_tokens_per_s", r.demand_tokens_per_s).value("demand_tokens_per_day", r.demand_tokens_per_s * kSecondsPerDay);
  w.value("requests_per_s", r.requests_per_s).value("chips_busy", r.chips_busy);
  w.value("replicas_needed", r.replicas_needed).value("chips_needed", r.chips_needed);
  w.value("replicas_available", r.replicas_available).value("chips_available", r.chips_available);
  w.value("served_tokens_per_day", r.served_tokens_per_s * kSecondsPerDay);
  r.usd_per_million_tokens ? w.value("usd_per_million_tokens", *r.usd_per_million_tokens) : w.null("usd_per_million_tokens");
  r.joules_per_million_tokens ? w.value("kwh_per_million_tokens", *r.joules_per_million_tokens / 3.6e6) : w.null("kwh_per_million_tokens");
  write_economics(w, r.economics);
  write_model_error(w, detail::serving_error(s, r));
  w.end_object();
}

/// The answer first: the generated sentences and what they compare (docs/results-format.md).
void write_answer(JsonWriter& w, const Answer& a) {
  w.begin_object("answer").value("text", a.text());
  w.begin_array("sentences");
  for (const auto& sentence : a.sentences) w.value("", sentence);
  w.end_array();
  w.begin_array("compares");
  for (const auto& m : a.compared) w.value("", m);
  w.end_array();
  w.value("deciding_factor", a.deciding_factor).value("basis", a.basis);
  a.model_error.empty() ? w.null("model_error") : w.value("model_error", a.model_error);
  w.end_object();
}

void write_sources(JsonWriter& w, const engine::Scenario& s) {
  auto confidence = [](catalog::Confidence c) { return core::enum_token(catalog::confidence_names(), c); };
  auto provenance = [&](const std::string& id, const catalog::Provenance& p) {
    w.begin_object(id).value("source", p.source).value("confidence", confidence(p.confidence));
    w.begin_array("estimated");
    for (const auto& f : p.estimated) w.value("", f);
    w.end_array().end_object();
  };
  std::set<std::string> chips, models;
  w.begin_object("sources");
  w.begin_object("chips");
  for (const auto& p : s.fleet.pools) if (chips.insert(p.chip.id).second) provenance(p.chip.id, p.chip.provenance);
  w.end_object();
  w.begin_object("models");
  for (const auto& t : s.training) if (models.insert(t.model.id).second) provenance(t.model.id, t.model.provenance);
  for (const auto& i : s.inference) if (models.insert(i.model.id).second) provenance(i.model.id, i.model.provenance);
  w.end_object();
  w.end_object();
}

/// The fleet projection, period by period and actor by actor, with every chip row.
void write_projection(JsonWriter& w, const engine::Results& r) {
  if (r.projection.empty()) return;
  w.begin_array("projection");
  for (const auto& p : r.projection) {
    w.begin_object().value("period", p.period.str()).value("actor", p.actor).value("regime", p.regime);
    w.value("installed_chips", p.installed_chips).value("active_chips", p.active_chips);
    w.value("peak_bf16_flop_per_s", p.peak_bf16_flop_per_s).value("peak_fp8_flop_per_s", p.peak_fp8_flop_per_s);
    w.value("effective_flop_per_s", p.effective_flop_per_s).value("training_flops", p.training_flops);
    w.value("cumulative_training_flops", p.cumulative_training_flops);
    w.value("h100e_by_tpp", p.h100e_by_tpp).value("h100e_by_throughput", p.h100e_by_throughput);
    w.value("training_chips", p.training_chips).value("serving_chips", p.serving_chips);
    w.value("serving_capacity_tokens_per_day", p.serving_capacity_tokens_per_s * 86400);
    w.value("demand_tokens_per_day", p.demand_tokens_per_s * 86400).value("served_tokens_per_day", p.served_tokens_per_s * 86400);
    w.value("spend_usd", p.spend_usd).value("power_w", p.power_w).value("energy_mwh", p.energy_j / 3.6e9);
    w.value("electricity_usd", p.electricity_usd);
    w.value("spend_complete", p.spend_complete).value("power_complete", p.power_complete);
    w.value("supply_limited", p.supply_limited).value("budget_limited", p.budget_limited).value("power_limited", p.power_limited);
    w.value("volume_limited", p.volume_limited);
    w.value("training_flop_per_s", p.training_flop_per_s).value("shortfall_tokens_per_day", p.shortfall_tokens_per_s * 86400);
    w.value("wanted_h100e", p.wanted_h100e).value("bought_h100e", p.bought_h100e).value("blocked_h100e", p.blocked_h100e);
    w.begin_array("chips");
    for (const auto& c : p.chips) {
      w.begin_object().value("chip", c.chip_id).value("outcome", c.outcome).value("rule", c.rule).value("fee_share", c.fee_share);
      if (c.volume_cap) w.value("volume_cap", *c.volume_cap).value("volume_limited", c.volume_limited).value("volume_cap_applied", !c.volume_cap_unapplied);
      w.value("wanted", c.wanted).value("permitted", c.permitted).value("delivered", c.delivered);
      w.value("installed", c.installed).value("active", c.active).value("training", c.training).value("serving", c.serving);
      w.value("smuggled", c.smuggled).value("blocked_h100e", c.blocked_h100e).value("rule_regime", c.regime).value("import_rule", c.import_rule);
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array();
}

/// Domestic production per period and product (eq. P3c-P3e).
void write_production(JsonWriter& w, const engine::Results& r) {
  if (r.production.empty()) return;
  w.begin_array("production");
  for (const auto& p : r.production) {
    w.begin_object().value("period", p.period.str()).value("chip", p.chip_id).value("capacity", p.bound.capacity);
    w.value("made", p.bound.made).value("bound_by", p.bound_by).end_object();
  }
  w.end_array();
}

/// What one chip of each type counts for in the projection (eq. P7, P10), so every figure of the
/// projection can be traced to the models that produced it.
void write_projection_reference(JsonWriter& w, const engine::Scenario& s) {
  const auto& p = *s.projection;
  w.begin_array("projection_reference");
  for (std::size_t c = 0; c < p.chip_ids.size(); ++c) {
    w.begin_object().value("chip", p.chip_ids[c]);
    w.value("training_model", s.assumptions.reference_model).value("model_flop_per_s", p.chip_reference_flop_per_s[c]);
    w.value("service_model", s.assumptions.reference_service_model).value("service_mode", s.assumptions.reference_service_modes());
    w.value("tokens_per_s", p.chip_reference_tokens_per_s[c]);
    const auto per_mode = p.reference_mode_tokens_per_s.find(p.chip_ids[c]);
    if (!s.assumptions.reference_service_mix.empty() && per_mode != p.reference_mode_tokens_per_s.end()) {
      w.begin_array("service_mix");
      for (std::size_t i = 0; i < per_mode->second.size() && i < s.assumptions.reference_service_mix.size(); ++i) {
        const auto& m = s.assumptions.reference_service_mix[i];
        w.begin_object().value("mode", m.mode).value("share", m.share).value("tokens_per_s", per_mode->second[i]).end_object();
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
}

}  // namespace

std::string results_json(const engine::Scenario& s, const engine::Results& r, const std::string& version, const sweep::SweepResult* swept) {
  JsonWriter w;
  w.begin_object();
  w.value("flopcast_version", version).value("schema_version", 8.0);
  w.begin_object("scenario").value("name", s.name).value("question", s.question).value("file", s.source_file).end_object();
  write_answer(w, answer_question(s, r, swept));
  w.begin_array("warnings");
  for (const auto& warning : engine::run_warnings(s, r)) {
    w.begin_object().value("kind", warning.kind).value("subject", warning.subject).value("text", warning.text).end_object();
  }
  w.end_array();
  w.begin_object("units")
      .value("*_flop_per_s", "FLOP/s (dense; OP/s for int8)")
      .value("*_bytes", "bytes")
      .value("*_bytes_per_s", "bytes per second")
      .value("*_w", "watts")
      .value("*_s", "seconds")
      .value("*_usd", "US dollars")
      .value("h100e_by_tpp", "H100-equivalents: TPP / 15,832")
      .end_object();
  write_assumptions(w, s);
  w.value("economics_basis", engine::economics_basis(s.assumptions));
  w.begin_object("fleet");
  write_capacity(w, r.fleet_total, r.fleet_effective_flop_per_s);
  write_economics(w, r.fleet_economics);
  w.end_object();
  w.begin_array("pools");
  for (const auto& p : r.pools) {
    w.begin_object().value("name", p.name).value("chip", p.chip_id);
    write_capacity(w, p.capacity, p.effective_flop_per_s);
    write_economics(w, p.economics);
    w.end_object();
  }
  w.end_array();
  w.begin_array("chip_types");
  for (const auto& c : r.chip_types) {
    w.begin_object().value("chip", c.chip_id).value("chip_name", c.chip_name);
    write_capacity(w, c.capacity, c.effective_flop_per_s);
    write_economics(w, c.economics);
    w.end_object();
  }
  w.end_array();
  w.begin_array("training");
  for (const auto& t : r.training) write_training(w, s, t);
  w.end_array();
  w.begin_array("inference");
  for (const auto& i : r.inference) write_inference(w, s, i);
  w.end_array();
  if (!r.kernels.empty()) {
    w.begin_array("kernels");
    for (const auto& k : r.kernels) {
      w.begin_object().value("name", k.name).value("chip", k.chip).value("timed", k.shape).value("seconds", k.seconds);
      w.value("tflops", k.flop_per_s / 1e12).value("peak_share", k.peak_share);
      w.value("gbps", k.bytes_per_s / 1e9).value("hbm_share", k.hbm_share).end_object();
    }
    w.end_array();
  }
  write_projection(w, r);
  write_production(w, r);
  if (s.projection) write_projection_reference(w, s);
  write_sources(w, s);
  w.end_object();
  return w.str();
}

}  // namespace flopcast::report
