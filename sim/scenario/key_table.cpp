// Every key a scenario or catalog file may contain, declared once.
#include "key_table.hpp"

#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/catalog/model_profile.hpp"
#include "flopcast/perf/training_estimate.hpp"
#include "key_builders.hpp"

namespace flopcast::scenario {
namespace {

using namespace keys;
using D = core::Dimension;
using V = ValueKind;

// ---- scenario ----------------------------------------------------------------------------
const std::vector<KeySpec> kPool = {
    str("name", "pool name, unique in the fleet", true),
    str("chip", "chip id (catalog or this file's chips:)", true),
    whole("count", "number of chips, e.g. 20000 or \"20k\"", true),
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
    choice("recompute", recompute_tokens,
           "activation recomputation: none; selective (Megatron: the attention core, or recompute_modules; the default); full (each layer, or recompute_layers per stage); op (torchtitan per-op policy, dense MHA/GQA models)"),
    integer("recompute_layers", "with recompute: full, layers per pipeline stage recomputed (Megatron block method; default all)", false, 1),
    list("recompute_modules", "with recompute: selective, the modules recomputed: core_attn, mlp, moe, moe_act, layernorm, mla_up_proj, shared_experts (default core_attn)"),
    flag("sequence_parallel", "tp > 1: norms and dropouts sharded across the TP group (default true)"),
    flag("tp_comm_overlap", "TP collectives overlapped with GEMMs, e.g. userbuffers or async TP (default false)"),
};
const Section kLayoutSection{"layout", "parallel layout of a training run", kLayout};

/// One stage of a multi-stage run (e.g. an 8K stage then a 128K stage): its own tokens and
/// sequence length, and the keys that change with them; the rest comes from the run.
const std::vector<KeySpec> kStage = {
    str("name", "stage name; its results are training.<run>/<stage>.*", true),
    qty("tokens", D::tokens, "tokens trained in this stage", true, true),
    integer("sequence_length", "tokens per sequence in this stage", true, 1),
    qty("global_batch", D::tokens, "tokens per optimizer step in this stage (default: the run's)", false, true),
    qty("utilisation", D::fraction, "a stated MFU for this stage (default: the run's)", false, true),
    nested("layout", V::map, &kLayoutSection, "this stage's parallel layout (default: the run's)"),
};
const Section kStageSection{"stage", "a stage of a multi-stage training run", kStage};

const std::vector<KeySpec> kTraining = {
    str("name", "run name", true),
    str("model", "model id", true),
    qty("tokens", D::tokens, "training tokens, e.g. \"14.8T tokens\" (required unless stages: gives them)", false, true),
    integer("sequence_length", "tokens per sequence (required unless stages: gives it)", false, 1),
    nested("stages", V::list_of_maps, &kStageSection,
           "stages trained one after another on the run's chips, each with its tokens and sequence length; the run reports their sum"),
    choice("precision", precision_tokens, "matmul precision whose dense peak utilisation refers to", true),
    list("pools", "pools the run uses", true),
    qty("utilisation", D::fraction, "a stated MFU (model FLOP/s over dense peak at precision): selects the first-order model", false, true),
    choice("attention_accounting", accounting_tokens, "causal (default) or non_causal attention FLOPs in reported model FLOPs"),
    nested("layout", V::map, &kLayoutSection, "parallel layout: selects the layout-aware step model"),
    qty("global_batch", D::tokens, "tokens per optimizer step, e.g. \"16M tokens\"; without layout: the best layout is searched", false, true),
    integer("routing_node_limit", "MoE: nodes a token's experts may span (DeepSeek-V3: 4; 0 = no limit)"),
    flag("include_mtp", "count the model's multi-token-prediction modules in training FLOPs (default false)"),
    qty("expert_imbalance", D::count, "MoE: busiest over mean expert-parallel load; 1 = forced balance (default: modelled, docs/models/moe.md)", false, true),
    choice("attention_kernel", attention_kernel_tokens, "flash (default) or unfused (Megatron-LM before FlashAttention)"),
    flag("fp8_attention", "the attention core in FP8 (Transformer Engine fp8_dot_product_attention; default false: BF16)"),
    flag("fused_expert_mlp",
         "MoE: the experts' activation and quantisation fused into their grouped GEMMs (CuTe-DSL fused grouped MLP, Megatron 26.06+; default false)"),
};
const Section kTrainingSection{"training", "a training run", kTraining};

const std::vector<KeySpec> kPoolPrecision = {
    str("pool", "one of the service's pools", true),
    choice("precision", precision_tokens, "weight/matmul precision on that pool", true),
    choice("kv_cache_precision", precision_tokens, "KV-cache storage precision on that pool (default: the service's)"),
};
const Section kPoolPrecisionSection{"pool precision", "a service's precision on one of its pools", kPoolPrecision};

const std::vector<KeySpec> kInference = {
    str("name", "service name", true),
    str("model", "model id", true),
    qty("demand", D::token_rate, "tokens served (input + output), e.g. \"140T tokens/day\"", true, true),
    integer("input_tokens", "prompt tokens per request (or give mix:)", false, 1),
    integer("output_tokens", "generated tokens per request (or give mix:)", false, 1),
    nested("mix", V::list_of_maps, &mix_item_section(), "modes and their shares of demand, instead of input/output_tokens"),
    choice("precision", precision_tokens, "weight/matmul precision", true),
    choice("kv_cache_precision", precision_tokens, "KV-cache storage precision (default bf16)"),
    nested("pool_precision", V::list_of_maps, &kPoolPrecisionSection,
           "another precision on some pools, e.g. [{pool: c910, precision: int8}] (default: precision: on every pool)"),
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
    qty("expert_imbalance", D::count, "busiest over mean expert load; 1 = perfect balance (default: modelled, docs/models/moe.md)", false, true),
    integer("redundant_experts", "MoE: extra expert copies per layer over a replica (EPLB, e.g. 32); lowers the imbalance, costs HBM (default 0)"),
    choice("expert_precision", precision_tokens,
           "MoE: the precision routed experts' GEMMs run in, weights and activations (e.g. fp4 experts beside fp8 attention); their HBM too (default: precision)"),
    choice("expert_weight_precision", precision_tokens,
           "MoE: routed-expert weights stored narrower than precision (weight-only quantisation, e.g. fp4 experts in fp8 GEMMs): their HBM and the bytes expert GEMMs read (default: precision)"),
    qty("prefill_tokens_per_chip", D::tokens, "prompt tokens each chip prefills per forward pass, the load level (default 16384: saturated)", false, true),
    choice("prefill_scheduling", prefill_scheduling_tokens,
           "pools that prefill and decode: chunked (default: prompt chunks ride in decode steps), whole (each prompt whole in one step on one data-parallel rank), balanced (whole, every rank's prompts in the same step) or separate (prompts in their own passes)"),
    choice("serving_stack", serving_stack_tokens,
           "whose host work a forward pass waits for: overlapped (default: the host runs ahead, as TensorRT-LLM, SGLang and graph launch do) or vllm-ascend (a fitted host time per layer, eq. I15)"),
};
const Section kInferenceSection{"inference", "an inference service", kInference};

const std::vector<KeySpec> kKernel = {
    str("name", "kernel name, unique; its metrics are kernel.<name>.seconds and kernel.<name>.tflops", true),
    str("chip", "chip id", true),
    choice("precision", precision_tokens, "operand precision", true),
    qty("m", D::count, "rows of the output (tokens)", true, true),
    qty("n", D::count, "columns of the output", true, true),
    qty("k", D::count, "the reduction dimension", true, true),
    qty("groups", D::count, "GEMMs of this shape in one kernel (grouped expert GEMMs; default 1)", false, true),
};
const Section kKernelSection{"kernel", "a GEMM kernel timed on its own (docs/models/kernels.md)", kKernel};

const std::vector<KeySpec> kAttentionKernel = {
    str("name", "kernel name, unique among all kernel sections; its metrics are kernel.<name>.seconds, .tflops and .gbps", true),
    str("chip", "chip id", true),
    choice("precision", precision_tokens, "operand precision (attention runs in BF16/FP16 on chips that have it)", true),
    qty("sequences", D::count, "sequences in the batch", true, true),
    qty("heads", D::count, "attention heads (query heads; one key/value head each)", true, true),
    qty("sequence_length", D::count, "tokens per sequence: queries and keys (self-attention)", true, true),
    qty("head_dim", D::count, "dimension of each head", true, true),
    flag("causal", "causal mask: each query sees the keys up to its own (default false); FLOPs counted halved"),
};
const Section kAttentionKernelSection{"attention_kernel", "an attention kernel's forward pass timed on its own (docs/models/kernels.md eq. K4)",
                                      kAttentionKernel};

const std::vector<KeySpec> kDecodeAttentionKernel = {
    str("name", "kernel name, unique among all kernel sections; its metrics are kernel.<name>.seconds, .tflops and .gbps", true),
    str("chip", "chip id", true),
    choice("precision", precision_tokens, "element precision of the cache, queries and outputs (the math runs in BF16/FP16 on chips that have it)", true),
    qty("sequences", D::count, "sequences in the batch", true, true),
    qty("sequence_length", D::count, "cached tokens per sequence (the keys each query sees)", true, true),
    qty("query_tokens", D::count, "new tokens per sequence in this step (default 1; 2 with one speculative token)", false, true),
    qty("heads", D::count, "query heads", true, true),
    qty("kv_heads", D::count, "cached key/value heads (default 1; query heads share them in groups)", false, true),
    qty("head_dim", D::count, "dimension of each query and key head", true, true),
    qty("value_head_dim", D::count, "dimension of each value head (default head_dim)", false, true),
    flag("shared_kv", "the values are the first value_head_dim dimensions of the cached keys (MLA's compressed cache): the cache is read once for both"),
};
const Section kDecodeAttentionKernelSection{"decode_attention_kernel",
                                            "a decode step's attention kernel timed on its own (docs/models/kernels.md eq. K5)",
                                            kDecodeAttentionKernel};

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
    qty("system_overhead", D::count, "projection: wall power per chip = TDP x this x PUE for every chip (default 10.2 kW / 8 / 700 W = 1.82, DGX H100)", false, true),
    qty("failure_rate", D::fraction, "projection: chips lost for good per year (default 0: repaired or replaced; Llama 3's GPU+HBM faults ~9 %/yr bound it)"),
    str("reference_model", "model of the reference training workload behind effective compute (default llama-3.1-405b)"),
    str("reference_service_model", "model of the reference service behind projected serving capacity (default deepseek-v3)"),
    str("reference_service_mode", "serving mode of the reference service (default fast)"),
    nested("reference_service_mix", V::list_of_maps, &mix_item_section(),
           "projection: modes and their token shares for the reference service, instead of reference_service_mode"),
};
const Section kAssumptionsSection{"assumptions", "modelling assumptions (each echoed in results.json)", kAssumptions};

const std::vector<KeySpec> kValidation = {
    str("case", "case id, e.g. T2 (tests/validation/)", true),
    str("metric", "metric path, e.g. training.<run>.tokens_per_s_per_chip (docs/validation.md)", true),
    qty("published", D::count, "the published value, in the metric's unit", true, true),
    qty("tolerance", D::fraction, "allowed relative error (default 15%)", false, true),
    str("source", "where the published value comes from", true),
    str("note", "assumptions made to encode the case"),
    choice("quality", validation_quality_tokens, "full (default), partial (one input assumed) or band (a plausibility band: reported, not fitted)"),
};
const Section kValidationSection{"validation", "a published measurement this scenario must reproduce", kValidation};

const std::vector<KeySpec> kScenario = {
    str("name", "scenario name (used in output file titles)", true),
    str("question", "the question the scenario answers, one line"),
    nested("answer", V::map, &answer_section(), "which metrics the generated answer compares (default: chosen from the scenario's runs, services or actors)"),
    str("description", "longer description"),
    nested("chips", V::map_of_maps, &chip_section(), "chips defined or overridden by this scenario"),
    nested("models", V::map_of_maps, &model_section(), "models defined or overridden by this scenario"),
    nested("modes", V::map_of_maps, &mode_section(), "serving modes defined or overridden by this scenario"),
    nested("fleet", V::map, &kFleetSection, "the chips available (or give actors: and a timeline:)"),
    nested("training", V::list_of_maps, &kTrainingSection, "training runs"),
    nested("inference", V::list_of_maps, &kInferenceSection, "inference services"),
    nested("kernels", V::list_of_maps, &kKernelSection, "GEMM kernels timed on their own (microbenchmarks)"),
    nested("attention_kernels", V::list_of_maps, &kAttentionKernelSection, "attention kernels (forward) timed on their own (microbenchmarks)"),
    nested("decode_attention_kernels", V::list_of_maps, &kDecodeAttentionKernelSection,
           "decode attention kernels (new tokens against a KV cache) timed on their own (microbenchmarks)"),
    nested("assumptions", V::map, &kAssumptionsSection, "modelling assumptions"),
    nested("validation", V::list_of_maps, &kValidationSection, "published measurements to compare with (flopcast validate-cases)"),
    nested("timeline", V::map, &timeline_section(), "periods of a fleet projection (with actors:)"),
    nested("regime_timeline", V::list_of_maps, &regime_step_section(), "US export regimes in force over time"),
    nested("import_timeline", V::list_of_maps, &regime_step_section(), "the destination's own import rules in force over time (regimes with issuer: other than US)"),
    str("regimes_dir", "a directory of your own regime files, beside the shipped ones; relative to this file"),
    nested("actors", V::list_of_maps, &actor_section(), "buyers and what they procure over the timeline"),
    nested("supply", V::list_of_maps, &supply_section(), "production caps shared by the buyers"),
    nested("production", V::map, &production_section(), "domestic production from bounded inputs (HBM, dies, wafers), which supply controls cut"),
    nested("us_end_use", V::list_of_maps, &market_volume_section(), "US end-use volume per chip, for regime volume caps"),
    nested("expect", V::list_of_maps, &expect_section(), "conditions for flopcast check (exit 1 if any fails)"),
    nested("sweep", V::map, &sweep_section(), "a grid of parameter values (flopcast sweep)"),
    nested("uncertain", V::map, &uncertain_section(), "uncertain parameters (flopcast sweep)"),
    nested("size", V::list_of_maps, &size_section(), "goal-seek problems: the smallest chip count meeting targets (flopcast size)"),
    nested("buy", V::map, &buy_section(), "the cheapest mix of chip types for the demand (flopcast mix)"),
};
const Section kScenarioSection{"scenario", "a flopcast scenario", kScenario};

const std::vector<KeySpec> kCatalogFile = {
    nested("chips", V::map_of_maps, &chip_section(), "chip entries by id"),
    nested("models", V::map_of_maps, &model_section(), "model entries by id"),
    nested("modes", V::map_of_maps, &mode_section(), "serving-mode entries by id"),
};
const Section kCatalogFileSection{"catalog", "a built-in catalog file", kCatalogFile};

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

}  // namespace flopcast::scenario
