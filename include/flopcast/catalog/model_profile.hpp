// A model profile (dense or MoE) and the quantities derived from its dimensions: parameters,
// FLOPs per token and KV-cache size per token. Equations: docs/models/model-profile.md.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "flopcast/catalog/provenance.hpp"
#include "flopcast/core/enum_table.hpp"
#include "flopcast/core/year_month.hpp"

namespace flopcast::catalog {

enum class AttentionKind { mha, gqa, mla, csa_hca };
std::span<const core::EnumName<AttentionKind>> attention_kind_names();

enum class ModelStatus { released, preview, rumour };
std::span<const core::EnumName<ModelStatus>> model_status_names();

/// Sparse-attention indexer (DeepSeek DSA, GLM-5, DeepSeek-V4 CSA): picks top_k past tokens.
struct IndexerSpec {
  int heads = 0;
  int head_dim = 0;
  int top_k = 0;
};

struct AttentionSpec {
  AttentionKind kind = AttentionKind::gqa;
  int layers = 0;     ///< layers with this attention; 0 = every layer
  int heads = 0;      ///< query heads
  // mha / gqa
  int kv_heads = 0;
  int head_dim = 0;
  bool qkv_bias = false;
  bool output_gate = false;  ///< sigmoid output gate from q_proj (Qwen3.5): q_proj is h x 2*nq*dh
  // mla
  int q_lora_rank = 0;  ///< 0 = queries projected directly
  int kv_lora_rank = 0;
  int qk_nope_head_dim = 0;
  int qk_rope_head_dim = 0;
  int v_head_dim = 0;
  // csa_hca (DeepSeek-V4): compressed sparse (CSA) and heavily compressed (HCA) layers
  int o_groups = 0;
  int o_lora_rank = 0;
  int csa_layers = 0;
  int csa_compress = 0;
  int hca_layers = 0;
  int hca_compress = 0;
  int swa_only_layers = 0;  ///< csa_hca: layers with the window alone; mha/gqa: layers attending to the window only
  int sliding_window = 0;   ///< tokens of the sliding window (csa_hca: every layer's; mha/gqa: the swa_only_layers')
  std::optional<IndexerSpec> indexer;
};

/// Linear-attention layers with a fixed per-sequence state (Qwen3.5 Gated DeltaNet).
struct LinearAttentionSpec {
  int layers = 0;  ///< informational; the engine uses layers - attention.layers
  int key_heads = 0;
  int value_heads = 0;
  int key_head_dim = 0;
  int value_head_dim = 0;
  int conv_kernel = 0;
};

struct FfnSpec {
  int hidden = 0;
  bool gated = true;  ///< SwiGLU/GeGLU: three matrices; otherwise two
};

struct MoeSpec {
  int dense_layers = 0;  ///< the first N layers use the dense FFN
  int routed_experts = 0;
  int shared_experts = 0;
  int top_k = 0;
  int expert_ffn_hidden = 0;
  int hash_layers = 0;  ///< leading layers routed by a fixed token-id table (no parameter effect)
};

struct ModelProfile {
  std::string id;
  std::string display_name;
  core::YearMonth release;
  ModelStatus status = ModelStatus::released;
  /// True when only published totals are known (rumour profiles): no dimensions, so FLOPs and
  /// KV sizes fall back to 2 x active parameters and are flagged as such.
  bool declared_only = false;

  int layers = 0;
  int hidden = 0;
  int vocab = 0;
  bool tied_embeddings = false;
  int context_length = 0;
  FfnSpec ffn;
  AttentionSpec attention;
  std::optional<LinearAttentionSpec> linear_attention;
  std::optional<MoeSpec> moe;
  int mtp_depth = 0;
  int hc_mult = 0;  ///< manifold-constrained hyper-connection residual streams (DeepSeek-V4); 0 = plain residual

  std::optional<double> published_total_params;
  std::optional<double> published_active_params;
  /// Parts the publisher's active figure leaves out ("input_embedding", "lm_head"); used only when
  /// comparing derived with published counts.
  std::vector<std::string> published_active_excludes;
  Provenance provenance;

  [[nodiscard]] bool is_moe() const { return moe.has_value(); }
};

/// Parameters of the main model (embeddings included, MTP modules excluded), from dimensions.
double total_params(const ModelProfile& m);
/// Parameters touched per token: embeddings, attention, dense FFN or shared + top-k experts.
double active_params(const ModelProfile& m);
/// Active parameters counted the way the publisher counts them (published_active_excludes removed).
double active_params_as_published(const ModelProfile& m);
/// Parameters multiplied in matmuls per token: active minus the embedding lookup (the LM head
/// is a matmul; with tied embeddings the shared matrix is counted once, as the LM head).
double matmul_params_per_token(const ModelProfile& m);

/// Weights the multi-token-prediction modules multiply per token (eq. 3b): per module one more
/// layer (attention + FFN or shared + top-k experts), its 2h x h input projection, and the
/// shared LM head again. Split as (dense part, routed-expert part).
std::pair<double, double> mtp_matmul_params_per_token(const ModelProfile& m);

/// Routed-expert weights touched per token (top_k experts per MoE layer); 0 for dense models.
double routed_expert_params_per_token(const ModelProfile& m);
/// All routed-expert weights (every expert of every MoE layer); 0 for dense models.
double routed_expert_params(const ModelProfile& m);
/// The attention part of eq. 4 alone (score and value products, indexers, linear-attention state).
double attention_forward_flops_per_token(const ModelProfile& m, double attended_tokens);

/// Forward FLOPs per token when each token attends to `attended_tokens` earlier positions
/// (docs/models/model-profile.md eq. 4): 2 x matmul params + attention score/value products.
/// Causal training over a sequence of length L attends L/2 on average; decode at context c, c.
double forward_flops_per_token(const ModelProfile& m, double attended_tokens);

/// KV-cache elements held per token of context (grows linearly with context): the layers that
/// attend to the whole context.
double kv_elements_per_token(const ModelProfile& m);
/// Sliding-window layers of an mha/gqa model (eq. 4, 5b): they attend to, and cache, at most
/// `sliding_window` tokens. 0 for other kinds (csa_hca counts its window in eq. 4 and eq. 6).
double windowed_layer_count(const ModelProfile& m);
/// The part of attention_forward_flops_per_token() done in those sliding-window layers.
double windowed_attention_flops_per_token(const ModelProfile& m, double attended_tokens);
/// KV-cache and state elements of one sequence at `context` tokens (eq. 5b): the full-attention
/// layers' cache grows with the context, the sliding-window layers' stops at the window.
double kv_elements_per_sequence(const ModelProfile& m, double context);
/// Fixed per-sequence state elements (sliding windows, linear-attention state).
double state_elements_per_sequence(const ModelProfile& m);

}  // namespace flopcast::catalog
