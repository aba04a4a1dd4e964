// What evaluating a scenario produces. Keys in results.json mirror these names (units in names).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flopcast/engine/economics.hpp"
#include "flopcast/fleet/fleet.hpp"
#include "flopcast/fleet/projection.hpp"
#include "flopcast/perf/goodput.hpp"
#include "flopcast/perf/inference_estimate.hpp"
#include "flopcast/perf/training_estimate.hpp"
#include "flopcast/perf/training_step.hpp"

namespace flopcast::engine {

struct InferenceResult;

/// The precision a serving row ran in, as tables print it: "fp8", or "fp8, experts fp4" when its
/// routed experts ran in one of their own.
std::string precision_label(const InferenceResult& r);

struct PoolResult {
  std::string name;
  std::string chip_id;
  std::string chip_name;
  fleet::Capacity capacity;
  double effective_flop_per_s = 0;  ///< capacity precision peak x effective utilisation
  Economics economics;              ///< the pool's chips: capex, chip and facility power, yearly cost
};

/// Capacity summed over pools of the same chip (for "by chip type" charts and tables).
struct ChipTypeResult {
  std::string chip_id;
  std::string chip_name;
  fleet::Capacity capacity;
  double effective_flop_per_s = 0;
  Economics economics;
};

struct TrainingResult {
  std::string name;
  std::string group;                ///< a stage's multi-stage run ("" if none)
  std::vector<std::string> stages;  ///< a multi-stage run's total: its stages' run names, in order
  std::string model_id;
  std::string chip_summary;  ///< e.g. "20000 x ascend-910c"
  double chips = 0;
  perf::TrainingEstimate estimate;
  double utilisation = 0;    ///< MFU against the dense peak at the run's precision
  /// Set when the layout-aware step model ran (layout given or found by the plan search).
  std::optional<perf::TrainingStepEstimate> step;
  std::optional<perf::ParallelLayout> layout;
  std::string model_used;    ///< "stated-mfu" or "step-model"
  perf::Goodput goodput;     ///< applied to time and chip-hours
  std::optional<double> energy_j;   ///< chip energy x PUE; nothing if a TDP is unknown
  std::optional<double> cost_usd;   ///< rental, or amortised price + electricity; nothing if unknown
  /// The parts of cost_usd (eq. E2): the chips' price spread over the amortisation period for the
  /// run's chip-time, electricity at the wall (x PUE), and rent for rented pools.
  std::optional<double> cost_amortised_usd, cost_electricity_usd, cost_rental_usd;
  Economics economics;              ///< the chips the run occupies: their capex and power
};

struct InferenceResult {
  std::string name;
  std::string group;  ///< parent service of a mode mix
  std::string role;   ///< "prefill+decode", "prefill" or "decode"
  std::string model_id;
  std::string chip_id;
  std::string pool;   ///< the pool this row runs on (a service can be on several)
  catalog::Precision precision = catalog::Precision::fp8;  ///< weights and matmuls on this pool
  std::optional<catalog::Precision> expert_precision;     ///< routed experts' GEMMs, when not `precision` (expert_precision:)
  std::optional<perf::PrefillScheduling> prefill_scheduling;  ///< how prompts ride in the decode steps: rows that prefill and decode only
  perf::ServingStack serving_stack = perf::ServingStack::overlapped;  ///< eq. I15: whose host time the steps wait for
  perf::InferenceEstimate estimate;
  double requests_per_s = 0;
  double chips_busy = 0;        ///< chip-seconds per second the demand takes (fractional)
  double replicas_needed = 0;   ///< whole replicas that carry the demand
  double chips_needed = 0;      ///< replicas_needed x replica size: whole replicas
  double chips_available = 0;
  double replicas_available = 0;  ///< whole replicas the pool holds
  double demand_tokens_per_s = 0;
  double served_tokens_per_s = 0;  ///< min(demand, what the pool's whole replicas can serve)
  std::optional<double> usd_per_million_tokens;     ///< input + output tokens
  std::optional<double> joules_per_million_tokens;
  Economics economics;  ///< the chips needed (whole replicas): capex, power, yearly cost
};

/// A kernel microbenchmark's time (GEMM eq. K1-K2, attention eq. K4, decode attention eq. K5).
struct KernelResult {
  std::string name;
  std::string chip;       ///< chip id
  std::string shape;      ///< what was timed, e.g. "GEMM 4096 x 7168 x 2048 fp8"
  double seconds = 0;
  double flop_per_s = 0;  ///< the kernel's FLOPs (KernelBenchmark::flops) / seconds
  double peak_share = 0;  ///< flop_per_s over the chip's dense peak at the kernel's precision
  double bytes_per_s = 0; ///< the kernel's bytes (KernelBenchmark::bytes) / seconds
  double hbm_share = 0;   ///< bytes_per_s over the chip's HBM bandwidth
};

struct Results {
  std::string scenario_name;
  std::vector<PoolResult> pools;
  std::vector<ChipTypeResult> chip_types;
  fleet::Capacity fleet_total;
  double fleet_effective_flop_per_s = 0;
  Economics fleet_economics;
  std::vector<TrainingResult> training;
  std::vector<InferenceResult> inference;
  std::vector<KernelResult> kernels;
  std::vector<fleet::ActorPeriod> projection;  ///< per period and actor, when the scenario has a timeline
  std::vector<fleet::ProductPeriod> production; ///< per period and product of domestic production (period-major)
  fleet::ProjectionScratch projection_scratch; ///< working storage reused between evaluations (not a result)
};

}  // namespace flopcast::engine
