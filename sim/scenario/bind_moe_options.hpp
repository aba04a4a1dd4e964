// Options of an inference service that only a mixture-of-experts model has (internal to the
// scenario module).
#pragma once

#include "flopcast/engine/scenario.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

/// redundant_experts:, expert_precision: and expert_weight_precision:, each refused on a dense
/// model; a weight precision wider than the experts' GEMMs is refused too. Call after the
/// service's model and precision are read.
void bind_moe_options(YamlReader& r, const CheckedMap& m, engine::InferenceService& svc);

}  // namespace flopcast::scenario
