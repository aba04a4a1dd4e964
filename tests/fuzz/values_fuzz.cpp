// libFuzzer target flopcast_fuzz_values: the fuzzer's bytes choose a well-formed scenario --
// catalog chips and models, overridden fields, pools, training runs, inference services and
// assumptions -- with values drawn from extremes (0, 1e-24, 1e9, 1e24, just past each limit,
// negatives). Byte-level mutation of YAML rarely reaches such combinations; this target aims at
// the arithmetic: overflow, division by zero, float-to-int conversion, slow searches, and a
// status that contradicts its numbers. Same contract as flopcast_fuzz_scenario (fuzz_common.hpp).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_common.hpp"

namespace {

class Builder {
 public:
  explicit Builder(FuzzedDataProvider& p) : p_(p) {}

  template <class T>
  const T& pick(const std::vector<T>& v) { return v[p_.ConsumeIntegralInRange<std::size_t>(0, v.size() - 1)]; }
  bool coin() { return p_.ConsumeBool(); }

  /// A number: mostly ordinary, often at or just past a limit.
  std::string number() {
    static const std::vector<std::string> values = {"0", "1e-24", "2e-24", "9e-25", "1e-12", "0.001", "0.35", "0.5", "0.999",
                                                    "1", "1.5", "2", "7", "8", "64", "1000", "4096", "20000", "1e6",
                                                    "999999999", "1e9", "1.1e9", "1e15", "1e18", "1e24", "1.1e24", "-1"};
    return pick(values);
  }
  std::string integer() {
    static const std::vector<std::string> values = {"0", "1", "2", "3", "7", "8", "16", "61", "64", "128", "1000", "8192",
                                                    "131072", "999999937", "1000000000", "1000000001", "-1"};
    return pick(values);
  }
  std::string fraction() {
    static const std::vector<std::string> values = {"0", "1e-24", "0.01", "0.35", "0.5", "0.9", "0.999999", "1", "1.01", "\"40%\""};
    return pick(values);
  }
  std::string precision() { return pick(std::vector<std::string>{"fp4", "fp8", "int8", "bf16", "fp16"}); }

  std::string chip_override() {
    static const std::vector<std::pair<std::string, std::string>> fields = {
        {"hbm_capacity", "GB"}, {"hbm_usable", "GB"},  {"hbm_bandwidth", "TB/s"}, {"scale_up_bandwidth", "GB/s"},
        {"scale_out_bandwidth", "Gb/s"}, {"tdp", "W"}, {"die_area", "mm2"},      {"price", "USD"}, {"mtbf", "h"}};
    std::string out;
    const int n = p_.ConsumeIntegralInRange(0, 4);
    for (int i = 0; i < n; ++i) {
      const auto& [key, unit] = pick(fields);
      if (out.find(key + ":") != std::string::npos) continue;
      out += "    " + key + ": \"" + number() + " " + unit + "\"\n";
    }
    if (coin()) out += "    dense_peak: {" + precision() + ": \"" + number() + " TFLOPS\"}\n";
    if (coin()) out += "    gemm_efficiency: {" + precision() + ": " + fraction() + "}\n";
    if (coin()) out += "    attention_efficiency: " + fraction() + "\n";
    if (coin()) out += "    scale_up_domain: " + integer() + "\n";
    return out;
  }

  std::string model_override() {
    static const std::vector<std::string> fields = {"layers", "hidden", "vocab", "context_length", "mtp_depth", "hc_mult"};
    std::string out;
    const int n = p_.ConsumeIntegralInRange(0, 3);
    for (int i = 0; i < n; ++i) {
      const auto& key = pick(fields);
      if (out.find(key + ":") == std::string::npos) out += "    " + key + ": " + integer() + "\n";
    }
    if (coin()) out += "    ffn: {hidden: " + integer() + "}\n";
    if (coin()) {
      out += "    moe: {dense_layers: " + integer() + ", routed_experts: " + integer() + ", shared_experts: " + integer() +
             ", top_k: " + integer() + ", expert_ffn_hidden: " + integer() + "}\n";
    }
    return out;
  }

  std::string scenario() {
    const auto chips = flopcast::fuzz::builtins().chip_ids();
    const auto models = flopcast::fuzz::builtins().model_ids();
    std::string s = "name: values\nchips:\n  c0:\n    base: " + pick(chips) + "\n" + chip_override();
    s += "models:\n  m0:\n    base: " + pick(models) + "\n" + model_override();
    const std::vector<std::string> chip_choices = {"c0", "c0", pick(chips)};
    const std::vector<std::string> model_choices = {"m0", "m0", pick(models)};
    const int pools = p_.ConsumeIntegralInRange(1, 3);
    s += "fleet:\n  pools:\n";
    for (int i = 0; i < pools; ++i) {
      s += "    - {name: p" + std::to_string(i) + ", chip: " + pick(chip_choices) + ", count: " + number() + "}\n";
    }
    auto pool = [&] { return "p" + std::to_string(p_.ConsumeIntegralInRange(0, pools - 1)); };
    if (coin()) {
      static const std::vector<std::pair<std::string, std::string>> fields = {
          {"training_utilisation", ""}, {"hbm_reserve", ""}, {"effective_utilisation", ""}, {"chip_mtbf", " h"},
          {"checkpoint_write", " s"},   {"restart", " s"},   {"pue", ""},                   {"electricity_price", " USD/kWh"},
          {"amortisation", " years"}};
      s += "assumptions:\n";
      const int n = p_.ConsumeIntegralInRange(1, 4);
      for (int i = 0; i < n; ++i) {
        const auto& [key, unit] = pick(fields);
        if (s.find("  " + key + ":") != std::string::npos) continue;
        s += "  " + key + ": " + (unit.empty() ? fraction() : "\"" + number() + unit + "\"") + "\n";
      }
    }
    const int runs = p_.ConsumeIntegralInRange(0, 2);
    if (runs) s += "training:\n";
    for (int i = 0; i < runs; ++i) {
      s += "  - name: t" + std::to_string(i) + "\n    model: " + pick(model_choices) + "\n    tokens: \"" + number() +
           " tokens\"\n    sequence_length: " + integer() + "\n    precision: " + precision() + "\n    pools: [" + pool() + "]\n";
      switch (p_.ConsumeIntegralInRange(0, 2)) {
        case 0: s += "    utilisation: " + fraction() + "\n"; break;
        case 1: s += "    global_batch: \"" + number() + " tokens\"\n"; break;
        default:
          s += "    global_batch: \"" + number() + " tokens\"\n    layout: {tp: " + integer() + ", pp: " + integer() + ", ep: " + integer() +
               ", micro_batch: " + integer() + ", zero_stage: " + pick(std::vector<std::string>{"0", "1", "2", "3"}) + "}\n";
      }
    }
    const int services = p_.ConsumeIntegralInRange(0, 2);
    if (services) s += "inference:\n";
    for (int i = 0; i < services; ++i) {
      s += "  - name: s" + std::to_string(i) + "\n    model: " + pick(model_choices) + "\n    demand: \"" + number() +
           " tokens/s\"\n    input_tokens: " + integer() + "\n    output_tokens: " + integer() + "\n    precision: " + precision() + "\n";
      s += coin() ? "    pools: [" + pool() + "]\n" : "    prefill_pools: [" + pool() + "]\n    decode_pools: [" + pool() + "]\n";
      if (coin()) s += "    tpot_target: \"" + number() + " s\"\n";
      if (coin()) s += "    ttft_target: \"" + number() + " s\"\n";
      if (coin()) s += "    replica_chips: " + integer() + "\n";
      if (coin()) s += "    batch_per_chip: " + number() + "\n";
      if (coin()) s += "    draft_tokens: " + integer() + "\n    draft_acceptance: " + fraction() + "\n";
      if (coin()) s += "    expert_imbalance: " + number() + "\n";
      if (coin()) s += "    kv_cache_precision: " + precision() + "\n";
      if (coin()) s += "    attention_parallelism: " + pick(std::vector<std::string>{"auto", "data", "tensor"}) + "\n";
      if (coin()) s += "    prefill_scheduling: " + pick(std::vector<std::string>{"chunked", "whole", "balanced", "separate"}) + "\n";
    }
    return s;
  }

 private:
  FuzzedDataProvider& p_;
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)flopcast::fuzz::builtins();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider provider(data, size);
  Builder b(provider);
  const std::string text = b.scenario();
  // FLOPCAST_FUZZ_PRINT=1 shows the scenario an input stands for (to keep it as a regression file).
  if (const char* print = std::getenv("FLOPCAST_FUZZ_PRINT"); print && *print == '1') {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }
  flopcast::fuzz::check_scenario_text(text, "values.yaml");
  return 0;
}
