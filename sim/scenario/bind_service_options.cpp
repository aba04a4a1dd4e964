// Per-pool options of an inference service: pool_precision: (a precision per pool).
#include "bind_service_options.hpp"

#include <algorithm>

#include "flopcast/catalog/model_profile.hpp"
#include "flopcast/core/suggest.hpp"
#include "key_table.hpp"

namespace flopcast::scenario {

void bind_pool_precision(YamlReader& r, const CheckedMap& m, engine::InferenceService& svc) {
  std::vector<std::string> served = svc.pools;
  served.insert(served.end(), svc.prefill_pools.begin(), svc.prefill_pools.end());
  served.insert(served.end(), svc.decode_pools.begin(), svc.decode_pools.end());
  for_each_item(r, m, "pool_precision", [&](const YAML::Node& node, const std::string& path, const Section& section) {
    auto item = r.map(node, path, section);
    if (!item) return;
    engine::InferenceService::PoolPrecision p;
    if (!r.read(*item, "pool", p.pool) || !r.read_enum(*item, "precision", catalog::precision_names(), p.precision)) return;
    catalog::Precision kv{};
    if (r.read_enum(*item, "kv_cache_precision", catalog::precision_names(), kv)) p.kv_bytes_per_element = catalog::bit_length(kv) / 8.0;
    if (std::find(served.begin(), served.end(), p.pool) == served.end()) {
      auto d = r.make(core::ErrorCode::unknown_reference, item->value_node("pool"), item->child_path("pool"),
                      "pool '" + p.pool + "' does not serve " + svc.name);
      d.suggestions = core::suggest_closest(p.pool, served);
      d.candidates = served;
      d.hint = "pool_precision: sets the precision on pools listed in this service's pools: (or prefill_pools:/decode_pools:)";
      r.report(std::move(d));
      return;
    }
    const bool repeated = std::any_of(svc.pool_precision.begin(), svc.pool_precision.end(), [&](const auto& q) { return q.pool == p.pool; });
    if (repeated) {
      r.report(core::ErrorCode::invalid_value, item->value_node("pool"), item->child_path("pool"),
               "pool " + p.pool + " already has a precision in pool_precision:", "give each pool once");
      return;
    }
    svc.pool_precision.push_back(std::move(p));
  });
}

}  // namespace flopcast::scenario
