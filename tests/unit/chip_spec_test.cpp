// Export-control yardsticks from the built-in chip catalog: TPP, performance density, H100e.
// Expected numbers are the worked examples of the reference sheet (section 2c).
#include <catch2/catch.hpp>

#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {
const catalog::Catalog& builtins() { return test::builtin_catalog(); }
const catalog::ChipSpec& chip(const char* id) {
  const auto* c = builtins().find_chip(id);
  REQUIRE(c);
  return *c;
}
}  // namespace

TEST_CASE("catalog: TPP is dense rate x bit length, max over precisions", "[unit][catalog]") {
  // A100: 312 TFLOPS x 16 = 4,992. H100: 1,979 x 8 = 15,832. H20: 296 x 8 = 2,368.
  // 910C: 752 x 16 = 12,032. 950PR as shipped: 1,560 x 4 = 6,240.
  CHECK(catalog::total_processing_performance(chip("a100")) == Approx(4992));
  CHECK(catalog::total_processing_performance(chip("h100")) == Approx(15832));
  CHECK(catalog::total_processing_performance(chip("h20")) == Approx(2368));
  CHECK(catalog::total_processing_performance(chip("ascend-910c")) == Approx(12032));
  CHECK(catalog::total_processing_performance(chip("ascend-950pr")) == Approx(6240));
}

TEST_CASE("catalog: performance density is TPP over logic-die area", "[unit][catalog]") {
  // A100 4,992 / 826 = 6.04; H100 15,832 / 814 = 19.45; 910C 12,032 / 1,331 = 9.04.
  CHECK(*catalog::performance_density(chip("a100")) == Approx(6.04).epsilon(0.002));
  CHECK(*catalog::performance_density(chip("h100")) == Approx(19.45).epsilon(0.002));
  CHECK(*catalog::performance_density(chip("ascend-910c")) == Approx(9.04).epsilon(0.002));
  CHECK_FALSE(catalog::performance_density(chip("ascend-950pr")));  // die area unpublished
}

TEST_CASE("catalog: every chip entry carries a source and a confidence grade", "[unit][catalog]") {
  REQUIRE(builtins().chips().size() >= 12);
  for (const auto& c : builtins().chips()) {
    INFO(c.id);
    CHECK_FALSE(c.provenance.source.empty());
    if (!c.specs_published) continue;  // classified by name only (MI308): no figures to check
    CHECK(c.hbm_bytes > 0);
    CHECK(c.hbm_bytes_per_s > 0);
  }
  for (const char* id : {"a100", "a800", "h100", "h800", "h20", "h200", "b200", "ascend-910b", "ascend-910c", "ascend-950pr",
                         "ascend-950pr-roadmap", "ascend-950dt", "mi325x", "mi308"}) {
    CHECK(builtins().find_chip(id));
  }
}

TEST_CASE("catalog: a GEMM efficiency left out comes from the nearest measurement of the same chip", "[unit][catalog]") {
  catalog::ChipSpec c;
  auto set = [&](catalog::Precision p, double e) { c.gemm_efficiency[static_cast<std::size_t>(p)] = e; };
  using P = catalog::Precision;
  // Nothing measured: 0, which the kernels read as the calibrated default.
  CHECK(c.efficiency(P::fp8) == 0);
  CHECK(c.efficiency(P::bf16) == 0);
  // BF16 alone (MI300X, 910B): FP16 is its sibling, and the 8-bit precisions take it too.
  set(P::bf16, 0.511);
  CHECK(c.efficiency(P::fp16) == 0.511);
  CHECK(c.efficiency(P::fp8) == 0.511);
  CHECK(c.efficiency(P::int8) == 0.511);
  CHECK(c.efficiency(P::fp4) == 0);
  // An 8-bit measurement wins over the 16-bit one, for its sibling as well.
  set(P::int8, 0.80);
  CHECK(c.efficiency(P::fp8) == 0.80);
  CHECK(c.efficiency(P::int8) == 0.80);
  set(P::fp8, 0.70);
  CHECK(c.efficiency(P::fp8) == 0.70);
  // The catalog's MI300X: FP8 GEMMs at its measured BF16 efficiency.
  CHECK(chip("mi300x").efficiency(P::fp8) == Approx(0.511));
}
