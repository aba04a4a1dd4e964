// buy: section -> engine::MixSpec (flopcast mix).
#include "bind_buy.hpp"

#include <algorithm>

#include "flopcast/core/suggest.hpp"
#include "key_table.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;

template <class Items, class NameOf>
std::optional<std::size_t> find_named(const Items& items, const std::string& name, NameOf name_of) {
  for (std::size_t i = 0; i < items.size(); ++i) if (name_of(items[i]) == name) return i;
  return std::nullopt;
}

void unknown(YamlReader& r, const YAML::Node& at, const std::string& path, const std::string& what, const std::string& name,
             const std::vector<std::string>& known) {
  auto d = r.make(ErrorCode::unknown_reference, at, path, "unknown " + what + " '" + name + "'");
  d.suggestions = core::suggest_closest(name, known);
  d.candidates = known;
  r.report(std::move(d));
}

void bind_training(YamlReader& r, const YAML::Node& node, const std::string& path, const Section& section, const engine::Scenario& s,
                   engine::MixSpec& spec) {
  auto m = r.map(node, path, section);
  if (!m) return;
  std::string run;
  engine::MixSpec::Training t;
  if (!r.read(*m, "run", run) || !r.read(*m, "days", t.days)) return;
  t.days /= 86400;
  std::vector<std::string> runs, pools;
  for (const auto& x : s.training) runs.push_back(x.name);
  for (const auto& x : s.fleet.pools) pools.push_back(x.name);
  const auto index = find_named(s.training, run, [](const auto& x) { return x.name; });
  if (!index) return unknown(r, m->value_node("run"), m->child_path("run"), "training run", run, runs);
  t.run = *index;
  const auto& own = s.training[*index];
  if (own.is_total()) {
    r.report(ErrorCode::invalid_value, m->value_node("run"), m->child_path("run"),
             "training run " + run + " has stages: flopcast mix sizes one run at a time",
             "buy for one of its stages (" + run + "/<stage>), or state the run without stages:");
    return;
  }
  if (own.utilisation || own.global_batch_tokens <= 0 || own.layout) {
    r.report(ErrorCode::invalid_value, m->value_node("run"), m->child_path("run"),
             "training run " + run + " has no searched layout: flopcast mix sizes runs whose layout the step model searches",
             "give the run a global_batch and neither utilisation nor layout");
    return;
  }
  std::vector<std::string> allowed = own.pools;
  r.read(*m, "pools", allowed);
  for (const auto& p : allowed) {
    const auto pool = find_named(s.fleet.pools, p, [](const auto& x) { return x.name; });
    if (!pool) return unknown(r, m->value_node("pools"), m->child_path("pools"), "pool", p, pools);
    t.pools.push_back(*pool);
  }
  int step = 8;
  if (r.read(*m, "step", step)) t.step = step;
  spec.training.push_back(std::move(t));
}

}  // namespace

void bind_buy(YamlReader& r, const CheckedMap& top, const engine::Scenario& s, std::optional<engine::MixSpec>& out) {
  const MapEntry* e = top.get("buy");
  if (!e) return;
  auto m = r.map(e->value, "buy", buy_section());
  if (!m) return;
  engine::MixSpec spec;
  spec.where = r.at(e->key_node);
  r.read_enum(*m, "objective", engine::mix_objective_names(), spec.objective);
  r.read(*m, "budget", spec.budget_usd);
  r.read(*m, "power_cap", spec.power_cap_w);
  r.read(*m, "time_limit", spec.time_limit_s);
  r.read(*m, "relax", spec.relax);
  for_each_item(r, *m, "train", [&](const YAML::Node& node, const std::string& path, const Section& section) {
    bind_training(r, node, path, section, s, spec);
  });
  out = std::move(spec);
}

}  // namespace flopcast::scenario
