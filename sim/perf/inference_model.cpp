// Serving model (eq. I1-I9 in docs/models/inference.md): prefill per token and decode per step
// as sums of per-operation rooflines plus exposed communication, on a replica of n chips.
#include "flopcast/perf/inference_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "collectives.hpp"
#include "kernel_time.hpp"
#include "layer_time.hpp"
#include "flopcast/perf/moe_routing.hpp"
#include "flopcast/core/assert.hpp"

namespace flopcast::perf {
namespace {

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

/// Everything about one model on one chip type that does not depend on replica size or batch.
struct ServingShape {
  const InferenceInputs* in = nullptr;
  const Calibration* cal = nullptr;
  detail::KernelRates rates;
  double peak = 0, eff = 0, hbm = 0;
  std::optional<double> stated_imbalance;      // the user's measured imbalance, if given
  double dense_mm = 0, routed_mm = 0;          // matmul weights per token (eq. I1)
  double dense_bytes = 0, expert_bytes = 0;    // all weights, by kind
  double kv_bytes_per_seq = 0, context = 0;
  double moe_layers = 0;
  double prompt_rows_per_sequence = 0;         // prompt tokens each decode step carries per sequence (eq. I12)
  double redundant = 0;                        // extra expert copies per MoE layer (eq. I11)
  double redundant_bytes = 0;                  // their weights over all MoE layers
  bool moe = false;
};

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
  const double bpw = bytes_per_weight(in.precision);
  s.expert_bytes = catalog::routed_expert_params(m) * bpw;
  s.dense_bytes = catalog::total_params(m) * bpw - s.expert_bytes;
  // Redundant copies are whole experts (a sweep may sample fractions); dense models have none.
  const double experts = s.moe ? static_cast<double>(m.moe->routed_experts) : 0.0;
  s.redundant = experts > 0 ? std::floor(in.redundant_experts) : 0.0;
  s.redundant_bytes = experts > 0 ? s.redundant * s.expert_bytes / experts : 0.0;
  // A stated imbalance is what the user measured with their own placement: it wins.
  s.stated_imbalance = in.expert_imbalance;
  s.context = in.input_tokens + in.output_tokens / 2.0;  // average context over the decode
  // Sequences in a continuous batch are on average halfway through their output.
  s.kv_bytes_per_seq = (catalog::kv_elements_per_token(m) * s.context +
                        catalog::state_elements_per_sequence(m)) * in.kv_bytes_per_element;
  s.moe_layers = s.moe ? static_cast<double>(m.layers - m.moe->dense_layers) : 0.0;
  // eq. I12: in steady state a server admits prompt tokens at the rate it finishes output
  // tokens, so each step carries (input / output) prompt tokens per output token emitted.
  const double emitted = 1 + in.draft_tokens * in.draft_acceptance;
  s.prompt_rows_per_sequence = in.chunked_prefill && in.output_tokens > 0 ? emitted * in.input_tokens / in.output_tokens : 0.0;
  return s;
}

/// Weights resident on each chip of an n-chip replica (eq. I2): MoE experts spread over the
/// replica; the dense part (attention, shared experts, embeddings) either replicated per chip
/// (data-parallel attention: no all-reduce, but every chip streams all of it) or sharded with
/// tensor parallelism (less to stream, all-reduces per layer). Dense models are always sharded.
struct Placement {
  double n = 1;
  double dense_per_chip = 0, expert_per_chip = 0;
  bool dense_sharded = false;
};

Placement place(const ServingShape& s, double n, bool shard_dense) {
  Placement p;
  p.n = n;
  p.expert_per_chip = (s.expert_bytes + s.redundant_bytes) / n;  // redundant copies spread like the rest (eq. I11)
  p.dense_sharded = !s.moe || shard_dense;
  p.dense_per_chip = p.dense_sharded ? s.dense_bytes / n : s.dense_bytes;
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

ForwardPass forward_pass(const ServingShape& s, const Placement& p, double rows, double keys, double kv_bytes, double head_rows) {
  const auto& m = *s.in->model;
  const auto& chip = *s.in->chip;
  const auto& cal = *s.cal;
  detail::LayerSetup ls;
  ls.model = s.in->model;
  ls.rates = s.rates;
  const int t = p.dense_sharded ? static_cast<int>(p.n) : 1;
  ls.tp = t;
  ls.tokens = rows * t;
  ls.keys = keys;
  ls.casts = catalog::bit_length(s.in->precision) < 16;
  ls.sequence_parallel = false;
  ls.tp_bytes_per_s = detail::group_bandwidth(chip, t, cal);
  ls.latency_s = cal.collective_latency_s;
  const double layers = std::max(1, m.layers);
  ls.decode_kv_bytes = kv_bytes / layers;
  ForwardPass f;
  if (s.moe && p.n > 1) {
    const double domain = std::max(1, chip.scale_up_domain);
    const auto& e = *m.moe;
    ls.ep = p.n;
    f.imbalance = routing_imbalance(s, p, rows);
    ls.imbalance = f.imbalance;
    ls.remote_nodes = perf::remote_nodes_per_token(e.top_k, std::ceil(p.n / domain), 0);
    ls.dispatch_bytes = catalog::bit_length(s.in->precision) <= 8 ? 1.0 : 2.0;
    const double up_eff = chip.scale_up_efficiency > 0 ? chip.scale_up_efficiency : cal.link_efficiency;
    ls.scale_up_bytes_per_s = detail::scale_up_bandwidth(chip) * up_eff;
    ls.scale_out_bytes_per_s = detail::scale_out_bandwidth(chip) * cal.link_efficiency;
  } else if (s.moe && s.stated_imbalance) {
    f.imbalance = *s.stated_imbalance;
  }
  auto pass = [&](const detail::LayerCost& c) {
    return c.fwd.compute + c.fwd.tp_comm * (1 - cal.tp_overlap) + c.fwd.ep_comm * (1 - cal.ep_overlap_serving);
  };
  const double moe_layers = s.moe_layers;
  double sec = (static_cast<double>(m.layers) - moe_layers) * pass(detail::layer_cost(ls, false, false, false, 0));
  if (moe_layers > 0) {
    detail::LayerSetup moe = ls;
    // Two-batch overlap runs the all-to-all on communication kernels beside the compute.
    if (ls.ep > 1) moe.rates.compute_share = 1 - cal.comm_unit_share;
    sec += moe_layers * pass(detail::layer_cost(moe, true, false, false, 0));
  }
  detail::LayerSetup head = ls;
  head.tokens = head_rows * t;
  sec += pass(detail::head_cost(head, false));
  f.seconds = sec;
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
  return forward_pass(s, p, rows, s.in->input_tokens / 2.0, 0, rows / std::max(1.0, s.in->input_tokens)).seconds / rows;
}

/// eq. I7: one decode step with `batch` sequences per chip, each verifying 1 + draft tokens;
/// eq. I12: with chunked prefill the step also carries its prompt chunk (rows that share the
/// weight reads, attending on average to half a prompt; the LM head runs once per prompt).
double decode_step_s(const ServingShape& s, const Placement& p, double batch) {
  const double tokens = batch * (1 + s.in->draft_tokens);
  const double prompt = batch * s.prompt_rows_per_sequence;
  const double rows = tokens + prompt;
  const double keys = (tokens * s.context + prompt * s.in->input_tokens / 2) / rows;
  const double head_rows = tokens + (prompt > 0 ? prompt / std::max(1.0, s.in->input_tokens) : 0.0);
  // A sharded replica holds 1/n of each sequence's cache for n times the sequences: per chip
  // the same bytes as `batch` whole caches.
  return forward_pass(s, p, rows, keys, batch * s.kv_bytes_per_seq, head_rows).seconds;
}

struct Decode {
  bool feasible = false;
  double batch = 0, step = 0, tokens_per_s = 0;
  DecodeBound bound = DecodeBound::none;
  std::string reason;
};

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
  double max_batch = s.kv_bytes_per_seq > 0 ? std::floor(room / s.kv_bytes_per_seq) : 4096.0;
  r.bound = s.kv_bytes_per_seq > 0 ? DecodeBound::kv_capacity : DecodeBound::none;
  if (s.in->batch_per_chip) {
    if (*s.in->batch_per_chip > max_batch) {
      r.reason = "a batch of " + number_text(*s.in->batch_per_chip) + " sequences per chip does not fit in HBM" + redundant_note(s, p);
      return r;
    }
    max_batch = *s.in->batch_per_chip;
    r.bound = DecodeBound::fixed;
  }
  if (max_batch < 1) {
    r.reason = "no room for one sequence's KV cache" + redundant_note(s, p);
    return r;
  }
  double batch = max_batch;
  if (s.in->tpot_target_s && !s.in->batch_per_chip) {
    const double target = *s.in->tpot_target_s * emitted;  // a step may take TPOT x tokens emitted
    if (decode_step_s(s, p, 1) > target) {
      r.reason = "even one sequence misses the TPOT target";
      return r;
    }
    if (decode_step_s(s, p, batch) > target) {
      double lo = 1, hi = batch;  // step time grows with batch: bisect for the largest that meets TPOT
      while (hi - lo > 1) {
        const double mid = std::floor((lo + hi) / 2);
        (decode_step_s(s, p, mid) <= target ? lo : hi) = mid;
      }
      batch = lo;
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
    const double rows_per_sequence = (1 + s.in->draft_tokens + s.prompt_rows_per_sequence) * (p.dense_sharded ? p.n : 1.0);
    for (double align : {64.0, 128.0}) {
      const double aligned = std::floor(batch * rows_per_sequence / align) * align / rows_per_sequence;
      if (!(aligned >= 1) || aligned >= batch) continue;
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
    {PrefillScheduling::separate, "separate", "prompts run in their own forward passes between decode steps"},
};
}  // namespace

std::span<const core::EnumName<PrefillScheduling>> prefill_scheduling_names() { return kPrefillScheduling; }

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

InferenceEstimate estimate_inference(const InferenceInputs& in) {
  FLOPCAST_ASSERT(in.model && in.chip, "inference inputs need a model and a chip");
  const Calibration& cal = in.calibration ? *in.calibration : default_calibration();
  InferenceEstimate e;
  const auto& chip = *in.chip;
  if (!chip.supports(in.precision)) {
    e.feasible = false;
    e.reason = chip.id + " has no " + std::string(core::enum_token(catalog::precision_names(), in.precision)) + " throughput in the catalog";
    return e;
  }
  if (in.model->declared_only) {
    e.feasible = false;
    e.reason = in.model->id + " has no dimensions (published totals only)";
    return e;
  }
  if (!(in.redundant_experts >= 0)) {  // a sampled value may be negative; the scenario binder refuses one
    e.feasible = false;
    e.reason = "redundant_experts must be 0 or more, found " + number_text(in.redundant_experts);
    return e;
  }
  const ServingShape s = make_shape(in, cal);
  const double usable = chip.usable_hbm_bytes() * (1.0 - in.hbm_reserve_fraction);
  const auto number = number_text;
  // One sequence's KV cache is not split across a replica: if it does not fit in a chip, no
  // replica size helps (and the search below would never find one).
  if (!(usable > s.kv_bytes_per_seq)) {
    e.feasible = false;
    e.reason = "one sequence's KV cache (" + number(s.kv_bytes_per_seq / 1e9) + " GB) does not fit in the " + number(usable / 1e9) +
               " GB of usable HBM of " + chip.id;
    return e;
  }
  const double max_chips = in.max_replica_chips > 0 ? in.max_replica_chips : 1e9;
  if (in.replica_chips > max_chips) {
    e.feasible = false;
    e.reason = "replica_chips (" + std::to_string(in.replica_chips) + ") exceeds the pool's " + number(max_chips) + " chips";
    return e;
  }
  // The smallest replica whose chips hold their share of the weights plus one sequence's cache
  // (dense weights may be replicated, so try sizes rather than divide).
  double n_min = std::max(1.0, std::ceil((s.dense_bytes + s.expert_bytes + s.redundant_bytes + s.kv_bytes_per_seq) / usable));
  for (int guard = 0; guard < 64; ++guard) {
    const Placement p = place(s, n_min, true);
    if (p.dense_per_chip + p.expert_per_chip + s.kv_bytes_per_seq <= usable) break;
    n_min *= 2;
  }
  if (in.replica_chips == 0 && !(n_min <= max_chips)) {
    e.feasible = false;
    e.reason = "one copy of the weights" + (s.redundant > 0 ? " with " + number(s.redundant) + " redundant experts" : std::string()) +
               " needs " + number(n_min) + " chips of " + chip.id + " or more" +
               (in.max_replica_chips > 0 ? "; the pool has " + number(max_chips) : "");
    return e;
  }
  // eq. I4: a given replica size, or the one (1x..64x the minimum) with the most decode tokens/s
  // per chip; for MoE models both placements of the dense part are tried.
  Decode best;
  Placement best_p;
  std::string why_not;
  double tried_min = 0, tried_max = 0;
  const int tries = in.replica_chips > 0 ? 1 : 7;
  for (int k = 0; k < 2 * tries; ++k) {
    const double n = in.replica_chips > 0 ? in.replica_chips : n_min * (1 << (k / 2));
    if (n > max_chips) break;  // larger replicas than the pool holds are not tried
    const bool shard_dense = k % 2 == 1;
    if (shard_dense && !s.moe) continue;  // dense models: one placement
    if (shard_dense && in.attention_parallelism == AttentionParallelism::data) continue;
    if (!shard_dense && s.moe && in.attention_parallelism == AttentionParallelism::tensor) continue;
    const Placement p = place(s, n, shard_dense);
    const Decode d = decode_on(s, p, usable);
    tried_min = tried_min > 0 ? std::min(tried_min, n) : n;
    tried_max = std::max(tried_max, n);
    if (!d.feasible) {
      // Keep the most telling reason: the weights not fitting is only news if nothing else failed.
      if (why_not.empty() || why_not.rfind("the weights", 0) == 0) {
        why_not = d.reason + " on a " + number_text(n) + "-chip replica";
      }
      continue;
    }
    if (!best.feasible || d.tokens_per_s > best.tokens_per_s * (1 + 1e-9)) {
      best = d;
      best_p = p;
    }
  }
  if (!best.feasible) {
    e.feasible = false;
    e.replica_chips = static_cast<int>(in.replica_chips > 0 ? in.replica_chips : n_min);
    e.reason = why_not;
    if (tried_max > tried_min) e.reason += " (no replica size from " + number_text(tried_min) + " to " + number_text(tried_max) + " chips is feasible)";
    return e;
  }
  e.replica_chips = static_cast<int>(best_p.n);
  e.expert_imbalance = routing_imbalance(s, best_p, best.batch * (1 + in.draft_tokens));
  e.hbm_headroom_bytes_per_chip = usable - best_p.dense_per_chip - best_p.expert_per_chip;
  e.prefill_tokens_per_s_per_chip = 1.0 / prefill_s_per_token(s, best_p);
  const double extra_s = in.extra_prefill_flops / (s.peak * s.eff);  // a vision encoder at large-GEMM efficiency  // chip-seconds of e.g. a vision encoder
  e.ttft_s = (in.input_tokens / e.prefill_tokens_per_s_per_chip + extra_s) / best_p.n;
  e.ttft_met = !in.ttft_target_s || e.ttft_s <= *in.ttft_target_s;
  e.decode_batch_per_chip = best.batch;
  e.decode_bound = best.bound;
  e.decode_step_s = best.step;
  e.tpot_s = best.step / (1 + in.draft_tokens * in.draft_acceptance);
  e.prefill_chip_seconds_per_request = in.input_tokens / e.prefill_tokens_per_s_per_chip + extra_s;
  if (s.prompt_rows_per_sequence > 0) {
    // eq. I12: the steps carry the prompts, so the output rate includes them; decode alone
    // (a decode benchmark's figure) is the same batch without its prompt chunk.
    ServingShape decode_only = s;
    decode_only.prompt_rows_per_sequence = 0;
    e.decode_tokens_per_s_per_chip = best.batch * (1 + in.draft_tokens * in.draft_acceptance) / decode_step_s(decode_only, best_p, best.batch);
    e.chip_seconds_per_request = in.output_tokens / best.tokens_per_s + extra_s;
  } else {
    // eq. I9: chip-seconds per request, and the system's output rate with prefill included.
    e.decode_tokens_per_s_per_chip = best.tokens_per_s;
    e.chip_seconds_per_request = e.prefill_chip_seconds_per_request + in.output_tokens / e.decode_tokens_per_s_per_chip;
  }
  e.output_tokens_per_s_per_chip = in.output_tokens / e.chip_seconds_per_request;
  return e;
}

}  // namespace flopcast::perf
