// Serving model (eq. I1-I9 in docs/models/inference.md): prefill per token and decode per step
// as sums of per-operation rooflines plus exposed communication, on a replica of n chips.
#include "flopcast/perf/inference_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "collectives.hpp"
#include "kernel_time.hpp"
#include "layer_time.hpp"
#include "serving_parts.hpp"
#include "flopcast/perf/moe_routing.hpp"
#include "flopcast/core/assert.hpp"

namespace flopcast::perf {
namespace detail {


using catalog::Precision;

/// A count or size for a reason text: whole numbers and those from 100 up to 1e15 without
/// decimals, others with four digits (a cast to an integer type would be undefined beyond its range).
std::string number_text(double v) {
  if (!std::isfinite(v)) return "infinitely many";
  char buf[32];
  std::snprintf(buf, sizeof buf, v < 1e15 && (v >= 100 || v == std::floor(v)) ? "%.0f" : "%.4g", v);
  return buf;
}

double bytes_per_weight(Precision p) { return catalog::bit_length(p) / 8.0; }

ServingShape make_shape(const InferenceInputs& in, const Calibration& cal) {
  const auto& m = *in.model;
  const auto& chip = *in.chip;
  ServingShape s;
  s.in = &in;
  s.cal = &cal;
  s.rates = detail::kernel_rates(chip, in.precision, cal);
  s.peak = s.rates.peak;
  s.eff = s.rates.gemm_eff;
  s.hbm = s.rates.hbm;
  s.moe = m.is_moe();
  s.routed_mm = catalog::routed_expert_params_per_token(m);
  s.dense_mm = catalog::matmul_params_per_token(m) - s.routed_mm;
  const double bpw = bytes_per_weight(in.precision), routed = catalog::routed_expert_params(m);
  s.dense_bytes = catalog::total_params(m) * bpw - routed * bpw;
  // Experts that run in a precision of their own (expert_precision:, e.g. W4A4 NVFP4 beside FP8
  // attention) store their weights in it and run their GEMMs at its peak and efficiency.
  const Precision expert_precision = s.moe ? in.expert_precision.value_or(in.precision) : in.precision;
  s.expert_rates = expert_precision == in.precision ? s.rates : detail::kernel_rates(chip, expert_precision, cal);
  const double expert_bpw = bytes_per_weight(expert_precision);
  // Weight-only quantisation of the experts (expert_weight_precision:): their memory and the
  // bytes their GEMMs read; the GEMMs still run at the experts' precision.
  const bool narrow_experts = s.moe && in.expert_weight_bytes > 0;
  s.expert_bytes = routed * (narrow_experts ? in.expert_weight_bytes : expert_bpw);
  s.expert_weight_ratio = narrow_experts ? in.expert_weight_bytes / expert_bpw : 1.0;
  // Redundant copies are whole experts (a sweep may sample fractions); dense models have none.
  const double experts = s.moe ? static_cast<double>(m.moe->routed_experts) : 0.0;
  s.redundant = experts > 0 ? std::floor(in.redundant_experts) : 0.0;
  s.redundant_bytes = experts > 0 ? s.redundant * s.expert_bytes / experts : 0.0;
  // A stated imbalance is what the user measured with their own placement: it wins.
  s.stated_imbalance = in.expert_imbalance;
  s.context = in.input_tokens + in.output_tokens / 2.0;  // average context over the decode
  // Sequences in a continuous batch are on average halfway through their output.
  s.kv_bytes_per_seq = catalog::kv_elements_per_sequence(m, s.context) * in.kv_bytes_per_element;
  s.moe_layers = s.moe ? static_cast<double>(m.layers - m.moe->dense_layers) : 0.0;
  // eq. I12: in steady state a server admits prompt tokens at the rate it finishes output
  // tokens, so each step carries (input / output) prompt tokens per output token emitted.
  const double emitted = 1 + in.draft_tokens * in.draft_acceptance;
  s.prompt_rows_per_sequence = in.chunked_prefill && in.output_tokens > 0 ? emitted * in.input_tokens / in.output_tokens : 0.0;
  return s;
}

Placement place(const ServingShape& s, double n, bool shard_dense) {
  Placement p;
  p.n = n;
  p.expert_per_chip = (s.expert_bytes + s.redundant_bytes) / n;  // redundant copies spread like the rest (eq. I11)
  p.dense_sharded = !s.moe || shard_dense;
  p.dense_per_chip = p.dense_sharded ? s.dense_bytes / n : s.dense_bytes;
  const auto& chip = *s.in->chip;
  const long long t = p.dense_sharded ? static_cast<long long>(n) : 1;
  p.tp_bytes_per_s = detail::group_bandwidth(chip, t, *s.cal);
  p.tp_latency_s = detail::all_reduce_latency_s(chip, t, *s.cal);
  p.all_to_all_latency_s = detail::message_latency_s(chip, static_cast<long long>(n), *s.cal);
  return p;
}

/// The work of one forward pass on a chip of the replica (eq. I3, I5, I7): `rows` tokens per
/// chip, each attending to `keys` keys; decode reads `kv_bytes` of KV cache per chip. The dense
/// part runs tensor-parallel over the replica when sharded, else each chip runs its own rows;
/// experts are spread over the replica (EP) with two-batch overlap hiding part of the all-to-all.
struct ForwardPass {
  double seconds = 0;
  double imbalance = 1;
};

/// The expert imbalance of a forward pass with `rows` rows per chip (eq. M1, or the stated one).
double routing_imbalance(const ServingShape& s, const Placement& p, double rows) {
  if (!s.moe) return 1;
  if (s.stated_imbalance) return *s.stated_imbalance;
  if (p.n <= 1) return 1;
  const auto& e = *s.in->model->moe;
  return perf::expert_load_imbalance(e.routed_experts, e.top_k, p.n, rows, s.redundant, s.cal->expert_skew);
}

/// The rows of one forward pass on a chip of the replica.
struct PassLoad {
  double rows = 0;       ///< mean rows per chip: the load the experts receive
  double keys = 0;       ///< keys each row attends to on average
  double kv_bytes = 0;   ///< decode: KV cache read per chip
  double head_rows = 0;  ///< rows of the LM head
  /// eq. I14: rows (and their mean keys) of the busiest data-parallel attention rank, whose
  /// attention and dense layers every rank waits for at the dispatch; 0 = `rows`.
  double busiest_rows = 0, busiest_keys = 0;
};

/// eq. I15: a stack whose host runs ahead of the chips (overlap scheduler, graph launch) adds
/// none; vLLM-Ascend's host work per layer is a fitted constant, and the chips wait for it when
/// it outlasts their own work.
double host_pass_s(const ServingShape& s) {
  if (s.in->serving_stack != ServingStack::vllm_ascend) return 0;
  return static_cast<double>(s.in->model->layers) * s.cal->vllm_ascend_layer_s;
}

ForwardPass forward_pass(const ServingShape& s, const Placement& p, const PassLoad& load, DecodeStepSplit* split = nullptr) {
  const double rows = load.rows;
  const bool skewed = load.busiest_rows > rows;
  const double dense_rows = skewed ? load.busiest_rows : rows;
  const auto& m = *s.in->model;
  const auto& chip = *s.in->chip;
  const auto& cal = *s.cal;
  detail::LayerSetup ls;
  ls.model = s.in->model;
  ls.rates = s.rates;
  const int t = p.dense_sharded ? static_cast<int>(p.n) : 1;
  ls.tp = t;
  ls.tokens = dense_rows * t;
  ls.keys = skewed ? load.busiest_keys : load.keys;
  ls.casts = catalog::bit_length(s.in->precision) < 16;
  ls.sequence_parallel = false;
  ls.tp_bytes_per_s = p.tp_bytes_per_s;
  ls.tp_latency_s = p.tp_latency_s;
  ls.all_to_all_latency_s = p.all_to_all_latency_s;
  const double layers = std::max(1, m.layers);
  ls.decode_kv_bytes = load.kv_bytes / layers;
  ls.expert_weight_ratio = s.expert_weight_ratio;
  ls.expert_rates = s.expert_rates;
  ls.split_kernels = split != nullptr;
  ForwardPass f;
  if (s.moe && p.n > 1) {
    const auto& e = *m.moe;
    ls.ep = p.n;
    f.imbalance = routing_imbalance(s, p, rows);
    ls.imbalance = f.imbalance;
    // The experts pool every rank's rows: the busiest expert rank gets the mean's share.
    if (skewed) ls.rows_per_rank = rows * e.top_k * f.imbalance;
    ls.remote_nodes = perf::remote_nodes_per_token(e.top_k, detail::domains_spanned(chip, static_cast<long long>(p.n)), 0);
    // Tokens travel in the experts' input precision: FP8 (1 byte) at most; block scales and a
    // 4-bit dispatch are not priced.
    ls.dispatch_bytes = s.expert_rates.operand_bytes <= 1 ? 1.0 : 2.0;
    const double up_eff = chip.scale_up_efficiency > 0 ? chip.scale_up_efficiency : cal.link_efficiency;
    ls.scale_up_bytes_per_s = detail::scale_up_bandwidth(chip) * up_eff;
    ls.scale_out_bytes_per_s = detail::scale_out_bandwidth(chip) * cal.link_efficiency;
  } else if (s.moe && s.stated_imbalance) {
    f.imbalance = *s.stated_imbalance;
  }
  auto pass = [&](const detail::LayerCost& c, double count) {
    if (split) {
      split->matmul_s += count * c.kernels.matmul;
      split->expert_matmul_s += count * c.kernels.expert_matmul;
      split->attention_s += count * c.kernels.attention;
      split->elementwise_s += count * c.kernels.elementwise;
      split->tp_comm_s += count * c.fwd.tp_comm * (1 - cal.tp_overlap);
      split->ep_comm_s += count * c.fwd.ep_comm * (1 - cal.ep_overlap_serving);
    }
    return count * (c.fwd.compute + c.fwd.tp_comm * (1 - cal.tp_overlap) + c.fwd.ep_comm * (1 - cal.ep_overlap_serving));
  };
  const double moe_layers = s.moe_layers;
  double sec = pass(detail::layer_cost(ls, false, false, Recompute::none, 0), static_cast<double>(m.layers) - moe_layers);
  if (moe_layers > 0) {
    detail::LayerSetup moe = ls;
    // Two-batch overlap runs the all-to-all on communication kernels beside the compute.
    if (ls.ep > 1) moe.rates.compute_share = moe.expert_rates->compute_share = 1 - cal.comm_unit_share;
    sec += pass(detail::layer_cost(moe, true, false, Recompute::none, 0), moe_layers);
  }
  detail::LayerSetup head = ls;
  head.tokens = load.head_rows * t;
  sec += pass(detail::head_cost(head, false), 1);
  f.seconds = std::max(sec, host_pass_s(s));
  if (split) split->host_wait_s = f.seconds - sec;
  return f;
}

/// Prompt tokens per chip per prefill forward: the stated load, else 16,384 (a saturated
/// server), and never less than one prompt.
double prefill_rows(const ServingShape& s) {
  const double stated = s.in->prefill_tokens_per_chip > 0 ? s.in->prefill_tokens_per_chip : 16384.0;
  return std::max(stated, s.in->input_tokens);
}

/// eq. I3: prefill seconds per prompt token per chip (the LM head runs for the last token of each prompt).
double prefill_s_per_token(const ServingShape& s, const Placement& p) {
  const double rows = prefill_rows(s);
  PassLoad load;
  load.rows = rows;
  load.keys = s.in->input_tokens / 2.0;
  load.head_rows = rows / std::max(1.0, s.in->input_tokens);
  return forward_pass(s, p, load).seconds / rows;
}

/// eq. I7: one decode step with `batch` sequences per chip, each verifying 1 + draft tokens;
/// eq. I12: with chunked prefill the step also carries its prompt chunk (rows that share the
/// weight reads, attending on average to half a prompt; the LM head runs once per prompt).
double decode_step_s(const ServingShape& s, const Placement& p, double batch, DecodeStepSplit* split) {
  const double tokens = batch * (1 + s.in->draft_tokens);
  const double prompt = batch * s.prompt_rows_per_sequence;
  const double prompt_keys = s.in->input_tokens / 2;
  PassLoad load;
  load.rows = tokens + prompt;
  load.keys = (tokens * s.context + prompt * prompt_keys) / load.rows;
  load.head_rows = tokens + (prompt > 0 ? prompt / std::max(1.0, s.in->input_tokens) : 0.0);
  // A sharded replica holds 1/n of each sequence's cache for n times the sequences: per chip
  // the same bytes as `batch` whole caches.
  load.kv_bytes = batch * s.kv_bytes_per_seq;
  // eq. I14: a server that prefills each prompt whole in one step (prefill_scheduling: whole)
  // gives it to one data-parallel attention rank, so a step's prompts land unevenly and every
  // rank waits for the busiest at the dispatch. Chunks within a token budget, or a scheduler
  // that gives every rank its prompts in the same step (balanced), spread them evenly.
  if (prompt > 0 && s.in->whole_prompts && s.moe && !p.dense_sharded && p.n > 1) {
    const double prompt_len = std::max(1.0, s.in->input_tokens);
    const double busiest_prompt = prompt_len * expected_max_poisson(prompt / prompt_len, p.n);
    load.busiest_rows = tokens + busiest_prompt;
    load.busiest_keys = (tokens * s.context + busiest_prompt * prompt_keys) / load.busiest_rows;
  }
  return forward_pass(s, p, load, split).seconds;
}

double memory_roofline_tokens_per_s(const ServingShape& s, const Placement& p, double batch) {
  // Decode rows only: prompt chunks (eq. I12) only add reads, so leaving them out keeps the
  // bound valid for a decode-only rate as well as for the output rate with prompts.
  const double rows = batch * (1 + s.in->draft_tokens);
  double experts_read = p.expert_per_chip;
  if (s.moe) {
    // Each of the replica's rows·n tokens picks top_k of E experts: an expert sits idle with
    // probability (1 - k/E)^(rows·n) under uniform routing (skew touches fewer; at serving
    // batches nearly every expert is read either way).
    const auto& e = *s.in->model->moe;
    const double pick = static_cast<double>(e.top_k) / std::max(1, e.routed_experts);
    experts_read *= 1 - std::pow(std::max(0.0, 1 - pick), rows * p.n);
  }
  const double bytes = p.dense_per_chip + experts_read + batch * s.kv_bytes_per_seq;
  const double emitted = 1 + s.in->draft_tokens * s.in->draft_acceptance;
  return bytes > 0 ? batch * emitted * s.in->chip->hbm_bytes_per_s / bytes : 0.0;
}

/// Names the redundant experts' share of HBM in a "does not fit" reason, when there are any:
/// they are the one memory term a user adds on purpose, so the first to take back.
std::string redundant_note(const ServingShape& s, const Placement& p) {
  if (s.redundant <= 0) return "";
  return " (" + number_text(s.redundant) + " redundant experts take " + number_text(s.redundant_bytes / p.n / 1e9) + " GB per chip)";
}

Decode decode_on(const ServingShape& s, const Placement& p, double usable) {
  Decode r;
  const double emitted = 1 + s.in->draft_tokens * s.in->draft_acceptance;  // eq. I8
  const double room = usable - p.dense_per_chip - p.expert_per_chip;
  if (room <= 0) {
    r.reason = "the weights do not fit" + redundant_note(s, p);
    return r;
  }
  const double one = 1.0 / p.chips_per_sequence();  // one sequence, per chip
  double max_batch = s.kv_bytes_per_seq > 0 ? std::floor(room / (s.kv_bytes_per_seq * one)) * one : 4096.0;
  r.bound = s.kv_bytes_per_seq > 0 ? DecodeBound::kv_capacity : DecodeBound::none;
  if (s.in->batch_per_chip) {
    if (*s.in->batch_per_chip > max_batch) {
      r.reason = "a batch of " + number_text(*s.in->batch_per_chip) + " sequences per chip does not fit in HBM" + redundant_note(s, p);
      return r;
    }
    max_batch = *s.in->batch_per_chip;
    r.bound = DecodeBound::fixed;
  }
  if (max_batch < one) {
    r.reason = "no room for one sequence's KV cache" + redundant_note(s, p);
    return r;
  }
  double batch = max_batch;
  if (s.in->tpot_target_s && !s.in->batch_per_chip) {
    const double target = *s.in->tpot_target_s * emitted;  // a step may take TPOT x tokens emitted
    if (decode_step_s(s, p, one) > target) {
      r.reason = "even one sequence misses the TPOT target";
      return r;
    }
    if (decode_step_s(s, p, batch) > target) {
      // Step time grows with batch: bisect, in whole sequences per chip (or per sharded
      // replica), for the largest batch that meets TPOT.
      double lo = 1, hi = std::round(batch / one);
      while (hi - lo > 1) {
        const double mid = std::floor((lo + hi) / 2);
        (decode_step_s(s, p, mid * one) <= target ? lo : hi) = mid;
      }
      batch = lo * one;
      r.bound = DecodeBound::tpot_target;
    }
  }
  if (s.in->tpot_target_s && s.in->batch_per_chip && decode_step_s(s, p, batch) > *s.in->tpot_target_s * emitted) {
    r.reason = "the fixed batch of " + number_text(batch) + " sequences per chip misses the TPOT target";
    return r;
  }
  r.feasible = true;
  r.batch = batch;
  r.step = decode_step_s(s, p, batch);
  r.tokens_per_s = batch * emitted / r.step;
  if (!s.in->batch_per_chip) {
    // A batch whose GEMM rows just pass a tile boundary pays for the padding: a server keeps
    // the batch at the tile-aligned size below when that serves more tokens per second.
    const double rows_per_sequence = (1 + s.in->draft_tokens + s.prompt_rows_per_sequence) * p.chips_per_sequence();
    for (double align : {64.0, 128.0}) {
      const double aligned = std::floor(batch * rows_per_sequence / align) * align / rows_per_sequence;
      if (!(aligned >= one) || aligned >= batch) continue;
      const double step = decode_step_s(s, p, aligned);
      if (aligned * emitted / step > r.tokens_per_s) {
        r.batch = aligned;
        r.step = step;
        r.tokens_per_s = aligned * emitted / step;
      }
    }
  }
  return r;
}

}  // namespace detail

namespace {

constexpr core::EnumName<AttentionParallelism> kAttentionParallelism[] = {
    {AttentionParallelism::automatic, "auto", "try both and keep the faster"},
    {AttentionParallelism::data, "data", "dense part replicated per chip (data-parallel attention)"},
    {AttentionParallelism::tensor, "tensor", "dense part sharded across the replica (tensor parallel)"},
};

}  // namespace

std::span<const core::EnumName<AttentionParallelism>> attention_parallelism_names() { return kAttentionParallelism; }

namespace {
constexpr core::EnumName<PrefillScheduling> kPrefillScheduling[] = {
    {PrefillScheduling::chunked, "chunked", "prompt chunks ride in the decode steps (in-flight batching, chunked prefill)"},
    {PrefillScheduling::whole, "whole", "each prompt prefilled whole in one decode step, on one data-parallel attention rank"},
    {PrefillScheduling::balanced, "balanced", "whole prompts, given to every data-parallel attention rank in the same step"},
    {PrefillScheduling::separate, "separate", "prompts run in their own forward passes between decode steps"},
};
}  // namespace

std::span<const core::EnumName<PrefillScheduling>> prefill_scheduling_names() { return kPrefillScheduling; }

namespace {
constexpr core::EnumName<ServingStack> kServingStack[] = {
    {ServingStack::overlapped, "overlapped", "the host schedules ahead of the chips: no host time (TensorRT-LLM, SGLang, graph launch)"},
    {ServingStack::vllm_ascend, "vllm-ascend", "vLLM-Ascend: a fitted host time per layer bounds each forward pass (eq. I15)"},
};
}  // namespace

std::span<const core::EnumName<ServingStack>> serving_stack_names() { return kServingStack; }

std::string_view decode_bound_name(DecodeBound b) {
  switch (b) {
    case DecodeBound::kv_capacity: return "kv_capacity";
    case DecodeBound::tpot_target: return "tpot_target";
    case DecodeBound::fixed: return "fixed";
    case DecodeBound::none: return "none";
  }
  return "none";
}

double decode_attention_flops_per_token(const catalog::ModelProfile& m, double context) {
  const auto& a = m.attention;
  if (m.declared_only) return 0;
  if (a.kind == catalog::AttentionKind::mla) {
    // Absorbed MLA: scores against the (kv_lora + rope) latent, values against the kv_lora latent.
    const double keys = a.indexer ? std::min(context, static_cast<double>(a.indexer->top_k)) : context;
    double f = static_cast<double>(m.attention.layers > 0 ? m.attention.layers : m.layers) * 2.0 * a.heads *
               (2.0 * a.kv_lora_rank + a.qk_rope_head_dim) * keys;
    if (a.indexer) f += static_cast<double>(m.attention.layers > 0 ? m.attention.layers : m.layers) * 2.0 * a.indexer->heads * a.indexer->head_dim * context;
    return f;
  }
  return catalog::attention_forward_flops_per_token(m, context);
}

}  // namespace flopcast::perf
