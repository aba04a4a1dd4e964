// Exhaustive layout search over the step model (docs/models/training.md, "plan").
#include "flopcast/perf/layout_search.hpp"

#include <algorithm>

namespace flopcast::perf {
namespace {

std::vector<int> powers_of_two_up_to(long long limit) {
  std::vector<int> out;
  for (long long v = 1; v <= limit; v *= 2) out.push_back(static_cast<int>(v));
  return out;
}

/// Expert-parallel degrees: divisors of the routed experts (1 for dense models).
std::vector<int> ep_choices(const catalog::ModelProfile& m, long long limit) {
  if (!m.moe) return {1};
  // Divisor pairs up to the square root: O(sqrt(n)) even for a billion experts (a scan of every
  // candidate took tens of seconds there).
  std::vector<int> out;
  const int n = m.moe->routed_experts;
  for (int d = 1; static_cast<long long>(d) * d <= n; ++d) {
    if (n % d != 0) continue;
    if (d <= limit) out.push_back(d);
    if (n / d != d && n / d <= limit) out.push_back(n / d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Schedule {
  PipelineSchedule kind;
  int virtual_stages;
};

}  // namespace

std::vector<LayoutCandidate> search_layouts(const LayoutSearchInputs& in, LayoutSearchStats* stats) {
  const auto& m = *in.base.model;
  const auto& chip = *in.base.chip;
  std::vector<LayoutCandidate> best;
  best.reserve(in.keep + 1);
  LayoutSearchStats local;
  // TP stays inside one scale-up domain and divides the heads; PP at most one layer per stage.
  // TP beyond 16 is not used in practice (per-GPU GEMMs become too thin); PP keeps at least two
  // layers per stage (per virtual stage for interleaving); DualPipe needs at least 4 stages.
  const long long tp_limit = std::min<long long>({std::max(1, chip.scale_up_domain), m.attention.heads, 16});
  const bool long_context = in.base.sequence_length >= 16384;
  TrainingStepInputs step = in.base;
  for (int tp : powers_of_two_up_to(tp_limit)) {
    if (m.attention.heads % tp != 0) continue;
    for (int pp : powers_of_two_up_to(std::min<long long>(m.layers / 2, in.chips / tp))) {
      for (int cp : powers_of_two_up_to(long_context ? 32 : 1)) {
        const long long per_replica = static_cast<long long>(tp) * pp * cp;
        const long long dp = in.chips / per_replica;
        if (dp < 1) continue;
        for (int ep : ep_choices(m, static_cast<long long>(tp) * cp * dp)) {
          if ((static_cast<long long>(tp) * cp * dp) % ep != 0) continue;
          for (int mb : {1, 2, 4, 8}) {
            if (in.base.global_batch_sequences < static_cast<double>(dp) * mb) continue;
            Schedule schedules[4] = {{PipelineSchedule::one_f_one_b, 1}, {PipelineSchedule::interleaved, 2},
                                     {PipelineSchedule::interleaved, 4}, {PipelineSchedule::dualpipe, 1}};
            for (const auto& sched : schedules) {
              if (pp == 1 && sched.kind != PipelineSchedule::one_f_one_b) continue;
              if (sched.kind == PipelineSchedule::dualpipe && (!m.moe || pp < 4)) continue;
              if (static_cast<long long>(pp) * sched.virtual_stages * 2 > m.layers) continue;
              for (int zero : {1, 3}) {
                for (Recompute rc : {Recompute::selective, Recompute::full}) {
                  step.layout = {tp, pp, ep, cp, static_cast<int>(dp), mb, sched.virtual_stages, sched.kind, zero, rc};
                  const auto e = estimate_training_step(step);
                  ++local.evaluated;
                  if (!e.feasible) continue;
                  ++local.feasible;
                  const double total = e.tokens_per_s_per_chip * static_cast<double>(step.layout.chips());
                  auto total_of = [](const LayoutCandidate& c) { return c.estimate.tokens_per_s_per_chip * static_cast<double>(c.layout.chips()); };
                  if (best.size() == in.keep && total <= total_of(best.back())) continue;
                  // Insert keeping best-first order; equal throughput keeps enumeration order.
                  auto pos = std::upper_bound(best.begin(), best.end(), total,
                                              [&](double v, const LayoutCandidate& c) { return v > total_of(c); });
                  best.insert(pos, {step.layout, e});
                  if (best.size() > in.keep) best.pop_back();
                }
              }
            }
          }
        }
      }
    }
  }
  if (stats) *stats = local;
  return best;
}

}  // namespace flopcast::perf
