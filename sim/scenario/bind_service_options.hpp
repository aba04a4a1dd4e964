// Per-pool options of an inference service (internal to the scenario module).
#pragma once

#include "flopcast/engine/scenario.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

/// pool_precision: [{pool, precision, kv_cache_precision}]: a precision on some of the service's
/// pools (e.g. INT8 on 910C, FP8 on 950PR). Call after the service's pools are read.
void bind_pool_precision(YamlReader& r, const CheckedMap& m, engine::InferenceService& svc);

}  // namespace flopcast::scenario
