// Layout search over the step model (docs/models/training.md, "plan"): every combination of the
// dimensions below, with layouts that provably cannot enter the best `keep` skipped by an upper
// bound on their throughput before the step model prices them.
#include "flopcast/perf/layout_search.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "step_parts.hpp"

namespace flopcast::perf {
namespace {

std::vector<int> powers_of_two_up_to(long long limit) {
  std::vector<int> out;
  for (long long v = 1; v <= limit; v *= 2) out.push_back(static_cast<int>(v));
  return out;
}

/// The divisors of `n` up to `limit`, ascending, from the pairs up to the square root: O(sqrt(n))
/// even for a billion (a scan up to `n` hung the fuzzers on 1e9 experts or layers).
std::vector<int> divisors_up_to(int n, long long limit) {
  std::vector<int> small, large;
  for (int d = 1; static_cast<long long>(d) * d <= n; ++d) {
    if (n % d != 0) continue;
    if (d <= limit) small.push_back(d);
    if (n / d != d && n / d <= limit) large.push_back(n / d);
  }
  small.insert(small.end(), large.rbegin(), large.rend());
  return small;
}

/// Pipeline degrees: divisors of the layers up to half of them (at least two layers per stage),
/// so stages are equal; powers of two up to that when the layer count has few divisors.
std::vector<int> pp_choices(int layers, long long chips) {
  const long long limit = std::min<long long>(layers / 2, chips);
  std::vector<int> out = divisors_up_to(layers, limit), powers = powers_of_two_up_to(limit);
  out.insert(out.end(), powers.begin(), powers.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.empty()) out.push_back(1);
  return out;
}

/// Expert-parallel degrees: divisors of the routed experts (1 for dense models).
std::vector<int> ep_choices(const catalog::ModelProfile& m, long long limit) {
  if (!m.moe) return {1};
  return divisors_up_to(m.moe->routed_experts, limit);
}

struct Schedule {
  PipelineSchedule kind;
  int virtual_stages;
};

/// 1F1B, interleaved with every virtual-stage count that splits each stage's layers evenly
/// (at least one layer per chunk), and DualPipe for MoE models on at least four stages.
std::vector<Schedule> schedules_for(const catalog::ModelProfile& m, int pp) {
  std::vector<Schedule> out{{PipelineSchedule::one_f_one_b, 1}};
  if (pp == 1) return out;
  for (const int v : divisors_up_to(m.layers / pp, m.layers / pp)) {
    if (v >= 2) out.push_back({PipelineSchedule::interleaved, v});  // at least one layer per chunk
  }
  if (m.moe && pp >= 4 && pp % 2 == 0) out.push_back({PipelineSchedule::dualpipe, 1});
  return out;
}

/// Recomputation policies: none, selective of the attention core, selective of the attention
/// core and the norms (and MLA's up-projections where the model has them), full.
struct Policy {
  Recompute recompute;
  unsigned modules;
};

std::vector<Policy> policies_for(const catalog::ModelProfile& m) {
  unsigned wide = module_bit(RecomputeModule::core_attn) | module_bit(RecomputeModule::layernorm);
  if (m.attention.kind == catalog::AttentionKind::mla) wide |= module_bit(RecomputeModule::mla_up_proj);
  return {{Recompute::none, 0}, {Recompute::selective, 0}, {Recompute::selective, wide}, {Recompute::full, 0}};
}

/// An upper bound on a layout's tokens/s (all chips): every matmul and attention FLOP at the
/// chip's best efficiency, recomputation included, nothing else, plus the pipeline bubble.
/// The step model can only be slower, so a layout whose bound is below the k-th best is skipped.
double throughput_bound(const TrainingStepInputs& in, const ParallelLayout& l, double matmul_flops, double attention_flops) {
  const auto& chip = *in.chip;
  const double gemm_rate = chip.peak(in.precision) * (chip.efficiency(in.precision) > 0 ? chip.efficiency(in.precision) : 1.0);
  const double full = l.recompute == Recompute::full ? 1.0 : 0.0;
  const double seconds_per_token = matmul_flops * (1 + full / 3) / gemm_rate + attention_flops / chip.peak(in.precision);
  const double micro_batches = std::floor(in.global_batch_sequences / (static_cast<double>(l.dp) * l.micro_batch));
  double bubble = 0;
  if (l.pp > 1) {
    const double p = l.pp;
    bubble = l.schedule == PipelineSchedule::interleaved ? (p - 1) / l.virtual_stages
             : l.schedule == PipelineSchedule::dualpipe  ? std::max(0.0, p / 2 - 1)
                                                         : p - 1;
  }
  const double chips = static_cast<double>(l.chips());
  return chips / seconds_per_token * micro_batches / (micro_batches + bubble);
}


/// Keeps the best `keep` layouts, best first; equal throughput keeps the order of arrival.
class BestList {
 public:
  explicit BestList(std::size_t keep) : keep_(keep) { best_.reserve(keep + 1); }
  /// The throughput a layout must beat to enter (none while the list is not full).
  [[nodiscard]] double bar() const { return best_.size() == keep_ ? total_of(best_.back()) : -1.0; }
  void offer(const ParallelLayout& l, const TrainingStepEstimate& e) {
    const double total = e.tokens_per_s_per_chip * static_cast<double>(l.chips());
    if (best_.size() == keep_ && total <= bar()) return;
    auto pos = std::upper_bound(best_.begin(), best_.end(), total, [](double v, const LayoutCandidate& c) { return v > total_of(c); });
    best_.insert(pos, {l, e});
    if (best_.size() > keep_) best_.pop_back();
  }
  std::vector<LayoutCandidate> take() { return std::move(best_); }

 private:
  static double total_of(const LayoutCandidate& c) { return c.estimate.tokens_per_s_per_chip * static_cast<double>(c.layout.chips()); }
  std::size_t keep_;
  std::vector<LayoutCandidate> best_;
};

}  // namespace

std::vector<LayoutCandidate> search_layouts(const LayoutSearchInputs& in, LayoutSearchStats* stats) {
  const auto& m = *in.base.model;
  const auto& chip = *in.base.chip;
  BestList best(in.keep);
  LayoutSearchStats local;
  // TP stays inside one scale-up domain and divides the heads (at most 16: thinner GEMMs do not
  // pay); CP only for long sequences.
  const long long tp_limit = std::min<long long>({std::max(1, chip.scale_up_domain), m.attention.heads, 16});
  const bool long_context = in.base.sequence_length >= 16384;
  const auto work = training_flops_split(m, in.base.sequence_length, AttentionAccounting::causal, in.base.include_mtp);
  const double matmul_flops = work.dense_matmul + work.routed_matmul;
  const auto policies = policies_for(m);
  TrainingStepInputs step = in.base;
  ParallelLayout& l = step.layout;
  // The layer costs depend on tp, cp, ep, micro-batch, sequence parallelism and recomputation
  // only: they are computed once and composed with every pp, schedule, ZeRO stage and overlap.
  for (int tp : powers_of_two_up_to(tp_limit)) {
    if (m.attention.heads % tp != 0) continue;
    for (int cp : powers_of_two_up_to(long_context ? 32 : 1)) {
      const long long most_dp = in.chips / (static_cast<long long>(tp) * cp);
      if (most_dp < 1) continue;
      // The pipeline degrees and each one's schedules depend on (tp, cp) only: listed here, not
      // in the loops below (a layer count near 1e9 made those lists cost more than the pricing).
      const std::vector<int> pps = pp_choices(m.layers, most_dp);
      std::vector<std::vector<Schedule>> schedules;
      schedules.reserve(pps.size());
      for (int pp : pps) schedules.push_back(schedules_for(m, pp));
      for (int ep : ep_choices(m, static_cast<long long>(tp) * cp * most_dp)) {
        for (int mb : {1, 2, 3, 4, 6, 8, 12, 16, 24, 32}) {
          for (int sp = tp > 1 ? 0 : 1; sp < 2; ++sp) {
            for (const auto& policy : policies) {
              l = {tp, 1, ep, cp, 1, mb, 1, PipelineSchedule::one_f_one_b, 1, policy.recompute};
              l.recompute_modules = policy.modules;
              l.sequence_parallel = sp == 1;
              std::optional<detail::LayerCosts> costs;  // computed on the first layout that needs pricing
              for (std::size_t pi = 0; pi < pps.size(); ++pi) {
                const int pp = pps[pi];
                const long long dp = in.chips / (static_cast<long long>(tp) * pp * cp);
                if (dp < 1 || (static_cast<long long>(tp) * cp * dp) % ep != 0) continue;
                if (in.base.global_batch_sequences < static_cast<double>(dp) * mb) continue;
                for (const auto& sched : schedules[pi]) {
                  for (int zero : {0, 1, 2, 3}) {
                    for (int overlap = 0; overlap < (tp > 1 ? 2 : 1); ++overlap) {
                      for (int block = 0; block <= (policy.recompute == Recompute::full ? 2 : 0); block += 2) {
                        l.pp = pp;
                        l.dp = static_cast<int>(dp);
                        l.schedule = sched.kind;
                        l.virtual_stages = sched.virtual_stages;
                        l.zero_stage = zero;
                        l.tp_comm_overlap = overlap == 1;
                        l.recompute_layers = block == 0 ? 0 : std::max(1, m.layers / pp / block);  // half the stage's layers
                        ++local.evaluated;
                        if (throughput_bound(step, l, matmul_flops, work.attention) < best.bar()) {
                          ++local.pruned;
                          continue;
                        }
                        if (!costs) costs = detail::layer_costs(step, true);
                        const auto e = detail::compose_step(step, *costs);
                        if (!e.feasible) continue;
                        ++local.feasible;
                        best.offer(l, e);
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  if (stats) *stats = local;
  return best.take();
}

}  // namespace flopcast::perf
