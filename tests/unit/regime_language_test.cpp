// The parts of the rule language beyond a chip's verdict (docs/rules.md): whose rules a regime
// holds (issuer), approvals per period, quantity caps, end-user scope, supply controls, the
// US-availability and origin tests; their located errors; and the shipped China scenario, whose
// regimes must change what the buyer gets (a counterfactual that behaves like the world).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "flopcast/fleet/projection.hpp"
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

const rules::ExportRegime& shipped_regime(const std::string& id) {
  for (const auto& r : shipped().regimes) {
    if (r.id == id) return r;
  }
  FAIL("no shipped regime " << id);
  throw std::logic_error("unreachable");
}

/// A regimes directory holding the shipped destinations.yaml and one file t.yaml.
scenario::RegimeLoad load_one(const std::string& text) {
  const std::string dir = test::fresh_temp_dir("regime-language");
  std::filesystem::copy_file(test::source_dir() + "/scenarios/regimes/destinations.yaml", dir + "/destinations.yaml");
  std::ofstream(dir + "/t.yaml") << text;
  return scenario::load_regimes_dir(dir, builtins());
}

const rules::Rule& only_rule(const scenario::RegimeLoad& r) {
  for (const auto& d : r.diagnostics) UNSCOPED_INFO(d.location.line << ":" << d.location.column << " " << d.message);
  REQUIRE(r.diagnostics.empty());
  REQUIRE(r.regimes.size() == 1);
  REQUIRE(r.regimes.front().rules.size() == 1);
  return r.regimes.front().rules.front();
}

std::vector<std::string> messages(const scenario::RegimeLoad& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.message);
  return out;
}

catalog::ChipSpec chip(const char* id) {
  const auto* c = builtins().find_chip(id);
  REQUIRE(c);
  return *c;
}

}  // namespace

TEST_CASE("rule language: approvals per period, quantity caps and end-user scope bind from the file", "[unit][rules]") {
  const auto load = load_one(R"(title: t
rules:
  - id: cap
    when: {chips: [h200]}
    destinations: [CN]
    headquarters: ["D:5", MO]
    outcome: licence
    approval_probability: 0.3
    approval_schedule:
      - {from: 2026-01, probability: 0}
      - {from: 2026-06, probability: 1}
    quantity_cap: {tpp: 31664000, per: total}
    source: test
)");
  const auto& rule = only_rule(load);  // a reference into `load`, which must outlive it
  CHECK(rule.approval_probability == 0.3);
  REQUIRE(rule.approval_schedule.size() == 2);
  CHECK(rule.approval_schedule[1].first.str() == "2026-06");
  CHECK(rule.approval_schedule[1].second == 1);
  // A TPP cap is stored in H100e: 31,664,000 TPP / 15,832 (the H100's TPP) = 2,000.
  REQUIRE(rule.quantity_cap_h100e);
  CHECK(*rule.quantity_cap_h100e == Approx(31664000.0 / catalog::total_processing_performance(chip("h100"))));
  CHECK_FALSE(rule.quantity_cap_per_year);
  CHECK(rule.headquarters.covers("CN"));
  CHECK(rule.headquarters.covers("MO"));
  CHECK_FALSE(rule.headquarters.covers("SG"));
}

TEST_CASE("rule language: an end-user rule follows a buyer headquartered in its scope anywhere", "[unit][rules]") {
  const auto load = load_one(R"(title: t
rules:
  - id: hq
    when: {chips: [h100]}
    destinations: [CN]
    headquarters: [CN]
    outcome: denied
    source: test
)");
  REQUIRE(load.regimes.size() == 1);
  const auto& regime = load.regimes.front();
  // Shipped to Singapore: decided by where the buyer is headquartered, not where the chip goes.
  CHECK(rules::classify_chip(regime, chip("h100"), "SG", load.destinations, "CN").rule != nullptr);
  CHECK(rules::classify_chip(regime, chip("h100"), "SG", load.destinations, "US").rule == nullptr);
  CHECK(rules::classify_chip(regime, chip("h100"), "SG", load.destinations).rule == nullptr);
}

TEST_CASE("rule language: US availability and origin tests read the catalog", "[unit][rules]") {
  const auto load = load_one(R"(title: t
rules:
  - id: us-sold
    when: {available_in_us: true, origin: [US]}
    destinations: [CN]
    outcome: licence
    source: test
)");
  REQUIRE(load.regimes.size() == 1);
  const auto& regime = load.regimes.front();
  for (const char* id : {"h100", "h200", "a100"}) {
    INFO(id);
    REQUIRE(chip(id).available_in_us == true);
    CHECK(rules::classify_chip(regime, chip(id), "CN", load.destinations).rule != nullptr);
  }
  // China-only SKUs fail the availability test; Huawei chips fail both.
  for (const char* id : {"a800", "h800", "h20", "ascend-910c"}) {
    INFO(id);
    REQUIRE(chip(id).available_in_us == false);
    const auto v = rules::classify_chip(regime, chip(id), "CN", load.destinations);
    CHECK(v.determined);
    CHECK(v.rule == nullptr);
  }
}

TEST_CASE("rule language: the R8 eligibility test leaves China-only SKUs under the R2 denial", "[unit][rules]") {
  // The issue's case: the A800 and H800 are 3A090.a chips below R8's limits, but not sold in the US.
  for (const char* id : {"a800", "h800"}) {
    INFO(id);
    const auto v = rules::classify_chip(shipped_regime("jan2026-h200"), chip(id), "CN", shipped().destinations);
    REQUIRE(v.rule);
    CHECK(v.outcome == Outcome::denied);
    CHECK(v.rule->id == "3A090.a");
  }
  const auto h200 = rules::classify_chip(shipped_regime("jan2026-h200"), chip("h200"), "CN", shipped().destinations);
  REQUIRE(h200.rule);
  CHECK(h200.outcome == Outcome::licence);
  CHECK_FALSE(h200.rule->approval_schedule.empty());
  CHECK(h200.rule->quantity_cap_h100e.has_value());
}

TEST_CASE("rule language: supply controls and issuers of the shipped regimes", "[unit][rules]") {
  // The HBM control is defined in dec2024 and in force in every regime built on it.
  for (const char* id : {"dec2024", "jan2025-foundry", "apr2025-h20", "jan2026-h200"}) {
    INFO(id);
    const auto& controls = shipped_regime(id).supply_controls;
    CHECK(std::any_of(controls.begin(), controls.end(), [](const auto& c) { return c.cuts == "hbm-imports" && c.destinations.covers("CN"); }));
  }
  const auto& foundry = shipped_regime("jan2025-foundry").supply_controls;
  CHECK(std::any_of(foundry.begin(), foundry.end(), [](const auto& c) { return c.cuts == "foundry" && c.share == 1; }));
  CHECK(shipped_regime("oct2023").supply_controls.empty());
  CHECK(shipped_regime("jan2026-h200").issuer == "US");
  CHECK(shipped_regime("cn-sep2025-stop-h20").issuer == "CN");
  // China's own rules: the H20 is stopped from Sep 2025, and the H200 gate inherits that stop.
  const auto h20 = rules::classify_chip(shipped_regime("cn-jan2026-h200"), chip("h20"), "CN", shipped().destinations);
  REQUIRE(h20.rule);
  CHECK(h20.outcome == Outcome::denied);
}

TEST_CASE("rule language: a broken schedule, cap or issuer is a located error", "[unit][rules]") {
  SECTION("a schedule on a denial, with months going back") {
    const auto r = load_one(R"(title: t
rules:
  - id: x
    when: {chips: [h200]}
    destinations: [CN]
    outcome: denied
    approval_schedule:
      - {from: 2026-06, probability: 1}
      - {from: 2026-01, probability: 0}
    source: test
)");
    const auto m = messages(r);
    REQUIRE(m.size() == 2);
    CHECK(m[0] == "approval_schedule applies only to outcome: licence");
    CHECK(m[1] == "approval_schedule months must increase: 2026-01 does not come after 2026-06");
    CHECK(r.diagnostics[1].location.line == 9);
  }
  SECTION("a quantity cap in two units") {
    const auto r = load_one(R"(title: t
rules:
  - id: x
    when: {chips: [h200]}
    destinations: [CN]
    outcome: licence
    quantity_cap: {h100e: 5, tpp: 79160}
    source: test
)");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].message == "quantity_cap: give exactly one of h100e or tpp");
    CHECK(r.diagnostics[0].path == "rules[0].quantity_cap");
  }
  SECTION("an issuer that is not a country code") {
    const auto r = load_one("title: t\nissuer: China\nrules: []\n");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].code == core::ErrorCode::invalid_value);
    CHECK(r.diagnostics[0].location.line == 2);
  }
  SECTION("a supply control in an unknown group") {
    const auto r = load_one(R"(title: t
rules: []
supply_controls:
  - {id: x, cuts: hbm-imports, destinations: ["D5"], source: test}
)");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].code == core::ErrorCode::unknown_reference);
    CHECK(r.diagnostics[0].suggestions == std::vector<std::string>{"D:5"});
  }
}

// ---- the shipped China scenario: a counterfactual changes what is bought ----------------------

namespace {

struct Run {
  std::vector<fleet::ActorPeriod> periods;
  std::vector<fleet::ProductPeriod> made;
};

Run project(fleet::ProjectionInputs in) {
  fleet::prepare_projection(in);
  fleet::ProjectionScratch scratch;
  Run out;
  fleet::project_fleet_into(in, scratch, out.periods, &out.made);
  return out;
}

double smuggled(const fleet::ActorPeriod& p) {
  double n = 0;
  for (const auto& c : p.chips) n += c.smuggled;
  return n;
}

}  // namespace

TEST_CASE("China scenario: no controls buys more, smuggles nothing, and the same base starts both", "[unit][fleet][rules]") {
  const auto loaded = scenario::load_scenario(test::source_dir() + "/scenarios/china-2025-2027-regimes.yaml", builtins(), &shipped());
  for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(d.location.line << ": " << d.message);
  REQUIRE(loaded.scenario);
  REQUIRE(loaded.scenario->projection);
  const auto& in = *loaded.scenario->projection;
  REQUIRE_FALSE(in.actors.front().installed_base.empty());
  auto none = in;
  none.regimes.clear();  // no US export controls; China's own import rules stay
  const Run actual = project(in), free = project(none);
  REQUIRE(actual.periods.size() == free.periods.size());
  double blocked = 0, smuggled_actual = 0;
  for (std::size_t k = 0; k < actual.periods.size(); ++k) {
    const auto& a = actual.periods[k];
    const auto& f = free.periods[k];
    INFO(a.period.str());
    // The installed base is there under both; the controls only take away.
    CHECK(f.installed_chips > 0);
    CHECK(f.h100e_by_throughput >= a.h100e_by_throughput * (1 - 1e-9));
    CHECK(f.cumulative_training_flops >= a.cumulative_training_flops * (1 - 1e-9));
    // Without export controls nothing is blocked, so nothing is smuggled.
    CHECK(f.blocked_h100e == 0);
    CHECK(smuggled(f) == 0);
    blocked += a.blocked_h100e;
    smuggled_actual += smuggled(a);
  }
  // Under the actual rules the buyer is kept from chips it wanted, and smuggles some of them.
  CHECK(blocked > 0);
  CHECK(smuggled_actual > 0);
  CHECK(free.periods.back().h100e_by_throughput > actual.periods.back().h100e_by_throughput);
}
