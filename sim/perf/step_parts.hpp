// The training step in two parts (docs/models/training.md): the per-micro-batch cost of each
// layer kind, which depends on tp, cp, ep, micro-batch, sequence parallelism and recomputation
// only, and the composition into a step, which adds pp, the schedule, ZeRO and TP overlap. The
// layout search computes the first once and composes it with every value of the rest.
#pragma once

#include "flopcast/perf/training_step.hpp"
#include "layer_time.hpp"

namespace flopcast::perf::detail {

struct LayerCosts {
  LayerSetup setup;
  LayerCost dense_full, dense_rest;            ///< fully recomputed; under the other policy
  LayerCost moe_full, moe_rest;
  LayerCost moe_full_shared, moe_rest_shared;  ///< with a share of the compute units on communication (DualPipe)
  LayerCost head;
  // The model's constants a step needs (the same for every layout of a search): worked out once
  // here, not for every layout composed (they walked the model's layers each time).
  double total_params = 0, routed_params = 0;
  TrainingFlops reported;  ///< training_flops_split of the model at the run's sequence length
};

/// The layer costs of `in.layout`; `every_schedule` also computes the variants other pipeline
/// schedules need (with and without compute units given to DualPipe's communication).
LayerCosts layer_costs(const TrainingStepInputs& in, bool every_schedule);

/// Whether `a` and `b` have the same layer costs.
bool same_layer_costs(const ParallelLayout& a, const ParallelLayout& b);

/// The step of `in.layout` from layer costs computed for a layout with the same layer costs.
TrainingStepEstimate compose_step(const TrainingStepInputs& in, const LayerCosts& costs);

}  // namespace flopcast::perf::detail
