// prepare_projection(): the string work of a fleet projection, done once per scenario: chips and
// rows resolved to indexes, every line classified under every regime step (export and import
// side), quantity caps registered, and the share of each production flow the supply controls of
// each step let through. project_fleet_into() then reads only numbers.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "flopcast/fleet/projection.hpp"
#include "flopcast/rules/rule_verdict.hpp"

namespace flopcast::fleet {
namespace {

int chip_index(ProjectionInputs& in, const std::string& id, const catalog::ChipSpec* spec) {
  const auto it = std::find(in.chip_ids.begin(), in.chip_ids.end(), id);
  if (it != in.chip_ids.end()) return static_cast<int>(it - in.chip_ids.begin());
  in.chip_ids.push_back(id);
  in.chip_specs.push_back(spec ? *spec : catalog::ChipSpec{});
  if (!spec) in.chip_specs.back().id = id;
  return static_cast<int>(in.chip_ids.size()) - 1;
}

int index_in(std::vector<std::string>& ids, const std::string& id) {
  const auto it = std::find(ids.begin(), ids.end(), id);
  if (it != ids.end()) return static_cast<int>(it - ids.begin());
  ids.push_back(id);
  return static_cast<int>(ids.size()) - 1;
}

double lookup(const std::map<std::string, double>& m, const std::string& id) {
  const auto it = m.find(id);
  return it == m.end() ? 0.0 : it->second;
}

/// The quantity cap of `rule` (registered once per rule of a regime copy), or -1.
int quantity_cap_of(ProjectionInputs& in, const rules::Rule& rule) {
  if (!rule.quantity_cap_h100e) return -1;
  const std::string key = rule.defined_in + ":" + rule.id;
  for (std::size_t i = 0; i < in.quantity_caps.size(); ++i) {
    if (in.quantity_caps[i].rule == key) return static_cast<int>(i);
  }
  in.quantity_caps.push_back({key, *rule.quantity_cap_h100e, rule.quantity_cap_per_year});
  return static_cast<int>(in.quantity_caps.size()) - 1;
}

/// eq. P2: how a US export regime treats a line (decided once per regime step and line).
LineVerdict classify_line(ProjectionInputs& in, const rules::ExportRegime* regime, const Actor& a, const ProcurementLine& l) {
  LineVerdict v;
  if (l.kind == ProcurementLine::Kind::leakage || l.kind == ProcurementLine::Kind::smuggled) {
    v.outcome_name = l.kind == ProcurementLine::Kind::leakage ? "leakage" : "smuggled";
    return v;
  }
  if (!regime) return v;
  if (l.chip.origin != regime->issuer) {
    // Export rules bind items of their issuer's origin: a Huawei chip bought in China is not an
    // export the US rules decide (docs/rules.md).
    v.outcome_name = "not-controlled-origin";
    return v;
  }
  const auto c = rules::classify_chip(*regime, l.chip, a.destination, in.destinations, a.headquarters);
  v.rule = c.rule ? c.rule->id : "";
  v.regime = c.rule ? c.rule->defined_in : "";
  if (!c.determined) {
    v.outcome_name = "unknown";  // a rule needs a metric the catalog lacks: counted as allowed, and flagged
    return v;
  }
  v.outcome = c.outcome;
  v.outcome_name = std::string(core::enum_token(rules::outcome_names(), c.outcome));
  v.fee_share = c.rule && c.rule->fee_share ? *c.rule->fee_share : 0.0;
  if (c.rule && c.outcome != rules::Outcome::denied) {
    v.volume_cap = c.rule->volume_cap;
    v.quantity_cap = quantity_cap_of(in, *c.rule);
  }
  switch (c.outcome) {
    case rules::Outcome::allowed:
    case rules::Outcome::notify: break;
    case rules::Outcome::denied: v.fixed_share = 0; break;
    case rules::Outcome::licence:
      v.licensed = true;
      if (c.rule && c.rule->approval_probability) v.approval = *c.rule->approval_probability;
      if (c.rule) v.approval_from = c.rule->approval_schedule;
  }
  return v;
}

/// The destination's own import rules for a line: the share let in and the deciding rule.
void classify_import(ProjectionInputs& in, const rules::ExportRegime& regime, const Actor& a, const ProcurementLine& l, LineVerdict& v) {
  if (l.kind == ProcurementLine::Kind::leakage || l.kind == ProcurementLine::Kind::smuggled) return;  // not declared at customs
  if (l.chip.origin == regime.issuer || in.destinations.treated_country(a.destination) != regime.issuer) return;
  const auto c = rules::classify_chip(regime, l.chip, a.destination, in.destinations, a.headquarters);
  if (!c.determined || !c.rule) return;
  v.import_rule = c.rule->id;
  switch (c.outcome) {
    case rules::Outcome::allowed:
    case rules::Outcome::notify: break;
    case rules::Outcome::denied: v.import_share = 0; break;
    case rules::Outcome::licence:
      v.import_share = c.rule->approval_probability.value_or(in.licence_approval);
      v.import_approval_from = c.rule->approval_schedule;
      break;
  }
  if (c.outcome != rules::Outcome::denied && v.quantity_cap < 0) v.quantity_cap = quantity_cap_of(in, *c.rule);
}

/// Rows: per actor, its distinct chips (lines first, then the installed base), in order met.
void index_rows(ProjectionInputs& in) {
  for (const auto& a : in.actors) {
    in.actor_first_line.push_back(static_cast<int>(in.line_chip.size()));
    in.actor_first_slot.push_back(static_cast<int>(in.slot_chip.size()));
    std::vector<std::string> own;
    auto row_of = [&](const catalog::ChipSpec& chip) {
      const auto before = own.size();
      const int slot = index_in(own, chip.id);
      if (own.size() > before) in.slot_chip.push_back(chip_index(in, chip.id, &chip));
      return slot;
    };
    for (const auto& l : a.lines) {
      in.line_slot.push_back(row_of(l.chip));
      in.line_chip.push_back(chip_index(in, l.chip.id, &l.chip));
      in.line_h100e_by_tpp.push_back(catalog::h100_equivalents_by_tpp(l.chip));
    }
    for (const auto& b : a.installed_base) {
      in.base_slot.push_back(row_of(b.chip));
      const double period_months = in.timeline.step_months;
      in.base_age_periods.push_back(static_cast<int>(std::floor((in.timeline.start.index() - b.vintage.index()) / period_months)));
    }
    in.priorities.push_back(a.priority);
  }
  in.actor_first_line.push_back(static_cast<int>(in.line_chip.size()));
  in.actor_first_slot.push_back(static_cast<int>(in.slot_chip.size()));
  for (const auto& s : in.supply) in.supply_chip.push_back(chip_index(in, s.chip_id, nullptr));
  for (const auto& p : in.production.products) in.product_chip.push_back(chip_index(in, p.chip_id, nullptr));
  std::sort(in.priorities.begin(), in.priorities.end());
  in.priorities.erase(std::unique(in.priorities.begin(), in.priorities.end()), in.priorities.end());
}

/// Per-chip numbers: reference rates, H100e by throughput, US end-use volume.
void index_chip_rates(ProjectionInputs& in) {
  for (const auto& id : in.chip_ids) {
    in.chip_reference_flop_per_s.push_back(lookup(in.reference_flop_per_s, id));
    in.chip_reference_tokens_per_s.push_back(lookup(in.reference_tokens_per_s, id));
  }
  for (std::size_t c = 0; c < in.chip_ids.size(); ++c) {
    const double flops = in.chip_reference_flop_per_s[c];
    in.chip_h100e.push_back(in.h100_reference_flop_per_s > 0 ? flops / in.h100_reference_flop_per_s
                                                              : catalog::h100_equivalents_by_tpp(in.chip_specs[c]));
    in.chip_h100e_by_tpp.push_back(catalog::h100_equivalents_by_tpp(in.chip_specs[c]));
  }
  in.chip_us_end_use.assign(in.chip_ids.size(), -1.0);
  for (const auto& m : in.us_end_use) {
    const auto it = std::find(in.chip_ids.begin(), in.chip_ids.end(), m.chip_id);
    if (it != in.chip_ids.end()) in.chip_us_end_use[static_cast<std::size_t>(it - in.chip_ids.begin())] = m.per_year;
  }
}

/// Serving order per actor (eq. P9b): tokens/s per unit of training compute given up, highest
/// first; chips that cannot serve last; ties keep the row order.
void order_serving(ProjectionInputs& in) {
  for (std::size_t a = 0; a < in.actors.size(); ++a) {
    const auto first = static_cast<std::size_t>(in.actor_first_slot[a]), last = static_cast<std::size_t>(in.actor_first_slot[a + 1]);
    std::vector<int> order;
    std::vector<double> merit;
    for (std::size_t j = 0; j < last - first; ++j) {
      const auto ci = static_cast<std::size_t>(in.slot_chip[first + j]);
      const double tokens = in.chip_reference_tokens_per_s[ci], flops = in.chip_reference_flop_per_s[ci];
      order.push_back(static_cast<int>(j));
      merit.push_back(tokens <= 0 ? -1.0 : flops <= 0 ? std::numeric_limits<double>::infinity() : tokens / flops);
    }
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return merit[static_cast<std::size_t>(x)] > merit[static_cast<std::size_t>(y)]; });
    in.slot_serving_order.insert(in.slot_serving_order.end(), order.begin(), order.end());
  }
}

/// eq. P3e: per flow of every production input, the share the step's supply controls let through.
void add_flow_shares(ProjectionInputs& in, const rules::ExportRegime& regime) {
  for (const auto& input : in.production.inputs) {
    for (const auto& flow : input.flows) {
      double share = 1;
      for (const auto& sc : regime.supply_controls) {
        const bool covers = sc.destinations.covers(in.production.country) ||
                            sc.destinations.covers(in.destinations.treated_country(in.production.country));
        if (!flow.control.empty() && sc.cuts == flow.control && covers) share *= 1 - std::clamp(sc.share, 0.0, 1.0);
      }
      in.flow_share.push_back(share);
    }
  }
}

void classify_all(ProjectionInputs& in) {
  auto classify_steps = [&](const std::vector<RegimeStep>& steps) {
    for (const auto& step : steps) {
      for (const auto& a : in.actors) {
        for (const auto& l : a.lines) in.verdicts.push_back(classify_line(in, &step.regime, a, l));
      }
      add_flow_shares(in, step.regime);
    }
  };
  classify_steps(in.regimes);
  for (const auto& option : in.regime_options) {
    in.option_verdicts.push_back(in.verdicts.size());
    in.option_flow_share.push_back(in.flow_share.size());
    classify_steps(option);
  }
  for (const auto& step : in.import_regimes) {
    for (const auto& a : in.actors) {
      for (const auto& l : a.lines) {
        LineVerdict v;
        classify_import(in, step.regime, a, l, v);
        in.import_verdicts.push_back(std::move(v));
      }
    }
  }
}

void resolve_production_inputs(ProjectionInputs& in) {
  for (auto& product : in.production.products) {
    for (auto& need : product.needs) {
      for (auto& src : need.sources) {
        src.input_index = -1;
        for (std::size_t i = 0; i < in.production.inputs.size(); ++i) {
          if (in.production.inputs[i].name == src.input) src.input_index = static_cast<int>(i);
        }
      }
    }
  }
}

/// Per line, the actor's lines that must be bought before it (prefer: pairs name chips).
void index_preferences(ProjectionInputs& in) {
  for (std::size_t a = 0; a < in.actors.size(); ++a) {
    const auto& actor = in.actors[a];
    for (const auto& l : actor.lines) {
      std::uint64_t after = 0;
      for (const auto& [first, then] : actor.prefer) {
        if (then != l.chip.id) continue;
        for (std::size_t j = 0; j < actor.lines.size() && j < 64; ++j) {
          if (actor.lines[j].chip.id == first) after |= std::uint64_t{1} << j;
        }
      }
      in.line_after.push_back(after);
    }
  }
}

}  // namespace

std::string preference_cycle(const std::vector<std::pair<std::string, std::string>>& prefer) {
  // Depth-first from each chip along "bought before" edges; a path back to its start is a loop.
  std::vector<std::string> path;
  std::function<bool(const std::string&)> walk = [&](const std::string& at) {
    if (std::find(path.begin(), path.end(), at) != path.end()) {
      path.push_back(at);
      return true;
    }
    path.push_back(at);
    for (const auto& [first, then] : prefer) {
      if (first == at && walk(then)) return true;
    }
    path.pop_back();
    return false;
  };
  for (const auto& [first, then] : prefer) {
    path.clear();
    if (walk(first)) {
      const auto start = std::find(path.begin(), path.end(), path.back());
      std::string text;
      for (auto it = start; it != path.end(); ++it) text += (text.empty() ? "" : " -> ") + *it;
      return text;
    }
  }
  return "";
}

void prepare_projection(ProjectionInputs& in) {
  for (auto* v : {&in.line_chip, &in.line_slot, &in.actor_first_line, &in.actor_first_slot, &in.slot_chip, &in.slot_serving_order,
                  &in.base_slot, &in.base_age_periods, &in.supply_chip, &in.product_chip, &in.priorities}) {
    v->clear();
  }
  in.chip_ids.clear();
  in.chip_specs.clear();
  in.line_h100e_by_tpp.clear();
  in.line_after.clear();
  in.chip_reference_flop_per_s.clear();
  in.chip_reference_tokens_per_s.clear();
  in.chip_h100e.clear();
  in.chip_h100e_by_tpp.clear();
  in.verdicts.clear();
  in.option_verdicts.clear();
  in.import_verdicts.clear();
  in.quantity_caps.clear();
  in.flow_share.clear();
  in.option_flow_share.clear();
  index_rows(in);
  index_chip_rates(in);
  order_serving(in);
  resolve_production_inputs(in);
  index_preferences(in);
  classify_all(in);
}

}  // namespace flopcast::fleet
