// Attention kernels timed on their own (`attention_kernels:`, eq. K4; `decode_attention_kernels:`,
// eq. K5): the FLOP and byte counts, the time by hand, the causal mask, the two decode regimes,
// and the errors a user gets for a malformed entry.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {

std::string scenario_with(const std::string& kernels) {
  return "name: attn\nfleet:\n  pools:\n    - {name: h, chip: h100, count: 1}\n" + kernels;
}

engine::Scenario load(const std::string& text) {
  auto loaded = scenario::load_scenario_text(text, "attn.yaml", test::builtin_catalog());
  REQUIRE(loaded.diagnostics.empty());
  REQUIRE(loaded.scenario);
  return *loaded.scenario;
}

}  // namespace

TEST_CASE("kernels: an attention forward by hand (eq. K4), non-causal and causal", "[unit][perf]") {
  const auto s = load(scenario_with(R"(attention_kernels:
  - {name: full, chip: h100, precision: bf16, sequences: 4, heads: 16, sequence_length: 4096, head_dim: 128}
  - {name: masked, chip: h100, precision: bf16, sequences: 4, heads: 16, sequence_length: 4096, head_dim: 128, causal: true}
)"));
  const auto r = engine::evaluate(s);
  REQUIRE(r.kernels.size() == 2);
  const auto& chip = s.kernels[0].chip;
  const auto& cal = s.catalog.calibration();
  const double flops = 4.0 * 4 * 16 * 4096.0 * 4096 * 128;
  auto by_hand = [&](double f, double keys) {
    const double eff = chip.attention_efficiency * keys / (keys + cal.attention_half_keys);
    return cal.kernel_overhead_s + f / (chip.peak(catalog::Precision::bf16) * eff);
  };
  CHECK(r.kernels[0].seconds == Approx(by_hand(flops, 4096)));
  CHECK(r.kernels[0].flop_per_s == Approx(flops / r.kernels[0].seconds));
  // The mask halves the FLOPs counted and the keys each query sees on average.
  CHECK(r.kernels[1].seconds == Approx(by_hand(flops / 2, 2048)));
  CHECK(r.kernels[1].flop_per_s < r.kernels[0].flop_per_s);
}

TEST_CASE("kernels: attention efficiency rises with sequence length at a fixed token count", "[unit][perf][property]") {
  double previous = 0;
  for (int length : {512, 1024, 2048, 4096, 8192, 16384}) {
    const auto s = load(scenario_with("attention_kernels:\n  - {name: a, chip: h100, precision: bf16, sequences: " + std::to_string(16384 / length) +
                                      ", heads: 16, sequence_length: " + std::to_string(length) + ", head_dim: 128}\n"));
    const double tflops = engine::evaluate(s).kernels[0].flop_per_s;
    INFO(length);
    CHECK(tflops > previous);
    CHECK(tflops < s.kernels[0].chip.peak(catalog::Precision::bf16) * s.kernels[0].chip.attention_efficiency);
    previous = tflops;
  }
}

TEST_CASE("kernels: a decode attention by hand (eq. K5), memory-bound and compute-bound", "[unit][perf]") {
  // FlashMLA's two regimes: 16 query heads per cached latent head wait on HBM, 256 (128 heads x 2
  // tokens) on the attention kernel's peak.
  const auto s = load(scenario_with(R"(decode_attention_kernels:
  - {name: mem, chip: h100, precision: bf16, sequences: 128, heads: 16, sequence_length: 8192, head_dim: 576, value_head_dim: 512, shared_kv: true}
  - {name: cmp, chip: h100, precision: bf16, sequences: 128, query_tokens: 2, heads: 128, sequence_length: 8192, head_dim: 576, value_head_dim: 512, shared_kv: true}
  - {name: gqa, chip: h100, precision: bf16, sequences: 8, heads: 64, kv_heads: 8, sequence_length: 4096, head_dim: 128}
)"));
  const auto r = engine::evaluate(s);
  REQUIRE(r.kernels.size() == 3);
  const auto& chip = s.kernels[0].chip;
  const auto& cal = s.catalog.calibration();
  const double cached = 128.0 * 8192;
  // FlashMLA's counts: FLOPs 2 x new tokens x cached tokens x heads x (576 + 512); bytes the
  // latent cache once (576 per token) plus the queries and outputs, 2 bytes each.
  CHECK(s.kernels[0].flops() == Approx(2 * 1 * cached * 16 * 1088.0));
  CHECK(s.kernels[0].bytes() == Approx((cached * 576 + 128.0 * 16 * 1088) * 2));
  CHECK(r.kernels[0].seconds == Approx(cal.kernel_overhead_s + s.kernels[0].bytes() / (chip.hbm_bytes_per_s * cal.hbm_efficiency)));
  CHECK(r.kernels[0].bytes_per_s == Approx(s.kernels[0].bytes() / r.kernels[0].seconds));
  CHECK(r.kernels[0].hbm_share < cal.hbm_efficiency);
  const double attention_peak = chip.peak(catalog::Precision::bf16) * chip.attention_efficiency;
  CHECK(r.kernels[1].seconds == Approx(cal.kernel_overhead_s + s.kernels[1].flops() / attention_peak));
  CHECK(r.kernels[1].flop_per_s < attention_peak);
  // Grouped-query attention: keys and values cached apart (8 heads x (128 + 128) per token).
  CHECK(s.kernels[2].value_head_dim == 128);
  CHECK(s.kernels[2].bytes() == Approx((8.0 * 4096 * 8 * 256 + 8.0 * 64 * 256) * 2));
}

TEST_CASE("kernels: a malformed attention kernel is a located error", "[unit][scenario]") {
  auto first_error = [](const std::string& text) {
    auto loaded = scenario::load_scenario_text(text, "attn.yaml", test::builtin_catalog());
    REQUIRE_FALSE(loaded.diagnostics.empty());
    return loaded.diagnostics[0];
  };
  SECTION("a required dimension missing") {
    const auto d = first_error(scenario_with("attention_kernels:\n  - {name: a, chip: h100, precision: bf16, sequences: 1, heads: 16, head_dim: 128}\n"));
    CHECK(d.path == "attention_kernels[0].sequence_length");
    CHECK(d.location.line == 6);
  }
  SECTION("a name a GEMM kernel already has") {
    const auto d = first_error(scenario_with(R"(kernels:
  - {name: k, chip: h100, precision: bf16, m: 128, n: 128, k: 128}
attention_kernels:
  - {name: k, chip: h100, precision: bf16, sequences: 1, heads: 16, sequence_length: 512, head_dim: 128}
)"));
    CHECK(d.message.find("a second kernel named 'k'") != std::string::npos);
    CHECK(d.location.line == 8);
  }
  SECTION("decode: key/value heads that do not divide the query heads") {
    const auto d = first_error(scenario_with(
        "decode_attention_kernels:\n  - {name: d, chip: h100, precision: bf16, sequences: 1, heads: 12, kv_heads: 8, sequence_length: 512, head_dim: 128}\n"));
    CHECK(d.path == "decode_attention_kernels[0].kv_heads");
    CHECK(d.location.line == 6);
    CHECK_FALSE(d.hint.empty());
  }
  SECTION("decode: shared values wider than the keys") {
    const auto d = first_error(scenario_with("decode_attention_kernels:\n  - {name: d, chip: h100, precision: bf16, sequences: 1, heads: 16, "
                                             "sequence_length: 512, head_dim: 64, value_head_dim: 128, shared_kv: true}\n"));
    CHECK(d.path == "decode_attention_kernels[0].value_head_dim");
  }
  SECTION("decode: a name an attention kernel already has") {
    const auto d = first_error(scenario_with(R"(attention_kernels:
  - {name: k, chip: h100, precision: bf16, sequences: 1, heads: 16, sequence_length: 512, head_dim: 128}
decode_attention_kernels:
  - {name: k, chip: h100, precision: bf16, sequences: 1, heads: 16, sequence_length: 512, head_dim: 128}
)"));
    CHECK(d.message.find("a second kernel named 'k'") != std::string::npos);
  }
  SECTION("a chip the catalog does not have") {
    const auto d = first_error(scenario_with("attention_kernels:\n  - {name: a, chip: h1000, precision: bf16, sequences: 1, heads: 16, sequence_length: 512, head_dim: 128}\n"));
    CHECK(d.path == "attention_kernels[0].chip");
  }
}

TEST_CASE("kernels: run shows each kernel in the terminal and writes the same rows to kernels.csv", "[unit][cli]") {
  const auto dir = std::filesystem::temp_directory_path() / "flopcast-kernels-table";
  std::filesystem::remove_all(dir);
  const auto r = test::run_flopcast({"run", "tests/validation/fa3-h100-attention.yaml", "-o", dir.string(), "--no-charts"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\nKernels\n") != std::string::npos);
  CHECK(r.out.find("attention 32 x 16 x 512, head dim 128, bf16") != std::string::npos);
  std::ifstream csv(dir / "kernels.csv");
  REQUIRE(csv);
  std::string header, line;
  std::getline(csv, header);
  CHECK(header == "kernel,chip,timed,seconds,flop_per_s,peak_share,bytes_per_s,hbm_share");
  int rows = 0;
  while (std::getline(csv, line)) ++rows;
  CHECK(rows == 6);
  std::filesystem::remove_all(dir);
}
