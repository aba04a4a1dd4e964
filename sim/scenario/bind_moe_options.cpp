// MoE-only options of an inference service: redundant experts, the experts' own precision
// (expert_precision:) and weight-only quantised experts (expert_weight_precision:).
#include "bind_moe_options.hpp"

#include <string>

#include "bind_workload.hpp"
#include "flopcast/catalog/model_profile.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;

std::string token(catalog::Precision p) { return std::string(core::enum_token(catalog::precision_names(), p)); }

/// The service's model is known to be dense (a mode-expanded service states its model on its map).
bool refused_on_dense_model(YamlReader& r, const CheckedMap& m, const engine::InferenceService& svc, const std::string& key,
                            const std::string& does, const std::string& hint) {
  return m.has("model") && scenario::refused_on_dense_model(r, m, svc.model, key, does, hint);
}

}  // namespace

void bind_moe_options(YamlReader& r, const CheckedMap& m, engine::InferenceService& svc) {
  int redundant = 0;  // a negative count is refused by the reader (the key's minimum is 0)
  if (r.read(m, "redundant_experts", redundant)) {
    svc.redundant_experts = redundant;
    if (redundant > 0) refused_on_dense_model(r, m, svc, "redundant_experts", "copies routed experts", "remove redundant_experts: or serve a mixture-of-experts model");
  }
  catalog::Precision experts = catalog::Precision::fp8;
  if (r.read_enum(m, "expert_precision", catalog::precision_names(), experts) &&
      !refused_on_dense_model(r, m, svc, "expert_precision", "sets the precision of routed experts",
                              "remove expert_precision: (precision: sets every GEMM of a dense model)")) {
    svc.expert_precision = experts;
  }
  catalog::Precision weights = catalog::Precision::fp8;
  if (!r.read_enum(m, "expert_weight_precision", catalog::precision_names(), weights)) return;
  svc.expert_weight_bytes = catalog::bit_length(weights) / 8.0;
  if (refused_on_dense_model(r, m, svc, "expert_weight_precision", "stores routed experts",
                             "remove expert_weight_precision: (precision: sets every weight of a dense model)")) {
    return;
  }
  // The experts' GEMMs run in expert_precision when given, else in precision.
  const std::string gemm_key = svc.expert_precision ? "expert_precision" : "precision";
  const catalog::Precision gemm = svc.expert_precision.value_or(svc.precision);
  if (catalog::bit_length(weights) > catalog::bit_length(gemm)) {
    r.report(ErrorCode::invalid_value, m.value_node("expert_weight_precision"), m.child_path("expert_weight_precision"),
             "expert_weight_precision (" + token(weights) + ") is wider than " + gemm_key + " (" + token(gemm) +
                 "); the key is for experts stored narrower than the GEMMs run (weight-only quantisation)",
             "give a narrower format (e.g. fp4), or raise " + gemm_key + ":");
  }
}

}  // namespace flopcast::scenario
