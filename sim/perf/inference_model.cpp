// First-order serving model: prefill is compute-bound, decode is the roofline of weight and
// KV-cache reads against matmul compute, with the batch bounded by HBM capacity and TPOT.
#include "flopcast/perf/inference_estimate.hpp"

#include <algorithm>
#include <cmath>

#include "flopcast/core/assert.hpp"

namespace flopcast::perf {
namespace {

double bytes_per_weight(catalog::Precision p) { return catalog::bit_length(p) / 8.0; }

/// Decode step time for `batch` sequences on one replica of `n` chips (eq. I3).
double decode_step_s(const InferenceInputs& in, double n, double batch, double weight_bytes, double kv_bytes_per_seq) {
  const auto& m = *in.model;
  const double flops = batch * catalog::forward_flops_per_token(m, in.input_tokens + in.output_tokens / 2.0);
  const double compute_s = flops / (n * in.chip->peak(in.precision) * in.compute_utilisation);
  // MoE: a small batch touches only the experts its tokens route to; never more than all weights.
  const double touched = std::min(weight_bytes, batch * catalog::active_params(m) * bytes_per_weight(in.precision));
  const double memory_s = (touched + batch * kv_bytes_per_seq) / (n * in.chip->hbm_bytes_per_s * in.memory_utilisation);
  return std::max(compute_s, memory_s);
}

struct ReplicaDecode {
  bool feasible = false;
  double chips = 0;
  double batch = 0;
  DecodeBound bound = DecodeBound::none;
  double step_s = 0;
  double tokens_per_s_per_chip = 0;
};

/// Decode on a replica of `n` chips: the batch is bounded by KV capacity, then by TPOT (eq. I3).
ReplicaDecode decode_on_replica(const InferenceInputs& in, double n, double weight_bytes, double kv_bytes_per_seq, double usable) {
  ReplicaDecode r;
  r.chips = n;
  double batch = 1024;  // no per-sequence state: only TPOT or compute limits the batch
  r.bound = DecodeBound::none;
  if (kv_bytes_per_seq > 0) {
    batch = std::floor((n * usable - weight_bytes) / kv_bytes_per_seq);
    r.bound = DecodeBound::kv_capacity;
    if (batch < 1) return r;
  }
  if (in.tpot_target_s) {
    if (decode_step_s(in, n, 1, weight_bytes, kv_bytes_per_seq) > *in.tpot_target_s) return r;
    if (decode_step_s(in, n, batch, weight_bytes, kv_bytes_per_seq) > *in.tpot_target_s) {
      double lo = 1, hi = batch;  // step time grows with batch: bisect for the largest batch that meets TPOT
      while (hi - lo > 1) {
        const double mid = std::floor((lo + hi) / 2);
        (decode_step_s(in, n, mid, weight_bytes, kv_bytes_per_seq) <= *in.tpot_target_s ? lo : hi) = mid;
      }
      batch = lo;
      r.bound = DecodeBound::tpot_target;
    }
  }
  r.feasible = true;
  r.batch = batch;
  r.step_s = decode_step_s(in, n, batch, weight_bytes, kv_bytes_per_seq);
  r.tokens_per_s_per_chip = batch / r.step_s / n;
  return r;
}

}  // namespace

InferenceEstimate estimate_inference(const InferenceInputs& in) {
  FLOPCAST_ASSERT(in.model && in.chip, "inference inputs need a model and a chip");
  InferenceEstimate e;
  const auto& m = *in.model;
  const auto& chip = *in.chip;
  if (!chip.supports(in.precision)) {
    e.feasible = false;
    e.reason = chip.id + " has no " + std::string(core::enum_token(catalog::precision_names(), in.precision)) +
               " throughput in the catalog";
    return e;
  }
  // eq. I1: prefill of a prompt of length L attends L/2 positions per token on average.
  const double prefill_flops = catalog::forward_flops_per_token(m, in.input_tokens / 2.0);
  e.prefill_tokens_per_s_per_chip = chip.peak(in.precision) * in.compute_utilisation / prefill_flops;

  // eq. I2: the smallest replica whose HBM holds the weights plus at least one sequence's cache.
  const double weight_bytes = catalog::total_params(m) * bytes_per_weight(in.precision);
  const double context = in.input_tokens + in.output_tokens;
  const double kv_bytes_per_seq = (catalog::kv_elements_per_token(m) * context + catalog::state_elements_per_sequence(m)) *
                                  in.kv_bytes_per_element;
  const double usable = chip.usable_hbm_bytes() * (1.0 - in.hbm_reserve_fraction);
  const double n_min = std::max(1.0, std::ceil((weight_bytes + kv_bytes_per_seq) / usable));
  // eq. I3b: spreading one replica over more chips (wider expert/tensor parallelism) adds HBM
  // for the KV cache and bandwidth for the weights; try 1x..64x the minimum and keep the
  // replica size with the most decode tokens/s per chip (the smallest on ties).
  bool any_feasible = false;
  for (int k = 0; k <= 6; ++k) {
    const auto d = decode_on_replica(in, n_min * (1 << k), weight_bytes, kv_bytes_per_seq, usable);
    if (!d.feasible) continue;
    if (!any_feasible || d.tokens_per_s_per_chip > e.decode_tokens_per_s_per_chip * (1 + 1e-9)) {
      e.replica_chips = static_cast<int>(d.chips);
      e.decode_batch_per_replica = d.batch;
      e.decode_bound = d.bound;
      e.decode_step_s = d.step_s;
      e.decode_tokens_per_s_per_chip = d.tokens_per_s_per_chip;
    }
    any_feasible = true;
  }
  if (!any_feasible) {
    e.feasible = false;
    e.replica_chips = static_cast<int>(n_min);
    e.reason = "even one sequence misses the TPOT target on replicas of " + std::to_string(e.replica_chips) + " to " +
               std::to_string(e.replica_chips * 64) + " chips";
    return e;
  }
  // eq. I4: chip-seconds one request costs, prefill plus decode.
  e.chip_seconds_per_request = in.input_tokens / e.prefill_tokens_per_s_per_chip +
                               in.output_tokens / e.decode_tokens_per_s_per_chip;
  return e;
}

}  // namespace flopcast::perf
