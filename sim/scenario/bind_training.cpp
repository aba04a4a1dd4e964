// A training run -> engine::TrainingRun: model, pools, batch, precision, the parallel layout
// and the run-level model inputs (expert balance, attention kernel), each checked against the
// model it applies to.
#include <algorithm>
#include <string>
#include <utility>

#include "bind_workload.hpp"
#include "flopcast/perf/training_step.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;

/// Why `module` cannot be recomputed on model `m` (a part the model does not have), or "".
std::string missing_module(perf::RecomputeModule module, const catalog::ModelProfile& m) {
  using M = perf::RecomputeModule;
  const bool moe = m.is_moe();
  switch (module) {
    case M::core_attn:
    case M::layernorm: return "";
    case M::mla_up_proj: return m.attention.kind == catalog::AttentionKind::mla ? "" : m.id + " has no MLA up-projections";
    case M::mlp: return !moe || m.moe->dense_layers > 0 ? "" : m.id + " has no dense feed-forward layers";
    case M::moe:
    case M::moe_act: return moe ? "" : m.id + " is a dense model (no experts)";
    case M::shared_experts: return moe && m.moe->shared_experts > 0 ? "" : m.id + " has no shared experts";
  }
  return "";
}

/// recompute_modules: known names, each a part of the model, and only with recompute: selective.
unsigned read_recompute_modules(YamlReader& r, const CheckedMap& l, const engine::TrainingRun& run, perf::Recompute recompute) {
  std::vector<std::string> names;
  if (!r.read(l, "recompute_modules", names)) return 0;
  const MapEntry* entry = l.get("recompute_modules");
  if (recompute != perf::Recompute::selective) {
    r.report(ErrorCode::invalid_value, entry->key_node, l.child_path("recompute_modules"),
             "recompute_modules names what selective recomputation recomputes, and this layout's recompute is not selective",
             "add recompute: selective, or remove recompute_modules:");
    return 0;
  }
  unsigned bits = 0;
  for (const auto& name : names) {
    const auto parsed = core::enum_from_token(perf::recompute_module_names(), name);
    if (!parsed) {
      auto d = r.make(ErrorCode::invalid_value, entry->value, l.child_path("recompute_modules"), "unknown recompute module '" + name + "'");
      d.candidates = core::enum_tokens(perf::recompute_module_names());
      r.report(std::move(d));
      continue;
    }
    const perf::RecomputeModule module = *parsed;
    if (const auto why = missing_module(module, run.model); !why.empty() && !run.model.id.empty()) {
      r.report(ErrorCode::invalid_value, entry->value, l.child_path("recompute_modules"),
               "cannot recompute '" + name + "': " + why, "remove '" + name + "' from recompute_modules:");
      continue;
    }
    bits |= perf::module_bit(module);
  }
  return bits;
}

/// recompute: op prices torchtitan's policy for Llama-style blocks (its matmul order: wq, wk,
/// wv, wo, w1, w3, w2): a dense model with MHA or GQA attention.
void check_per_op_model(YamlReader& r, const CheckedMap& l, const engine::TrainingRun& run, perf::Recompute recompute) {
  const auto& m = run.model;
  if (recompute != perf::Recompute::op || m.id.empty() || m.declared_only) return;
  const auto kind = m.attention.kind;
  const bool llama_block = !m.is_moe() && (kind == catalog::AttentionKind::mha || kind == catalog::AttentionKind::gqa);
  if (llama_block) return;
  r.report(ErrorCode::invalid_value, l.value_node("recompute"), l.child_path("recompute"),
           "recompute: op is torchtitan's per-op policy for dense models with MHA or GQA attention, and " + m.id +
               (m.is_moe() ? " has routed experts" : " has another attention kind"), "use recompute: selective (with recompute_modules:) or full");
}

void bind_layout(YamlReader& r, const MapEntry& e, const CheckedMap& m, engine::TrainingRun& run) {
  auto l = r.map(e.value, m.child_path("layout"), *e.spec->child);
  if (!l) return;
  perf::ParallelLayout layout;
  layout.dp = 0;  // unless stated: fill the pool
  r.read(*l, "tp", layout.tp);
  r.read(*l, "pp", layout.pp);
  r.read(*l, "ep", layout.ep);
  r.read(*l, "cp", layout.cp);
  r.read(*l, "dp", layout.dp);
  r.read(*l, "micro_batch", layout.micro_batch);
  r.read(*l, "virtual_stages", layout.virtual_stages);
  r.read_enum(*l, "schedule", perf::pipeline_schedule_names(), layout.schedule);
  if (r.read(*l, "zero_stage", layout.zero_stage) && layout.zero_stage > 3) {
    r.report(r.make(ErrorCode::out_of_range, l->value_node("zero_stage"), l->child_path("zero_stage"),
                    "zero_stage is 0, 1, 2 or 3, found " + std::to_string(layout.zero_stage)));
  }
  r.read_enum(*l, "recompute", perf::recompute_names(), layout.recompute);
  check_per_op_model(r, *l, run, layout.recompute);
  if (r.read(*l, "recompute_layers", layout.recompute_layers) && layout.recompute != perf::Recompute::full) {
    r.report(ErrorCode::invalid_value, l->get("recompute_layers")->key_node, l->child_path("recompute_layers"),
             "recompute_layers counts the layers recomputed in full, and this layout's recompute is not full",
             "add recompute: full, or remove recompute_layers:");
  }
  layout.recompute_modules = read_recompute_modules(r, *l, run, layout.recompute);
  r.read(*l, "sequence_parallel", layout.sequence_parallel);
  r.read(*l, "tp_comm_overlap", layout.tp_comm_overlap);
  run.layout = layout;
  if (static_cast<double>(layout.tp) * layout.pp * layout.cp * std::max(1, layout.dp) > kMaxPoolChips) {
    r.report(ErrorCode::out_of_range, e.value, m.child_path("layout"),
             "the layout spans tp x pp x cp x dp = more than 1e9 chips, beyond any pool",
             "lower tp, pp, cp or dp: their product is the chips the layout spans, and a pool holds at most 1e9");
  }
}

/// expert_imbalance: at least 1, and only for a mixture-of-experts model.
void read_expert_imbalance(YamlReader& r, const CheckedMap& m, engine::TrainingRun& run) {
  if (!r.read(m, "expert_imbalance", run.expert_imbalance)) return;
  if (*run.expert_imbalance < 1) {
    r.report(r.make(ErrorCode::out_of_range, m.value_node("expert_imbalance"), m.child_path("expert_imbalance"),
                    "expert_imbalance is the busiest rank's load over the mean and cannot be below 1"));
  } else {
    refused_on_dense_model(r, m, run.model, "expert_imbalance", "applies to routed experts", "remove expert_imbalance:");
  }
}

/// fused_expert_mlp: only for a mixture-of-experts model (a dense model has no grouped GEMMs).
void read_fused_expert_mlp(YamlReader& r, const CheckedMap& m, engine::TrainingRun& run) {
  if (!r.read(m, "fused_expert_mlp", run.fused_expert_mlp) || !run.fused_expert_mlp) return;
  refused_on_dense_model(r, m, run.model, "fused_expert_mlp", "fuses the routed experts' activation into their grouped GEMMs",
                         "remove fused_expert_mlp:");
}

/// The keys that pick a run's performance model (on the map that states them, a run or a
/// stage, with what the stage inherits): a layout needs the global batch, and an MFU and a
/// layout exclude each other.
void check_model_keys(YamlReader& r, const CheckedMap& m, const engine::TrainingRun& run) {
  if (!run.layout) return;
  if (run.utilisation) {
    const bool here = m.has("utilisation");
    const MapEntry* at = here ? m.get("utilisation") : m.get("layout");
    // A stage never inherits both: its own utilisation: drops the run's layout, and its own layout:
    // the run's utilisation (bind_stages), so the two always come from this map.
    r.report(ErrorCode::invalid_value, at ? at->key_node : m.node, m.child_path(here ? "utilisation" : "layout"),
             "give either utilisation: (a stated MFU, first-order model) or layout: (the step model), not both",
             "remove utilisation: to model the layout, or layout: to use the stated MFU");
  } else if (!(run.global_batch_tokens > 0)) {
    auto d = r.make(ErrorCode::missing_key, m.node, m.child_path("global_batch"),
                    "missing key 'global_batch' (the layout model needs the tokens per optimizer step)");
    if (!run.group.empty()) d.hint = "add global_batch: to this stage, or to the run for every stage";
    r.report(std::move(d));
  }
}

/// stages: one run per stage ("<run>/<stage>"), each the run with the stage's keys, then the
/// run's total (eq. T15), which sums them.
void bind_stages(YamlReader& r, const MapEntry& e, const CheckedMap& m, const engine::TrainingRun& run, engine::Scenario& s) {
  for (const char* k : {"tokens", "sequence_length"}) {
    if (!m.has(k)) continue;
    r.report(ErrorCode::invalid_value, m.get(k)->key_node, m.child_path(k), std::string(k) + " is given per stage in a run with stages:",
             "move " + std::string(k) + ": into each stage");
  }
  const std::string path = m.child_path("stages");
  auto items = r.list(e.value, path, "stages");
  if (!items) return;
  if (items->empty()) {
    r.report(ErrorCode::invalid_value, e.value, path, "stages: is empty; a run with stages needs at least one",
             "give at least one stage, e.g. stages: [{name: main, tokens: \"1T tokens\", sequence_length: 8192}], or remove stages: and "
             "give tokens: and sequence_length: on the run");
    return;
  }
  engine::TrainingRun total = run;
  total.layout.reset();
  total.utilisation.reset();
  total.global_batch_tokens = 0;
  total.tokens = 0;
  total.sequence_length = 0;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto st = r.map((*items)[i], path + "[" + std::to_string(i) + "]", *e.spec->child);
    if (!st) continue;
    engine::TrainingRun stage = run;
    r.read(*st, "name", stage.stage);
    if (std::find(names.begin(), names.end(), stage.stage) != names.end()) {
      r.report(ErrorCode::duplicate_key, st->value_node("name"), st->child_path("name"),
               "stage name '" + stage.stage + "' is used twice in " + run.name,
               "give each stage a name of its own: its results are reported as " + run.name + "/<name>");
    }
    names.push_back(stage.stage);
    stage.group = run.name;
    stage.name = run.name + "/" + stage.stage;
    r.read(*st, "tokens", stage.tokens);
    r.read(*st, "sequence_length", stage.sequence_length);
    r.read(*st, "global_batch", stage.global_batch_tokens);
    if (r.read(*st, "utilisation", stage.utilisation)) stage.layout.reset();  // a stated MFU for this stage: the first-order model
    if (const MapEntry* layout = st->get("layout")) {
      bind_layout(r, *layout, *st, stage);
      if (!st->has("utilisation")) stage.utilisation.reset();
    }
    check_model_keys(r, *st, stage);
    total.tokens += stage.tokens;
    total.stage_runs.push_back(s.training.size());
    s.training.push_back(std::move(stage));
  }
  s.training.push_back(std::move(total));
}

}  // namespace

void bind_training(YamlReader& r, const YAML::Node& node, const std::string& path, engine::Scenario& s) {
  auto m = r.map(node, path, *scenario_section().find("training")->child);
  if (!m) return;
  engine::TrainingRun run;
  run.default_utilisation = s.assumptions.training_utilisation;
  r.read(*m, "name", run.name);
  bind_references(r, *m, s, run);
  r.read(*m, "tokens", run.tokens);
  r.read(*m, "sequence_length", run.sequence_length);
  r.read_enum(*m, "precision", catalog::precision_names(), run.precision);
  r.read(*m, "utilisation", run.utilisation);
  r.read_enum(*m, "attention_accounting", perf::attention_accounting_names(), run.accounting);
  r.read(*m, "global_batch", run.global_batch_tokens);
  r.read(*m, "routing_node_limit", run.routing_node_limit);
  r.read(*m, "include_mtp", run.include_mtp);
  read_expert_imbalance(r, *m, run);
  r.read_enum(*m, "attention_kernel", perf::attention_kernel_names(), run.attention_kernel);
  r.read(*m, "fp8_attention", run.fp8_attention);
  read_fused_expert_mlp(r, *m, run);
  if (const MapEntry* e = m->get("layout")) bind_layout(r, *e, *m, run);
  if (const MapEntry* stages = m->get("stages")) {
    // A layout and an MFU on the run exclude each other whatever the stages say; the global
    // batch may come from each stage.
    if (run.layout && run.utilisation) check_model_keys(r, *m, run);
    bind_stages(r, *stages, *m, run, s);
    return;
  }
  for (auto [k, example] : {std::pair{"tokens", "\"14.8T tokens\""}, std::pair{"sequence_length", "8192"}}) {
    if (m->has(k)) continue;
    r.report(ErrorCode::missing_key, m->node, m->child_path(k), std::string("missing key '") + k + "' (or give stages:)",
             "add " + std::string(k) + ": " + example + ", or split the run into stages:, each with its own " + k + ":");
  }
  check_model_keys(r, *m, run);
  s.training.push_back(std::move(run));
}

}  // namespace flopcast::scenario
