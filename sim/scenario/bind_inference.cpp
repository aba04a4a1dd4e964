// YAML -> inference services: each service's model, pools, lengths, targets and options, and
// a mode mix (mix:) expanded into one service per mode; assumptions.reference_service_mix.
#include <algorithm>
#include <cmath>

#include "bind_moe_options.hpp"
#include "bind_service_options.hpp"
#include "bind_workload.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;

/// Reads a list of {mode, share} items (a service's mix:, assumptions.reference_service_mix) and
/// calls add(mode, share) for each catalog mode; reports unknown modes, and shares that do not add
/// up to 1 (an unknown mode's share still counts, so one mistake gives one error).
template <class Add>
void read_mode_shares(YamlReader& r, const MapEntry& mix, const std::string& path, const catalog::Catalog& catalog, Add add) {
  auto items = r.list(mix.value, path, "modes");
  if (!items) return;
  double total_share = 0;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto m = r.map((*items)[i], path + "[" + std::to_string(i) + "]", *mix.spec->child);
    if (!m) continue;
    std::string id;
    double share = 0;
    if (!r.read(*m, "mode", id) || !r.read(*m, "share", share)) continue;
    total_share += share;
    const auto* mode = catalog.find_mode(id);
    if (!mode) {
      report_unknown_reference(r, m->value_node("mode"), m->child_path("mode"), "mode", id, catalog.mode_ids());
      continue;
    }
    add(*mode, share);
  }
  if (items->empty() || std::fabs(total_share - 1.0) > 1e-6) {
    const std::string key = path.substr(path.rfind('.') + 1);
    r.report(core::ErrorCode::invalid_value, mix.key_node, path,
             "the shares of " + key + ": add up to " + core::format_quantity(total_share, core::Dimension::count) + ", not 1",
             "make the shares sum to 1 (100%)");
  }
}

/// Expands a service with a mode mix into one service per mode, each with its share of the
/// demand and the mode's lengths, images and targets (the service's own targets win).
void expand_mix(YamlReader& r, const MapEntry& mix, const std::string& path, const engine::InferenceService& svc, engine::Scenario& s) {
  read_mode_shares(r, mix, path, s.catalog, [&](const catalog::ServingMode& mode, double share) {
    engine::InferenceService part = svc;
    part.group = svc.name;
    part.mode = mode.id;
    part.name = svc.name + "/" + mode.id;
    part.demand_tokens_per_s = svc.demand_tokens_per_s * share;
    part.input_tokens = mode.input_tokens + mode.images_per_request * mode.image_tokens;
    part.output_tokens = mode.output_tokens;
    part.vision_flops_per_request = mode.images_per_request * mode.vision_flops_per_image;
    if (!part.tpot_target_s) part.tpot_target_s = mode.tpot_target_s;
    if (!part.ttft_target_s) part.ttft_target_s = mode.ttft_target_s;
    s.inference.push_back(std::move(part));
  });
}

}  // namespace

void bind_inference(YamlReader& r, const YAML::Node& node, const std::string& path, engine::Scenario& s) {
  auto m = r.map(node, path, *scenario_section().find("inference")->child);
  if (!m) return;
  engine::InferenceService svc;
  r.read(*m, "name", svc.name);
  bind_references(r, *m, s, svc);
  r.read(*m, "demand", svc.demand_tokens_per_s);
  int in = 0, out = 0;
  if (r.read(*m, "input_tokens", in)) svc.input_tokens = in;
  if (r.read(*m, "output_tokens", out)) svc.output_tokens = out;
  r.read_enum(*m, "precision", catalog::precision_names(), svc.precision);
  catalog::Precision kv = catalog::Precision::bf16;
  r.read_enum(*m, "kv_cache_precision", catalog::precision_names(), kv);
  svc.kv_bytes_per_element = catalog::bit_length(kv) / 8.0;
  r.read(*m, "ttft_target", svc.ttft_target_s);
  r.read(*m, "tpot_target", svc.tpot_target_s);
  r.read(*m, "replica_chips", svc.replica_chips);
  r.read_enum(*m, "attention_parallelism", perf::attention_parallelism_names(), svc.attention_parallelism);
  r.read(*m, "batch_per_chip", svc.batch_per_chip);
  int draft = 0;
  if (r.read(*m, "draft_tokens", draft)) svc.draft_tokens = draft;
  r.read(*m, "draft_acceptance", svc.draft_acceptance);
  r.read(*m, "expert_imbalance", svc.expert_imbalance);
  if (svc.expert_imbalance && *svc.expert_imbalance < 1) {
    r.report(r.make(core::ErrorCode::out_of_range, m->value_node("expert_imbalance"), m->child_path("expert_imbalance"),
                    "expert_imbalance is the busiest expert's load over the mean and cannot be below 1"));
  }
  bind_moe_options(r, *m, svc);
  r.read(*m, "prefill_tokens_per_chip", svc.prefill_tokens_per_chip);
  r.read_enum(*m, "prefill_scheduling", perf::prefill_scheduling_names(), svc.prefill_scheduling);
  r.read_enum(*m, "serving_stack", perf::serving_stack_names(), svc.serving_stack);
  read_pools(r, *m, "prefill_pools", s, svc.prefill_pools);
  read_pools(r, *m, "decode_pools", s, svc.decode_pools);
  bind_pool_precision(r, *m, svc);
  const bool disaggregated = m->has("prefill_pools") || m->has("decode_pools");
  if (!m->has("pools") && !(m->has("prefill_pools") && m->has("decode_pools"))) {
    auto d = r.make(core::ErrorCode::missing_key, m->node, m->child_path("pools"),
                    disaggregated ? "disaggregated serving needs both prefill_pools and decode_pools"
                                  : "missing key 'pools' (or prefill_pools and decode_pools)");
    r.report(std::move(d));
  }
  if (const MapEntry* mix = m->get("mix")) {
    if (m->has("input_tokens") || m->has("output_tokens")) {
      r.report(core::ErrorCode::invalid_value, mix->key_node, m->child_path("mix"), "give either mix: or input_tokens/output_tokens, not both",
               "remove input_tokens: and output_tokens: to serve the mix's modes, or mix: to serve one shape");
    }
    expand_mix(r, *mix, m->child_path("mix"), svc, s);
    return;
  }
  for (const char* k : {"input_tokens", "output_tokens"}) {
    if (!m->has(k)) r.report(r.make(core::ErrorCode::missing_key, m->node, m->child_path(k), std::string("missing key '") + k + "' (or give mix:)"));
  }
  s.inference.push_back(std::move(svc));
}

/// assumptions.reference_service_mix: modes (catalog ids) and token shares summing to 1, in
/// place of reference_service_mode.
void bind_reference_mix(YamlReader& r, const CheckedMap& assumptions, const MapEntry& mix, engine::Scenario& s) {
  const std::string path = "assumptions.reference_service_mix";
  if (assumptions.has("reference_service_mode")) {
    r.report(core::ErrorCode::invalid_value, mix.key_node, path, "give either reference_service_mode: or reference_service_mix:, not both",
             "a mix with one mode at share 1 is the same as that mode");
    return;
  }
  read_mode_shares(r, mix, path, s.catalog, [&](const catalog::ServingMode& mode, double share) {
    s.assumptions.reference_service_mix.push_back({mode.id, share});
  });
}

}  // namespace flopcast::scenario
