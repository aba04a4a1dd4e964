// production: domestic output from bounded inputs (eq. P3c-P3e), with the checks that keep every
// product bounded: each need draws on inputs that exist and hold a stock or a flow.
#include <algorithm>

#include "bind_entries.hpp"
#include "bind_projection.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;

void bind_input(YamlReader& r, const CheckedMap& m, fleet::Production& out) {
  fleet::ProductionInput input;
  r.read(m, "name", input.name);
  r.read(m, "unit", input.unit);
  r.read(m, "capacity", input.capacity);
  r.read(m, "stock", input.stock);
  r.read(m, "stock_from", input.stock_from);
  for_each_map(r, m, "flows", [&](const CheckedMap& f) {
    fleet::InputFlow flow;
    r.read(f, "per_year", flow.per_year);
    r.read(f, "from", flow.from);
    r.read(f, "to", flow.to);
    r.read(f, "control", flow.control);
    input.flows.push_back(std::move(flow));
  });
  const bool named_before = std::any_of(out.inputs.begin(), out.inputs.end(), [&](const auto& x) { return x.name == input.name; });
  if (named_before) {
    r.report(r.make(ErrorCode::duplicate_key, m.value_node("name"), m.child_path("name"), "a second production input named '" + input.name + "'"));
    return;
  }
  if (input.capacity && m.has("stock")) {
    r.report(r.make(ErrorCode::invalid_value, m.get("stock")->key_node, m.child_path("stock"),
                    "a capacity (capacity: true) is used in its period or lost, so it holds no stock"));
  }
  out.inputs.push_back(std::move(input));
}

/// A need's sources must name inputs; the need is unbounded when none of them holds anything.
void bind_need(YamlReader& r, const CheckedMap& m, const fleet::Production& production, const std::string& chip, fleet::ProductionNeed& need) {
  r.read(m, "what", need.what);
  r.read(m, "amount", need.amount);
  std::vector<std::string> names;
  for (const auto& in : production.inputs) names.push_back(in.name);
  bool bounded = false;
  for_each_map(r, m, "sources", [&](const CheckedMap& s) {
    fleet::NeedSource src;
    if (!r.read(s, "input", src.input)) return;
    r.read(s, "dies_per_wafer", src.dies_per_wafer);
    r.read(s, "yield", src.yield);
    const auto it = std::find_if(production.inputs.begin(), production.inputs.end(), [&](const auto& x) { return x.name == src.input; });
    if (it == production.inputs.end()) {
      report_unknown_reference(r, s.value_node("input"), s.child_path("input"), "production input", src.input, names);
      return;
    }
    bounded = bounded || it->stock > 0 || !it->flows.empty();
    need.sources.push_back(std::move(src));
  });
  if (!bounded && m.has("sources")) {
    r.report(ErrorCode::invalid_value, m.get("sources")->key_node, m.child_path("sources"),
             "the " + need.what + " need of " + chip + " draws on inputs with no stock and no flow, so nothing bounds it",
             "give the input a stock: or flows: (with per_year:), or draw on an input that has one");
  }
}

void bind_product(YamlReader& r, const CheckedMap& m, const engine::Scenario& s, fleet::Production& production) {
  fleet::ProductionLine product;
  if (!r.read(m, "chip", product.chip_id)) return;
  if (!s.catalog.find_chip(product.chip_id)) {
    report_unknown_reference(r, m.value_node("chip"), m.child_path("chip"), "chip", product.chip_id, s.catalog.chip_ids());
    return;
  }
  r.read(m, "from", product.from);
  r.read(m, "to", product.to);
  for_each_map(r, m, "needs", [&](const CheckedMap& n) {
    fleet::ProductionNeed need;
    bind_need(r, n, production, product.chip_id, need);
    product.needs.push_back(std::move(need));
  });
  if (m.has("needs") && product.needs.empty()) {
    r.report(r.make(ErrorCode::invalid_value, m.get("needs")->key_node, m.child_path("needs"),
                    "a product with no needs is unbounded: give at least one need with its sources"));
  }
  production.products.push_back(std::move(product));
}

}  // namespace

void bind_production(YamlReader& r, const CheckedMap& top, const engine::Scenario& s, fleet::Production& out) {
  const MapEntry* e = top.get("production");
  if (!e) return;
  auto m = r.map(e->value, "production", *e->spec->child);
  if (!m) return;
  r.read(*m, "country", out.country);
  for_each_map(r, *m, "inputs", [&](const CheckedMap& i) { bind_input(r, i, out); });
  for_each_map(r, *m, "products", [&](const CheckedMap& p) { bind_product(r, p, s, out); });
}

}  // namespace flopcast::scenario
