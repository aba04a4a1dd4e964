// A scenario document -> engine::Scenario: fleet, workloads and assumptions, with every
// reference (chip, model, pool) resolved and checked.
#include "bind_scenario.hpp"
#include "bind_service_options.hpp"
#include "bind_buy.hpp"
#include "bind_size.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "bind_entries.hpp"
#include "bind_workload.hpp"
#include "bind_projection.hpp"
#include "bind_sweep.hpp"
#include "flopcast/core/file_names.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;


void bind_pool(YamlReader& r, const YAML::Node& node, const std::string& path, engine::Scenario& s,
               std::map<std::string, YAML::Node>& names) {
  auto m = r.map(node, path, *scenario_section().find("fleet")->child->find("pools")->child);
  if (!m) return;
  fleet::Pool pool;
  r.read(*m, "name", pool.name);
  if (auto prev = names.find(pool.name); !pool.name.empty() && prev != names.end()) {
    auto d = r.make(ErrorCode::duplicate_key, m->value_node("name"), m->child_path("name"), "duplicate pool name '" + pool.name + "'");
    d.notes.push_back({r.at(prev->second), "first used here"});
    d.hint = "give each pool a name of its own: workloads' pools: lists refer to pools by name";
    r.report(std::move(d));
  } else if (!pool.name.empty()) {
    names.emplace(pool.name, m->value_node("name"));
  }
  std::string chip;
  if (r.read(*m, "chip", chip)) {
    if (const auto* c = s.catalog.find_chip(chip)) {
      pool.chip = *c;
      if (!c->specs_published) {
        r.report(ErrorCode::invalid_value, m->value_node("chip"), m->child_path("chip"),
                 "'" + chip + "' has no published performance figures, so it cannot be simulated",
                 "give them as an assumption: chips: {my-" + chip + ": {base: " + chip +
                     ", dense_peak: {...}, hbm_capacity: ..., hbm_bandwidth: ...}}");
      }
    } else {
      report_unknown_reference(r, m->value_node("chip"), m->child_path("chip"), "chip", chip, s.catalog.chip_ids());
    }
  }
  if (r.read(*m, "count", pool.count) && pool.count > kMaxPoolChips) {  // keeps chip arithmetic exact in 64 bits
    r.report(ErrorCode::out_of_range, m->value_node("count"), m->child_path("count"),
             "count must be at most 1e9 chips per pool, found " + m->value_node("count").Scalar(),
             "split the chips over several pools of the same chip, each with its own name: and at most 1e9 chips");
  }
  r.read(*m, "owner", pool.owner);
  r.read(*m, "country", pool.country);
  r.read(*m, "in_service", pool.in_service);
  r.read(*m, "retire", pool.retire);
  r.read(*m, "rental_price", pool.rental_usd_per_s);
  if (pool.in_service && pool.retire && !(*pool.in_service < *pool.retire)) {
    auto d = r.make(ErrorCode::invalid_value, m->value_node("retire"), m->child_path("retire"),
                    "retire (" + pool.retire->str() + ") must come after in_service (" + pool.in_service->str() + ")");
    d.notes.push_back({r.at(m->value_node("in_service")), "in_service set here"});
    d.hint = "set retire: to a month after " + pool.in_service->str() + ", or in_service: to one before " + pool.retire->str();
    r.report(std::move(d));
  }
  s.fleet.pools.push_back(std::move(pool));
}

void bind_fleet(YamlReader& r, const CheckedMap& top, engine::Scenario& s) {
  const MapEntry* e = top.get("fleet");
  if (!e) {
    if (!top.has("actors")) {
      auto d = r.make(core::ErrorCode::missing_key, top.node, "fleet", "missing key 'fleet' (or actors: with a timeline:)");
      d.expected = "fleet: a mapping with pools: (the chips available)";
      r.report(std::move(d));
    }
    return;
  }
  auto m = r.map(e->value, "fleet", *e->spec->child);
  if (!m || !m->has("pools")) return;
  auto items = r.list(m->value_node("pools"), "fleet.pools", "pools");
  if (!items) return;
  std::map<std::string, YAML::Node> names;
  for (std::size_t i = 0; i < items->size(); ++i) bind_pool(r, (*items)[i], "fleet.pools[" + std::to_string(i) + "]", s, names);
  if (items->empty()) {
    r.report(ErrorCode::out_of_range, m->value_node("pools"), "fleet.pools", "the fleet has no pools",
             "add a pool, e.g. pools: [{name: main, chip: h100, count: 1024}] (flopcast catalog chips lists the chips)");
  }
}

void bind_assumptions(YamlReader& r, const CheckedMap& top, engine::Scenario& s) {
  const MapEntry* e = top.get("assumptions");
  if (!e) return;
  auto m = r.map(e->value, "assumptions", *e->spec->child);
  if (!m) return;
  auto& a = s.assumptions;
  r.read(*m, "training_utilisation", a.training_utilisation);
  if (r.read(*m, "hbm_reserve", a.hbm_reserve_fraction) && a.hbm_reserve_fraction >= 1) {
    r.report(core::ErrorCode::out_of_range, m->value_node("hbm_reserve"), "assumptions.hbm_reserve",
             "hbm_reserve must be below 1 (100%): it would leave no HBM for weights and KV cache", "the default is 0.10 (10% kept free)");
  }
  r.read(*m, "effective_utilisation", a.effective_utilisation);
  r.read(*m, "chip_mtbf", a.chip_mtbf_s);
  r.read(*m, "checkpoint_write", a.checkpoint_write_s);
  r.read(*m, "restart", a.restart_s);
  r.read(*m, "pue", a.pue);
  r.read(*m, "electricity_price", a.electricity_usd_per_j);
  r.read(*m, "amortisation", a.amortisation_s);
  r.read(*m, "service_life", a.service_life_s);
  r.read(*m, "licence_approval", a.licence_approval);
  r.read(*m, "system_overhead", a.system_overhead);
  r.read(*m, "failure_rate", a.failure_rate_per_year);
  if (r.read(*m, "reference_model", a.reference_model) && !s.catalog.find_model(a.reference_model)) {
    report_unknown_reference(r, m->value_node("reference_model"), "assumptions.reference_model", "model", a.reference_model, s.catalog.model_ids());
  }
  if (r.read(*m, "reference_service_model", a.reference_service_model) && !s.catalog.find_model(a.reference_service_model)) {
    report_unknown_reference(r, m->value_node("reference_service_model"), "assumptions.reference_service_model", "model",
                             a.reference_service_model, s.catalog.model_ids());
  }
  if (r.read(*m, "reference_service_mode", a.reference_service_mode) && !s.catalog.find_mode(a.reference_service_mode)) {
    report_unknown_reference(r, m->value_node("reference_service_mode"), "assumptions.reference_service_mode", "mode",
                             a.reference_service_mode, s.catalog.mode_ids());
  }
  if (const MapEntry* mix = m->get("reference_service_mix")) bind_reference_mix(r, *m, *mix, s);
  if (m->has("pue") && a.pue < 1) {
    r.report(r.make(core::ErrorCode::out_of_range, m->value_node("pue"), "assumptions.pue", "pue is facility over IT power and cannot be below 1"));
  }
  r.read_enum(*m, "capacity_precision", catalog::precision_names(), a.capacity_precision);
  for (const auto& entry : m->entries) s.assumptions_set.push_back(entry.key);
}

void bind_validation(YamlReader& r, const YAML::Node& node, const std::string& path, engine::Scenario& s) {
  auto m = r.map(node, path, *scenario_section().find("validation")->child);
  if (!m) return;
  engine::ValidationCheck c;
  r.read(*m, "case", c.case_id);
  r.read(*m, "metric", c.metric);
  r.read(*m, "published", c.published);
  r.read(*m, "tolerance", c.tolerance);
  r.read(*m, "source", c.source);
  r.read(*m, "note", c.note);
  r.read(*m, "quality", c.quality);
  s.validation.push_back(std::move(c));
}

/// A kernel's name, chip and precision (either section).
void bind_kernel_chip(YamlReader& r, const CheckedMap& m, engine::Scenario& s, engine::KernelBenchmark& k) {
  r.read(m, "name", k.name);
  std::string chip;
  if (r.read(m, "chip", chip)) {
    if (const auto* c = s.catalog.find_chip(chip)) {
      k.chip = *c;
    } else {
      report_unknown_reference(r, m.value_node("chip"), m.child_path("chip"), "chip", chip, s.catalog.chip_ids());
    }
  }
  r.read_enum(m, "precision", catalog::precision_names(), k.precision);
  if (!k.chip.id.empty() && !k.chip.supports(k.precision)) {
    r.report(r.make(ErrorCode::invalid_value, m.value_node("precision"), m.child_path("precision"),
                    chip + " has no " + std::string(core::enum_token(catalog::precision_names(), k.precision)) + " throughput in the catalog"));
  }
}

/// Kernel names are one namespace across kernels: and attention_kernels: (their metrics share it).
void push_kernel(YamlReader& r, const CheckedMap& m, engine::KernelBenchmark k, engine::Scenario& s) {
  for (const auto& other : s.kernels) {
    if (!k.name.empty() && other.name == k.name) r.report(r.make(ErrorCode::duplicate_key, m.value_node("name"), m.child_path("name"), "a second kernel named '" + k.name + "'"));
  }
  s.kernels.push_back(std::move(k));
}

/// One entry of the kernel section `section` as a map, its name, chip and precision bound into
/// `k` (of `kind`); nothing if the entry is not a map.
std::optional<CheckedMap> kernel_entry(YamlReader& r, const YAML::Node& node, const std::string& path, const char* section,
                                       engine::KernelBenchmark::Kind kind, engine::Scenario& s, engine::KernelBenchmark& k) {
  auto m = r.map(node, path, *scenario_section().find(section)->child);
  if (!m) return m;
  k.kind = kind;
  bind_kernel_chip(r, *m, s, k);
  return m;
}

void bind_kernel(YamlReader& r, const YAML::Node& node, const std::string& path, engine::Scenario& s) {
  engine::KernelBenchmark k;
  auto m = kernel_entry(r, node, path, "kernels", engine::KernelBenchmark::Kind::gemm, s, k);
  if (!m) return;
  r.read(*m, "m", k.m);
  r.read(*m, "n", k.n);
  r.read(*m, "k", k.k);
  r.read(*m, "groups", k.groups);
  push_kernel(r, *m, std::move(k), s);
}

void bind_attention_kernel(YamlReader& r, const YAML::Node& node, const std::string& path, engine::Scenario& s) {
  engine::KernelBenchmark k;
  auto m = kernel_entry(r, node, path, "attention_kernels", engine::KernelBenchmark::Kind::attention, s, k);
  if (!m) return;
  r.read(*m, "sequences", k.sequences);
  r.read(*m, "heads", k.heads);
  r.read(*m, "sequence_length", k.sequence_length);
  r.read(*m, "head_dim", k.head_dim);
  r.read(*m, "causal", k.causal);
  push_kernel(r, *m, std::move(k), s);
}

void bind_decode_attention_kernel(YamlReader& r, const YAML::Node& node, const std::string& path, engine::Scenario& s) {
  engine::KernelBenchmark k;
  auto m = kernel_entry(r, node, path, "decode_attention_kernels", engine::KernelBenchmark::Kind::decode_attention, s, k);
  if (!m) return;
  r.read(*m, "sequences", k.sequences);
  r.read(*m, "sequence_length", k.sequence_length);
  r.read(*m, "query_tokens", k.query_tokens);
  r.read(*m, "heads", k.heads);
  r.read(*m, "kv_heads", k.kv_heads);
  r.read(*m, "head_dim", k.head_dim);
  k.value_head_dim = k.head_dim;
  r.read(*m, "value_head_dim", k.value_head_dim);
  r.read(*m, "shared_kv", k.shared_kv);
  if (k.heads > 0 && k.kv_heads > 0 && std::fmod(k.heads, k.kv_heads) != 0) {
    r.report(ErrorCode::invalid_value, m->value_node("kv_heads"), m->child_path("kv_heads"),
             "kv_heads must divide heads (query heads share key/value heads in equal groups)",
             "e.g. heads: 64 with kv_heads: 8; MLA's compressed cache is kv_heads: 1");
  }
  if (k.shared_kv && k.value_head_dim > k.head_dim) {
    r.report(ErrorCode::invalid_value, m->value_node("value_head_dim"), m->child_path("value_head_dim"),
             "with shared_kv the values are part of the cached keys, so value_head_dim cannot exceed head_dim",
             "MLA: head_dim 576 (512 latent + 64 rotary), value_head_dim 512");
  }
  push_kernel(r, *m, std::move(k), s);
}

void bind_expectation(YamlReader& r, const YAML::Node& node, const std::string& path, engine::Scenario& s) {
  auto m = r.map(node, path, *scenario_section().find("expect")->child);
  if (!m) return;
  engine::Expectation x;
  r.read(*m, "name", x.name);
  r.read(*m, "metric", x.metric);
  int ops = 0;
  using Op = engine::Expectation::Op;
  for (auto [key, op] : {std::pair{"below", Op::below}, std::pair{"at_most", Op::at_most}, std::pair{"above", Op::above},
                         std::pair{"at_least", Op::at_least}}) {
    if (r.read(*m, key, x.threshold)) {
      x.op = op;
      ++ops;
    }
  }
  if (ops != 1) {
    auto d = r.make(core::ErrorCode::missing_key, m->node, path, ops == 0 ? "an expectation needs one of below, at_most, above, at_least"
                                                                           : "an expectation takes exactly one of below, at_most, above, at_least");
    r.report(std::move(d));
  }
  r.read(*m, "percentile", x.percentile);
  const auto at = r.at(node);
  x.where = at.file + ":" + std::to_string(at.line);
  x.metric_location = m->get("metric") ? r.at(m->value_node("metric")) : at;
  s.expectations.push_back(std::move(x));
}

template <class F>
void each_item(YamlReader& r, const CheckedMap& top, std::string_view key, std::string_view what, F bind) {
  const MapEntry* e = top.get(key);
  if (!e) return;
  auto items = r.list(e->value, std::string(key), what);
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) bind((*items)[i], std::string(key) + "[" + std::to_string(i) + "]");
}

}  // namespace

bool refused_on_dense_model(YamlReader& r, const CheckedMap& m, const catalog::ModelProfile& model, const std::string& key,
                            const std::string& does, const std::string& hint) {
  if (model.id.empty() || model.declared_only || model.is_moe()) return false;
  r.report(ErrorCode::invalid_value, m.value_node(key), m.child_path(key), key + " " + does + ", and " + model.id + " is a dense model", hint);
  return true;
}

std::vector<std::string> pool_names(const engine::Scenario& s) {
  std::vector<std::string> out;
  for (const auto& p : s.fleet.pools) out.push_back(p.name);
  return out;
}

void read_pools(YamlReader& r, const CheckedMap& m, std::string_view key, const engine::Scenario& s, std::vector<std::string>& out) {
  if (!r.read(m, key, out)) return;
  const auto known = pool_names(s);
  for (const auto& name : out) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      report_unknown_reference(r, m.value_node(key), m.child_path(key), "pool", name, known);
    }
  }
}


/// Runs, services and actors name output files (tornado_training_<run>_..., capacity_over_time_
/// <actor>.svg): two of one kind whose names map to one file name ("x y" and "x/y", or "A" and
/// "a" on a case-insensitive disk) would overwrite each other, so the second is refused here,
/// before anything is computed or written.
void check_output_names(YamlReader& r, const CheckedMap& top, std::string_view key, const std::string& what) {
  const MapEntry* e = top.get(key);
  if (!e || !e->value.IsSequence()) return;
  std::vector<std::pair<std::string, std::string>> seen;  // (name, path)
  for (std::size_t i = 0; i < e->value.size(); ++i) {
    const YAML::Node item = e->value[i];
    const YAML::Node name = item.IsMap() ? item["name"] : YAML::Node();
    if (!name.IsDefined() || !name.IsScalar()) continue;
    const std::string path = std::string(key) + "[" + std::to_string(i) + "].name";
    const auto clash = std::find_if(seen.begin(), seen.end(), [&](const auto& x) { return core::file_stems_clash(x.first, name.Scalar()); });
    if (clash != seen.end()) {
      const bool same = clash->first == name.Scalar();
      r.report(ErrorCode::duplicate_key, name, path,
               same ? "duplicate " + what + " name '" + name.Scalar() + "'"
                    : what + " names '" + clash->first + "' and '" + name.Scalar() + "' would write the same files (" +
                          core::file_stem(name.Scalar()) + ")",
               same ? "give each " + what + " a name of its own"
                    : "names become file names: letters, digits, - and _ are kept, other characters become _, and case is ignored; rename one");
      continue;
    }
    seen.emplace_back(name.Scalar(), path);
  }
}

/// A scenario's own chips:, models: or modes:, if within kMaxScenarioEntries (docs/reliability.md,
/// Resource limits): entries are looked up by id and may build on each other, so a file of
/// 20,000 chained chips took seconds; the limit is far above any real scenario.
static const MapEntry* catalog_section(YamlReader& r, const CheckedMap& top, std::string_view key) {
  const MapEntry* e = top.get(key);
  if (!e || !e->value.IsMap() || e->value.size() <= kMaxScenarioEntries) return e;
  r.report(ErrorCode::too_large, e->key_node, std::string(key),
           std::string(key) + " has " + std::to_string(e->value.size()) + " entries; a scenario defines at most " +
               std::to_string(kMaxScenarioEntries),
           "split the study over several scenarios, or vary one entry's figures with a sweep: axis or an uncertain: variable "
           "instead of writing an entry per value");
  return nullptr;
}

void bind_scenario(YamlReader& r, const YAML::Node& root, const catalog::Catalog& builtins, engine::Scenario& s, engine::SweepSpec& sweep,
                   ScenarioLoad& extras, const RegimeLoad* regimes) {
  auto top = r.map(root, "", scenario_section());
  if (!top) return;
  s.catalog = builtins;
  r.read(*top, "name", s.name);
  r.read(*top, "question", s.question);
  bind_answer(r, *top, s);
  std::string regimes_dir;  // loaded before binding (load.cpp); read here so a wrong type is reported
  r.read(*top, "regimes_dir", regimes_dir);
  if (const MapEntry* e = catalog_section(r, *top, "chips")) bind_chips(r, e->value, "chips", EntryOrigin::scenario, builtins, s.catalog);
  if (const MapEntry* e = catalog_section(r, *top, "models")) bind_models(r, e->value, "models", EntryOrigin::scenario, builtins, s.catalog);
  if (const MapEntry* e = catalog_section(r, *top, "modes")) bind_modes(r, e->value, "modes", EntryOrigin::scenario, builtins, s.catalog);
  bind_assumptions(r, *top, s);  // before workloads: their defaults come from here
  bind_fleet(r, *top, s);
  each_item(r, *top, "training", "training runs", [&](const YAML::Node& n, const std::string& p) { bind_training(r, n, p, s); });
  each_item(r, *top, "inference", "inference services", [&](const YAML::Node& n, const std::string& p) { bind_inference(r, n, p, s); });
  each_item(r, *top, "kernels", "kernels", [&](const YAML::Node& n, const std::string& p) { bind_kernel(r, n, p, s); });
  each_item(r, *top, "attention_kernels", "attention kernels", [&](const YAML::Node& n, const std::string& p) { bind_attention_kernel(r, n, p, s); });
  each_item(r, *top, "decode_attention_kernels", "decode attention kernels",
            [&](const YAML::Node& n, const std::string& p) { bind_decode_attention_kernel(r, n, p, s); });
  each_item(r, *top, "validation", "validation checks", [&](const YAML::Node& n, const std::string& p) { bind_validation(r, n, p, s); });
  each_item(r, *top, "expect", "expectations", [&](const YAML::Node& n, const std::string& p) { bind_expectation(r, n, p, s); });
  check_output_names(r, *top, "training", "training run");
  check_output_names(r, *top, "inference", "service");
  check_output_names(r, *top, "actors", "actor");
  bind_projection(r, *top, s, regimes);
  bind_sweep(r, *top, s, sweep, regimes);
  bind_size(r, *top, s, extras.sizing);
  bind_buy(r, *top, s, extras.buy);
  for (const auto& x : s.expectations) {
    if (x.percentile && sweep.variables.empty()) {
      r.report(r.make(core::ErrorCode::invalid_value, top->node, "expect", "expectation '" + x.metric + "' asks for a percentile, but the scenario has no uncertain: section"));
    }
  }
}

}  // namespace flopcast::scenario
