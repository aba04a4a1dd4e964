// The bound, validated scenario: plain structs the engine evaluates. Nothing here knows YAML.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flopcast/catalog/catalog.hpp"
#include "flopcast/fleet/fleet.hpp"
#include "flopcast/perf/training_estimate.hpp"

namespace flopcast::engine {

/// How a training run is split across chips. 0 for dp means "whatever the pool leaves".
struct ParallelLayout {
  int tp = 1;  ///< tensor parallel
  int pp = 1;  ///< pipeline parallel
  int ep = 1;  ///< expert parallel
  int cp = 1;  ///< context parallel
  int dp = 0;  ///< data parallel
  int zero_stage = 1;
};

struct TrainingRun {
  std::string name;
  catalog::ModelProfile model;
  double tokens = 0;
  int sequence_length = 0;
  catalog::Precision precision = catalog::Precision::bf16;
  std::vector<std::string> pools;  ///< pool names the run uses (all chips of each)
  ParallelLayout layout;
  double utilisation = 0;          ///< model FLOP/s / dense peak at `precision` (MFU)
  perf::AttentionAccounting accounting = perf::AttentionAccounting::causal;
};

struct InferenceService {
  std::string name;
  catalog::ModelProfile model;
  double demand_tokens_per_s = 0;  ///< input + output tokens served per second
  double input_tokens = 0;
  double output_tokens = 0;
  catalog::Precision precision = catalog::Precision::fp8;
  double kv_bytes_per_element = 1;
  std::optional<double> ttft_target_s;
  std::optional<double> tpot_target_s;
  std::vector<std::string> pools;
  double compute_utilisation = 0;
  double memory_utilisation = 0;
};

/// Modelling assumptions shared by every workload unless it says otherwise. Every value is
/// echoed in results.json so no default is silent.
struct Assumptions {
  double training_utilisation = 0.40;   ///< MFU when a run states none
  double serving_compute_utilisation = 0.50;
  double serving_memory_utilisation = 0.80;
  double hbm_reserve_fraction = 0.10;
  double effective_utilisation = 0.40;  ///< for "effective capacity" = peak x this
  catalog::Precision capacity_precision = catalog::Precision::bf16;
};

struct Scenario {
  std::string name;
  std::string question;     ///< the question the scenario answers, one line
  std::string source_file;  ///< as the user gave it
  catalog::Catalog catalog; ///< built-in entries plus the scenario's own
  fleet::Fleet fleet;
  std::vector<TrainingRun> training;
  std::vector<InferenceService> inference;
  Assumptions assumptions;
  std::vector<std::string> assumptions_set;  ///< keys the scenario set explicitly
};

}  // namespace flopcast::engine
