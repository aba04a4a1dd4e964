// Keys of chip, model and serving-mode entries (catalog files and a scenario's own).
#include "key_builders.hpp"

namespace flopcast::scenario {
namespace {

using namespace keys;
using D = core::Dimension;
using V = ValueKind;

// ---- chips -------------------------------------------------------------------------------
const std::vector<KeySpec> kDensePeak = {
    qty("fp4", D::flop_rate, "dense FP4 peak, e.g. \"9000 TFLOPS\""),
    qty("fp8", D::flop_rate, "dense FP8 peak, e.g. \"1979 TFLOPS\""),
    qty("int8", D::flop_rate, "dense INT8 peak, e.g. \"1979 TOPS\""),
    qty("bf16", D::flop_rate, "dense BF16 peak, e.g. \"989 TFLOPS\""),
    qty("fp16", D::flop_rate, "dense FP16 peak, e.g. \"989 TFLOPS\""),
};
const Section kDensePeakSection{"dense_peak", "dense peak throughput per precision (no 2:4 sparsity)", kDensePeak};

const std::vector<KeySpec> kGemmEfficiency = {
    qty("fp4", D::fraction, "achievable fraction of the FP4 peak on large GEMMs", false, true),
    qty("fp8", D::fraction, "achievable fraction of the FP8 peak on large GEMMs", false, true),
    qty("int8", D::fraction, "achievable fraction of the INT8 peak on large GEMMs", false, true),
    qty("bf16", D::fraction, "achievable fraction of the BF16 peak on large GEMMs", false, true),
    qty("fp16", D::fraction, "achievable fraction of the FP16 peak on large GEMMs", false, true),
};
const Section kGemmEfficiencySection{"gemm_efficiency", "measured or calibrated GEMM efficiency per precision", kGemmEfficiency};

const std::vector<KeySpec> kCollectiveLatency = {
    qty("base", D::duration, "fixed start of a collective, e.g. \"6.6 us\"", true),
    qty("scale_up_step", D::duration, "time per ring step between chips of one scale-up domain", true),
    qty("scale_out_step", D::duration, "time per ring step between scale-up domains (over the NIC)", true),
};
const Section kCollectiveLatencySection{"collective_latency", "the communication library's latency model on this chip (eq. C4)", kCollectiveLatency};

const std::vector<KeySpec> kChip = join(
    std::vector<KeySpec>{
        str("base", "catalog chip to start from; the keys given here override its fields"),
        str("display_name", "human-readable name"),
        str("vendor", "manufacturer"),
        str("origin", "country whose export controls cover the chip, ISO 3166 alpha-2 (US, CN)"),
        date("release", "launch or volume-shipment month, YYYY-MM"),
        choice("status", chip_status_tokens, "shipping or roadmap"),
        flag("datacenter", "designed or marketed for datacenters (3A090 technical note)"),
        nested("dense_peak", V::map, &kDensePeakSection, "dense peak per precision"),
        qty("attention_efficiency", D::fraction, "achievable fraction of the BF16 peak in attention kernels", false, true),
        nested("gemm_efficiency", V::map, &kGemmEfficiencySection, "achievable fraction of peak on large GEMMs (say where it comes from in source/notes)"),
        integer("compute_units", "units that each compute one GEMM tile at a time (SMs, AI cores); sets wave quantisation", false, 1),
        qty("hbm_capacity", D::bytes, "nominal HBM capacity, e.g. \"80 GB\"", false, true),
        qty("hbm_usable", D::bytes, "usable HBM where it differs from nominal", false, true),
        qty("hbm_bandwidth", D::byte_rate, "HBM bandwidth, e.g. \"3.35 TB/s\"", false, true),
        qty("scale_up_bandwidth", D::byte_rate, "scale-up link bandwidth per chip, per direction"),
        integer("scale_up_domain", "chips in one scale-up domain of the reference system", false, 1),
        str("scale_up_system", "the reference system of the scale-up domain"),
        qty("scale_out_bandwidth", D::byte_rate, "scale-out NIC bandwidth per chip, e.g. \"400 Gb/s\""),
        qty("tdp", D::power, "thermal design power, e.g. \"700 W\"", false, true),
        qty("system_power", D::power, "power per chip of the whole system (host, network share), e.g. \"1275 W\"", false, true),
        qty("scale_up_efficiency", D::fraction, "measured fraction of scale-up bandwidth achieved", false, true),
        nested("collective_latency", V::map, &kCollectiveLatencySection,
               "latency of a ring collective in the chip's communication library: base + steps x step (default: the calibrated collective_latency_s per step)"),
        qty("die_area", D::area, "total logic-die area, e.g. \"814 mm2\"", false, true),
        qty("price", D::money, "price of the chip or card alone, e.g. \"$27500\" (spend uses it)"),
        qty("system_price", D::money, "cost per chip of a whole system where that is what was published (kept apart from price)"),
        flag("available_in_us", "sold in the US market (the Jan 2026 R8 eligibility test); omit when unknown"),
        flag("specs_published", "false for a chip without published performance figures: classified by name only (default true)"),
        qty("mtbf", D::duration, "mean time between job interruptions per chip, e.g. \"50700 h\" (default: assumptions.chip_mtbf)", false, true),
    },
    kProvenanceKeys);
const Section kChipSection{"chip", "an accelerator chip", kChip};

// ---- models ------------------------------------------------------------------------------
const std::vector<KeySpec> kFfn = {
    integer("hidden", "FFN intermediate width", true, 1),
    flag("gated", "gated activation (SwiGLU: three matrices); false: two matrices"),
};
const Section kFfnSection{"ffn", "dense feed-forward block", kFfn};

const std::vector<KeySpec> kIndexer = {
    integer("heads", "indexer heads", true, 1),
    integer("head_dim", "indexer head dimension", true, 1),
    integer("top_k", "tokens selected per query", true, 1),
};
const Section kIndexerSection{"indexer", "sparse-attention indexer (DSA, CSA)", kIndexer};

const std::vector<KeySpec> kAttention = {
    choice("kind", attention_kind_tokens, "attention kind", true),
    integer("layers", "layers with this attention (default: all)"),
    integer("heads", "query heads", true, 1),
    integer("kv_heads", "key/value heads (mha, gqa, csa_hca)", false, 1),
    integer("head_dim", "head dimension (mha, gqa, csa_hca)", false, 1),
    flag("qkv_bias", "q/k/v projections have biases"),
    flag("output_gate", "sigmoid output gate produced by q_proj (Qwen3.5)"),
    integer("q_lora_rank", "query compression rank (mla, csa_hca; 0 = none)"),
    integer("kv_lora_rank", "KV compression rank (mla)"),
    integer("qk_nope_head_dim", "non-rotary query/key head dimension (mla)"),
    integer("qk_rope_head_dim", "rotary query/key head dimension (mla)"),
    integer("v_head_dim", "value head dimension (mla)"),
    integer("o_groups", "output-projection groups (csa_hca)"),
    integer("o_lora_rank", "output-projection rank per group (csa_hca)"),
    integer("csa_layers", "compressed sparse attention layers (csa_hca)"),
    integer("csa_compress", "CSA compression ratio m (csa_hca)"),
    integer("hca_layers", "heavily compressed attention layers (csa_hca)"),
    integer("hca_compress", "HCA compression ratio m' (csa_hca)"),
    integer("swa_only_layers", "layers attending to the sliding window only (mha, gqa, csa_hca)"),
    integer("sliding_window", "sliding-window length in tokens (mha, gqa: of the swa_only_layers; csa_hca)"),
    nested("indexer", V::map, &kIndexerSection, "sparse-attention indexer"),
};
const Section kAttentionSection{"attention", "the softmax attention block", kAttention};

const std::vector<KeySpec> kLinear = {
    choice("kind", linear_attention_kind_tokens, "linear-attention kind", true),
    integer("layers", "linear-attention layers (must equal layers - attention.layers)"),
    integer("key_heads", "key heads", true, 1),
    integer("value_heads", "value heads", true, 1),
    integer("key_head_dim", "key head dimension", true, 1),
    integer("value_head_dim", "value head dimension", true, 1),
    integer("conv_kernel", "short causal convolution width"),
};
const Section kLinearSection{"linear_attention", "linear-attention layers (the layers without softmax attention)", kLinear};

const std::vector<KeySpec> kMoe = {
    integer("dense_layers", "leading layers that use the dense FFN"),
    integer("routed_experts", "routed experts per MoE layer", true, 1),
    integer("shared_experts", "always-active shared experts"),
    integer("top_k", "routed experts per token", true, 1),
    integer("expert_ffn_hidden", "expert FFN width", true, 1),
    integer("hash_layers", "leading MoE layers routed by a fixed token-id table (informational)"),
};
const Section kMoeSection{"moe", "mixture-of-experts layers", kMoe};

const std::vector<KeySpec> kPublished = {
    qty("total_params", D::count, "published total parameters, e.g. \"671B\"", false, true),
    qty("active_params", D::count, "published active parameters per token, e.g. \"37B\"", false, true),
    list("active_excludes", "parts the published active figure leaves out: input_embedding, lm_head"),
};
const Section kPublishedSection{"published", "figures as the publisher states them", kPublished};

const std::vector<KeySpec> kModel = join(
    std::vector<KeySpec>{
        str("base", "catalog model to start from; the keys given here override its fields"),
        str("display_name", "human-readable name"),
        date("release", "release month, YYYY-MM"),
        choice("status", model_status_tokens, "released, preview or rumour"),
        str("derived_from", "for rumour profiles: the model the rumour is about"),
        integer("layers", "transformer layers (MTP excluded)", false, 1),
        integer("hidden", "hidden size", false, 1),
        integer("vocab", "vocabulary size", false, 1),
        flag("tied_embeddings", "input embedding and LM head share weights"),
        integer("context_length", "maximum context in tokens", false, 1),
        nested("ffn", V::map, &kFfnSection, "dense FFN"),
        nested("attention", V::map, &kAttentionSection, "attention"),
        nested("linear_attention", V::map, &kLinearSection, "linear-attention layers"),
        nested("moe", V::map, &kMoeSection, "mixture of experts"),
        integer("mtp_depth", "multi-token-prediction modules"),
        integer("hc_mult", "hyper-connection residual streams (DeepSeek-V4 mHC; 0 = plain residual)"),
        nested("published", V::map, &kPublishedSection, "published parameter counts"),
    },
    kProvenanceKeys);
const Section kModelSection{"model", "a model profile", kModel};

// ---- bibliography (scenarios/catalog/sources.yaml) -----------------------------------------
const std::vector<KeySpec> kSourceEntry = {
    str("author", "person, company or agency that wrote or published it", true),
    str("title", "the title, or what the item is when it has none", true),
    str("date", "publication date: YYYY, YYYY-MM or YYYY-MM-DD; \"n.d.\" when the item carries none", true),
    str("url", "where to read it (the primary where known)", true),
    str("via", "the copy or transcription it was read through, when not the url"),
    str("notes", "the figures it is cited for, caveats"),
};
const Section kSourceEntrySection{"source", "a bibliography entry", kSourceEntry};

// ---- serving modes -----------------------------------------------------------------------
const std::vector<KeySpec> kMode = join(
    std::vector<KeySpec>{
        str("base", "catalog mode to start from; the keys given here override its fields"),
        str("display_name", "human-readable name"),
        qty("input_tokens", D::count, "text prompt tokens per request"),
        qty("output_tokens", D::count, "generated tokens per request, reasoning included"),
        qty("images_per_request", D::count, "images per request"),
        qty("image_tokens", D::count, "prompt tokens each image adds"),
        qty("vision_flops_per_image", D::count, "vision-encoder FLOPs per image, e.g. \"1.2T\""),
        qty("tpot_target", D::duration, "time-per-output-token target", false, true),
        qty("ttft_target", D::duration, "time-to-first-token target", false, true),
    },
    kProvenanceKeys);
const Section kModeSection{"mode", "a serving mode (request class)", kMode};

const std::vector<KeySpec> kMixItem = {
    str("mode", "mode id (catalog or this file's modes:)", true),
    qty("share", D::fraction, "share of the service's demand", true, true),
};
const Section kMixItemSection{"mix item", "a mode and its share of demand", kMixItem};

}  // namespace

const Section& source_entry_section() { return kSourceEntrySection; }
const Section& chip_section() { return kChipSection; }
const Section& model_section() { return kModelSection; }
const Section& mode_section() { return kModeSection; }
const Section& mix_item_section() { return kMixItemSection; }

}  // namespace flopcast::scenario
