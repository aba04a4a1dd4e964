// Physical limits of metrics: the simulated value scaled by how far the run sits from its roofline.
#include "flopcast/engine/metric_limits.hpp"

#include "flopcast/engine/metrics.hpp"

namespace flopcast::engine {
namespace {

constexpr std::string_view kPeak = "dense peak";
constexpr std::string_view kHbm = "HBM bandwidth";

/// Training: the run's utilisation u (model FLOP/s over the dense peak at its precision) scales
/// its rates up to the peak and its times down to it; wall-clock figures also lose the goodput.
std::optional<MetricLimit> training_limit(const TrainingResult& t, int field, double v) {
  const double u = t.utilisation;
  if (t.estimate.status != perf::EstimateStatus::ok || !(u > 0)) return std::nullopt;
  switch (field) {
    case 0:                                         // tokens_per_s_per_chip
    case 1:                                         // model_tflops_per_chip
    case 3: return MetricLimit{v / u, true, kPeak};  // mfu_bf16
    case 2:                                         // hardware_tflops_per_chip: recomputation counted, same peak
      return t.chips > 0 ? std::optional(MetricLimit{t.estimate.fleet_peak_flop_per_s / t.chips / 1e12, true, kPeak}) : std::nullopt;
    case 4: return MetricLimit{v * u, false, kPeak};  // step_s
    case 5:                                           // time_days
    case 6: return MetricLimit{v * u * t.goodput.fraction, false, kPeak};  // chip_hours
  }
  return std::nullopt;
}

/// Serving: decode and output rates under eq. I13; TPOT only at a stated batch (a smaller batch
/// would have a shorter floor); prefill under the dense peak.
std::optional<MetricLimit> inference_limit(const InferenceResult& i, int field) {
  const auto& e = i.estimate;
  if (!e.feasible) return std::nullopt;
  switch (field) {
    case 0: return e.prefill_compute_roofline_tokens_per_s_per_chip > 0
                       ? std::optional(MetricLimit{e.prefill_compute_roofline_tokens_per_s_per_chip, true, kPeak}) : std::nullopt;
    case 1:
    case 2: return e.memory_roofline_tokens_per_s_per_chip > 0
                       ? std::optional(MetricLimit{e.memory_roofline_tokens_per_s_per_chip, true, kHbm}) : std::nullopt;
    case 3:
      if (e.decode_bound != perf::DecodeBound::fixed || !(e.memory_roofline_tokens_per_s_per_chip > 0)) return std::nullopt;
      return MetricLimit{1e3 * e.decode_batch_per_chip / e.memory_roofline_tokens_per_s_per_chip, false, kHbm};  // tpot_ms
  }
  return std::nullopt;
}

std::optional<MetricLimit> kernel_limit(const KernelResult& k, const KernelBenchmark& spec, int field) {
  const double peak = spec.chip.peak(spec.precision);
  if (!(peak > 0) || !(k.seconds > 0)) return std::nullopt;
  const double hbm = spec.chip.hbm_bytes_per_s;
  if (field == 1) return MetricLimit{peak / 1e12, true, kPeak};  // tflops
  if (field == 2) return hbm > 0 ? std::optional(MetricLimit{hbm / 1e9, true, kHbm}) : std::nullopt;  // gbps
  // seconds: no faster than its FLOPs at peak, nor than its bytes at the HBM bandwidth.
  const double compute_s = k.flop_per_s * k.seconds / peak, memory_s = hbm > 0 ? k.bytes_per_s * k.seconds / hbm : 0.0;
  return memory_s > compute_s ? MetricLimit{memory_s, false, kHbm} : MetricLimit{compute_s, false, kPeak};
}

}  // namespace

std::optional<MetricLimit> metric_limit(const Scenario& s, const Results& r, const std::string& path) {
  const auto ref = resolve_metric(r, path);
  if (!ref) return std::nullopt;
  const auto v = read_metric(r, *ref);
  if (!v) return std::nullopt;
  switch (ref->kind) {
    case MetricRef::Kind::training: return training_limit(r.training[ref->index], ref->field, *v);
    case MetricRef::Kind::inference: return inference_limit(r.inference[ref->index], ref->field);
    case MetricRef::Kind::kernel:
      return ref->index < s.kernels.size() ? kernel_limit(r.kernels[ref->index], s.kernels[ref->index], ref->field) : std::nullopt;
    default: return std::nullopt;
  }
}

double limit_share(const MetricLimit& limit, double value) {
  if (limit.ceiling) return limit.value > 0 ? value / limit.value : 0.0;
  return value > 0 ? limit.value / value : 0.0;
}

}  // namespace flopcast::engine
