// Export-control rules: the shipped regimes give the published worked verdicts (TPP and PD
// per chip, as in the sources cited in scenarios/regimes), conditions are three-valued, destinations resolve through
// groups, and a broken regime file yields located diagnostics. Language: docs/rules.md.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <optional>

#include "flopcast/rules/rule_verdict.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;
using rules::Outcome;

namespace {

const catalog::Catalog& builtins() { return test::builtin_catalog(); }
const scenario::RegimeLoad& shipped() {
  static const auto loaded = scenario::load_regimes_dir(test::source_dir() + "/scenarios/regimes", builtins());
  for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(d.location.file << ":" << d.location.line << ": " << d.message);
  REQUIRE(loaded.diagnostics.empty());
  return loaded;
}
const rules::ExportRegime& regime(const std::string& id) {
  for (const auto& r : shipped().regimes) {
    if (r.id == id) return r;
  }
  FAIL("no shipped regime " << id);
  throw std::logic_error("unreachable");
}
catalog::ChipSpec chip(const char* id) {
  const auto* c = builtins().find_chip(id);
  REQUIRE(c);
  return *c;
}
rules::Verdict classify(const std::string& regime_id, const catalog::ChipSpec& c, const std::string& destination = "CN") {
  return rules::classify_chip(regime(regime_id), c, destination, shipped().destinations);
}
void set_fp8_tflops(catalog::ChipSpec& c, double tflops) {
  c.dense_peak_flop_per_s = {};
  c.dense_peak_flop_per_s[static_cast<std::size_t>(catalog::Precision::fp8)] = tflops * 1e12;
}

}  // namespace

TEST_CASE("rules: the shipped regimes load, oldest first, each rule with a source", "[unit][rules]") {
  std::vector<std::string> ids;
  for (const auto& r : shipped().regimes) ids.push_back(r.id);
  CHECK(ids == std::vector<std::string>{"none", "oct2022", "oct2023", "dec2024", "jan2025-diffusion", "jan2025-foundry", "apr2025-h20",
                                        "aug2025-revenue-share", "cn-sep2025-stop-h20", "cn-jan2026-h200", "jan2026-h200"});
  CHECK(regime("none").rules.empty());
  REQUIRE(regime("jan2025-diffusion").rescinded);
  CHECK(regime("jan2025-diffusion").rescinded->str() == "2025-05");
  for (const auto& r : shipped().regimes) {
    for (const auto& rule : r.rules) {
      INFO(r.id << " " << rule.id);
      CHECK_FALSE(rule.provenance.source.empty());
    }
  }
}

TEST_CASE("rules: the reference's worked chips get the reference's verdicts (destination CN)", "[unit][rules]") {
  struct Case {
    const char* chip;
    double tpp;
    double pd;
    const char* regime;
    Outcome outcome;
    const char* rule;  // nullptr: no rule matched
    std::optional<double> fee;
    std::optional<double> cap;
  };
  const std::vector<Case> cases = {
      // A100: 312 TFLOPS x 16 = 624 TOPS x 8 = 4,992 >= 4,800; PD 4,992 / 826 mm2 = 6.04; NVLink 300 GB/s per
      // direction x 2 = 600 GB/s >= 600: controlled under R1. R2: TPP >= 4,800 -> 3A090.a (presumption of denial).
      {"a100", 4992, 6.04, "oct2022", Outcome::licence, "3A090.a", {}, {}},
      {"a100", 4992, 6.04, "oct2023", Outcome::denied, "3A090.a", {}, {}},
      // A800: the A100 with NVLink cut to 200 x 2 = 400 GB/s < 600: escapes R1; R2 has no I/O test -> 3A090.a.
      {"a800", 4992, 6.04, "oct2022", Outcome::allowed, nullptr, {}, {}},
      {"a800", 4992, 6.04, "oct2023", Outcome::denied, "3A090.a", {}, {}},
      // H100: 1,979 FP8 x 8 = 15,832 (the reference's 15,831 uses 1,978.9); PD 15,832 / 814 = 19.45; 900 GB/s.
      {"h100", 15832, 19.45, "oct2022", Outcome::licence, "3A090.a", {}, {}},
      {"h100", 15832, 19.45, "oct2023", Outcome::denied, "3A090.a", {}, {}},
      // H800: the H100 at 400 GB/s: escapes R1, 3A090.a under R2.
      {"h800", 15832, 19.45, "oct2022", Outcome::allowed, nullptr, {}, {}},
      {"h800", 15832, 19.45, "oct2023", Outcome::denied, "3A090.a", {}, {}},
      // H20: 296 x 8 = 2,368; PD 2,368 / 814 = 2.91. 3A090.b needs TPP >= 2,400 (32 short) or PD >= 3.2: not
      // controlled under R2. Its DRAM 4.0 TB/s >= 4,000 GB/s -> licence under the Apr 2025 letters (R5),
      // then licensed with a 15 % revenue share (R6).
      {"h20", 2368, 2.91, "oct2023", Outcome::allowed, nullptr, {}, {}},
      {"h20", 2368, 2.91, "apr2025-h20", Outcome::licence, "R5.h20-class", {}, {}},
      {"h20", 2368, 2.91, "aug2025-revenue-share", Outcome::licence, "R6.revenue-share", 0.15, {}},
      // H200 under R8: TPP 15,832 < 21,000 and 4,800 GB/s < 6,500 -> eligible; 14,000 <= 15,832 <= 17,500 and
      // 4,500 <= 4,800 <= 5,000 GB/s -> tariff band 1: 25 % and the 50 % volume cap.
      {"h200", 15832, 19.45, "jan2026-h200", Outcome::licence, "R8.tariff-band-1", 0.25, 0.5},
      // H100 under R8: eligible, but 3,350 GB/s is below band 1's 4,500 -> case by case, no tariff.
      {"h100", 15832, 19.45, "jan2026-h200", Outcome::licence, "R8.case-by-case", {}, 0.5},
      // B200: 9,000 FP4 x 4 = 36,000 > 21,000, PD 36,000 / 1,600 = 22.5; Blackwell is named -> denied.
      {"b200", 36000, 22.5, "jan2026-h200", Outcome::denied, "R8.blackwell", {}, {}},
      // Ascend 910B: 752 INT8 x 8 = 6,016; PD 6,016 / 665.61 = 9.04. HCCS 392 GB/s aggregate (196 per
      // direction x 2) < 600: escapes R1 as the A800 does; TPP alone decides R2.
      {"ascend-910b", 6016, 9.04, "oct2022", Outcome::allowed, nullptr, {}, {}},
      {"ascend-910b", 6016, 9.04, "oct2023", Outcome::denied, "3A090.a", {}, {}},
      // Ascend 910C: 1,504 INT8 x 8 = 12,032; PD 12,032 / 1,331 = 9.04 >= 5.92: "would be 3A090.a".
      {"ascend-910c", 12032, 9.04, "oct2023", Outcome::denied, "3A090.a", {}, {}},
  };
  for (const auto& c : cases) {
    INFO(c.chip << " under " << c.regime);
    const auto v = classify(c.regime, chip(c.chip));
    CHECK(v.metrics.tpp.value_or(-1) == Approx(c.tpp));
    REQUIRE(v.metrics.performance_density);
    CHECK(*v.metrics.performance_density == Approx(c.pd).epsilon(0.002));
    CHECK(v.determined);
    CHECK(v.outcome == c.outcome);
    CHECK((v.rule ? v.rule->id : std::string("none")) == (c.rule ? c.rule : "none"));
    CHECK(v.fee_share() == c.fee);
    CHECK(v.volume_cap() == c.cap);
  }
}

TEST_CASE("rules: the H20 misses 3A090.b by 32 TPP", "[unit][rules]") {
  // An H20 at 300 FP8 TFLOPS: TPP 300 x 8 = 2,400 (>= 2,400 and < 4,800); PD 2,400 / 814 = 2.95 (>= 1.6 and
  // < 5.92) -> 3A090.b, a notification (NAC). The real H20 (2,368) is allowed.
  auto h20 = chip("h20");
  set_fp8_tflops(h20, 300);
  const auto v = classify("oct2023", h20);
  CHECK(v.metrics.tpp.value_or(-1) == Approx(2400));
  CHECK(v.outcome == Outcome::notify);
  REQUIRE(v.rule);
  CHECK(v.rule->id == "3A090.b");
  CHECK(classify("oct2023", chip("h20")).outcome == Outcome::allowed);
}

TEST_CASE("rules: an unknown performance density leaves a rule undecided instead of guessing", "[unit][rules]") {
  // No die area, 250 FP8 TFLOPS: TPP 2,000. 3A090.a = TPP >= 4,800 (no) or (TPP >= 1,600 (yes) and PD >= 5.92
  // (unknown)) -> unknown: the rule can neither be applied nor skipped.
  auto c = chip("h100");
  c.die_area_mm2.reset();
  set_fp8_tflops(c, 250);
  const auto v = classify("oct2023", c);
  CHECK_FALSE(v.determined);
  REQUIRE(v.rule);
  CHECK(v.rule->id == "3A090.a");
  CHECK(v.unknown_metrics == std::vector<rules::Metric>{rules::Metric::performance_density});
  // 750 TFLOPS: TPP 6,000 >= 4,800 decides 3A090.a without the density.
  set_fp8_tflops(c, 750);
  const auto w = classify("oct2023", c);
  CHECK(w.determined);
  CHECK(w.outcome == Outcome::denied);
}

TEST_CASE("rules: all and any follow three-valued logic", "[unit][rules]") {
  // TPP 2,368 is known (the H20); with no die area PD is unknown.
  auto c = chip("h20");
  c.die_area_mm2.reset();
  const auto m = rules::chip_metrics(c);
  auto leaf = [](rules::Metric metric, double threshold) {
    rules::Condition x;
    x.kind = rules::Condition::Kind::compare;
    x.metric = metric;
    x.threshold = threshold;
    return x;
  };
  auto node = [](rules::Condition::Kind k, std::vector<rules::Condition> children) {
    rules::Condition x;
    x.kind = k;
    for (auto& child : children) x.children.push_back(std::make_shared<const rules::Condition>(std::move(child)));
    return x;
  };
  using K = rules::Condition::Kind;
  using rules::Truth;
  const auto yes = leaf(rules::Metric::tpp, 2000), no = leaf(rules::Metric::tpp, 3000);
  const auto unknown = leaf(rules::Metric::performance_density, 1);
  CHECK(rules::evaluate_condition(yes, c, m) == Truth::yes);  // 2,368 >= 2,000
  CHECK(rules::evaluate_condition(no, c, m) == Truth::no);    // 2,368 < 3,000
  CHECK(rules::evaluate_condition(node(K::all, {yes, unknown}), c, m) == Truth::unknown);
  CHECK(rules::evaluate_condition(node(K::all, {no, unknown}), c, m) == Truth::no);
  CHECK(rules::evaluate_condition(node(K::any, {yes, unknown}), c, m) == Truth::yes);
  CHECK(rules::evaluate_condition(node(K::any, {no, unknown}), c, m) == Truth::unknown);
  CHECK(rules::evaluate_condition(node(K::negate, {unknown}), c, m) == Truth::unknown);
  CHECK(rules::evaluate_condition(node(K::negate, {no}), c, m) == Truth::yes);
}

TEST_CASE("rules: destinations resolve through groups, tiers and treated-as countries", "[unit][rules]") {
  const auto h100 = chip("h100");
  CHECK(classify("oct2023", h100, "CN").outcome == Outcome::denied);  // D:5
  CHECK(classify("oct2023", h100, "HK").outcome == Outcome::denied);  // treated as CN
  CHECK(classify("oct2023", h100, "MO").outcome == Outcome::denied);  // named beside D:5
  CHECK(classify("oct2023", h100, "US").outcome == Outcome::allowed);
  // AI Diffusion: Tier 1 (FR) no licence, Tier 3 (CN) denied, Tier 2 (BR, everyone else) licence.
  CHECK(classify("jan2025-diffusion", h100, "FR").rule->id == "R4.tier-1");
  CHECK(classify("jan2025-diffusion", h100, "FR").outcome == Outcome::allowed);
  CHECK(classify("jan2025-diffusion", h100, "CN").rule->id == "R4.tier-3");
  CHECK(classify("jan2025-diffusion", h100, "BR").outcome == Outcome::licence);
  CHECK(classify("jan2025-diffusion", h100, "BR").rule->id == "R4.tier-2");
}

TEST_CASE("rules: non-datacenter chips are controlled only from TPP 4,800, and then by notification", "[unit][rules]") {
  // An A100 not marketed for datacenters: TPP 4,992 >= 4,800 -> NAC notification instead of 3A090.a's denial.
  auto c = chip("a100");
  c.datacenter = false;
  const auto v = classify("oct2023", c);
  CHECK(v.outcome == Outcome::notify);
  CHECK(v.rule->id == "3A090.a-non-datacenter");
  // TPP 375 x 8 = 3,000 with PD 3,000 / 826 = 3.63 would be 3A090.b in a datacenter chip; not controlled here.
  set_fp8_tflops(c, 375);
  CHECK(classify("oct2023", c).outcome == Outcome::allowed);
  c.datacenter = true;
  CHECK(classify("oct2023", c).rule->id == "3A090.b");
}

TEST_CASE("rules: the HBM rule (3A090.c) never changes an accelerator's verdict", "[unit][rules]") {
  // dec2024 = oct2023 + 3A090.c, which matches only item: hbm_stack; HBM co-packaged with logic is excluded.
  for (const auto& c : builtins().chips()) {
    INFO(c.id);
    const auto before = classify("oct2023", c), after = classify("dec2024", c);
    CHECK(before.outcome == after.outcome);
    CHECK((before.rule ? before.rule->id : "") == (after.rule ? after.rule->id : ""));
  }
}

TEST_CASE("rules: R8 tariff band 2 and the TPP 21,000 limit", "[unit][rules]") {
  // An MI325X-like chip: 2,614.875 FP8 TFLOPS x 8 = 20,919 TPP, DRAM 6,000 GB/s: eligible (< 21,000, < 6,500)
  // and in band 2 (20,800-21,100, 5,800-6,200 GB/s) -> 25 % tariff.
  auto c = chip("h200");
  set_fp8_tflops(c, 2614.875);
  c.hbm_bytes_per_s = 6000e9;
  const auto v = classify("jan2026-h200", c);
  CHECK(v.metrics.tpp.value_or(-1) == Approx(20919));
  CHECK(v.rule->id == "R8.tariff-band-2");
  CHECK(v.fee_share() == 0.25);
  // 2,631.25 x 8 = 21,050: inside the band but not below 21,000 -> no R8 rule; R2's denial decides.
  set_fp8_tflops(c, 2631.25);
  const auto w = classify("jan2026-h200", c);
  CHECK(w.outcome == Outcome::denied);
  CHECK(w.rule->id == "3A090.a");
  CHECK(w.rule->defined_in == "oct2023");
}

TEST_CASE("rules: a regime's own rules come before the rules of its base", "[unit][rules]") {
  // jan2026-h200 (4 rules) -> aug2025-revenue-share (1) -> apr2025-h20 (1) -> dec2024 (2) -> oct2023 (4) = 12.
  const auto& r = regime("jan2026-h200");
  REQUIRE(r.rules.size() == 12);
  CHECK(r.rules.front().id == "R8.blackwell");
  CHECK(r.rules.front().defined_in == "jan2026-h200");
  CHECK(r.rules[4].id == "R6.revenue-share");
  CHECK(r.rules.back().defined_in == "oct2023");
}

TEST_CASE("rules: the regimes directory sits beside the catalog directory", "[unit][rules]") {
  CHECK(scenario::default_regimes_dir("/opt/share/flopcast/catalog") == "/opt/share/flopcast/regimes");
  CHECK(scenario::default_regimes_dir("scenarios/catalog/") == "scenarios/regimes");
}

// ---- loading regime files -------------------------------------------------------------------

namespace {

/// A regimes directory holding the shipped destinations.yaml and the given files.
scenario::RegimeLoad load_files(const std::vector<std::pair<std::string, std::string>>& files) {
  const std::string dir = test::fresh_temp_dir("regimes");
  std::filesystem::copy_file(test::source_dir() + "/scenarios/regimes/destinations.yaml", dir + "/destinations.yaml");
  for (const auto& [name, text] : files) std::ofstream(dir + "/" + name) << text;
  return scenario::load_regimes_dir(dir, builtins());
}

std::string first(const std::vector<std::string>& v) { return v.empty() ? "(none)" : v.front(); }

core::Diagnostic only(const scenario::RegimeLoad& r) {
  for (const auto& d : r.diagnostics) UNSCOPED_INFO(d.location.line << ":" << d.location.column << " " << d.message);
  REQUIRE(r.diagnostics.size() == 1);
  return r.diagnostics.front();
}

/// One rule whose `when:` and other keys are given as YAML lines (indented four spaces).
std::string regime_with_rule(const std::string& rule_lines) {
  return "title: test\nrules:\n  - id: x\n    source: test\n    outcome: denied\n" + rule_lines;
}

}  // namespace

TEST_CASE("rules: a misspelt rule key is reported with the right spelling", "[unit][rules]") {
  const auto d = only(load_files({{"t.yaml", regime_with_rule("    when: {tpp: {\">=\": 4800}}\n    destination: [CN]\n")}}));
  CHECK(d.code == core::ErrorCode::unknown_key);
  CHECK(d.location.line == 7);
  CHECK(d.location.column == 5);
  CHECK(d.path == "rules[0].destination");
  CHECK(d.suggestions == std::vector<std::string>{"destinations"});
}

TEST_CASE("rules: a bandwidth threshold written as a size is a bad unit", "[unit][rules]") {
  const auto d = only(load_files({{"t.yaml", regime_with_rule("    when: {hbm_bandwidth: {\">=\": \"4000 GB\"}}\n    destinations: [CN]\n")}}));
  CHECK(d.code == core::ErrorCode::bad_unit);
  CHECK(d.path == "rules[0].when.hbm_bandwidth.>=");
  CHECK(d.hint.find("GB/s") != std::string::npos);
}

TEST_CASE("rules: unknown chips, named conditions, destinations and bases suggest the closest name", "[unit][rules]") {
  SECTION("a named chip that is not in the catalog") {
    const auto d = only(load_files({{"t.yaml", regime_with_rule("    when: {chips: [h2O]}\n    destinations: [CN]\n")}}));
    CHECK(d.code == core::ErrorCode::unknown_reference);
    CHECK(d.path == "rules[0].when.chips[0]");
    CHECK(first(d.suggestions) == "h20");
  }
  SECTION("a named condition defined nowhere in the base chain") {
    const auto d = only(load_files({{"t.yaml", "base: oct2023\n" + regime_with_rule("    when: {meets: 3A090.A}\n    destinations: [CN]\n")},
                                     {"oct2023.yaml", test::read_file(test::source_dir() + "/scenarios/regimes/oct2023.yaml")}}));
    CHECK(d.code == core::ErrorCode::unknown_reference);
    CHECK(first(d.suggestions) == "3A090.a");
  }
  SECTION("a destination group without its colon") {
    const auto d = only(load_files({{"t.yaml", regime_with_rule("    when: {tpp: {\">=\": 4800}}\n    destinations: [CN, D5]\n")}}));
    CHECK(d.code == core::ErrorCode::unknown_reference);
    CHECK(d.path == "rules[0].destinations[1]");
    CHECK(first(d.suggestions) == "D:5");
  }
  SECTION("a base regime that does not exist") {
    const auto d = only(load_files({{"t.yaml", "base: oct2032\n" + regime_with_rule("    when: {tpp: {\">=\": 1}}\n    destinations: '*'\n")},
                                     {"oct2022.yaml", test::read_file(test::source_dir() + "/scenarios/regimes/oct2022.yaml")}}));
    CHECK(d.code == core::ErrorCode::unknown_reference);
    CHECK(d.location.line == 1);
    CHECK(first(d.suggestions) == "oct2022");
  }
}

TEST_CASE("rules: a base chain that loops is reported once", "[unit][rules]") {
  const auto d = only(load_files({{"a.yaml", "base: b\ntitle: a\nrules: []\n"}, {"b.yaml", "base: a\ntitle: b\nrules: []\n"}}));
  CHECK(d.code == core::ErrorCode::invalid_value);
  CHECK(d.message == "the chain of bases loops: a -> b -> a");
}

TEST_CASE("rules: an approval probability needs outcome licence, and a country code is upper case", "[unit][rules]") {
  const auto r = load_files({{"t.yaml", regime_with_rule("    when: {tpp: {\">=\": 1}}\n    approval_probability: 0.5\n    destinations: [cn]\n")}});
  REQUIRE(r.diagnostics.size() == 2);
  CHECK(r.diagnostics[0].message == "approval_probability applies only to outcome: licence");
  CHECK(r.diagnostics[1].code == core::ErrorCode::invalid_value);
  CHECK(r.diagnostics[1].hint == "write country codes in upper case: 'CN'");
}

TEST_CASE("rules: named conditions that use each other are shared, not copied", "[unit][rules]") {
  // C(i) = all(C(i-1), C(i-1)) up to C24: expanded, the last would have 2^24 leaves. Shared, the
  // file binds to 25 named nodes and each verdict evaluates each node once.
  std::string text = "title: doubling\nconditions:\n  C0: {tpp: {\">=\": 4800}}\n";
  for (int i = 1; i <= 24; ++i) text += "  C" + std::to_string(i) + ": {all: [{meets: C" + std::to_string(i - 1) + "}, {meets: C" + std::to_string(i - 1) + "}]}\n";
  text += "rules:\n  - id: x\n    source: test\n    outcome: denied\n    when: {meets: C24}\n    destinations: [CN]\n";
  const auto loaded = load_files({{"t.yaml", text}});
  REQUIRE(loaded.diagnostics.empty());
  const auto& rule = loaded.regimes.front().rules.front();
  // Both children of every level are the one node of the level below.
  const rules::Condition* c = rule.when.get();
  for (int level = 24; level > 0; --level) {
    REQUIRE(c->children.size() == 2);
    CHECK(c->children[0] == c->children[1]);
    c = c->children[0].get();
  }
  CHECK(rules::classify_chip(loaded.regimes.front(), chip("h100"), "CN", loaded.destinations).outcome == Outcome::denied);
  CHECK(rules::classify_chip(loaded.regimes.front(), chip("h20"), "CN", loaded.destinations).outcome == Outcome::allowed);
}

TEST_CASE("rules: a chain of named conditions deeper than the limit is one located error", "[unit][rules]") {
  std::string text = "title: chain\nconditions:\n  C0: {tpp: {\">=\": 1}}\n";
  for (int i = 1; i <= 4000; ++i) text += "  C" + std::to_string(i) + ": {meets: C" + std::to_string(i - 1) + "}\n";
  text += "rules:\n  - id: x\n    source: test\n    outcome: denied\n    when: {meets: C4000}\n    destinations: [CN]\n";
  const auto d = only(load_files({{"t.yaml", text}}));  // the conditions built on the too-deep one say nothing more
  CHECK(d.code == core::ErrorCode::too_deep);
  // C0 is one level and each C(i) one more, so C(limit + 1) is the first too deep.
  CHECK(d.path == "conditions.C" + std::to_string(rules::kMaxConditionDepth + 1));
  CHECK(d.location.line == 4 + rules::kMaxConditionDepth);
}
