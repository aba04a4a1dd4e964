// Layout-aware training step model (eq. T5-T12 in docs/models/training.md).
#include "flopcast/perf/training_step.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "collectives.hpp"
#include "flopcast/core/assert.hpp"

namespace flopcast::perf {
namespace {

using catalog::Precision;

double d(long long v) { return static_cast<double>(v); }

/// The precision attention kernels run in: BF16 where the chip has it, else FP16, else the run's.
Precision attention_precision(const catalog::ChipSpec& chip, Precision run) {
  if (chip.supports(Precision::bf16)) return Precision::bf16;
  if (chip.supports(Precision::fp16)) return Precision::fp16;
  return run;
}

double gemm_efficiency(const catalog::ChipSpec& chip, Precision p, const Calibration& cal) {
  const double e = chip.efficiency(p);
  return e > 0 ? e : cal.default_gemm_efficiency;
}

double attention_efficiency(const catalog::ChipSpec& chip, const Calibration& cal) {
  return chip.attention_efficiency > 0 ? chip.attention_efficiency : cal.default_attention_efficiency;
}

double bubble_fraction(const ParallelLayout& l, double micro_batches) {
  // eq. T9: idle share of a pipeline step (Narayanan et al. 2021; DeepSeek-V3 report §3.2.1).
  if (l.pp <= 1) return 0;
  const double p = l.pp;
  switch (l.schedule) {
    case PipelineSchedule::one_f_one_b: return (p - 1) / micro_batches;
    case PipelineSchedule::interleaved: return (p - 1) / (std::max(1, l.virtual_stages) * micro_batches);
    case PipelineSchedule::dualpipe: return std::max(0.0, p / 2 - 1) / micro_batches;
  }
  return 0;
}

MemoryBreakdown memory_per_chip(const TrainingStepInputs& in, double micro_batches) {
  // eq. T11: mixed-precision Adam, 16 bytes per parameter (2 weights, 2 gradients, 12 optimizer:
  // FP32 master + two moments), sharded per ZeRO stage; activations per Korthikanti et al. 2022.
  const auto& m = *in.model;
  const auto& l = in.layout;
  MemoryBreakdown mem;
  const double experts = catalog::routed_expert_params(m);
  const double dense = catalog::total_params(m) - experts;
  const double params = dense / (d(l.tp) * l.pp) + experts / (d(std::max(1, l.ep)) * l.pp);
  const double shard = d(l.dp) * l.cp;
  mem.weights = 2 * params / (l.zero_stage >= 3 ? shard : 1.0);
  mem.gradients = 2 * params / (l.zero_stage >= 2 ? shard : 1.0);
  mem.optimizer = 12 * params / (l.zero_stage >= 1 ? shard : 1.0);
  const double s = static_cast<double>(in.sequence_length) / l.cp;
  const double b = l.micro_batch, h = m.hidden, a = std::max(1, m.attention.heads);
  double per_layer = 0;
  switch (l.recompute) {
    case Recompute::full: per_layer = 2 * s * b * h; break;
    case Recompute::selective: per_layer = s * b * h * 34 / l.tp; break;
    case Recompute::none: per_layer = s * b * h * (34 + 5 * a * s / h) / l.tp; break;
  }
  const double in_flight = std::min(d(l.pp), micro_batches);  // 1F1B keeps pp micro-batches alive on stage 0
  mem.activations = per_layer * (static_cast<double>(m.layers) / l.pp) * in_flight;
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

}  // namespace

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

TrainingStepEstimate estimate_training_step(const TrainingStepInputs& in) {
  FLOPCAST_ASSERT(in.model && in.chip, "training step needs a model and a chip");
  const Calibration& cal = in.calibration ? *in.calibration : default_calibration();
  const auto& m = *in.model;
  const auto& chip = *in.chip;
  const auto& l = in.layout;
  TrainingStepEstimate e;
  auto infeasible = [&](StepInfeasibility why) {
    e.feasible = false;
    e.why = why;
    return e;
  };
  if (!chip.supports(in.precision)) return infeasible(StepInfeasibility::precision_unsupported);
  if (m.declared_only) return infeasible(StepInfeasibility::no_dimensions);
  const double chips = d(l.chips());
  // Whole micro-batches only: the remainder of a batch that does not divide is dropped.
  e.micro_batches = std::floor(in.global_batch_sequences / (d(l.dp) * l.micro_batch));
  if (e.micro_batches < 1) return infeasible(StepInfeasibility::batch_too_small);
  if (l.pp > m.layers) return infeasible(StepInfeasibility::too_many_stages);
  if (l.ep > 1 && (!m.moe || m.moe->routed_experts % l.ep != 0)) return infeasible(StepInfeasibility::ep_not_divisor);

  // eq. T6: compute. Actual kernel work is causal (masked blocks are skipped) whatever the
  // reported accounting; recomputation adds a forward pass (full) or the attention (selective).
  const auto work = training_flops_split(m, in.sequence_length, AttentionAccounting::causal, in.include_mtp);
  const double recompute = l.recompute == Recompute::full ? 4.0 / 3.0 : 1.0;
  const double attn_recompute = l.recompute == Recompute::none ? 1.0 : 4.0 / 3.0;
  const double tokens = in.global_batch_sequences * in.sequence_length;
  const double peak = chip.peak(in.precision), eff = gemm_efficiency(chip, in.precision, cal);
  const auto ap = attention_precision(chip, in.precision);
  const double per_token_s = work.dense_matmul * recompute / (peak * eff) +
                             work.routed_matmul * recompute * cal.expert_imbalance / (peak * eff * cal.moe_gemm_factor) +
                             work.attention * attn_recompute / (chip.peak(ap) * attention_efficiency(chip, cal));
  e.time.compute_s = per_token_s * tokens / chips;

  const double h = m.hidden;
  const double layers_per_stage = static_cast<double>(m.layers) / l.pp;
  const double tokens_per_mb = static_cast<double>(l.micro_batch) * in.sequence_length / l.cp;
  // eq. T7: tensor parallel: 4 all-reduce equivalents of the micro-batch activations per layer
  // (2 forward, 2 backward; 6 with full recomputation), partly overlapped.
  if (l.tp > 1) {
    const double bytes = tokens_per_mb * h * 2;
    const double per_layer = (l.recompute == Recompute::full ? 6 : 4) * detail::all_reduce_s(bytes, l.tp, detail::group_bandwidth(chip, l.tp, cal));
    e.time.tp_comm_s = e.micro_batches * layers_per_stage * per_layer * (1 - cal.tp_overlap);
  }
  // eq. T8: expert parallel all-to-all: dispatch + combine in forward and backward. Tokens
  // crossing nodes are sent once per destination node (node-limited routing, DeepSeek-V3 §3.2).
  if (l.ep > 1 && m.moe) {
    const double domain = std::max(1, chip.scale_up_domain);
    const double ep_nodes = std::ceil(l.ep / domain);
    const double tokens_chip = tokens_per_mb / l.tp;
    const double dispatch_bytes = in.precision == Precision::fp8 ? 1.0 : 2.0;
    const double bytes_per_copy = h * (dispatch_bytes + 2.0) + h * 4.0;  // fwd dispatch+combine, bwd both in BF16
    const double node_copies = std::min({static_cast<double>(m.moe->top_k), in.routing_node_limit > 0 ? in.routing_node_limit : 1e9, ep_nodes});
    const double inter = ep_nodes > 1 ? tokens_chip * node_copies * (ep_nodes - 1) / ep_nodes * bytes_per_copy : 0.0;
    const double intra = tokens_chip * m.moe->top_k * bytes_per_copy;
    const double out_bw = detail::scale_out_bandwidth(chip) * cal.link_efficiency;
    const double up_eff = chip.scale_up_efficiency > 0 ? chip.scale_up_efficiency : cal.link_efficiency;
    const double per_layer = std::max(inter / out_bw, intra / (detail::scale_up_bandwidth(chip) * up_eff));
    const double moe_layers = static_cast<double>(m.layers - m.moe->dense_layers) / l.pp;
    const double overlap = l.schedule == PipelineSchedule::dualpipe ? cal.ep_overlap_dualpipe : cal.ep_overlap_one_f_one_b;
    e.time.ep_comm_s = e.micro_batches * moe_layers * per_layer * cal.expert_imbalance * (1 - overlap);
  }
  // eq. T10: context parallel ring attention: each chip passes its KV chunk cp-1 times forward
  // and twice that backward (KV and its gradient).
  if (l.cp > 1) {
    const double kv_per_layer = catalog::kv_elements_per_token(m) / std::max(1, m.layers);
    const double bytes = tokens_per_mb * kv_per_layer * 2 / l.tp;
    const double bw = detail::group_bandwidth(chip, static_cast<long long>(l.tp) * l.cp, cal);
    e.time.cp_comm_s = e.micro_batches * layers_per_stage * 3 * (l.cp - 1) * bytes / bw * (1 - cal.cp_overlap);
  }
  const double work_s = e.time.compute_s + e.time.tp_comm_s + e.time.ep_comm_s + e.time.cp_comm_s;
  e.time.bubble_s = work_s * bubble_fraction(l, e.micro_batches);
  // eq. T12: gradient reduction across data-parallel replicas after the last backward.
  {
    const double experts = catalog::routed_expert_params(m);
    const double params = (catalog::total_params(m) - experts) / (d(l.tp) * l.pp) + experts / (d(std::max(1, l.ep)) * l.pp);
    const long long group = static_cast<long long>(l.dp) * l.cp;
    const double bw = detail::group_bandwidth(chip, static_cast<long long>(l.chips()), cal);
    // ZeRO-3 gathers the weights again for forward and backward: 1.5x the all-reduce volume.
    const double volume = l.zero_stage >= 3 ? 1.5 : 1.0;
    e.time.dp_comm_s = volume * detail::all_reduce_s(2 * params, group, bw) * (1 - cal.dp_overlap);
  }
  e.time.step_s = work_s + e.time.bubble_s + e.time.dp_comm_s;
  e.memory = memory_per_chip(in, e.micro_batches);
  if (!e.memory.fits) {
    e.feasible = false;
    e.why = StepInfeasibility::out_of_memory;
  }
  const auto reported = training_flops_split(m, in.sequence_length, in.accounting, in.include_mtp);
  const double model_flops_per_token = reported.dense_matmul + reported.routed_matmul + reported.attention;
  e.tokens_per_s_per_chip = tokens / e.time.step_s / chips;
  e.model_flop_per_s_per_chip = e.tokens_per_s_per_chip * model_flops_per_token;
  e.hardware_flop_per_s_per_chip = e.tokens_per_s_per_chip * ((reported.dense_matmul + reported.routed_matmul) * recompute +
                                                              reported.attention * attn_recompute);
  e.mfu_bf16 = e.model_flop_per_s_per_chip / chip.peak(ap);
  return e;
}

std::string describe_infeasibility(const TrainingStepEstimate& e, const TrainingStepInputs& in) {
  switch (e.why) {
    case StepInfeasibility::none: return "";
    case StepInfeasibility::precision_unsupported:
      return in.chip->id + " has no " + std::string(core::enum_token(catalog::precision_names(), in.precision)) + " throughput";
    case StepInfeasibility::no_dimensions: return in.model->id + " has no dimensions (published totals only)";
    case StepInfeasibility::batch_too_small: return "the global batch is smaller than dp x micro_batch sequences";
    case StepInfeasibility::too_many_stages: return "more pipeline stages than layers";
    case StepInfeasibility::ep_not_divisor: return "ep must divide the routed experts";
    case StepInfeasibility::out_of_memory:
    {
      char gb[64];  // %.0f: a cast to an integer type is undefined for the huge sizes absurd models reach
      std::snprintf(gb, sizeof gb, "%.0f GB needed of %.0f GB", e.memory.total / 1e9, e.memory.capacity / 1e9);
      return "does not fit in HBM: " + std::string(e.memory.overflow) + " overflow (" + gb + ")";
    }
  }
  return "";
}

}  // namespace flopcast::perf
