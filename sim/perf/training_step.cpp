// Layout-aware training step model (eq. T5-T12 in docs/models/training.md): one optimizer step
// as pipeline stage time per micro-batch (layers from layer_time.cpp, exposed communication),
// bubble, data-parallel reduction and the optimizer update; memory per chip.
#include "flopcast/perf/training_step.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "collectives.hpp"
#include "flopcast/core/assert.hpp"
#include "layer_time.hpp"
#include "step_parts.hpp"
#include "flopcast/perf/moe_routing.hpp"

namespace flopcast::perf {
namespace {

using catalog::Precision;

double d(long long v) { return static_cast<double>(v); }

constexpr core::EnumName<AttentionKernel> kKernels[] = {
    {AttentionKernel::flash, "flash", "fused attention (FlashAttention-class): scores never leave the chip"},
    {AttentionKernel::unfused, "unfused", "batched GEMMs with softmax and dropout in HBM (Megatron-LM 2021-22)"},
};

/// Pipeline stages per micro-batch that the schedule leaves idle (eq. T9): 1F1B p - 1,
/// interleaved (p - 1)/v, DualPipe p/2 - 1 (DeepSeek-V3 report, section 3.2.1).
double bubble_stages(const ParallelLayout& l) {
  if (l.pp <= 1) return 0;
  const double p = l.pp;
  switch (l.schedule) {
    case PipelineSchedule::one_f_one_b: return p - 1;
    case PipelineSchedule::interleaved: return (p - 1) / std::max(1, l.virtual_stages);
    case PipelineSchedule::dualpipe: return std::max(0.0, p / 2 - 1);
  }
  return 0;
}

/// Micro-batches whose activations (of all the stage's layers) stage 0 holds at once (eq. T11):
/// 1F1B p; interleaved p (1 + (p - 1)/(p v)) (Korthikanti et al. 2022, section 4.2.3); DualPipe
/// p + 1 micro-batches, each through one of the rank's two chunks (half its layers), so (p + 1)/2
/// (DeepSeek-V3 report, Table 2).
double in_flight(const ParallelLayout& l, double micro_batches) {
  const double p = l.pp;
  double n = p;
  if (l.schedule == PipelineSchedule::interleaved) n = p * (1 + (p - 1) / (p * std::max(1, l.virtual_stages)));
  if (l.schedule == PipelineSchedule::dualpipe) n = (p + 1) / 2;
  return std::min(n, std::max(1.0, micro_batches));
}

/// Communication left exposed when a share `overlap` of it hides behind `window` seconds of
/// compute: never more hidden than the window holds.
double exposed(double comm, double overlap, double window) { return std::max(comm * (1 - overlap), comm - window); }

/// The work one stage does per micro-batch, split into layer kinds and policies.
struct StageWork {
  double fwd = 0, bwd = 0;         ///< seconds, communication exposed
  double compute = 0;              ///< kernels only
  detail::KernelSplit kernels;     ///< `compute` by kind of kernel
  double tp = 0, ep = 0;           ///< exposed communication
  double activations = 0;          ///< bytes per micro-batch kept on the stage
};

void add_layers(StageWork& w, const detail::LayerCost& c, double count, double o_tp, double o_ep) {
  auto pass = [&](const detail::LayerPass& p) { return p.compute + p.tp_comm * (1 - o_tp) + p.ep_comm * (1 - o_ep); };
  w.fwd += count * pass(c.fwd);
  w.bwd += count * (pass(c.bwd) + pass(c.recompute));
  w.compute += count * (c.fwd.compute + c.bwd.compute + c.recompute.compute);
  w.kernels.add(c.kernels, count);
  w.tp += count * (c.fwd.tp_comm + c.bwd.tp_comm + c.recompute.tp_comm) * (1 - o_tp);
  w.ep += count * (c.fwd.ep_comm + c.bwd.ep_comm + c.recompute.ep_comm) * (1 - o_ep);
  w.activations += count * c.activation_bytes;
}

detail::LayerSetup make_setup(const TrainingStepInputs& in, const Calibration& cal) {
  const auto& m = *in.model;
  const auto& chip = *in.chip;
  const auto& l = in.layout;
  detail::LayerSetup s;
  s.model = in.model;
  s.rates = detail::kernel_rates(chip, in.precision, cal);
  const double L = in.sequence_length;
  s.sequences = l.micro_batch;
  s.queries = L / l.cp;
  s.tokens = s.sequences * s.queries;
  s.key_rows = L;
  s.keys = L / 2;  // causal: each query attends to half the sequence on average
  s.unfused_attention = in.attention_kernel == AttentionKernel::unfused;
  if (in.fp8_attention) detail::use_fp8_attention(s.rates, chip);
  s.fused_expert_mlp = in.fused_expert_mlp;
  s.casts = catalog::bit_length(in.precision) < 16;
  s.tp = l.tp;
  s.sequence_parallel = l.sequence_parallel;
  s.tp_bytes_per_s = detail::group_bandwidth(chip, l.tp, cal);
  s.tp_latency_s = detail::all_reduce_latency_s(chip, l.tp, cal);
  s.all_to_all_latency_s = detail::message_latency_s(chip, static_cast<long long>(l.ep) * l.tp, cal);
  if (m.moe && l.ep > 1) {
    const double nodes = detail::domains_spanned(chip, static_cast<long long>(l.ep) * l.tp);
    s.ep = l.ep;
    s.imbalance = in.expert_imbalance ? *in.expert_imbalance
                                      : perf::expert_load_imbalance(m.moe->routed_experts, m.moe->top_k, l.ep, s.tokens / l.tp, 0,
                                                                      cal.expert_skew);
    s.remote_nodes = perf::remote_nodes_per_token(m.moe->top_k, nodes, in.routing_node_limit);
    s.dispatch_bytes = catalog::bit_length(in.precision) <= 8 ? 1.0 : 2.0;
    const double up_eff = chip.scale_up_efficiency > 0 ? chip.scale_up_efficiency : cal.link_efficiency;
    s.scale_up_bytes_per_s = detail::scale_up_bandwidth(chip) * up_eff;
    s.scale_out_bytes_per_s = detail::scale_out_bandwidth(chip) * cal.link_efficiency;
  }
  return s;
}

/// The recomputation policy's share of fully recomputed layers on a stage, and the modules the
/// other layers recompute (none when the policy is full: Megatron's block method keeps them).
struct PolicySplit {
  double full_share = 0;
  unsigned modules = 0;
};

PolicySplit policy_split(const TrainingStepInputs& in) {
  const auto& l = in.layout;
  const double per_stage = static_cast<double>(in.model->layers) / l.pp;
  switch (l.recompute) {
    case Recompute::none: return {};
    case Recompute::selective: return {0, l.selective_modules()};
    case Recompute::full: return {l.recompute_layers > 0 ? std::min(1.0, l.recompute_layers / per_stage) : 1.0, 0};
    case Recompute::op: return {};
  }
  return {};
}

/// The share of a dense MHA/GQA model's matmul weights whose GEMMs per-op SAC recomputes (wk,
/// wo and, with a gate, w3: eq. T6b), for the hardware-FLOP count.
double per_op_recomputed_matmul_share(const catalog::ModelProfile& m) {
  const auto& a = m.attention;
  const double h = m.hidden, kv = d(std::max(1, a.kv_heads)) * a.head_dim, o = d(a.heads) * a.head_dim;
  const double recomputed = d(m.layers) * (h * kv + o * h + (m.ffn.gated ? h * m.ffn.hidden : 0.0));
  const double all = catalog::matmul_params_per_token(m);
  return all > 0 ? std::min(1.0, recomputed / all) : 0.0;
}

/// Stage work per micro-batch from the layer costs: the stage's share of dense and MoE layers
/// (a block of `recompute_layers` fully recomputed, the rest under the other policy), plus the
/// LM head (the last stage is the critical one) and MTP modules when counted. DualPipe runs the
/// all-to-all on communication kernels beside compute: MoE layers then use the costs with a
/// share of the compute units given up (DeepEP: 20 of 132 SMs).
StageWork stage_work(const TrainingStepInputs& in, const Calibration& cal, const detail::LayerCosts& c) {
  const auto& m = *in.model;
  const auto& l = in.layout;
  const double o_tp = l.tp_comm_overlap ? cal.tp_overlap + (1 - cal.tp_overlap) * cal.tp_overlap_gain : cal.tp_overlap;
  const bool dualpipe = l.schedule == PipelineSchedule::dualpipe;
  const double o_ep = dualpipe ? cal.ep_overlap_dualpipe : cal.ep_overlap_one_f_one_b;
  const PolicySplit split = policy_split(in);
  const double moe_layers = m.moe ? static_cast<double>(m.layers - m.moe->dense_layers) : 0.0;
  const double dense_layers = static_cast<double>(m.layers) - moe_layers;
  const bool shared_units = dualpipe && c.setup.ep > 1;
  StageWork w;
  auto add_kind = [&](const detail::LayerCost& full, const detail::LayerCost& rest, double count) {
    if (count <= 0) return;
    if (split.full_share > 0) add_layers(w, full, count * split.full_share, o_tp, o_ep);
    if (split.full_share < 1) add_layers(w, rest, count * (1 - split.full_share), o_tp, o_ep);
  };
  add_kind(c.dense_full, c.dense_rest, dense_layers / l.pp);
  const auto& moe_full = shared_units ? c.moe_full_shared : c.moe_full;
  const auto& moe_rest = shared_units ? c.moe_rest_shared : c.moe_rest;
  add_kind(moe_full, moe_rest, moe_layers / l.pp);
  add_layers(w, c.head, 1, o_tp, o_ep);
  if (in.include_mtp && m.mtp_depth > 0) {
    if (m.moe) add_kind(moe_full, moe_rest, m.mtp_depth);
    else add_kind(c.dense_full, c.dense_rest, m.mtp_depth);
    add_layers(w, c.head, m.mtp_depth, o_tp, o_ep);
  }
  return w;
}

/// Weights held per chip (eq. T11) and how many chips hold each copy: dense weights split by
/// tp x pp and replicated over dp x cp; routed experts split by ep x pp and replicated over the
/// expert data-parallel group tp x cp x dp / ep (Megatron's expert_data_parallel_size). ZeRO
/// shards each part over its own replicas.
struct ChipParams {
  double dense = 0, experts = 0;
  double dense_replicas = 1, expert_replicas = 1;
  double total() const { return dense + experts; }
  /// The share a chip owns once each part is sharded over its replicas.
  double owned() const { return dense / dense_replicas + experts / expert_replicas; }
};

ChipParams chip_params(const ParallelLayout& l, const detail::LayerCosts& c) {
  ChipParams p;
  const double ep = std::max(1, l.ep);
  p.dense = (c.total_params - c.routed_params) / (d(l.tp) * l.pp);
  p.experts = c.routed_params / (ep * l.pp);
  p.dense_replicas = d(l.dp) * l.cp;
  p.expert_replicas = std::max(1.0, d(l.tp) * l.cp * l.dp / ep);
  return p;
}

MemoryBreakdown memory_per_chip(const TrainingStepInputs& in, const StageWork& w, double micro_batches, const ChipParams& p) {
  // eq. T11: mixed-precision Adam, 16 bytes per parameter (2 weights, 2 gradients, 12 optimizer:
  // FP32 master + two moments), each part sharded over its own replicas per ZeRO stage; DualPipe
  // keeps two copies of the weights.
  const auto& l = in.layout;
  MemoryBreakdown mem;
  const double copies = l.schedule == PipelineSchedule::dualpipe ? 2 : 1;
  const double whole = copies * p.total(), sharded = copies * p.owned();
  mem.weights = 2 * (l.zero_stage >= 3 ? sharded : whole);
  mem.gradients = 2 * (l.zero_stage >= 2 ? sharded : whole);
  mem.optimizer = 12 * (l.zero_stage >= 1 ? sharded : whole);
  mem.activations = w.activations * in_flight(l, micro_batches);
  if (l.pp == 1) {  // the logits of one micro-batch (BF16 and FP32 for the loss)
    mem.activations += 6.0 * l.micro_batch * in.sequence_length / l.cp * in.model->vocab / l.tp;
  }
  mem.total = mem.weights + mem.gradients + mem.optimizer + mem.activations;
  mem.capacity = in.chip->usable_hbm_bytes();
  if (mem.total > mem.capacity) {
    mem.fits = false;
    const std::pair<double, const char*> terms[] = {
        {mem.weights, "weights"}, {mem.gradients, "gradients"}, {mem.optimizer, "optimizer states"}, {mem.activations, "activations"}};
    mem.overflow = std::max_element(std::begin(terms), std::end(terms))->second;
  }
  return mem;
}

/// eq. T10: context parallelism passes each chip's KV chunk cp - 1 times forward and twice that
/// backward (ring attention), per layer of the stage.
double context_parallel_s(const TrainingStepInputs& in, const Calibration& cal, double tokens_mb) {
  const auto& m = *in.model;
  const auto& l = in.layout;
  if (l.cp <= 1) return 0;
  const double kv_per_layer = catalog::kv_elements_per_token(m) / std::max(1, m.layers);
  const double bytes = tokens_mb * kv_per_layer * 2 / l.tp;
  const double bw = detail::group_bandwidth(*in.chip, static_cast<long long>(l.tp) * l.cp, cal);
  return static_cast<double>(m.layers) / l.pp * 3 * (l.cp - 1) * (bytes / bw + detail::message_latency_s(*in.chip, static_cast<long long>(l.tp) * l.cp, cal)) * (1 - cal.cp_overlap);
}

/// eq. T13: pipeline point-to-point: each micro-batch sends its activations forward and their
/// gradients back, once per model chunk (v chunks when interleaved), sharded with sequence parallelism.
double pipeline_p2p_s(const TrainingStepInputs& in, const Calibration& cal, double tokens_mb) {
  const auto& l = in.layout;
  if (l.pp <= 1) return 0;
  const double bytes = tokens_mb * in.model->hidden * 2 / (l.sequence_parallel ? l.tp : 1);
  const double bw = detail::group_bandwidth(*in.chip, l.chips(), cal);
  const double chunks = l.schedule == PipelineSchedule::interleaved ? std::max(1, l.virtual_stages) : 1;
  return 2 * chunks * (bytes / bw + detail::message_latency_s(*in.chip, l.chips(), cal)) * (1 - cal.pp_overlap);
}

/// One data-parallel group's collectives per pass: a ring all-reduce of the gradients and a
/// ring all-gather of the weights (ZeRO-3), each with its latency.
struct DpCollectives {
  double all_reduce = 0, all_gather = 0;
};

/// eq. T12 for `params` weights per chip replicated over `group` chips, `per_domain` of them in
/// each scale-up domain, the group spanning `span` consecutive ranks (eq. C1b).
DpCollectives dp_collectives(const TrainingStepInputs& in, const Calibration& cal, double params, long long group, long long per_domain,
                             long long span) {
  if (group <= 1 || !(params > 0)) return {};
  const double bytes = 2 * params;
  const double bw = detail::spread_group_bandwidth(*in.chip, span, std::min(group, per_domain), cal);
  // eq. C4: 2 (g-1) ring steps, 2 (domains-1) of them between domains; the gather half of it.
  const auto latency = detail::collective_latency(*in.chip, cal);
  const double domains = std::ceil(d(group) / d(std::max(1LL, std::min(group, per_domain))));
  const double ring = latency.of(2 * (d(group) - 1), 2 * (domains - 1));
  return {detail::all_reduce_s(bytes, group, bw) + ring, detail::all_gather_s(bytes, group, bw) + latency.of(d(group) - 1, domains - 1)};
}

/// eq. T12: gradient reduction over the data-parallel (and context-parallel) replicas, hidden
/// behind the last micro-batch's backward; ZeRO-3 also gathers the weights for every
/// micro-batch's forward and backward, hidden behind that micro-batch. The reduction can only
/// use the part of the last backward the gathers leave free (else one window would hide both).
/// Dense weights are replicated over dp x cp; routed experts, sharded over ep, only over the
/// expert data-parallel group tp x cp x dp / ep (Megatron's expert_data_parallel_size).
double data_parallel_s(const TrainingStepInputs& in, const Calibration& cal, const StageWork& w, double micro_batches, const ChipParams& p) {
  const auto& l = in.layout;
  const long long tp = std::max(1, l.tp), ep = std::max(1, l.ep), domain = std::max(1, in.chip->scale_up_domain);
  const auto group = static_cast<long long>(p.dense_replicas), expert_group = static_cast<long long>(p.expert_replicas);
  // Ranks run tp innermost, then cp, then dp (Megatron's order): a domain holds domain / tp
  // members of the dp x cp group; the expert group's members sit ep ranks apart.
  const auto dense_part = dp_collectives(in, cal, p.dense, group, std::max(1LL, domain / tp), tp * group);
  const auto expert_part = dp_collectives(in, cal, p.experts, expert_group, std::max(1LL, domain / ep), ep * expert_group);
  const double all_reduce = dense_part.all_reduce + expert_part.all_reduce;
  double gathers_s = 0, free_backward = w.bwd;
  if (l.zero_stage >= 3) {
    const double gathers = 2 * (dense_part.all_gather + expert_part.all_gather);
    const double window = w.fwd + w.bwd;
    const double shown = exposed(gathers, cal.dp_overlap, window);
    gathers_s = micro_batches * shown;
    free_backward = window > 0 ? (window - (gathers - shown)) * w.bwd / window : 0.0;
  }
  return gathers_s + exposed(all_reduce, cal.dp_overlap, free_backward);
}

/// The optimizer update: Adam reads and writes FP32 master weights and two moments and writes
/// BF16 weights, about 30 bytes per parameter it owns (ZeRO >= 1 shards them). A fused
/// multi-tensor Adam streams each state once, like a copy: the operand streaming bandwidth.
double optimizer_s(const TrainingStepInputs& in, const Calibration& cal, const ChipParams& p) {
  const double owned = in.layout.zero_stage >= 1 ? p.owned() : p.total();
  return 30 * owned / (in.chip->hbm_bytes_per_s * cal.hbm_efficiency);
}

/// The guards of eq. T14: no step may beat the precision's dense peak on its matmul FLOPs
/// (roofline), nor sustain model FLOP/s above the chip's large-GEMM efficiency at that peak.
unsigned plausibility(const TrainingStepInputs& in, const TrainingStepEstimate& e, const TrainingFlops& f, const detail::KernelRates& r) {
  unsigned w = 0;
  const double peak = in.chip->peak(in.precision);
  const double matmul = (f.dense_matmul + f.routed_matmul) * e.tokens_per_s_per_chip;
  if (matmul > peak) w |= static_cast<unsigned>(StepWarning::above_roofline);
  if (e.model_flop_per_s_per_chip > peak * r.gemm_eff) w |= static_cast<unsigned>(StepWarning::above_peak_share);
  return w;
}

}  // namespace

std::span<const core::EnumName<AttentionKernel>> attention_kernel_names() { return kKernels; }

TrainingFlops training_flops_split(const catalog::ModelProfile& m, int sequence_length, AttentionAccounting accounting, bool include_mtp) {
  // eq. T5: 6 FLOPs per matmul weight per token (forward 2, backward 4); attention 3 x forward.
  const double attended = accounting == AttentionAccounting::causal ? sequence_length / 2.0 : sequence_length;
  TrainingFlops f;
  f.routed_matmul = 6 * catalog::routed_expert_params_per_token(m);
  f.dense_matmul = 6 * catalog::matmul_params_per_token(m) - f.routed_matmul;
  f.attention = 3 * catalog::attention_forward_flops_per_token(m, attended);
  if (include_mtp) {
    // eq. T5b: each MTP module is one more layer plus a projection and the LM head; its
    // attention adds one layer's share of the score/value products.
    const auto [dense, routed] = catalog::mtp_matmul_params_per_token(m);
    f.dense_matmul += 6 * dense;
    f.routed_matmul += 6 * routed;
    f.attention += f.attention / std::max(1, m.layers) * m.mtp_depth;
  }
  return f;
}

namespace detail {

LayerCosts layer_costs(const TrainingStepInputs& in, bool every_schedule) {
  FLOPCAST_ASSERT(in.model && in.chip, "training step needs a model and a chip");
  const Calibration& cal = in.calibration ? *in.calibration : default_calibration();
  LayerCosts c;
  c.setup = make_setup(in, cal);
  if (!in.chip->supports(in.precision) || in.model->declared_only) return c;
  const bool full = in.layout.recompute == Recompute::full;
  // Layers outside a full-recompute block keep everything; otherwise the layout's own policy.
  const Recompute other = full ? Recompute::none : in.layout.recompute;
  const unsigned rest = other == Recompute::selective ? in.layout.selective_modules() : 0;
  if (full) c.dense_full = layer_cost(c.setup, false, true, Recompute::full, 0);
  c.dense_rest = layer_cost(c.setup, false, true, other, rest);
  if (in.model->moe) {
    const bool dualpipe = in.layout.schedule == PipelineSchedule::dualpipe;
    if (every_schedule || !dualpipe || c.setup.ep <= 1) {
      if (full) c.moe_full = layer_cost(c.setup, true, true, Recompute::full, 0);
      c.moe_rest = layer_cost(c.setup, true, true, other, rest);
    }
    if (c.setup.ep > 1 && (every_schedule || dualpipe)) {
      LayerSetup shared = c.setup;
      shared.rates.compute_share = 1 - cal.comm_unit_share;
      if (full) c.moe_full_shared = layer_cost(shared, true, true, Recompute::full, 0);
      c.moe_rest_shared = layer_cost(shared, true, true, other, rest);
    }
  }
  c.head = head_cost(c.setup, true);
  c.routed_params = catalog::routed_expert_params(*in.model);
  c.total_params = catalog::total_params(*in.model);
  c.reported = training_flops_split(*in.model, in.sequence_length, in.accounting, in.include_mtp);
  return c;
}

bool same_layer_costs(const ParallelLayout& a, const ParallelLayout& b) {
  return a.tp == b.tp && a.cp == b.cp && a.ep == b.ep && a.micro_batch == b.micro_batch && a.sequence_parallel == b.sequence_parallel &&
         a.recompute == b.recompute && (a.recompute != Recompute::selective || a.selective_modules() == b.selective_modules());
}

TrainingStepEstimate compose_step(const TrainingStepInputs& in, const LayerCosts& costs) {
  const Calibration& cal = in.calibration ? *in.calibration : default_calibration();
  const auto& m = *in.model;
  const auto& l = in.layout;
  TrainingStepEstimate e;
  auto infeasible = [&](StepInfeasibility why) {
    e.feasible = false;
    e.why = why;
    return e;
  };
  if (!in.chip->supports(in.precision)) return infeasible(StepInfeasibility::precision_unsupported);
  if (in.fp8_attention && !in.chip->supports(catalog::Precision::fp8)) return infeasible(StepInfeasibility::fp8_attention_unsupported);
  if (m.declared_only) return infeasible(StepInfeasibility::no_dimensions);
  // Whole micro-batches only: the remainder of a batch that does not divide is dropped.
  e.micro_batches = std::floor(in.global_batch_sequences / (d(l.dp) * l.micro_batch));
  if (e.micro_batches < 1) return infeasible(StepInfeasibility::batch_too_small);
  if (l.pp > m.layers) return infeasible(StepInfeasibility::too_many_stages);
  if (l.ep > 1 && (!m.moe || m.moe->routed_experts % l.ep != 0)) return infeasible(StepInfeasibility::ep_not_divisor);

  const LayerSetup& setup = costs.setup;
  e.expert_imbalance = setup.imbalance;
  const StageWork w = stage_work(in, cal, costs);
  const double cp = context_parallel_s(in, cal, setup.tokens);
  const double p2p = pipeline_p2p_s(in, cal, setup.tokens);
  const double per_mb = w.fwd + w.bwd + cp + p2p;
  const double mb = e.micro_batches;
  e.time.compute_s = mb * w.compute;
  e.time.matmul_s = mb * w.kernels.matmul;
  e.time.expert_matmul_s = mb * w.kernels.expert_matmul;
  e.time.attention_s = mb * w.kernels.attention;
  e.time.elementwise_s = mb * w.kernels.elementwise;
  e.time.tp_comm_s = mb * w.tp;
  e.time.ep_comm_s = mb * w.ep;
  e.time.cp_comm_s = mb * cp;
  e.time.pp_comm_s = mb * p2p;
  e.time.bubble_s = bubble_stages(l) * per_mb;
  const ChipParams params = chip_params(l, costs);
  e.time.dp_comm_s = data_parallel_s(in, cal, w, mb, params);
  e.time.optimizer_s = optimizer_s(in, cal, params);
  e.time.step_s = mb * per_mb + e.time.bubble_s + e.time.dp_comm_s + e.time.optimizer_s;
  e.memory = memory_per_chip(in, w, mb, params);
  if (!e.memory.fits) {
    if (in.stated_layout) {
      e.warnings |= static_cast<unsigned>(StepWarning::over_memory);
    } else {
      e.feasible = false;
      e.why = StepInfeasibility::out_of_memory;
    }
  }
  const double chips = d(l.chips());
  const double tokens = mb * d(l.dp) * l.micro_batch * in.sequence_length;
  const auto& reported = costs.reported;
  const double model_flops_per_token = reported.dense_matmul + reported.routed_matmul + reported.attention;
  // Hardware FLOPs count recomputation as Megatron's 96 B s l h^2 formula does.
  const double full = policy_split(in).full_share;
  const double matmul_again = 1 + (l.recompute == Recompute::op ? per_op_recomputed_matmul_share(m) : full) / 3;
  // Per-op keeps a fused attention kernel's output but recomputes an unfused core (eq. T6b).
  const bool attention_kept = l.recompute == Recompute::none || (l.recompute == Recompute::op && in.attention_kernel == AttentionKernel::flash);
  const double attention_again = attention_kept ? 1.0 : 4.0 / 3.0;
  e.tokens_per_s_per_chip = tokens / e.time.step_s / chips;
  e.model_flop_per_s_per_chip = e.tokens_per_s_per_chip * model_flops_per_token;
  e.hardware_flop_per_s_per_chip =
      e.tokens_per_s_per_chip * ((reported.dense_matmul + reported.routed_matmul) * matmul_again + reported.attention * attention_again);
  e.mfu_bf16 = e.model_flop_per_s_per_chip / in.chip->peak(detail::attention_precision(*in.chip, in.precision));
  e.warnings |= plausibility(in, e, reported, setup.rates);
  return e;
}

}  // namespace detail

TrainingStepEstimate estimate_training_step(const TrainingStepInputs& in) {
  return detail::compose_step(in, detail::layer_costs(in, false));
}

}  // namespace flopcast::perf
