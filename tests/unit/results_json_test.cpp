// results.json: deterministic, units in key names, assumptions echoed with who set them.
#include <catch2/catch.hpp>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/report/write.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

TEST_CASE("report: results.json is byte-identical across evaluations and echoes assumptions", "[unit][report]") {
  const auto cat = scenario::load_catalog_dir(test::source_dir() + "/scenarios/catalog");
  REQUIRE(cat.diagnostics.empty());
  const auto loaded = scenario::load_scenario(test::source_dir() + "/scenarios/910c-vs-h100.yaml", cat.catalog);
  REQUIRE(loaded.scenario);
  const auto a = report::results_json(*loaded.scenario, engine::evaluate(*loaded.scenario), "test");
  const auto b = report::results_json(*loaded.scenario, engine::evaluate(*loaded.scenario), "test");
  CHECK(a == b);
  // 20,000 x 752 TFLOPS = 1.504e19 FLOP/s of BF16 peak, written in shortest round-trip form.
  CHECK(a.find("\"bf16\": 1.504e+19") != std::string::npos);
  CHECK(a.find("\"effective_utilisation\": {\n      \"value\": 0.35,\n      \"set_by\": \"scenario\"") != std::string::npos);
  CHECK(a.find("\"training_utilisation\": {\n      \"value\": 0.4,\n      \"set_by\": \"default\"") != std::string::npos);
}
