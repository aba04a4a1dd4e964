// Evaluation of a bound scenario: capacity per pool and chip type, then each workload.
#include "flopcast/engine/evaluate.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <tuple>

#include "flopcast/core/assert.hpp"
#include "flopcast/engine/economics.hpp"
#include "flopcast/perf/gemm_kernel.hpp"
#include "flopcast/perf/layout_search.hpp"

namespace flopcast::engine {

const fleet::Pool& find_pool(const Scenario& s, const std::string& name) {
  auto it = std::find_if(s.fleet.pools.begin(), s.fleet.pools.end(), [&](const fleet::Pool& p) { return p.name == name; });
  FLOPCAST_ASSERT(it != s.fleet.pools.end(), "binder left an unresolved pool name: " + name);
  return *it;
}

namespace {

/// Adds goodput, energy and cost to a run whose compute time is known.
void finish_training(const Scenario& s, const TrainingRun& run, TrainingResult& tr) {
  auto& e = tr.estimate;
  if (e.status != perf::EstimateStatus::ok) return;
  const auto& a = s.assumptions;
  // eq. G1 over the run's pools: interruption rates add, each chip at its own MTBF (a chip's
  // mtbf:, else assumptions.chip_mtbf), the pools weighted by their size.
  double pool_chips = 0, interruptions_per_s = 0;
  for (const auto& name : run.pools) {
    const auto& pool = find_pool(s, name);
    pool_chips += pool.count;
    interruptions_per_s += pool.count / pool.chip.mtbf_s.value_or(a.chip_mtbf_s);
  }
  const double chip_mtbf_s = interruptions_per_s > 0 ? pool_chips / interruptions_per_s : a.chip_mtbf_s;
  tr.goodput = perf::estimate_goodput({tr.chips, chip_mtbf_s, a.checkpoint_write_s, a.restart_s});
  if (!(tr.goodput.fraction > 0)) {  // interrupted faster than it can checkpoint and restart: never finishes
    e.status = perf::EstimateStatus::infeasible;
    e.reason = "no goodput: " + std::to_string(static_cast<long long>(tr.chips)) + " chips are interrupted every " +
               std::to_string(tr.goodput.fleet_mtbf_s) + " s, too often to checkpoint and restart";
    return;
  }
  e.time_s /= tr.goodput.fraction;
  e.chip_hours /= tr.goodput.fraction;
  double energy = 0, cost = 0, amortised = 0, electricity = 0, rental = 0;
  bool energy_known = true, cost_known = true;
  for (const auto& name : run.pools) {
    const auto& pool = find_pool(s, name);
    const double share = tr.chips > 0 ? std::min(pool.count, tr.chips) / tr.chips : 0;  // chips of this pool in the run
    const double chip_s = e.chip_hours * 3600 * share;
    const auto w = wall_watts(pool, a);
    if (w) energy += chip_s * *w; else energy_known = false;
    if (auto c = usd_per_chip_s(pool, a)) cost += chip_s * *c; else cost_known = false;
    // The cost's parts (eq. E2): rent, or the price's amortised share plus electricity at the wall.
    if (pool.rental_usd_per_s) rental += chip_s * *pool.rental_usd_per_s;
    else if (pool.chip.price_usd && w) amortised += chip_s * *pool.chip.price_usd / a.amortisation_s, electricity += chip_s * *w * a.electricity_usd_per_j;
    add_economics(tr.economics, economics_of(pool, tr.chips * share, a));
  }
  if (energy_known) tr.energy_j = energy;
  if (cost_known) {
    tr.cost_usd = cost;
    tr.cost_amortised_usd = amortised;
    tr.cost_electricity_usd = electricity;
    tr.cost_rental_usd = rental;
  }
}

double effective(const fleet::Capacity& c, const Assumptions& a) {
  return c.peak_flop_per_s[static_cast<std::size_t>(a.capacity_precision)] * a.effective_utilisation;
}

/// Capacity per pool, per chip type and for the fleet (eq. F1). Fills `r` in place so a reused
/// Results allocates nothing once its vectors have their size.
void evaluate_capacity(const Scenario& s, Results& r) {
  r.pools.resize(s.fleet.pools.size());
  r.fleet_total = {};
  r.fleet_economics = zero_economics();
  std::size_t types = 0;
  for (std::size_t i = 0; i < s.fleet.pools.size(); ++i) {
    const auto& pool = s.fleet.pools[i];
    auto& pr = r.pools[i];
    pr.name = pool.name;
    pr.chip_id = pool.chip.id;
    pr.chip_name = pool.chip.display_name;
    pr.capacity = fleet::pool_capacity(pool);
    pr.effective_flop_per_s = effective(pr.capacity, s.assumptions);
    pr.economics = economics_of(pool, pool.count, s.assumptions);
    add_economics(r.fleet_economics, pr.economics);
    fleet::add_capacity(r.fleet_total, pr.capacity);
    // Chip types in order of first appearance.
    std::size_t t = 0;
    while (t < types && r.chip_types[t].chip_id != pool.chip.id) ++t;
    if (t == types) {
      if (r.chip_types.size() <= types) r.chip_types.emplace_back();
      auto& c = r.chip_types[types++];
      c.chip_id = pool.chip.id;
      c.chip_name = pool.chip.display_name;
      c.capacity = {};
      c.economics = zero_economics();
    }
    fleet::add_capacity(r.chip_types[t].capacity, pr.capacity);
    add_economics(r.chip_types[t].economics, pr.economics);
  }
  r.chip_types.resize(types);
  for (auto& c : r.chip_types) c.effective_flop_per_s = effective(c.capacity, s.assumptions);
  r.fleet_effective_flop_per_s = effective(r.fleet_total, s.assumptions);
}

/// The first-order model: FLOPs over fleet peak x a stated MFU (eq. T1-T4). Heterogeneous
/// pools add their achieved FLOP/s.
void first_order_training(const Scenario& s, const TrainingRun& run, TrainingResult& tr) {
  const double mfu = run.utilisation.value_or(run.default_utilisation);
  tr.utilisation = mfu;
  tr.model_used = "stated-mfu";
  perf::TrainingEstimate total;
  for (const auto& name : run.pools) {
    const auto& pool = find_pool(s, name);
    const auto e = perf::estimate_training({&run.model, &pool.chip, pool.count, run.tokens, run.sequence_length, run.precision, mfu,
                                            run.accounting, run.include_mtp});
    total.flops_per_token = e.flops_per_token;
    total.total_flops = e.total_flops;
    if (e.status != perf::EstimateStatus::ok && total.status == perf::EstimateStatus::ok) {
      total.status = e.status;
      total.reason = e.reason;
    }
    total.fleet_peak_flop_per_s += e.fleet_peak_flop_per_s;
    total.achieved_flop_per_s += e.achieved_flop_per_s;
  }
  if (total.status == perf::EstimateStatus::ok && total.achieved_flop_per_s > 0) {
    total.tokens_per_s = total.achieved_flop_per_s / total.flops_per_token;
    total.time_s = total.total_flops / total.achieved_flop_per_s;
    total.chip_hours = total.time_s * tr.chips / 3600.0;
  }
  tr.estimate = total;
}

/// The layout-aware step model (eq. T5-T12) on one pool: time to train from the step time.
void step_model_training(const Scenario& s, const TrainingRun& run, TrainingResult& tr) {
  tr.model_used = "step-model";
  auto& e = tr.estimate;
  {
    const auto f = perf::training_flops_split(run.model, run.sequence_length, run.accounting, run.include_mtp);
    e.flops_per_token = f.dense_matmul + f.routed_matmul + f.attention;
  }
  e.total_flops = e.flops_per_token * run.tokens;
  if (run.pools.size() != 1) {
    e.status = perf::EstimateStatus::infeasible;
    e.reason = "the layout model runs on one pool (one chip type); split the run per pool";
    return;
  }
  const auto& pool = find_pool(s, run.pools.front());
  perf::ParallelLayout layout;
  if (run.layout) {
    layout = *run.layout;
    if (run.layout_searched) tr.model_used = "step-model (searched layout)";
    if (layout.dp == 0) layout.dp = std::max(1, static_cast<int>(pool.count / (static_cast<double>(layout.tp) * layout.pp * layout.cp)));
  } else {
    // No layout given: search for the fastest one on the pool (the same search as `flopcast plan`).
    const auto found = perf::search_layouts(layout_search_inputs(s, run, pool, 1));
    if (found.empty()) {
      e.status = perf::EstimateStatus::infeasible;
      e.reason = "no parallel layout of " + run.model.id + " fits on pool " + pool.name;
      return;
    }
    layout = found.front().layout;
    tr.model_used = "step-model (searched layout)";
  }
  tr.layout = layout;
  if (static_cast<double>(layout.chips()) > pool.count) {
    e.status = perf::EstimateStatus::infeasible;
    e.reason = "the layout needs " + std::to_string(layout.chips()) + " chips; pool " + pool.name + " has " +
               std::to_string(static_cast<long long>(pool.count));
    return;
  }
  const auto in = training_step_inputs(s, run, pool, layout);
  const auto step = perf::estimate_training_step(in);
  tr.step = step;
  tr.chips = static_cast<double>(layout.chips());
  if (!step.feasible) {
    e.status = perf::EstimateStatus::infeasible;
    e.reason = perf::describe_infeasibility(step, in);
    return;
  }
  e.fleet_peak_flop_per_s = tr.chips * pool.chip.peak(run.precision);
  e.tokens_per_s = step.tokens_per_s_per_chip * tr.chips;
  e.achieved_flop_per_s = step.model_flop_per_s_per_chip * tr.chips;
  e.time_s = run.tokens / e.tokens_per_s;
  e.chip_hours = e.time_s * tr.chips / 3600.0;
  tr.utilisation = step.model_flop_per_s_per_chip / pool.chip.peak(run.precision);
}

/// Appends "<count> x <chip>" without temporaries (the summary is rebuilt every evaluation).
void append_pool_summary(std::string& out, const fleet::Pool& pool) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(pool.count));
  if (!out.empty()) out.append(" + ");
  out.append(buf, end).append(" x ").append(pool.chip.id);
}

/// eq. T15: a multi-stage run is its stages one after another on the same chips: tokens,
/// FLOPs, wall-clock time, chip-hours, energy and cost add; rates are totals over the compute time
/// (wall-clock x goodput); the chips are the stages' (the same pools). Infeasible if a stage is.
void sum_stages(const TrainingRun& run, const std::vector<TrainingResult>& done, TrainingResult& tr) {
  tr.estimate.status = perf::EstimateStatus::ok;
  double compute_s = 0, tokens = 0;
  bool energy_known = true, cost_known = true;
  double energy = 0, cost = 0, amortised = 0, electricity = 0, rental = 0;
  tr.stages.resize(run.stage_runs.size());  // assigned, not appended: a sweep's evaluations reuse the strings
  for (std::size_t k = 0; k < run.stage_runs.size(); ++k) {
    const auto& st = done[run.stage_runs[k]];
    tr.stages[k] = st.name;
    if (st.estimate.status != perf::EstimateStatus::ok) {
      if (tr.estimate.status == perf::EstimateStatus::ok) tr.estimate.status = st.estimate.status, tr.estimate.reason = "stage " + st.name + ": " + st.estimate.reason;
      continue;
    }
    const auto& e = st.estimate;
    tr.chips = std::max(tr.chips, st.chips);
    tr.estimate.total_flops += e.total_flops;
    tr.estimate.time_s += e.time_s;
    tr.estimate.chip_hours += e.chip_hours;
    tr.estimate.fleet_peak_flop_per_s = std::max(tr.estimate.fleet_peak_flop_per_s, e.fleet_peak_flop_per_s);
    compute_s += e.time_s * st.goodput.fraction;
    tokens += e.tokens_per_s * e.time_s * st.goodput.fraction;
    if (st.energy_j) energy += *st.energy_j; else energy_known = false;
    if (st.cost_usd) {
      cost += *st.cost_usd, amortised += st.cost_amortised_usd.value_or(0), electricity += st.cost_electricity_usd.value_or(0), rental += st.cost_rental_usd.value_or(0);
    } else {
      cost_known = false;
    }
    if (!tr.economics.capex_usd || (st.economics.capex_usd && *st.economics.capex_usd > *tr.economics.capex_usd)) tr.economics = st.economics;
  }
  if (tr.estimate.status != perf::EstimateStatus::ok) return;
  tr.estimate.achieved_flop_per_s = compute_s > 0 ? tr.estimate.total_flops / compute_s : 0;
  tr.estimate.tokens_per_s = compute_s > 0 ? tokens / compute_s : 0;
  tr.estimate.flops_per_token = tokens > 0 ? tr.estimate.total_flops / tokens : 0;
  tr.utilisation = tr.estimate.fleet_peak_flop_per_s > 0 ? tr.estimate.achieved_flop_per_s / tr.estimate.fleet_peak_flop_per_s : 0;
  tr.goodput.fraction = tr.estimate.time_s > 0 ? compute_s / tr.estimate.time_s : 1;
  tr.model_used = "stages";
  if (energy_known) tr.energy_j = energy;
  if (cost_known) tr.cost_usd = cost, tr.cost_amortised_usd = amortised, tr.cost_electricity_usd = electricity, tr.cost_rental_usd = rental;
}

void evaluate_training(const Scenario& s, const TrainingRun& run, const std::vector<TrainingResult>& done, TrainingResult& tr) {
  tr.name = run.name;
  tr.group = run.group;
  if (!run.is_total()) tr.stages.clear();
  tr.model_id = run.model.id;
  tr.chip_summary.clear();
  tr.chips = 0;
  tr.estimate = {};
  tr.step.reset();
  tr.layout.reset();
  tr.goodput = {};
  tr.energy_j.reset();
  tr.cost_usd.reset();
  tr.cost_amortised_usd.reset();
  tr.cost_electricity_usd.reset();
  tr.cost_rental_usd.reset();
  tr.economics = zero_economics();
  for (const auto& name : run.pools) {
    const auto& pool = find_pool(s, name);
    append_pool_summary(tr.chip_summary, pool);
    tr.chips += pool.count;
  }
  if (run.is_total()) {  // chips and economics are the largest stage's: a stated layout may use fewer than the pools
    tr.chips = 0;
    tr.economics = {};
    sum_stages(run, done, tr);
    return;
  }
  if (!run.utilisation && (run.layout || run.global_batch_tokens > 0)) {
    step_model_training(s, run, tr);
  } else {
    first_order_training(s, run, tr);
  }
  finish_training(s, run, tr);
}

enum class ServingRole { colocated, prefill, decode };

void evaluate_service_on(const Scenario& s, const InferenceService& svc, const fleet::Pool& pool, ServingRole role, bool breakdowns,
                         InferenceResult& ir) {
  const Assumptions& a = s.assumptions;
  ir.usd_per_million_tokens.reset();
  ir.joules_per_million_tokens.reset();
  ir.economics = {};
  ir.requests_per_s = ir.chips_busy = ir.replicas_needed = ir.chips_needed = ir.replicas_available = ir.served_tokens_per_s = 0;
  ir.name = svc.name;
  ir.group = svc.group;
  ir.role = role == ServingRole::prefill ? "prefill" : role == ServingRole::decode ? "decode" : "prefill+decode";
  ir.model_id = svc.model.id;
  ir.chip_id = pool.chip.id;
  ir.pool = pool.name;
  ir.chips_available = pool.count;
  ir.demand_tokens_per_s = svc.demand_tokens_per_s;
  perf::InferenceInputs in;
  in.split_decode_step = breakdowns;
  in.model = &svc.model;
  in.chip = &pool.chip;
  std::tie(in.precision, in.kv_bytes_per_element) = svc.precision_on(pool.name);
  ir.precision = in.precision;
  if (svc.model.is_moe() && svc.expert_precision && *svc.expert_precision != in.precision) ir.expert_precision = svc.expert_precision;
  in.input_tokens = svc.input_tokens;
  in.output_tokens = svc.output_tokens;
  in.tpot_target_s = svc.tpot_target_s;
  in.ttft_target_s = svc.ttft_target_s;
  in.replica_chips = svc.replica_chips;
  in.attention_parallelism = svc.attention_parallelism;
  in.batch_per_chip = svc.batch_per_chip;
  in.draft_tokens = svc.draft_tokens;
  in.draft_acceptance = svc.draft_acceptance;
  in.expert_imbalance = svc.expert_imbalance;
  in.redundant_experts = svc.redundant_experts;
  in.expert_weight_bytes = svc.expert_weight_bytes;
  in.expert_precision = svc.expert_precision;
  in.hbm_reserve_fraction = a.hbm_reserve_fraction;
  in.max_replica_chips = pool.count;
  in.extra_prefill_flops = svc.vision_flops_per_request;
  in.prefill_tokens_per_chip = svc.prefill_tokens_per_chip;
  in.chunked_prefill = role == ServingRole::colocated && svc.prefill_scheduling != perf::PrefillScheduling::separate;
  in.whole_prompts = svc.prefill_scheduling == perf::PrefillScheduling::whole;
  in.serving_stack = ir.serving_stack = svc.serving_stack;
  ir.prefill_scheduling = role == ServingRole::colocated ? std::optional(svc.prefill_scheduling) : std::nullopt;
  in.calibration = &s.catalog.calibration();
  ir.estimate = perf::estimate_inference(in);
  if (!ir.estimate.feasible) return;
  // eq. I10: requests/s from demand; chips = requests/s x chip-seconds per request, counting only
  // the phase this pool runs when prefill and decode are disaggregated.
  const auto& e = ir.estimate;
  const double chip_s = role == ServingRole::prefill  ? e.prefill_chip_seconds_per_request
                        : role == ServingRole::decode ? e.chip_seconds_per_request - e.prefill_chip_seconds_per_request
                                                      : e.chip_seconds_per_request;
  ir.requests_per_s = svc.demand_tokens_per_s / (svc.input_tokens + svc.output_tokens);
  // Chips come in whole replicas (one copy of the weights each): the demand needs the next whole
  // number of them, and a pool serves with the whole replicas it holds (eq. I10b).
  const double replica = std::max(1, e.replica_chips);
  ir.chips_busy = ir.requests_per_s * chip_s;
  ir.replicas_needed = ir.chips_busy > 0 ? std::max(1.0, std::ceil(ir.chips_busy / replica * (1 - 1e-12))) : 0;
  ir.chips_needed = ir.replicas_needed * replica;
  ir.replicas_available = std::floor(pool.count / replica);
  const double capacity_requests_per_s = ir.replicas_available * replica / chip_s;
  ir.served_tokens_per_s = std::min(ir.requests_per_s, capacity_requests_per_s) * (svc.input_tokens + svc.output_tokens);
  // eq. E3: per million tokens served, from the chip-seconds a request costs on this pool.
  const double chip_s_per_million = chip_s / (svc.input_tokens + svc.output_tokens) * 1e6;
  if (auto c = usd_per_chip_s(pool, a)) ir.usd_per_million_tokens = chip_s_per_million * *c;
  if (auto w = wall_watts(pool, a)) ir.joules_per_million_tokens = chip_s_per_million * *w;
  ir.economics = economics_of(pool, ir.chips_needed, a);
}

}  // namespace

bool searches_layout(const TrainingRun& run) {
  return !run.utilisation && !run.layout && run.global_batch_tokens > 0 && run.pools.size() == 1;
}

perf::TrainingStepInputs training_step_inputs(const Scenario& s, const TrainingRun& run, const fleet::Pool& pool, const perf::ParallelLayout& layout) {
  perf::TrainingStepInputs in{&run.model, &pool.chip, layout, run.sequence_length, run.global_batch_tokens / run.sequence_length,
                              run.precision, run.accounting, run.routing_node_limit, &s.catalog.calibration(), run.include_mtp,
                              run.expert_imbalance, run.attention_kernel};
  in.stated_layout = run.layout.has_value() && !run.layout_searched;
  in.fp8_attention = run.fp8_attention;
  in.fused_expert_mlp = run.fused_expert_mlp;
  return in;
}

perf::LayoutSearchInputs layout_search_inputs(const Scenario& s, const TrainingRun& run, const fleet::Pool& pool, std::size_t keep) {
  auto step = training_step_inputs(s, run, pool, {});
  // The candidates are searched, not stated, even for a run that states its own layout (flopcast
  // plan on it): each must fit in memory. (Until 6 Dec 2026 they inherited the run's "stated",
  // and plan ranked layouts far above HBM first.)
  step.stated_layout = false;
  return {step, static_cast<long long>(pool.count), keep};
}

/// Seconds of one kernel microbenchmark on its own: a GEMM (eq. K1-K2), an attention forward
/// (eq. K4; under a causal mask a query sees half the keys on average) or a decode attention
/// (eq. K5).
double kernel_seconds(const KernelBenchmark& k, const catalog::Calibration& cal) {
  if (k.kind == KernelBenchmark::Kind::gemm) return perf::gemm_seconds(k.chip, k.precision, cal, k.m, k.n, k.k, k.groups);
  if (k.kind == KernelBenchmark::Kind::decode_attention) return perf::decode_attention_seconds(k.chip, k.precision, cal, k.flops(), k.bytes());
  const double keys = k.causal ? k.sequence_length / 2 : k.sequence_length;
  return perf::attention_forward_seconds(k.chip, k.precision, cal, k.flops(), keys);
}

/// "GEMM 4096 x 7168 x 2048 fp8 (4 groups)", "attention 4 x 16 x 4096, head dim 128, causal, bf16",
/// "decode attention 128 x 1 x 16 heads (1 kv) x 8192 cached, head dim 576/512 shared, bf16".
std::string kernel_shape(const KernelBenchmark& k) {
  const auto n = [](double v) {  // shortest decimal that reads back: 4096, 0.5
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    return std::string(buf, end);
  };
  const std::string precision{core::enum_token(catalog::precision_names(), k.precision)};
  if (k.kind == KernelBenchmark::Kind::gemm) {
    return "GEMM " + n(k.m) + " x " + n(k.n) + " x " + n(k.k) + " " + precision + (k.groups != 1 ? " (" + n(k.groups) + " groups)" : "");
  }
  if (k.kind == KernelBenchmark::Kind::decode_attention) {
    return "decode attention " + n(k.sequences) + " x " + n(k.query_tokens) + " x " + n(k.heads) + " heads (" + n(k.kv_heads) + " kv) x " +
           n(k.sequence_length) + " cached, head dim " + n(k.head_dim) + (k.value_head_dim != k.head_dim ? "/" + n(k.value_head_dim) : "") +
           (k.shared_kv ? " shared, " : ", ") + precision;
  }
  return "attention " + n(k.sequences) + " x " + n(k.heads) + " x " + n(k.sequence_length) + ", head dim " + n(k.head_dim) +
         (k.causal ? ", causal, " : ", ") + precision;
}

void evaluate_kernels(const Scenario& s, Results& r) {
  r.kernels.resize(s.kernels.size());
  for (std::size_t i = 0; i < s.kernels.size(); ++i) {
    const auto& k = s.kernels[i];
    auto& out = r.kernels[i];
    out.name = k.name;
    out.chip = k.chip.id;
    out.shape = kernel_shape(k);
    out.seconds = kernel_seconds(k, s.catalog.calibration());
    out.flop_per_s = out.seconds > 0 ? k.flops() / out.seconds : 0.0;
    const double peak = k.chip.peak(k.precision);
    out.peak_share = peak > 0 ? out.flop_per_s / peak : 0.0;
    out.bytes_per_s = out.seconds > 0 ? k.bytes() / out.seconds : 0.0;
    out.hbm_share = k.chip.hbm_bytes_per_s > 0 ? out.bytes_per_s / k.chip.hbm_bytes_per_s : 0.0;
  }
}

void evaluate_into(const Scenario& scenario, Results& r, bool breakdowns) {
  r.scenario_name = scenario.name;
  evaluate_capacity(scenario, r);
  r.training.resize(scenario.training.size());
  for (std::size_t i = 0; i < scenario.training.size(); ++i) evaluate_training(scenario, scenario.training[i], r.training, r.training[i]);
  evaluate_kernels(scenario, r);
  std::size_t n = 0;
  for (const auto& svc : scenario.inference) n += svc.pools.size() + svc.prefill_pools.size() + svc.decode_pools.size();
  r.inference.resize(n);
  std::size_t k = 0;
  if (scenario.projection) {
    fleet::project_fleet_into(*scenario.projection, r.projection_scratch, r.projection, &r.production);
  } else {
    r.projection.clear();
    r.production.clear();
  }
  for (const auto& svc : scenario.inference) {
    for (const auto& name : svc.pools) evaluate_service_on(scenario, svc, find_pool(scenario, name), ServingRole::colocated, breakdowns, r.inference[k++]);
    for (const auto& name : svc.prefill_pools) evaluate_service_on(scenario, svc, find_pool(scenario, name), ServingRole::prefill, breakdowns, r.inference[k++]);
    for (const auto& name : svc.decode_pools) evaluate_service_on(scenario, svc, find_pool(scenario, name), ServingRole::decode, breakdowns, r.inference[k++]);
  }
}

Results evaluate(const Scenario& scenario) {
  Results r;
  evaluate_into(scenario, r, true);
  return r;
}

std::string precision_label(const InferenceResult& r) {
  std::string label(core::enum_token(catalog::precision_names(), r.precision));
  if (r.expert_precision) label += ", experts " + std::string(core::enum_token(catalog::precision_names(), *r.expert_precision));
  return label;
}

}  // namespace flopcast::engine
