// One layer, operation by operation (docs/models/training.md eq. T6-T8): each part of the layer
// adds its forward time, its backward time and the activations it keeps; recomputation repeats
// the forward of the parts it names.
#include "layer_time.hpp"

#include <algorithm>
#include <cmath>

#include "flopcast/perf/inference_estimate.hpp"
#include "flopcast/perf/training_step.hpp"
#include "flopcast/perf/moe_routing.hpp"

namespace flopcast::perf::detail {
namespace {

using catalog::AttentionKind;

double d(int v) { return static_cast<double>(v); }

/// Forward and backward seconds and kept activation bytes of one part of a layer; `vec_fwd` and
/// `vec_bwd` are the element-wise kernels' share of those seconds.
struct Part {
  double fwd = 0, bwd = 0, act = 0;
  double vec_fwd = 0, vec_bwd = 0;
};

/// A GEMM C[m,n] = A[m,k] B[k,n]; backward computes dA = dC B^T (m x k x n) and dB = A^T dC
/// (k x n x m).
/// Returns the forward seconds.
double add_gemm(Part& p, const KernelRates& r, double m, double n, double k, double groups = 1) {
  const double fwd = gemm_s(r, m, n, k, groups);
  p.fwd += fwd;
  if (r.with_backward) p.bwd += gemm_s(r, m, k, n, groups) + gemm_s(r, k, n, m, groups);
  return fwd;
}

/// An element-wise kernel; its backward reads the output gradient and the saved input and
/// writes the input gradient: twice the traffic.
void add_vector(Part& p, const KernelRates& r, double bytes) {
  const double fwd = vector_s(r, bytes);
  p.fwd += fwd;
  p.vec_fwd += fwd;
  if (r.with_backward) {
    const double bwd = vector_s(r, 2 * bytes);
    p.bwd += bwd;
    p.vec_bwd += bwd;
  }
}

/// Bytes kept per element of a GEMM's input for its weight gradient: a sub-16-bit run keeps the
/// cast copy (Transformer Engine; DeepSeek-V3 report section 3.3), else BF16.
double gemm_input_bytes(const LayerSetup& s) { return s.casts ? s.rates.operand_bytes : 2.0; }

/// Parts of one layer; `pick` adds those a recompute policy names.
struct LayerParts {
  Part norm, residual, attn_proj, mla_up, core, casts, ffn, ffn_act, router, routed, routed_act, shared;
  /// torchtitan's per-op policy (eq. T6b): `fwd` the forward GEMM seconds it recomputes, `act`
  /// the bytes it keeps (outputs of the GEMMs it saves and of the attention kernel).
  Part per_op;
  double per_op_attention = 0;  ///< of per_op.fwd, an unfused attention core's seconds
};

/// Query width (heads x head dim) and key/value widths of the attention block.
struct AttentionWidths {
  double q = 0, k = 0, v = 0, o = 0, qk_dim = 0, v_dim = 0;  ///< o: the output projection's input
};

AttentionWidths widths(const catalog::ModelProfile& m) {
  const auto& a = m.attention;
  AttentionWidths w;
  if (a.kind == AttentionKind::mla) {
    w.qk_dim = d(a.qk_nope_head_dim) + a.qk_rope_head_dim;
    w.v_dim = a.v_head_dim;
    w.q = d(a.heads) * w.qk_dim;
    w.k = w.q;
    w.v = d(a.heads) * w.v_dim;
    w.o = w.v;
  } else {
    w.qk_dim = w.v_dim = a.head_dim;
    w.q = d(a.heads) * a.head_dim;
    w.k = w.v = d(std::max(1, a.kv_heads)) * a.head_dim;
    w.o = w.q;
  }
  return w;
}

/// Attention projections: QKV and output for MHA/GQA; MLA's down-projections (replicated in
/// each TP rank), up-projections and output; other kinds as one GEMM of their weights.
void attention_projections(const LayerSetup& s, const AttentionWidths& w, LayerParts& p) {
  const auto& m = *s.model;
  const auto& a = m.attention;
  const auto& r = s.rates;
  const double h = m.hidden, t = s.tp, T = s.tokens;
  const double sp_rows = s.sequence_parallel ? T / t : T;
  switch (a.kind) {
    case AttentionKind::mha:
    case AttentionKind::gqa: {
      const double q = w.q * (a.output_gate ? 2 : 1);
      const double fwd = add_gemm(p.attn_proj, r, T, (q + w.k + w.v) / t, h);
      p.attn_proj.act += gemm_input_bytes(s) * h * sp_rows + 2 * (w.q + w.k + w.v) / t * T;
      // Per-op: wq (1st matmul) and wv (3rd) kept, wk (2nd) recomputed; one fused GEMM here.
      p.per_op.fwd += fwd * w.k / (q + w.k + w.v);
      p.per_op.act += 2 * (q + w.v) / t * T;
      break;
    }
    case AttentionKind::mla: {
      const double q_in = a.q_lora_rank > 0 ? d(a.q_lora_rank) : h;
      if (a.q_lora_rank > 0) add_gemm(p.attn_proj, r, T, a.q_lora_rank, h);
      add_gemm(p.attn_proj, r, T, d(a.kv_lora_rank) + a.qk_rope_head_dim, h);
      add_gemm(p.mla_up, r, T, w.q / t, q_in);
      add_gemm(p.mla_up, r, T, d(a.heads) * (d(a.qk_nope_head_dim) + a.v_head_dim) / t, a.kv_lora_rank);
      add_vector(p.norm, r, 4 * (d(a.q_lora_rank) + a.kv_lora_rank) * T);  // the latents' norms
      p.attn_proj.act += gemm_input_bytes(s) * (h * sp_rows + (d(a.q_lora_rank) + a.kv_lora_rank + a.qk_rope_head_dim) * T);
      p.mla_up.act += 2 * (w.q + w.k + w.v) / t * T;
      break;
    }
    case AttentionKind::csa_hca: {
      // Compressed/sparse attention (DeepSeek-V4): query, shared key/value and compressor
      // projections approximated as one GEMM of their widths.
      const double width = w.q + w.k + w.v;
      add_gemm(p.attn_proj, r, T, width / t, h);
      p.attn_proj.act += gemm_input_bytes(s) * h * sp_rows + 2 * width / t * T;
      break;
    }
  }
  p.per_op.fwd += add_gemm(p.attn_proj, r, T, h, w.o / t);  // output projection (per-op: the 4th matmul, recomputed)
  p.attn_proj.act += gemm_input_bytes(s) * w.o / t * T;
  if (s.casts) add_vector(p.casts, r, 3 * w.o / t * T);  // the output projection's input, cast to FP8
}

/// A fused attention kernel averaged over the layers (eq. K4): the full-attention layers' FLOPs at
/// their keys, the sliding-window layers' at the window's (a short window amortises less), one
/// kernel per layer either way.
double layer_attention_s(const KernelRates& r, double full_flops, double keys, double windowed_flops, double window_keys, bool backward) {
  const double both = full_flops > 0 && windowed_flops > 0 ? r.kernel_s : 0.0;  // attention_s counts κ per call
  return attention_s(r, full_flops, keys, backward) + attention_s(r, windowed_flops, window_keys, backward) - both;
}

/// The attention core: a fused kernel (scores never leave the chip), or Megatron's unfused
/// batched GEMMs with the score matrix, softmax and dropout in HBM.
void attention_core(const LayerSetup& s, const AttentionWidths& w, LayerParts& p) {
  const auto& m = *s.model;
  const auto& r = s.rates;
  const double layers = std::max(1, m.layers), t = s.tp;
  if (s.unfused_attention && m.attention.kind != AttentionKind::csa_hca) {
    const double groups = s.sequences * m.attention.heads / t;
    add_gemm(p.core, r, s.queries, s.key_rows, w.qk_dim, groups);
    add_gemm(p.core, r, s.queries, w.v_dim, s.key_rows, groups);
    const double scores = groups * s.queries * s.key_rows;
    add_vector(p.core, r, 9 * scores);  // softmax with mask (read 2, write 2), dropout (read 2, write 2, mask 1)
    p.core.act += 5 * scores;           // softmax output, dropout mask and output (Korthikanti et al. 5as^2b)
    p.per_op.fwd += p.core.fwd;         // per-op keeps matmul (aten.mm) and SDPA outputs: batched GEMMs and softmax are recomputed
    p.per_op_attention += p.core.fwd;
    return;
  }
  if (s.decode_kv_bytes > 0) {
    const double flops = decode_attention_flops_per_token(m, s.keys) / layers * s.tokens / t;
    p.core.fwd += decode_attention_s(r, flops, s.decode_kv_bytes);
    return;
  }
  const double per_layer = s.tokens / t / layers;
  const double flops = catalog::attention_forward_flops_per_token(m, s.keys) * per_layer;
  const double windowed = catalog::windowed_attention_flops_per_token(m, s.keys) * per_layer;
  const double window_keys = std::min(s.keys, static_cast<double>(m.attention.sliding_window));
  p.core.fwd += layer_attention_s(r, flops - windowed, s.keys, windowed, window_keys, false);
  p.per_op.act += (2 * w.o + 4 * m.attention.heads) / t * s.tokens;  // per-op keeps its output and FP32 log-sum-exp
  // The backward recomputes the scores: 5 matmuls to the forward's 2.
  if (r.with_backward) p.core.bwd += layer_attention_s(r, 2.5 * (flops - windowed), s.keys, 2.5 * windowed, window_keys, true);
}

void dense_ffn(const LayerSetup& s, LayerParts& p) {
  const auto& m = *s.model;
  const auto& r = s.rates;
  const double h = m.hidden, t = s.tp, T = s.tokens, f = m.ffn.hidden;
  const double up = (m.ffn.gated ? 2 : 1) * f;
  const double up_fwd = add_gemm(p.ffn, r, T, up / t, h);
  add_gemm(p.ffn, r, T, h, f / t);
  add_vector(p.ffn_act, r, (m.ffn.gated ? 6 : 4) * f / t * T);
  // Per-op: w1 (5th matmul) kept, w3 (6th) recomputed, w2 (7th) kept; without a gate the 6th
  // matmul is w2, whose output the backward never needs, so nothing is recomputed.
  if (m.ffn.gated) p.per_op.fwd += up_fwd / 2;
  p.per_op.act += 2 * (f / t + h) * T;
  p.ffn.act += 2 * up / t * T;
  p.ffn_act.act += gemm_input_bytes(s) * f / t * T;
  if (s.casts) add_vector(p.casts, r, 3 * f / t * T);
}

/// A MoE block: router, permutation, grouped expert GEMMs on the busiest rank, shared experts.
void moe_block(const LayerSetup& s, LayerParts& p) {
  const auto& m = *s.model;
  const auto& e = *m.moe;
  const auto& r = s.rates;
  const double h = m.hidden, t = s.tp, T = s.tokens, k = e.top_k, f = e.expert_ffn_hidden;
  const double up = (m.ffn.gated ? 2 : 1) * f;
  const double own = T / t;  // tokens this rank routes (sequence parallel shards them)
  add_gemm(p.router, r, own, e.routed_experts, h);
  add_vector(p.router, r, 8 * own * e.routed_experts);  // softmax / sigmoid and top-k over the scores
  const double sent = own * k;
  const double rows = s.rows_per_rank >= 0 ? s.rows_per_rank : sent * s.imbalance;
  add_vector(p.routed, r, 2 * 4 * h * sent);  // permute and unpermute on the sending side
  add_vector(p.routed, r, 2 * 4 * h * rows);  // sort by expert and back on the receiving side
  const double local = static_cast<double>(e.routed_experts) / std::max(1.0, s.ep);
  const double touched = perf::experts_touched(local, rows);
  if (touched > 0) {
    const double per_expert = rows / touched;
    // The experts may run in a precision of their own, and store their weights narrower still.
    KernelRates experts = s.expert_rates.value_or(r);
    experts.weight_ratio = s.expert_weight_ratio;
    add_gemm(p.routed, experts, per_expert, up, h, touched);
    add_gemm(p.routed, experts, per_expert, h, f, touched);
  }
  // eq. T6d: a fused grouped MLP computes the activation (and its gradient) and the quantised
  // copies of its output in the GEMMs' epilogues; unfused, each is a pass through HBM.
  if (!s.fused_expert_mlp) {
    add_vector(p.routed_act, r, (m.ffn.gated ? 6 : 4) * f * rows);
    if (s.casts) add_vector(p.casts, r, 3 * f * rows);
  }
  p.routed.act += rows * (gemm_input_bytes(s) * h + 2 * up) + sent * 2 * h;  // expert inputs, SwiGLU inputs; outputs for the combine
  p.routed_act.act += rows * gemm_input_bytes(s) * f;
  if (e.shared_experts > 0) {
    const double sf = d(e.shared_experts) * f, sup = d(e.shared_experts) * up;
    add_gemm(p.shared, r, T, sup / t, h);
    add_gemm(p.shared, r, T, h, sf / t);
    add_vector(p.shared, r, (m.ffn.gated ? 6 : 4) * sf / t * T);
    p.shared.act += (2 * sup + gemm_input_bytes(s) * sf) / t * T;
  }
}

/// eq. T6c: bytes the two residual connections of a layer move per token. Plain: two
/// bias-dropout-residual adds, 7h each. With n hyper-connection streams (DeepSeek-V4's mHC) each
/// sublayer's mixers, fused, read the n streams once for the mixing weights and the pre-mix and write
/// the sublayer's input (n + 1 rows of h), then read its output and the streams and write the new
/// streams (2n + 1): (3n + 2) rows of h in BF16.
double residual_bytes_per_token(const catalog::ModelProfile& m) {
  const double h = m.hidden;
  if (m.hc_mult <= 0) return 14 * h;
  return 2 * (3.0 * m.hc_mult + 2) * 2 * h;
}

/// One all-to-all of `bytes_per_element` per hidden element of every routed token copy: remote
/// nodes over the NIC and the fan-out inside the node over the scale-up links, concurrently.
double all_to_all_s(const LayerSetup& s, double bytes_per_element) {
  const auto& m = *s.model;
  // The busiest rank's traffic: its own rows sent, or the rows its experts receive (eq. M1),
  // whichever is more; with rows_per_rank stated the two differ (eq. I14: uneven prompts).
  const double own = s.rows_per_rank >= 0 ? std::max(s.tokens / s.tp, s.rows_per_rank / m.moe->top_k) : s.tokens / s.tp * s.imbalance;
  const double inter = own * s.remote_nodes * m.hidden * bytes_per_element;
  const double intra = own * m.moe->top_k * (1 - 1 / s.ep) * m.hidden * bytes_per_element;
  return std::max(inter / s.scale_out_bytes_per_s, intra / s.scale_up_bytes_per_s) + s.all_to_all_latency_s;
}

/// Calls `f(part)` for each part the selective recomputation of `modules` repeats.
template <class F>
void for_each_picked(const LayerParts& p, unsigned modules, F f) {
  auto visit = [&](RecomputeModule mod, const Part& part) {
    if (modules & module_bit(mod)) f(part);
  };
  visit(RecomputeModule::core_attn, p.core);
  visit(RecomputeModule::layernorm, p.norm);
  visit(RecomputeModule::mla_up_proj, p.mla_up);
  visit(RecomputeModule::mlp, p.ffn);
  visit(RecomputeModule::mlp, p.ffn_act);
  visit(RecomputeModule::moe, p.routed);
  visit(RecomputeModule::moe, p.routed_act);
  visit(RecomputeModule::moe_act, p.routed_act);
  visit(RecomputeModule::moe_act, p.ffn_act);
  visit(RecomputeModule::shared_experts, p.shared);
}

double pick(const LayerParts& p, unsigned modules, double Part::*what) {
  double v = 0;
  for_each_picked(p, modules, [&](const Part& part) { v += part.*what; });
  return v;
}

/// Calls `f(part)` for every part of the layer.
template <class F>
void for_each_part(const LayerParts& p, F f) {
  for (const Part* part : {&p.norm, &p.residual, &p.attn_proj, &p.mla_up, &p.core, &p.casts, &p.ffn, &p.ffn_act, &p.router, &p.routed,
                           &p.routed_act, &p.shared}) {
    f(*part);
  }
}

double sum(const LayerParts& p, double Part::*what) {
  double v = 0;
  for_each_part(p, [&](const Part& part) { v += part.*what; });
  return v;
}

/// One pass of the layer's kernels (`all` seconds: the parts' `total` summed) by kind: the
/// attention core is attention whatever its kernels, the routed experts' GEMMs expert matmuls,
/// every other element-wise kernel element-wise, every other GEMM a dense matmul (the rest).
KernelSplit pass_split(const LayerParts& p, double Part::*total, double Part::*vec, double all) {
  KernelSplit k;
  k.attention = p.core.*total;
  k.expert_matmul = p.routed.*total - p.routed.*vec;
  k.elementwise = sum(p, vec) - p.core.*vec;
  k.matmul = all - k.attention - k.expert_matmul - k.elementwise;
  return k;
}

/// The kernels of a training layer by kind: its forward and backward (`c`'s compute), plus what
/// the recomputation policy repeats (c.recompute.compute, split the same way).
KernelSplit training_split(const LayerParts& p, const LayerCost& c, Recompute policy, unsigned modules) {
  const KernelSplit fwd = pass_split(p, &Part::fwd, &Part::vec_fwd, c.fwd.compute);
  KernelSplit k = fwd;
  k.add(pass_split(p, &Part::bwd, &Part::vec_bwd, c.bwd.compute), 1);
  if (policy == Recompute::full) {
    k.add(fwd, 1);
  } else if (policy == Recompute::op) {
    k.attention += p.per_op_attention;
    k.matmul += p.per_op.fwd - p.per_op_attention;
    k.elementwise += c.recompute.compute - p.per_op.fwd;  // the element-wise kernels it repeats
  } else {
    for_each_picked(p, modules, [&](const Part& part) {
      if (&part == &p.core) {
        k.attention += part.fwd;
        return;
      }
      k.elementwise += part.vec_fwd;
      (&part == &p.routed ? k.expert_matmul : k.matmul) += part.fwd - part.vec_fwd;
    });
  }
  return k;
}

}  // namespace

LayerCost layer_cost(const LayerSetup& setup, bool moe_layer, bool training, Recompute policy, unsigned modules) {
  LayerSetup s = setup;
  s.rates.with_backward = training;
  if (s.expert_rates) s.expert_rates->with_backward = training;
  const auto& m = *s.model;
  const auto& r = s.rates;
  const double h = m.hidden, t = s.tp, T = s.tokens;
  const double sp_rows = s.sequence_parallel ? T / t : T;
  LayerParts p;
  add_vector(p.norm, r, 8 * h * sp_rows);       // two norms: read and write h each
  add_vector(p.residual, r, residual_bytes_per_token(m) * sp_rows);
  p.norm.act += 4 * h * sp_rows;
  const AttentionWidths w = widths(m);
  attention_projections(s, w, p);
  attention_core(s, w, p);
  if (moe_layer && m.moe) {
    moe_block(s, p);
  } else {
    dense_ffn(s, p);
  }
  p.ffn.act += gemm_input_bytes(s) * h * sp_rows;  // the feed-forward block's input

  LayerCost c;
  c.fwd.compute = sum(p, &Part::fwd);
  // eq. T7: two TP collectives per pass (all-reduce, or reduce-scatter + all-gather with
  // sequence parallelism: the same volume), each 2(t-1) ring steps (their latency: eq. C4).
  if (s.tp > 1) c.fwd.tp_comm = 2 * (2 * (t - 1) / t * T * h * 2 / s.tp_bytes_per_s + s.tp_latency_s);
  // eq. T8: dispatch (in the matmul format) and combine (BF16).
  if (moe_layer && m.moe && s.ep > 1) c.fwd.ep_comm = all_to_all_s(s, s.dispatch_bytes) + all_to_all_s(s, 2);
  if (!training) {
    if (s.split_kernels) c.kernels = pass_split(p, &Part::fwd, &Part::vec_fwd, c.fwd.compute);
    return c;
  }
  c.bwd.compute = sum(p, &Part::bwd);
  c.bwd.tp_comm = c.fwd.tp_comm;
  if (moe_layer && m.moe && s.ep > 1) c.bwd.ep_comm = 2 * all_to_all_s(s, 2);
  if (policy == Recompute::full) {
    c.recompute = c.fwd;
    c.activation_bytes = 2 * h * sp_rows;  // only the layer's input is kept
  } else if (policy == Recompute::op) {
    // eq. T6b: the GEMMs per-op SAC does not keep, every element-wise kernel up to the last one
    // the backward needs (both norms, the first residual add, the activation, the casts), and
    // the all-gathers (reduce-scatter outputs are kept); the layer's input plus what it saves.
    c.recompute.compute = p.per_op.fwd + p.norm.fwd + p.residual.fwd / 2 + p.ffn_act.fwd + p.casts.fwd;
    c.recompute.tp_comm = c.fwd.tp_comm / 2;
    c.activation_bytes = 2 * h * sp_rows + p.per_op.act;
  } else {
    c.recompute.compute = pick(p, modules, &Part::fwd);
    c.activation_bytes = sum(p, &Part::act) - pick(p, modules, &Part::act);
  }
  c.kernels = training_split(p, c, policy, modules);
  return c;
}

LayerCost head_cost(const LayerSetup& setup, bool training) {
  LayerSetup s = setup;
  s.rates.with_backward = training;
  const auto& m = *s.model;
  const auto& r = s.rates;
  const double h = m.hidden, t = s.tp, T = s.tokens, V = m.vocab;
  const double sp_rows = s.sequence_parallel ? T / t : T;
  Part head;
  add_vector(head, r, 4 * h * sp_rows);  // final norm
  add_gemm(head, r, T, V / t, h);        // vocabulary projection
  if (training) add_vector(head, r, 8 * V / t * T);  // softmax cross-entropy over the logits
  LayerCost c;
  c.fwd.compute = head.fwd;
  if (training) c.bwd.compute = head.bwd;
  c.kernels.elementwise = head.vec_fwd + head.vec_bwd;
  c.kernels.matmul = head.fwd + head.bwd - c.kernels.elementwise;
  return c;
}

}  // namespace flopcast::perf::detail
