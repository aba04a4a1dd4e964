// Serving model, the replica (eq. I4, I9, I12 in docs/models/inference.md): the smallest replica
// that holds the weights, the replica size and placement with the most decode tokens/s per
// chip, and the rates of a request on it. The step model is in inference_model.cpp.
#include "flopcast/perf/inference_estimate.hpp"

#include <algorithm>
#include <cmath>

#include "flopcast/core/assert.hpp"
#include "serving_parts.hpp"

namespace flopcast::perf {
namespace detail {
namespace {

/// Why the inputs cannot be served on this chip at all, before any replica is sized; empty if
/// they can.
std::string input_problem(const InferenceInputs& in) {
  const auto& chip = *in.chip;
  if (!chip.supports(in.precision)) {
    return chip.id + " has no " + std::string(core::enum_token(catalog::precision_names(), in.precision)) + " throughput in the catalog";
  }
  if (in.expert_precision && !chip.supports(*in.expert_precision)) {
    return chip.id + " has no " + std::string(core::enum_token(catalog::precision_names(), *in.expert_precision)) +
           " throughput in the catalog (expert_precision)";
  }
  if (in.model->declared_only) return in.model->id + " has no dimensions (published totals only)";
  if (!(in.redundant_experts >= 0)) {  // a sampled value may be negative; the scenario binder refuses one
    return "redundant_experts must be 0 or more, found " + number_text(in.redundant_experts);
  }
  return "";
}

/// The smallest replica whose chips hold their share of the weights plus one sequence's cache
/// (dense weights may be replicated, so sizes are tried rather than divided).
double smallest_replica(const ServingShape& s, double usable) {
  double n_min = std::max(1.0, std::ceil((s.dense_bytes + s.expert_bytes + s.redundant_bytes + s.kv_bytes_per_seq) / usable));
  for (int guard = 0; guard < 64; ++guard) {
    const Placement p = place(s, n_min, true);
    if (p.dense_per_chip + p.expert_per_chip + s.kv_bytes_per_seq / p.chips_per_sequence() <= usable) break;
    n_min *= 2;
  }
  return n_min;
}

/// The replica eq. I4 chooses, or why none is feasible.
struct ReplicaChoice {
  Decode decode;
  Placement placement;
  std::string why_not;
  double tried_min = 0, tried_max = 0;
};

/// eq. I4: a given replica size, or the one (1x..64x the minimum) with the most decode tokens/s
/// per chip; for MoE models both placements of the dense part are tried.
ReplicaChoice choose_replica(const InferenceInputs& in, const ServingShape& s, double usable, double n_min, double max_chips) {
  ReplicaChoice c;
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
    c.tried_min = c.tried_min > 0 ? std::min(c.tried_min, n) : n;
    c.tried_max = std::max(c.tried_max, n);
    if (!d.feasible) {
      // Keep the most telling reason: the weights not fitting is only news if nothing else failed.
      if (c.why_not.empty() || c.why_not.rfind("the weights", 0) == 0) {
        c.why_not = d.reason + " on a " + number_text(n) + "-chip replica";
      }
      continue;
    }
    if (!c.decode.feasible || d.tokens_per_s > c.decode.tokens_per_s * (1 + 1e-9)) {
      c.decode = d;
      c.placement = p;
    }
  }
  return c;
}

/// Prefill, TTFT, decode and the chip-seconds of a request on the chosen replica (eq. I3, I9,
/// I12) into `e`.
void fill_rates(const InferenceInputs& in, const ServingShape& s, double usable, const ReplicaChoice& c, InferenceEstimate& e) {
  const Decode& best = c.decode;
  const Placement& best_p = c.placement;
  e.replica_chips = static_cast<int>(best_p.n);
  e.expert_imbalance = routing_imbalance(s, best_p, best.batch * (1 + in.draft_tokens));
  e.hbm_headroom_bytes_per_chip = usable - best_p.dense_per_chip - best_p.expert_per_chip;
  e.prefill_tokens_per_s_per_chip = 1.0 / prefill_s_per_token(s, best_p);
  const double extra_s = in.extra_prefill_flops / (s.peak * s.eff);  // chip-seconds of e.g. a vision encoder at large-GEMM efficiency
  e.ttft_s = (in.input_tokens / e.prefill_tokens_per_s_per_chip + extra_s) / best_p.n;
  e.ttft_met = !in.ttft_target_s || e.ttft_s <= *in.ttft_target_s;
  e.decode_batch_per_chip = best.batch;
  e.decode_bound = best.bound;
  e.decode_step_s = best.step;
  if (in.split_decode_step) decode_step_s(s, best_p, best.batch, &e.decode_split);  // the same step again, by part
  const double host_s = host_pass_s(s);
  e.decode_host_bound = host_s > 0 && host_s >= best.step;
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
  // eq. I13 at the largest batch the inputs allow, and the guard at the batch the estimate runs.
  const double largest = in.batch_per_chip ? *in.batch_per_chip
                         : s.kv_bytes_per_seq > 0 ? std::max(best.batch, std::floor(e.hbm_headroom_bytes_per_chip / s.kv_bytes_per_seq))
                                                  : best.batch;
  const double roofline_here = memory_roofline_tokens_per_s(s, best_p, best.batch);
  e.memory_roofline_tokens_per_s_per_chip = largest == best.batch ? roofline_here : memory_roofline_tokens_per_s(s, best_p, largest);
  const auto& m = *in.model;
  const double prompt_flops = 2 * (s.dense_mm + s.routed_mm - static_cast<double>(m.vocab) * m.hidden) +
                              catalog::attention_forward_flops_per_token(m, in.input_tokens / 2);
  e.prefill_compute_roofline_tokens_per_s_per_chip = prompt_flops > 0 ? std::max(s.peak, s.expert_rates.peak) / prompt_flops : 0.0;
  if (e.decode_tokens_per_s_per_chip > roofline_here * (1 + 1e-9)) {
    e.warnings |= static_cast<unsigned>(ServingWarning::above_memory_roofline);
  }
}

InferenceEstimate infeasible(std::string reason, int replica_chips = 0) {
  InferenceEstimate e;
  e.feasible = false;
  e.reason = std::move(reason);
  e.replica_chips = replica_chips;
  return e;
}

}  // namespace

}  // namespace detail

InferenceEstimate estimate_inference(const InferenceInputs& in) {
  FLOPCAST_ASSERT(in.model && in.chip, "inference inputs need a model and a chip");
  using namespace detail;  // the serving model's parts (serving_parts.hpp) and the steps above
  const Calibration& cal = in.calibration ? *in.calibration : default_calibration();
  const auto& chip = *in.chip;
  if (auto problem = input_problem(in); !problem.empty()) return infeasible(std::move(problem));
  const ServingShape s = make_shape(in, cal);
  const double usable = chip.usable_hbm_bytes() * (1.0 - in.hbm_reserve_fraction);
  const auto number = number_text;
  // One sequence's KV cache is not split across a replica: if it does not fit in a chip, no
  // replica size helps (and the search below would never find one).
  if (!(usable > s.kv_bytes_per_seq)) {
    return infeasible("one sequence's KV cache (" + number(s.kv_bytes_per_seq / 1e9) + " GB) does not fit in the " + number(usable / 1e9) +
                      " GB of usable HBM of " + chip.id);
  }
  const double max_chips = in.max_replica_chips > 0 ? in.max_replica_chips : 1e9;
  if (in.replica_chips > max_chips) {
    return infeasible("replica_chips (" + std::to_string(in.replica_chips) + ") exceeds the pool's " + number(max_chips) + " chips");
  }
  const double n_min = smallest_replica(s, usable);
  if (in.replica_chips == 0 && !(n_min <= max_chips)) {
    return infeasible("one copy of the weights" + (s.redundant > 0 ? " with " + number(s.redundant) + " redundant experts" : std::string()) +
                      " needs " + number(n_min) + " chips of " + chip.id + " or more" +
                      (in.max_replica_chips > 0 ? "; the pool has " + number(max_chips) : ""));
  }
  const ReplicaChoice c = choose_replica(in, s, usable, n_min, max_chips);
  if (!c.decode.feasible) {
    std::string reason = c.why_not;
    if (c.tried_max > c.tried_min) reason += " (no replica size from " + number(c.tried_min) + " to " + number(c.tried_max) + " chips is feasible)";
    return infeasible(std::move(reason), static_cast<int>(in.replica_chips > 0 ? in.replica_chips : n_min));
  }
  InferenceEstimate e;
  fill_rates(in, s, usable, c, e);
  return e;
}

}  // namespace flopcast::perf
