// Shared by the binders of training runs and inference services (internal to the scenario module).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bind_entries.hpp"
#include "flopcast/engine/scenario.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

/// The most chips one pool may hold: chip counts stay exact integers in every layout and
/// replica computation (ParallelLayout degrees are int), far beyond any real fleet.
inline constexpr double kMaxPoolChips = 1e9;

std::vector<std::string> pool_names(const engine::Scenario& s);

/// Whether `model` is known to be dense; if so, `key` (which `does` something to routed experts)
/// is reported as meaningless for it, with `hint`. An unresolved or declared-only model is not
/// refused (its own error, or no dimensions, says enough).
bool refused_on_dense_model(YamlReader& r, const CheckedMap& m, const catalog::ModelProfile& model, const std::string& key,
                            const std::string& does, const std::string& hint);

/// Reads a list of pool names and checks each names a pool of the fleet.
void read_pools(YamlReader& r, const CheckedMap& m, std::string_view key, const engine::Scenario& s, std::vector<std::string>& out);

/// Resolves model: and pools: of a workload.
template <class Workload>
void bind_references(YamlReader& r, const CheckedMap& m, const engine::Scenario& s, Workload& w) {
  std::string model;
  if (r.read(m, "model", model)) {
    if (const auto* p = s.catalog.find_model(model)) {
      w.model = *p;
    } else {
      report_unknown_reference(r, m.value_node("model"), m.child_path("model"), "model", model, s.catalog.model_ids());
    }
  }
  read_pools(r, m, "pools", s, w.pools);
}

/// Binds one inference service into `s.inference` (a service with mix: becomes one per mode).
void bind_inference(YamlReader& r, const YAML::Node& node, const std::string& path, engine::Scenario& s);

/// assumptions.reference_service_mix: catalog modes and token shares summing to 1, in place of
/// reference_service_mode.
void bind_reference_mix(YamlReader& r, const CheckedMap& assumptions, const MapEntry& mix, engine::Scenario& s);

/// Binds one training run (model, pools, precision, batch, layout) into `s.training`.
void bind_training(YamlReader& r, const YAML::Node& node, const std::string& path, engine::Scenario& s);

}  // namespace flopcast::scenario
