// Every key a scenario or catalog file may contain, declared once.
#include "key_table.hpp"

#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/catalog/model_profile.hpp"
#include "flopcast/perf/training_estimate.hpp"
#include "enum_names.hpp"

namespace flopcast::scenario {
namespace {

using D = core::Dimension;
using V = ValueKind;

// KeySpec builders keep the tables below one line per key.
KeySpec str(std::string_view n, std::string_view d, bool req = false) { return {n, V::string, d, req}; }
KeySpec integer(std::string_view n, std::string_view d, bool req = false, double min = 0) {
  return {n, V::integer, d, req, D::count, nullptr, nullptr, min};
}
KeySpec qty(std::string_view n, D dim, std::string_view d, bool req = false, bool positive = false) {
  return {n, V::quantity, d, req, dim, nullptr, nullptr, 0, positive};
}
KeySpec flag(std::string_view n, std::string_view d) { return {n, V::boolean, d}; }
KeySpec date(std::string_view n, std::string_view d, bool req = false) { return {n, V::date, d, req}; }
KeySpec choice(std::string_view n, std::vector<std::string> (*c)(), std::string_view d, bool req = false) {
  return {n, V::enumeration, d, req, D::count, nullptr, c};
}
KeySpec nested(std::string_view n, V kind, const Section* s, std::string_view d, bool req = false) {
  return {n, kind, d, req, D::count, s};
}
KeySpec list(std::string_view n, std::string_view d, bool req = false) { return {n, V::string_list, d, req}; }

const std::vector<KeySpec> kProvenanceKeys = {
    str("source", "citation(s) for every number of the entry, e.g. \"[N-H100] NVIDIA H100 datasheet\""),
    choice("confidence", confidence_tokens, "A = datasheet/rule/vendor paper, B = consistent secondary, C = estimate or rumour"),
    list("estimated", "fields whose values are grade-C estimates"),
    str("notes", "derivations, disagreements, alternative values"),
};

template <class... Lists>
std::vector<KeySpec> join(const Lists&... lists) {
  std::vector<KeySpec> out;
  (out.insert(out.end(), lists.begin(), lists.end()), ...);
  return out;
}

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
        qty("die_area", D::area, "total logic-die area, e.g. \"814 mm2\"", false, true),
        qty("price", D::money, "unit price estimate, e.g. \"$27500\""),
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
    integer("swa_only_layers", "sliding-window-only layers (csa_hca)"),
    integer("sliding_window", "sliding-window length in tokens (csa_hca)"),
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

// ---- fleets over time --------------------------------------------------------------------
const std::vector<KeySpec> kTimeline = {
    date("start", "first period, YYYY-MM", true),
    date("end", "last period, YYYY-MM", true),
    choice("step", timeline_step_tokens, "period length: month, quarter (default) or year"),
};
const Section kTimelineSection{"timeline", "the projection's periods", kTimeline};

const std::vector<KeySpec> kRegimeStep = {
    date("from", "first month the regime is in force", true),
    str("regime", "regime id (scenarios/regimes/*.yaml, see flopcast classify)", true),
};
const Section kRegimeStepSection{"regime step", "an export regime and when it takes effect", kRegimeStep};

const std::vector<KeySpec> kProcurement = {
    str("chip", "chip id", true),
    qty("per_year", D::count, "chips wanted per year, e.g. 600000 or \"600k\"", true),
    date("from", "first month of the purchases"),
    date("to", "last month of the purchases"),
    flag("leakage", "grey-market inflow: bypasses export rules and supply caps (default false)"),
};
const Section kProcurementSection{"procurement line", "chips an actor wants", kProcurement};

const std::vector<KeySpec> kActor = {
    str("name", "actor name", true),
    str("destination", "where the chips go (ISO 3166 alpha-2, e.g. CN): decides the export rules", true),
    qty("budget_per_year", D::money, "spending limit per year, e.g. \"$20000000000\" or \"20B USD\"", false, true),
    qty("power_cap", D::power, "facility power the actor can switch on, e.g. \"2 GW\"", false, true),
    nested("procurement", V::list_of_maps, &kProcurementSection, "what the actor buys", true),
};
const Section kActorSection{"actor", "a buyer: a lab, a cloud or a country aggregate", kActor};

const std::vector<KeySpec> kSupply = {
    str("chip", "chip id", true),
    qty("per_year", D::count, "chips that can be produced per year", true),
    date("from", "first month"),
    date("to", "last month"),
};
const Section kSupplySection{"supply line", "production capacity shared by every buyer of a chip", kSupply};

// ---- expectations ------------------------------------------------------------------------
const std::vector<KeySpec> kExpect = {
    str("name", "label shown in reports and JUnit (default: the condition)"),
    str("metric", "metric path, e.g. training.<run>.time_days (docs/cli.md lists them)", true),
    qty("below", D::count, "holds if metric < this"),
    qty("at_most", D::count, "holds if metric <= this"),
    qty("above", D::count, "holds if metric > this"),
    qty("at_least", D::count, "holds if metric >= this"),
    qty("percentile", D::count, "apply the condition to this percentile of the uncertain: samples, e.g. 95", false, true),
};
const Section kExpectSection{"expectation", "a condition flopcast check gates on", kExpect};

// ---- sweeps and uncertainty --------------------------------------------------------------
KeySpec value(std::string_view n, std::string_view d, bool req = false) { return {n, V::value, d, req}; }
KeySpec values(std::string_view n, std::string_view d, bool req = false) { return {n, V::value_list, d, req}; }

const std::vector<KeySpec> kAxis = {
    str("path", "the parameter to vary, e.g. fleet.pools[h100].count (flopcast sweep --help lists them)", true),
    values("values", "the values, in the parameter's unit, e.g. [1000, 2000] or [\"$20000\", \"$30000\"]"),
    value("from", "first value of a range (with to and steps)"),
    value("to", "last value of a range"),
    integer("steps", "number of values in the range, ends included", false, 2),
};
const Section kAxisSection{"axis", "one swept parameter", kAxis};

const std::vector<KeySpec> kSweep = {
    choice("mode", sweep_mode_tokens, "grid (Cartesian product, default) or zip (axes advance together)"),
    nested("axes", V::list_of_maps, &kAxisSection, "the swept parameters", true),
};
const Section kSweepSection{"sweep", "a grid of parameter values", kSweep};

const std::vector<KeySpec> kVariable = {
    str("path", "the uncertain parameter, e.g. chips.h100.price", true),
    choice("distribution", distribution_tokens, "the distribution", true),
    value("low", "uniform, triangular, pert: lowest value"),
    value("high", "uniform, triangular, pert: highest value"),
    value("mode", "triangular, pert: most likely value"),
    value("mean", "normal: mean"),
    value("sd", "normal: standard deviation"),
    value("median", "lognormal: median"),
    qty("sigma", D::count, "lognormal: standard deviation of the natural log", false, true),
    values("values", "choice: the possible values"),
    values("weights", "choice: their weights (default equal)"),
};
const Section kVariableSection{"variable", "an uncertain parameter and its distribution", kVariable};

const std::vector<KeySpec> kCorrelation = {
    str("a", "path of the first variable", true),
    str("b", "path of the second variable", true),
    qty("rho", D::count, "correlation of their normal scores, -1 < rho < 1 (Gaussian copula)", true),
};
const Section kCorrelationSection{"correlation", "a correlation between two uncertain parameters", kCorrelation};

const std::vector<KeySpec> kUncertain = {
    qty("samples", D::count, "Monte-Carlo samples per grid point (default 1000)", false, true),
    integer("seed", "random seed (default 1); the same seed gives byte-identical results"),
    values("percentiles", "percentiles to report (default [5, 50, 95])"),
    nested("variables", V::list_of_maps, &kVariableSection, "the uncertain parameters", true),
    nested("correlations", V::list_of_maps, &kCorrelationSection, "correlations between them"),
};
const Section kUncertainSection{"uncertain", "uncertain parameters sampled by Monte Carlo", kUncertain};

// ---- scenario ----------------------------------------------------------------------------
const std::vector<KeySpec> kPool = {
    str("name", "pool name, unique in the fleet", true),
    str("chip", "chip id (catalog or this file's chips:)", true),
    qty("count", D::count, "number of chips, e.g. 20000 or \"20k\"", true, true),
    str("owner", "who operates the pool"),
    str("country", "where it is installed (ISO 3166 alpha-2, e.g. CN)"),
    date("in_service", "first month in service"),
    date("retire", "first month out of service"),
    qty("rental_price", D::money_rate, "rental price per chip-hour, e.g. \"$2.5/h\" (default: amortised price + power)", false, true),
};
const Section kPoolSection{"pool", "a pool of identical chips", kPool};

const std::vector<KeySpec> kFleet = {
    nested("pools", V::list_of_maps, &kPoolSection, "pools of chips", true),
};
const Section kFleetSection{"fleet", "the chips available", kFleet};

const std::vector<KeySpec> kLayout = {
    integer("tp", "tensor parallel degree", false, 1), integer("pp", "pipeline parallel degree", false, 1),
    integer("ep", "expert parallel degree", false, 1), integer("cp", "context parallel degree", false, 1),
    integer("dp", "data parallel degree (default: the chips left over)"),
    integer("micro_batch", "sequences per micro-batch (default 1)", false, 1),
    integer("virtual_stages", "model chunks per pipeline stage, interleaved schedule (default 1)", false, 1),
    choice("schedule", schedule_tokens, "pipeline schedule (default 1f1b)"),
    integer("zero_stage", "ZeRO stage 0-3 (default 1)"),
    choice("recompute", recompute_tokens, "activation recomputation (default selective)"),
};
const Section kLayoutSection{"layout", "parallel layout of a training run", kLayout};

const std::vector<KeySpec> kTraining = {
    str("name", "run name", true),
    str("model", "model id", true),
    qty("tokens", D::tokens, "training tokens, e.g. \"14.8T tokens\"", true, true),
    integer("sequence_length", "tokens per sequence", true, 1),
    choice("precision", precision_tokens, "matmul precision whose dense peak utilisation refers to", true),
    list("pools", "pools the run uses", true),
    qty("utilisation", D::fraction, "a stated MFU (model FLOP/s over dense peak at precision): selects the first-order model", false, true),
    choice("attention_accounting", accounting_tokens, "causal (default) or non_causal attention FLOPs in reported model FLOPs"),
    nested("layout", V::map, &kLayoutSection, "parallel layout: selects the layout-aware step model"),
    qty("global_batch", D::tokens, "tokens per optimizer step, e.g. \"16M tokens\"; without layout: the best layout is searched", false, true),
    integer("routing_node_limit", "MoE: nodes a token's experts may span (DeepSeek-V3: 4; 0 = no limit)"),
    flag("include_mtp", "count the model's multi-token-prediction modules in training FLOPs (default false)"),
};
const Section kTrainingSection{"training", "a training run", kTraining};

const std::vector<KeySpec> kInference = {
    str("name", "service name", true),
    str("model", "model id", true),
    qty("demand", D::token_rate, "tokens served (input + output), e.g. \"140T tokens/day\"", true, true),
    integer("input_tokens", "prompt tokens per request (or give mix:)", false, 1),
    integer("output_tokens", "generated tokens per request (or give mix:)", false, 1),
    nested("mix", V::list_of_maps, &kMixItemSection, "modes and their shares of demand, instead of input/output_tokens"),
    choice("precision", precision_tokens, "weight/matmul precision", true),
    choice("kv_cache_precision", precision_tokens, "KV-cache storage precision (default bf16)"),
    qty("ttft_target", D::duration, "time-to-first-token target, e.g. \"2 s\"", false, true),
    qty("tpot_target", D::duration, "time-per-output-token target, e.g. \"50 ms\"", false, true),
    list("pools", "pools that serve it, prefill and decode together (or give prefill_pools and decode_pools)"),
    list("prefill_pools", "pools that only prefill (disaggregated serving)"),
    list("decode_pools", "pools that only decode (disaggregated serving)"),
    integer("replica_chips", "chips holding one copy of the weights (default: searched)", false, 1),
    choice("attention_parallelism", attention_parallelism_tokens, "MoE dense part: data (replicated), tensor (sharded) or auto (default)"),
    qty("batch_per_chip", D::count, "fixed decode batch, sequences per chip (default: the largest KV and TPOT allow)", false, true),
    integer("draft_tokens", "speculative / MTP draft tokens per decode step"),
    qty("draft_acceptance", D::fraction, "probability each draft token is accepted"),
    qty("expert_imbalance", D::count, "busiest over mean expert load; 1 = perfect balance (default 1.18, calibrated)", false, true),
};
const Section kInferenceSection{"inference", "an inference service", kInference};

const std::vector<KeySpec> kAssumptions = {
    qty("training_utilisation", D::fraction, "MFU for runs that state none (default 0.40)", false, true),
    qty("hbm_reserve", D::fraction, "HBM kept free for activations and runtime (default 0.10)"),
    qty("effective_utilisation", D::fraction, "effective capacity = peak x this (default 0.40)", false, true),
    qty("chip_mtbf", D::duration, "mean time between interruptions per chip (default 50,700 h, from Llama 3)", false, true),
    qty("checkpoint_write", D::duration, "stall to write a checkpoint (default 30 s)"),
    qty("restart", D::duration, "time from an interruption back to training (default 5 min)"),
    qty("pue", D::count, "facility power over IT power (default 1.3)", false, true),
    qty("electricity_price", D::energy_price, "electricity price (default $0.08/kWh)"),
    qty("amortisation", D::duration, "service life over which chip prices are spread (default 4 years)", false, true),
    choice("capacity_precision", precision_tokens, "precision of capacity tables and charts (default bf16)"),
    qty("service_life", D::duration, "chips retire after this (default 5 years)", false, true),
    qty("licence_approval", D::fraction, "expected share of licences granted when a rule gives none (default 0.5)"),
    str("reference_model", "model of the reference training workload behind effective compute (default llama-3.1-405b)"),
};
const Section kAssumptionsSection{"assumptions", "modelling assumptions (each echoed in results.json)", kAssumptions};

const std::vector<KeySpec> kValidation = {
    str("case", "case id, e.g. T2 (tests/validation/)", true),
    str("metric", "metric path, e.g. training.<run>.tokens_per_s_per_chip (docs/validation.md)", true),
    qty("published", D::count, "the published value, in the metric's unit", true, true),
    qty("tolerance", D::fraction, "allowed relative error (default 15%)", false, true),
    str("source", "where the published value comes from", true),
    str("note", "assumptions made to encode the case"),
};
const Section kValidationSection{"validation", "a published measurement this scenario must reproduce", kValidation};

const std::vector<KeySpec> kScenario = {
    str("name", "scenario name (used in output file titles)", true),
    str("question", "the question the scenario answers, one line"),
    str("description", "longer description"),
    nested("chips", V::map_of_maps, &kChipSection, "chips defined or overridden by this scenario"),
    nested("models", V::map_of_maps, &kModelSection, "models defined or overridden by this scenario"),
    nested("modes", V::map_of_maps, &kModeSection, "serving modes defined or overridden by this scenario"),
    nested("fleet", V::map, &kFleetSection, "the chips available (or give actors: and a timeline:)"),
    nested("training", V::list_of_maps, &kTrainingSection, "training runs"),
    nested("inference", V::list_of_maps, &kInferenceSection, "inference services"),
    nested("assumptions", V::map, &kAssumptionsSection, "modelling assumptions"),
    nested("validation", V::list_of_maps, &kValidationSection, "published measurements to compare with (flopcast validate-cases)"),
    nested("timeline", V::map, &kTimelineSection, "periods of a fleet projection (with actors:)"),
    nested("regime_timeline", V::list_of_maps, &kRegimeStepSection, "export regimes in force over time"),
    nested("actors", V::list_of_maps, &kActorSection, "buyers and what they procure over the timeline"),
    nested("supply", V::list_of_maps, &kSupplySection, "production caps shared by the buyers"),
    nested("expect", V::list_of_maps, &kExpectSection, "conditions for flopcast check (exit 1 if any fails)"),
    nested("sweep", V::map, &kSweepSection, "a grid of parameter values (flopcast sweep)"),
    nested("uncertain", V::map, &kUncertainSection, "uncertain parameters (flopcast sweep)"),
};
const Section kScenarioSection{"scenario", "a flopcast scenario", kScenario};

const std::vector<KeySpec> kCatalogFile = {
    nested("chips", V::map_of_maps, &kChipSection, "chip entries by id"),
    nested("models", V::map_of_maps, &kModelSection, "model entries by id"),
    nested("modes", V::map_of_maps, &kModeSection, "serving-mode entries by id"),
};
const Section kCatalogFileSection{"catalog", "a built-in catalog file", kCatalogFile};

// ---- export-control regimes (scenarios/regimes/*.yaml; docs/rules.md) ---------------------
// A condition map is recursive (all/any/not hold conditions), so its section is declared first.
// It is not reachable from scenario_section(), so the scenario JSON Schema never walks it.
extern const Section kConditionSection;

KeySpec number(std::string_view n, std::string_view d) { return {n, V::number, d}; }
KeySpec fraction(std::string_view n, std::string_view d) { return qty(n, D::fraction, d); }

const std::vector<KeySpec> kNumberBounds = {
    number(">=", "at least this value"), number(">", "greater than this value"),
    number("<", "less than this value"), number("<=", "at most this value"),
};
const Section kNumberBoundsSection{"bounds", "comparisons that must all hold, e.g. {\">=\": 2400, \"<\": 4800}", kNumberBounds};

const std::vector<KeySpec> kRateBounds = {
    qty(">=", D::byte_rate, "at least this bandwidth, e.g. \"4000 GB/s\""),
    qty(">", D::byte_rate, "more than this bandwidth"),
    qty("<", D::byte_rate, "less than this bandwidth, e.g. \"6500 GB/s\""),
    qty("<=", D::byte_rate, "at most this bandwidth"),
};
const Section kRateBoundsSection{"bounds", "bandwidth comparisons that must all hold, e.g. {\">=\": \"600 GB/s\"}", kRateBounds};

const std::vector<KeySpec> kCondition = {
    nested("all", V::list_of_maps, &kConditionSection, "every listed condition holds"),
    nested("any", V::list_of_maps, &kConditionSection, "at least one listed condition holds"),
    nested("not", V::map, &kConditionSection, "the condition does not hold"),
    str("meets", "a named condition of this regime or its base, e.g. 3A090.a"),
    list("chips", "named catalog chips, e.g. [h20]"),
    flag("datacenter", "the chip is (true) or is not (false) designed or marketed for datacenters"),
    choice("item", item_kind_tokens, "the kind of item: accelerator (every catalog chip) or hbm_stack"),
    nested("tpp", V::map, &kNumberBoundsSection, "Total Processing Performance bounds"),
    nested("performance_density", V::map, &kNumberBoundsSection, "TPP per mm2 of logic die bounds"),
    nested("hbm_bandwidth", V::map, &kRateBoundsSection, "DRAM (HBM) bandwidth bounds"),
    nested("interconnect_bidirectional", V::map, &kRateBoundsSection, "bidirectional chip-to-chip bandwidth bounds"),
    nested("hbm_bandwidth_density", V::map, &kNumberBoundsSection, "HBM stack bandwidth density bounds, GB/s per mm2"),
};
const Section kConditionSection{"condition", "a condition on a chip; several keys in one map must all hold", kCondition};

const std::vector<KeySpec> kRule = {
    str("id", "the provision, e.g. 3A090.a (rules may share an id, one per destination scope)", true),
    str("title", "one line: what the rule does"),
    nested("when", V::map, &kConditionSection, "the chips the rule applies to", true),
    list("destinations", "country codes (CN), groups from destinations.yaml (D:5) or * for everywhere", true),
    choice("outcome", outcome_tokens, "allowed, notify, licence or denied", true),
    fraction("approval_probability", "licence: chance a licence is granted, 0..1"),
    fraction("fee_share", "share of revenue paid to the US government, e.g. 0.15"),
    fraction("volume_cap", "shipments capped at this fraction of US end-use volume, e.g. 0.5"),
    str("source", "citation: Federal Register document and reference key, e.g. \"[FR23] 88 FR 73458\"", true),
    str("notes", "interpretation, what is not encoded"),
};
const Section kRuleSection{"rule", "an export-control rule", kRule};

const std::vector<KeySpec> kRegimeFile = {
    str("title", "what the regime is, one line", true),
    date("effective", "month the regime took effect, YYYY-MM (omit for counterfactuals)"),
    date("rescinded", "month it was rescinded or stopped being enforced"),
    str("citation", "the instrument(s): Federal Register citation, FR Doc number"),
    str("notes", "scope, what is and is not encoded"),
    str("base", "a regime whose rules (and named conditions) follow this one's"),
    nested("conditions", V::map_of_maps, &kConditionSection, "named conditions, used in rules with meets:"),
    nested("rules", V::list_of_maps, &kRuleSection, "the rules in order; the first match decides", true),
};
const Section kRegimeFileSection{"regime", "an export-control regime file", kRegimeFile};

const std::vector<KeySpec> kDestinationGroup = {
    str("title", "what the group is"),
    list("members", "ISO 3166 alpha-2 codes, e.g. [CN]", true),
    str("source", "where the membership comes from", true),
    str("notes", "whether the list is complete"),
};
const Section kDestinationGroupSection{"group", "a destination group", kDestinationGroup};

const std::vector<KeySpec> kCountry = {
    str("treated_as", "the country whose rules apply, e.g. CN for HK", true),
    str("source", "citation", true),
    str("notes", "remarks"),
};
const Section kCountrySection{"country", "a country treated as another one", kCountry};

const std::vector<KeySpec> kDestinationsFile = {
    nested("groups", V::map_of_maps, &kDestinationGroupSection, "destination groups by id", true),
    nested("countries", V::map_of_maps, &kCountrySection, "countries treated as another one"),
};
const Section kDestinationsFileSection{"destinations", "the destination group table", kDestinationsFile};

}  // namespace

const KeySpec* Section::find(std::string_view key) const {
  for (const auto& k : keys) {
    if (k.name == key) return &k;
  }
  return nullptr;
}

std::vector<std::string> Section::key_names() const {
  std::vector<std::string> out;
  for (const auto& k : keys) out.emplace_back(k.name);
  return out;
}

const Section& scenario_section() { return kScenarioSection; }
const Section& catalog_file_section() { return kCatalogFileSection; }
const Section& chip_section() { return kChipSection; }
const Section& model_section() { return kModelSection; }
const Section& mode_section() { return kModeSection; }
const Section& regime_file_section() { return kRegimeFileSection; }
const Section& destinations_file_section() { return kDestinationsFileSection; }

}  // namespace flopcast::scenario
