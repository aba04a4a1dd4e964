// YAML model entry -> catalog::ModelProfile (catalog files and a scenario's models: section).
#include <algorithm>

#include "bind_entries.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;

std::optional<CheckedMap> child(YamlReader& r, const CheckedMap& m, std::string_view key) {
  const MapEntry* e = m.get(key);
  if (!e) return std::nullopt;
  return r.map(e->value, m.child_path(key), *e->spec->child);
}

void bind_attention(YamlReader& r, const CheckedMap& model, catalog::AttentionSpec& a) {
  auto m = child(r, model, "attention");
  if (!m) return;
  r.read_enum(*m, "kind", catalog::attention_kind_names(), a.kind);
  for (auto [key, field] : std::initializer_list<std::pair<const char*, int catalog::AttentionSpec::*>>{
           {"layers", &catalog::AttentionSpec::layers}, {"heads", &catalog::AttentionSpec::heads},
           {"kv_heads", &catalog::AttentionSpec::kv_heads}, {"head_dim", &catalog::AttentionSpec::head_dim},
           {"q_lora_rank", &catalog::AttentionSpec::q_lora_rank}, {"kv_lora_rank", &catalog::AttentionSpec::kv_lora_rank},
           {"qk_nope_head_dim", &catalog::AttentionSpec::qk_nope_head_dim},
           {"qk_rope_head_dim", &catalog::AttentionSpec::qk_rope_head_dim},
           {"v_head_dim", &catalog::AttentionSpec::v_head_dim}, {"o_groups", &catalog::AttentionSpec::o_groups},
           {"o_lora_rank", &catalog::AttentionSpec::o_lora_rank}, {"csa_layers", &catalog::AttentionSpec::csa_layers},
           {"csa_compress", &catalog::AttentionSpec::csa_compress}, {"hca_layers", &catalog::AttentionSpec::hca_layers},
           {"hca_compress", &catalog::AttentionSpec::hca_compress},
           {"swa_only_layers", &catalog::AttentionSpec::swa_only_layers},
           {"sliding_window", &catalog::AttentionSpec::sliding_window}}) {
    r.read(*m, key, a.*field);
  }
  r.read(*m, "qkv_bias", a.qkv_bias);
  r.read(*m, "output_gate", a.output_gate);
  if (a.kind == catalog::AttentionKind::mha && !m->has("kv_heads")) a.kv_heads = a.heads;
  switch (a.kind) {
    case catalog::AttentionKind::mha: r.require(*m, {"head_dim"}, "(mha attention needs it)"); break;
    case catalog::AttentionKind::gqa: r.require(*m, {"kv_heads", "head_dim"}, "(gqa attention needs it)"); break;
    case catalog::AttentionKind::mla:
      r.require(*m, {"kv_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim"}, "(mla attention needs it)");
      break;
    case catalog::AttentionKind::csa_hca:
      r.require(*m, {"head_dim", "csa_layers", "csa_compress", "hca_layers", "hca_compress", "sliding_window"},
              "(csa_hca attention needs it)");
      break;
  }
  if (auto ix = child(r, *m, "indexer")) {
    catalog::IndexerSpec spec;
    r.read(*ix, "heads", spec.heads);
    r.read(*ix, "head_dim", spec.head_dim);
    r.read(*ix, "top_k", spec.top_k);
    a.indexer = spec;
  }
}

void bind_layers(YamlReader& r, const CheckedMap& m, catalog::ModelProfile& p) {
  r.read(m, "layers", p.layers);
  r.read(m, "hidden", p.hidden);
  r.read(m, "vocab", p.vocab);
  r.read(m, "tied_embeddings", p.tied_embeddings);
  r.read(m, "context_length", p.context_length);
  r.read(m, "mtp_depth", p.mtp_depth);
  r.read(m, "hc_mult", p.hc_mult);
  if (auto f = child(r, m, "ffn")) {
    r.read(*f, "hidden", p.ffn.hidden);
    r.read(*f, "gated", p.ffn.gated);
  }
  bind_attention(r, m, p.attention);
  if (auto g = child(r, m, "linear_attention")) {
    catalog::LinearAttentionSpec l;
    r.read(*g, "layers", l.layers);
    r.read(*g, "key_heads", l.key_heads);
    r.read(*g, "value_heads", l.value_heads);
    r.read(*g, "key_head_dim", l.key_head_dim);
    r.read(*g, "value_head_dim", l.value_head_dim);
    r.read(*g, "conv_kernel", l.conv_kernel);
    p.linear_attention = l;
  }
  if (auto e = child(r, m, "moe")) {
    catalog::MoeSpec moe;
    r.read(*e, "dense_layers", moe.dense_layers);
    r.read(*e, "routed_experts", moe.routed_experts);
    r.read(*e, "shared_experts", moe.shared_experts);
    r.read(*e, "top_k", moe.top_k);
    r.read(*e, "expert_ffn_hidden", moe.expert_ffn_hidden);
    r.read(*e, "hash_layers", moe.hash_layers);
    if (moe.top_k > moe.routed_experts) {
      r.report(ErrorCode::out_of_range, e->value_node("top_k"), e->child_path("top_k"),
               "top_k (" + std::to_string(moe.top_k) + ") exceeds routed_experts (" + std::to_string(moe.routed_experts) + ")",
               "top_k: at most " + std::to_string(moe.routed_experts) + " (the routed experts each token is sent to; DeepSeek-V3: 8 of 256)");
    }
    p.moe = moe;
  }
}

/// mha/gqa sliding windows (eq. 4, 5b): a window needs the number of layers it applies to and
/// the reverse; MLA has no window.
void check_sliding_window(YamlReader& r, const CheckedMap& m, const catalog::ModelProfile& p) {
  const auto& a = p.attention;
  // The caret on the key's value where there is one, else on the attention map (a missing key).
  const YAML::Node& attention = m.value_node("attention");
  auto at = [&](const char* key) { return attention.IsMap() && attention[key] ? attention[key] : attention; };
  if (a.kind == catalog::AttentionKind::mla && (a.swa_only_layers > 0 || a.sliding_window > 0)) {
    const char* key = a.sliding_window > 0 ? "sliding_window" : "swa_only_layers";
    r.report(ErrorCode::invalid_value, at(key), m.child_path("attention." + std::string(key)),
             "sliding_window and swa_only_layers apply to mha, gqa and csa_hca attention, not mla",
             "remove sliding_window and swa_only_layers, or state the model's attention as kind: gqa (or mha) if its windowed layers "
             "are not MLA");
    return;
  }
  if (a.kind != catalog::AttentionKind::mha && a.kind != catalog::AttentionKind::gqa) return;
  const int attention_layers = a.layers > 0 ? a.layers : p.layers;
  if (a.swa_only_layers > 0 && a.sliding_window <= 0) {
    r.report(ErrorCode::missing_key, attention, m.child_path("attention.sliding_window"),
             "swa_only_layers needs sliding_window: the tokens those layers attend to",
             "add sliding_window: <tokens> (GPT-OSS: 128), or remove swa_only_layers");
  } else if (a.sliding_window > 0 && a.swa_only_layers <= 0) {
    r.report(ErrorCode::missing_key, attention, m.child_path("attention.swa_only_layers"),
             "sliding_window needs swa_only_layers: how many layers attend to the window only (every layer: the model's attention layers)",
             "add swa_only_layers: <layers> (GPT-OSS: 18 of 36; every layer: " + std::to_string(attention_layers) + ")");
  } else if (a.swa_only_layers > attention_layers) {
    r.report(ErrorCode::out_of_range, at("swa_only_layers"), m.child_path("attention.swa_only_layers"),
             "swa_only_layers (" + std::to_string(a.swa_only_layers) + ") exceeds the attention layers (" + std::to_string(attention_layers) + ")",
             "at most " + std::to_string(attention_layers) + ": the windowed layers are some of the attention layers");
  }
}

/// What to write when linear_attention.layers + attention.layers miss layers (eq. E8: the
/// linear-attention layers are the ones without softmax attention).
std::string linear_layers_hint(const catalog::ModelProfile& p) {
  const int attention = p.attention.layers;
  if (attention > 0 && attention < p.layers) {
    return "linear_attention.layers: " + std::to_string(p.layers - attention) + " (layers " + std::to_string(p.layers) +
           " minus attention.layers " + std::to_string(attention) + ")";
  }
  return "split the " + std::to_string(p.layers) +
         " layers: attention.layers: the softmax-attention layers, linear_attention.layers: the rest (Qwen3.5-397B-A17B: 15 and 45 of 60)";
}

void check_consistency(YamlReader& r, const CheckedMap& m, const catalog::ModelProfile& p) {
  if (p.declared_only) return;
  const std::string layers = std::to_string(p.layers);
  if (p.linear_attention && p.linear_attention->layers > 0 && static_cast<long long>(p.linear_attention->layers) + p.attention.layers != p.layers) {
    r.report(ErrorCode::out_of_range, m.node, m.child_path("linear_attention.layers"),
             "linear_attention.layers + attention.layers must equal layers (" + layers + ")", linear_layers_hint(p));
  }
  const auto& a = p.attention;
  if (a.kind == catalog::AttentionKind::csa_hca && static_cast<long long>(a.csa_layers) + a.hca_layers + a.swa_only_layers != p.layers) {
    r.report(ErrorCode::out_of_range, m.node, m.child_path("attention"),
             "csa_layers + hca_layers + swa_only_layers must equal layers (" + layers + ")",
             "csa_layers " + std::to_string(a.csa_layers) + " + hca_layers " + std::to_string(a.hca_layers) + " + swa_only_layers " +
                 std::to_string(a.swa_only_layers) + " make " +
                 std::to_string(static_cast<long long>(a.csa_layers) + a.hca_layers + a.swa_only_layers) +
                 "; change them so they add up to " + layers);
  }
  check_sliding_window(r, m, p);
  if (p.moe && p.moe->dense_layers > p.layers) {
    r.report(ErrorCode::out_of_range, m.node, m.child_path("moe.dense_layers"), "moe.dense_layers exceeds layers",
             "moe.dense_layers: at most " + layers + ", the leading layers with a dense FFN (the others are MoE)");
  }
  const bool needs_ffn = !p.moe || p.moe->dense_layers > 0;
  if (needs_ffn && p.ffn.hidden <= 0 && !m.has("ffn")) {
    r.report(ErrorCode::missing_key, m.node, m.child_path("ffn"), "missing key 'ffn' (dense layers need an FFN width)",
             p.moe ? "add ffn: {hidden: <intermediate size>}, or moe.dense_layers: 0 if every layer is MoE"
                   : "add ffn: {hidden: <intermediate size>} (Llama-3.1-8B: 14336)");
  }
}

}  // namespace

void bind_models(YamlReader& r, const YAML::Node& node, const std::string& path, EntryOrigin origin,
                 const catalog::Catalog& bases, catalog::Catalog& into) {
  for (const auto& entry : r.id_map(node, path)) {
    const std::string entry_path = path + "." + entry.key;
    auto m = r.map(entry.value, entry_path, model_section());
    if (!m) continue;
    catalog::ModelProfile p;
    std::string base;
    if (r.read(*m, "base", base)) {
      const catalog::ModelProfile* b = bases.find_model(base);
      if (!b) b = into.find_model(base);
      if (!b) {
        report_unknown_base(r, *m, node, entry.key, "model", base, bases.model_ids());
        continue;
      }
      p = *b;
    }
    p.id = entry.key;
    p.provenance.defined_at = r.at(entry.key_node);
    r.read(*m, "display_name", p.display_name);
    if (p.display_name.empty()) p.display_name = p.id;
    r.read(*m, "release", p.release);
    r.read_enum(*m, "status", catalog::model_status_names(), p.status);
    if (auto pub = child(r, *m, "published")) {
      r.read(*pub, "total_params", p.published_total_params);
      r.read(*pub, "active_params", p.published_active_params);
      if (r.read(*pub, "active_excludes", p.published_active_excludes)) {
        for (const auto& part : p.published_active_excludes) {
          if (part != "input_embedding" && part != "lm_head") {
            auto d = r.make(ErrorCode::invalid_value, pub->value_node("active_excludes"), pub->child_path("active_excludes"),
                            "unknown part '" + part + "'");
            d.candidates = {"input_embedding", "lm_head"};
            r.report(std::move(d));
          }
        }
      }
    }
    // A rumour without dimensions is carried by its published totals alone.
    // A model based on a rumour (published totals only) has no dimensions either, unless it gives them all.
    const bool no_dimensions = base.empty() || p.declared_only;
    p.declared_only = no_dimensions && !m->has("layers") && p.published_total_params.has_value();
    if (no_dimensions && !p.declared_only) {
      r.require(*m, {"layers", "hidden", "vocab", "attention"},
              base.empty() ? "(a model without base: needs it)" : "(its base " + base + " has no dimensions)");
    }
    if (origin == EntryOrigin::builtin_catalog) r.require(*m, {"release", "status", "source", "confidence"}, "(catalog entries need it)");
    bind_layers(r, *m, p);
    bind_provenance(r, *m, p.provenance);
    std::string derived_from;
    if (r.read(*m, "derived_from", derived_from)) {
      p.provenance.notes = "derived from " + derived_from + (p.provenance.notes.empty() ? "" : "; " + p.provenance.notes);
    }
    check_consistency(r, *m, p);
    into.put_model(std::move(p));
  }
}

}  // namespace flopcast::scenario
