// Quantities derived from a model's dimensions. Each function names its equation in
// docs/models/model-profile.md.
#include "flopcast/catalog/model_profile.hpp"

#include <algorithm>
#include <array>

namespace flopcast::catalog {
namespace {

constexpr std::array<core::EnumName<AttentionKind>, 4> kAttentionKinds{{
    {AttentionKind::mha, "mha", "multi-head attention (kv_heads = heads)"},
    {AttentionKind::gqa, "gqa", "grouped-query attention (kv_heads < heads)"},
    {AttentionKind::mla, "mla", "multi-head latent attention (DeepSeek-V2/V3, Kimi K2, GLM-5)"},
    {AttentionKind::csa_hca, "csa_hca", "DeepSeek-V4 compressed sparse + heavily compressed attention"},
}};

constexpr std::array<core::EnumName<ModelStatus>, 3> kStatuses{{
    {ModelStatus::released, "released", "weights or a technical report published"},
    {ModelStatus::preview, "preview", "preview release; details may change"},
    {ModelStatus::rumour, "rumour", "pre-release rumour: published totals only, no dimensions"},
}};

double d(int v) { return static_cast<double>(v); }

/// eq. 4, mha/gqa: score and value FLOPs of one layer per attended key.
double mha_flops_per_key(const AttentionSpec& a) { return 2.0 * a.heads * (2.0 * a.head_dim); }

/// eq. 5, mha/gqa: key and value elements one layer caches per token.
double mha_kv_elements_per_layer(const AttentionSpec& a) { return 2.0 * a.kv_heads * a.head_dim; }

/// Layers that carry the main (softmax) attention.
double attention_layer_count(const ModelProfile& m) {
  if (m.attention.kind == AttentionKind::csa_hca) {
    return d(m.attention.csa_layers) + d(m.attention.hca_layers) + d(m.attention.swa_only_layers);
  }
  return d(m.attention.layers > 0 ? m.attention.layers : m.layers);
}

double linear_layer_count(const ModelProfile& m) {
  return m.linear_attention ? d(m.layers) - attention_layer_count(m) : 0.0;
}

double indexer_params(const ModelProfile& m) {
  // eq. 2c: query up-projection from the q latent (or hidden), one key projection, head weights.
  if (!m.attention.indexer || m.attention.kind == AttentionKind::csa_hca) return 0;  // CSA: in eq. 2e
  const auto& ix = *m.attention.indexer;
  const double q_in = m.attention.q_lora_rank > 0 ? d(m.attention.q_lora_rank) : d(m.hidden);
  return q_in * ix.heads * ix.head_dim + d(m.hidden) * ix.head_dim + d(m.hidden) * ix.heads;
}

/// eq. 2: weights of one attention block.
double attention_params_per_layer(const ModelProfile& m) {
  const auto& a = m.attention;
  const double h = d(m.hidden);
  switch (a.kind) {
    case AttentionKind::mha:
    case AttentionKind::gqa: {
      const double q = d(a.heads) * a.head_dim;
      const double kv = d(a.kv_heads) * a.head_dim;
      const double bias = a.qkv_bias ? q + 2 * kv : 0.0;
      const double gate = a.output_gate ? h * q : 0.0;
      return h * q + 2 * h * kv + q * h + bias + gate;
    }
    case AttentionKind::mla: {
      const double qk = d(a.qk_nope_head_dim) + d(a.qk_rope_head_dim);
      const double q = a.q_lora_rank > 0 ? h * a.q_lora_rank + d(a.q_lora_rank) * a.heads * qk : h * a.heads * qk;
      const double kv = h * (d(a.kv_lora_rank) + a.qk_rope_head_dim) +
                        d(a.kv_lora_rank) * a.heads * (d(a.qk_nope_head_dim) + a.v_head_dim);
      const double o = d(a.heads) * a.v_head_dim * h;
      return q + kv + o;
    }
    case AttentionKind::csa_hca: {
      // eq. 2b (shared by every layer): low-rank query, one shared K=V head, grouped low-rank
      // output (g blocks of nh*d/g -> ro, then g*ro -> h), one attention-sink logit per head.
      const double d_ = d(a.head_dim);
      const double q = a.q_lora_rank > 0 ? h * a.q_lora_rank + d(a.q_lora_rank) * a.heads * d_ : h * a.heads * d_;
      const double kv = h * std::max(1, a.kv_heads) * d_;
      const double o = a.o_groups > 0 ? d(a.heads) * d_ * a.o_lora_rank + d(a.o_groups) * a.o_lora_rank * h : d(a.heads) * d_ * h;
      return q + kv + o + d(a.heads);
    }
  }
  return 0;
}

/// eq. 2d: one Gated DeltaNet layer: in_proj_qkv, in_proj_z, in_proj_b, in_proj_a, depthwise
/// conv1d, A_log and dt_bias, the gated norm, out_proj (transformers Qwen3_5MoeGatedDeltaNet).
double linear_attention_params_per_layer(const ModelProfile& m) {
  const auto& g = *m.linear_attention;
  const double h = d(m.hidden);
  const double conv_dim = 2.0 * g.key_heads * g.key_head_dim + d(g.value_heads) * g.value_head_dim;
  const double v = d(g.value_heads) * g.value_head_dim;
  return h * conv_dim + h * v + 2 * h * g.value_heads + conv_dim * g.conv_kernel + 2.0 * g.value_heads + g.value_head_dim + v * h;
}

/// eq. 2e: the compressors (and the CSA indexer) of DeepSeek-V4's compressed layers.
double compressed_layer_extras(const ModelProfile& m) {
  const auto& a = m.attention;
  if (a.kind != AttentionKind::csa_hca) return 0;
  const double h = d(m.hidden);
  const double d_ = d(a.head_dim);
  // CSA windows overlap, so its compressor emits 2d: wkv + wgate (h -> 2d each) and a positional bias.
  double csa = 2 * h * (2 * d_) + d(a.csa_compress) * (2 * d_);
  if (a.indexer) {
    const double id = a.indexer->head_dim, ih = a.indexer->heads;
    csa += d(a.q_lora_rank) * ih * id + h * ih + 2 * h * (2 * id) + d(a.csa_compress) * (2 * id);
  }
  const double hca = 2 * h * d_ + d(a.hca_compress) * d_;
  return d(a.csa_layers) * csa + d(a.hca_layers) * hca;
}

/// eq. 2f: mHC residual mixing (n streams): per layer two mixers, plus one for the head.
double hyper_connection_params(const ModelProfile& m) {
  if (m.hc_mult <= 0) return 0;
  const double n = m.hc_mult, h = m.hidden;
  return d(m.layers) * 2 * ((2 + n) * n * n * h + (2 + n) * n + 3) + (n * n * h + n + 1);
}

double ffn_params(const ModelProfile& m, double width) { return (m.ffn.gated ? 3.0 : 2.0) * m.hidden * width; }

double dense_layer_count(const ModelProfile& m) { return m.moe ? d(m.moe->dense_layers) : d(m.layers); }
double moe_layer_count(const ModelProfile& m) { return m.moe ? d(m.layers - m.moe->dense_layers) : 0.0; }

double embedding_params(const ModelProfile& m) { return d(m.vocab) * m.hidden * (m.tied_embeddings ? 1 : 2); }

double mixer_params(const ModelProfile& m) {
  double p = attention_layer_count(m) * (attention_params_per_layer(m) + indexer_params(m)) +
             compressed_layer_extras(m) + hyper_connection_params(m);
  if (m.linear_attention) p += linear_layer_count(m) * linear_attention_params_per_layer(m);
  return p;
}

}  // namespace

std::span<const core::EnumName<AttentionKind>> attention_kind_names() { return kAttentionKinds; }
std::span<const core::EnumName<ModelStatus>> model_status_names() { return kStatuses; }

double total_params(const ModelProfile& m) {
  if (m.declared_only) return m.published_total_params.value_or(0);
  // eq. 1: embeddings + mixers + dense FFN layers + MoE layers (all experts + router).
  double p = embedding_params(m) + mixer_params(m) + dense_layer_count(m) * ffn_params(m, m.ffn.hidden);
  if (m.moe) {
    const auto& e = *m.moe;
    p += moe_layer_count(m) * ((d(e.routed_experts) + e.shared_experts) * 3.0 * m.hidden * e.expert_ffn_hidden +
                               d(m.hidden) * e.routed_experts);
  }
  return p;
}

double active_params(const ModelProfile& m) {
  if (m.declared_only) return m.published_active_params.value_or(m.published_total_params.value_or(0));
  // eq. 3: as eq. 1 but only shared + top-k experts per MoE layer.
  double p = embedding_params(m) + mixer_params(m) + dense_layer_count(m) * ffn_params(m, m.ffn.hidden);
  if (m.moe) {
    const auto& e = *m.moe;
    p += moe_layer_count(m) * ((d(e.shared_experts) + e.top_k) * 3.0 * m.hidden * e.expert_ffn_hidden +
                               d(m.hidden) * e.routed_experts);
  }
  return p;
}

double active_params_as_published(const ModelProfile& m) {
  double p = active_params(m);
  if (m.declared_only) return p;
  for (const auto& part : m.published_active_excludes) {
    if (part == "input_embedding") p -= d(m.vocab) * m.hidden;
    if (part == "lm_head" && !m.tied_embeddings) p -= d(m.vocab) * m.hidden;
  }
  return p;
}

double matmul_params_per_token(const ModelProfile& m) {
  if (m.declared_only) return active_params(m);
  // The input embedding is a table lookup, not a matmul; with tied weights the one matrix is the LM head.
  return active_params(m) - (m.tied_embeddings ? 0.0 : d(m.vocab) * m.hidden);
}

std::pair<double, double> mtp_matmul_params_per_token(const ModelProfile& m) {
  if (m.mtp_depth <= 0 || m.declared_only) return {0.0, 0.0};
  const double h = d(m.hidden);
  double dense = attention_params_per_layer(m) + indexer_params(m) + 2 * h * h + d(m.vocab) * h;
  double routed = 0;
  if (m.moe) {
    const auto& e = *m.moe;
    dense += d(e.shared_experts) * 3.0 * h * e.expert_ffn_hidden + h * e.routed_experts;
    routed = d(e.top_k) * 3.0 * h * e.expert_ffn_hidden;
  } else {
    dense += ffn_params(m, m.ffn.hidden);
  }
  return {m.mtp_depth * dense, m.mtp_depth * routed};
}

double routed_expert_params_per_token(const ModelProfile& m) {
  if (!m.moe || m.declared_only) return 0;
  return moe_layer_count(m) * d(m.moe->top_k) * 3.0 * m.hidden * m.moe->expert_ffn_hidden;
}

double routed_expert_params(const ModelProfile& m) {
  if (!m.moe || m.declared_only) return 0;
  return moe_layer_count(m) * d(m.moe->routed_experts) * 3.0 * m.hidden * m.moe->expert_ffn_hidden;
}

double forward_flops_per_token(const ModelProfile& m, double attended_tokens) {
  return 2.0 * matmul_params_per_token(m) + attention_forward_flops_per_token(m, attended_tokens);
}

double attention_forward_flops_per_token(const ModelProfile& m, double attended_tokens) {
  if (m.declared_only) return 0;
  const auto& a = m.attention;
  double attn = 0;  // eq. 4: QK^T and AV products, 2 FLOPs per multiply-add
  switch (a.kind) {
    case AttentionKind::mha:
    case AttentionKind::gqa:
      attn = (attention_layer_count(m) - windowed_layer_count(m)) * mha_flops_per_key(a) * attended_tokens +
             windowed_attention_flops_per_token(m, attended_tokens);
      break;
    case AttentionKind::mla: {
      const double per_key = 2.0 * a.heads * (d(a.qk_nope_head_dim) + a.qk_rope_head_dim + a.v_head_dim);
      const double keys = a.indexer ? std::min(attended_tokens, d(a.indexer->top_k)) : attended_tokens;
      attn = attention_layer_count(m) * per_key * keys;
      if (a.indexer) attn += attention_layer_count(m) * 2.0 * a.indexer->heads * a.indexer->head_dim * attended_tokens;
      break;
    }
    case AttentionKind::csa_hca: {
      const double per_key = 2.0 * a.heads * (2.0 * a.head_dim);
      const double window = std::min(attended_tokens, d(a.sliding_window));
      double csa_keys = a.csa_compress > 0 ? attended_tokens / a.csa_compress : 0.0;
      if (a.indexer) csa_keys = std::min(csa_keys, d(a.indexer->top_k));
      const double hca_keys = a.hca_compress > 0 ? attended_tokens / a.hca_compress : 0.0;
      attn = per_key * (d(a.csa_layers) * (csa_keys + window) + d(a.hca_layers) * (hca_keys + window) +
                        d(a.swa_only_layers) * window);
      if (a.indexer && a.csa_compress > 0) {
        attn += d(a.csa_layers) * 2.0 * a.indexer->heads * a.indexer->head_dim * attended_tokens / a.csa_compress;
      }
      break;
    }
  }
  if (m.linear_attention) {
    // eq. 4b: a delta-rule state update and read per token, ~4 FLOPs per state element.
    const auto& g = *m.linear_attention;
    attn += linear_layer_count(m) * 4.0 * g.value_heads * g.key_head_dim * g.value_head_dim;
  }
  return attn;
}

double kv_elements_per_token(const ModelProfile& m) {
  if (m.declared_only) return 0;
  const auto& a = m.attention;
  switch (a.kind) {  // eq. 5
    case AttentionKind::mha:
    case AttentionKind::gqa:
      return (attention_layer_count(m) - windowed_layer_count(m)) * mha_kv_elements_per_layer(a);
    case AttentionKind::mla:
      return attention_layer_count(m) * (d(a.kv_lora_rank) + a.qk_rope_head_dim + (a.indexer ? a.indexer->head_dim : 0));
    case AttentionKind::csa_hca: {
      double e = 0;
      if (a.csa_compress > 0) e += d(a.csa_layers) * (a.head_dim + (a.indexer ? a.indexer->head_dim : 0)) / a.csa_compress;
      if (a.hca_compress > 0) e += d(a.hca_layers) * a.head_dim / a.hca_compress;
      return e;
    }
  }
  return 0;
}

double windowed_layer_count(const ModelProfile& m) {
  const auto kind = m.attention.kind;
  return kind == AttentionKind::mha || kind == AttentionKind::gqa ? d(m.attention.swa_only_layers) : 0.0;
}

double windowed_attention_flops_per_token(const ModelProfile& m, double attended_tokens) {
  if (m.declared_only) return 0;
  const auto& a = m.attention;  // eq. 4, mha/gqa: the window caps the keys of its layers
  return windowed_layer_count(m) * mha_flops_per_key(a) * std::min(attended_tokens, d(a.sliding_window));
}

double kv_elements_per_sequence(const ModelProfile& m, double context) {
  if (m.declared_only) return 0;
  const auto& a = m.attention;  // eq. 5b
  const double windowed = windowed_layer_count(m) * mha_kv_elements_per_layer(a) * std::min(context, d(a.sliding_window));
  return kv_elements_per_token(m) * context + windowed + state_elements_per_sequence(m);
}

double state_elements_per_sequence(const ModelProfile& m) {
  if (m.declared_only) return 0;
  double e = 0;  // eq. 6
  if (m.attention.kind == AttentionKind::csa_hca) e += d(m.layers) * m.attention.sliding_window * m.attention.head_dim;
  if (m.linear_attention) {
    const auto& g = *m.linear_attention;
    const double conv_dim = 2.0 * g.key_heads * g.key_head_dim + d(g.value_heads) * g.value_head_dim;
    e += linear_layer_count(m) * (d(g.value_heads) * g.key_head_dim * g.value_head_dim + conv_dim * std::max(0, g.conv_kernel - 1));
  }
  return e;
}

}  // namespace flopcast::catalog
