// size: section -> engine::SizeProblem, one per varied parameter (flopcast size).
#include "bind_size.hpp"

#include <algorithm>

#include "bind_sweep.hpp"
#include "flopcast/core/suggest.hpp"
#include "key_table.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;
using Op = engine::Expectation::Op;

/// The pool a path varies the count of ("fleet.pools[pr].count" -> "pr"), or "".
std::string pool_of(const std::string& path) {
  const std::string head = "fleet.pools[", tail = "].count";
  if (path.rfind(head, 0) != 0 || path.size() <= head.size() + tail.size() || path.compare(path.size() - tail.size(), tail.size(), tail) != 0) return "";
  return path.substr(head.size(), path.size() - head.size() - tail.size());
}

void read_targets(YamlReader& r, const CheckedMap& m, std::vector<engine::SizeTarget>& out) {
  for_each_item(r, m, "targets", [&](const YAML::Node& node, const std::string& path, const Section& section) {
    auto t = r.map(node, path, section);
    if (!t) return;
    engine::SizeTarget target;
    if (!r.read(*t, "metric", target.metric)) return;
    target.where = r.at(t->value_node("metric"));
    target.path = t->child_path("metric");
    int ops = 0;
    for (auto [key, op] : {std::pair{"below", Op::below}, std::pair{"at_most", Op::at_most}, std::pair{"above", Op::above}, std::pair{"at_least", Op::at_least}}) {
      if (r.read(*t, key, target.threshold)) target.op = op, ++ops;
    }
    if (ops != 1) {
      r.report(r.make(ErrorCode::missing_key, t->node, path, ops == 0 ? "a target needs one of below, at_most, above, at_least"
                                                                      : "a target takes exactly one of below, at_most, above, at_least"));
      return;
    }
    out.push_back(std::move(target));
  });
}

/// step, min, max in the unit of the varied parameter, checked against its range.
void read_bounds(YamlReader& r, const CheckedMap& m, engine::SizeProblem& p) {
  for (auto [key, field] : {std::pair{"step", &p.step}, std::pair{"min", &p.min}, std::pair{"max", &p.max}}) {
    const auto v = read_value(r, m, key, p.vary.dimension);
    if (!v) continue;
    if (const auto problem = engine::range_problem(p.vary, *v)) {
      r.report(ErrorCode::out_of_range, m.value_node(key), m.child_path(key), std::string(key) + ": " + p.vary.path + " " + *problem,
               engine::range_hint(p.vary, *v, std::string(key) + ":"));
      continue;
    }
    *field = *v;
  }
  if (p.max < std::max(p.min, p.step)) {
    r.report(ErrorCode::invalid_value, m.node, m.child_path("max"), "max is below the smallest candidate (min or one step)",
             "max is the supply: the largest count that may be bought");
  }
  r.read(m, "scan_below", p.scan_below);
}

/// One item of size: gives one problem per path under vary:, each with {pool} in the targets'
/// metrics replaced by that path's pool.
void bind_size_item(YamlReader& r, const YAML::Node& node, const std::string& path, const engine::Scenario& s, std::vector<engine::SizeProblem>& out) {
  auto m = r.map(node, path, size_section());
  if (!m) return;
  std::vector<std::string> paths;
  if (!r.read(*m, "vary", paths)) return;
  engine::SizeProblem base;
  r.read(*m, "name", base.name);
  base.where = r.at(node);
  read_targets(r, *m, base.targets);
  if (base.targets.empty() && m->has("targets")) r.report(r.make(ErrorCode::missing_key, m->node, m->child_path("targets"), "size needs at least one target"));
  for (const auto& p : paths) {
    const auto ref = engine::resolve_parameter(s, p);
    if (!ref) {
      auto d = r.make(ErrorCode::unknown_reference, m->value_node("vary"), m->child_path("vary"), "'" + p + "' is not a parameter of this scenario");
      d.suggestions = core::suggest_closest(p, engine::parameter_paths(s));
      d.hint = "vary a pool's size, e.g. fleet.pools[NAME].count (docs/sweeps.md lists the parameter paths)";
      r.report(std::move(d));
      continue;
    }
    engine::SizeProblem problem = base;
    problem.vary = *ref;
    if (problem.name.empty() || paths.size() > 1) problem.name = (base.name.empty() ? "" : base.name + ": ") + p;
    read_bounds(r, *m, problem);
    const std::string pool = pool_of(p);
    for (auto& t : problem.targets) {
      const auto at = t.metric.find("{pool}");
      if (at == std::string::npos) continue;
      if (pool.empty()) {
        auto d = r.make(ErrorCode::invalid_value, m->value_node("vary"), t.path, "{pool} in a target stands for the pool of vary:, and " + p + " is no pool's count");
        d.location = t.where;
        r.report(std::move(d));
        continue;
      }
      t.metric.replace(at, 6, pool);
    }
    out.push_back(std::move(problem));
  }
}

}  // namespace

void bind_size(YamlReader& r, const CheckedMap& top, const engine::Scenario& s, std::vector<engine::SizeProblem>& out) {
  const MapEntry* e = top.get("size");
  if (!e) return;
  auto items = r.list(e->value, "size", "size problems");
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) bind_size_item(r, (*items)[i], "size[" + std::to_string(i) + "]", s, out);
}

}  // namespace flopcast::scenario
