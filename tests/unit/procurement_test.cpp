// Fleets over time, the buyer's side: the installed base and its retirement, demand-driven
// procurement that substitutes when rules or supply stop a chip, licence approvals per period,
// smuggling that follows how binding the export rules are, quantity caps, import-side rules,
// preferences, and serving provisioned for its peak with the shortfall reported.
#include <catch2/catch.hpp>
#include <limits>

#include "flopcast/fleet/projection.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/alloc_counter.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;
using Kind = fleet::ProcurementLine::Kind;

namespace {
const catalog::Catalog& builtins() { return test::builtin_catalog(); }
const rules::ExportRegime& regime(const char* id) {
  for (const auto& r : test::builtin_regimes().regimes) if (r.id == id) return r;
  FAIL("no regime " << id);
  throw;
}
/// Two quarters-long years, reference rates chosen so H100e by throughput are round numbers:
/// H100 1, H200 1, H20 0.25, 910C 0.5, B200 2.5.
fleet::ProjectionInputs base() {
  fleet::ProjectionInputs in;
  in.timeline = {{2025, 1}, {2026, 12}, 3};
  in.destinations = test::builtin_regimes().destinations;
  in.reference_flop_per_s = {{"h100", 400e12}, {"h200", 400e12}, {"h20", 100e12}, {"ascend-910c", 200e12}, {"b200", 1000e12}};
  in.h100_reference_flop_per_s = 400e12;
  return in;
}
fleet::ProcurementLine line(const char* chip, Kind kind, double per_year = 0) {
  fleet::ProcurementLine l;
  l.chip = *builtins().find_chip(chip);
  l.kind = kind;
  l.per_year = per_year;
  return l;
}
fleet::Actor buyer(std::vector<fleet::ProcurementLine> lines, double wants_h100e_per_year) {
  fleet::Actor a;
  a.name = "buyer";
  a.destination = "CN";
  a.lines = std::move(lines);
  a.wants = fleet::Wants{wants_h100e_per_year, 1, {2025, 1}};
  return a;
}
std::shared_ptr<const rules::Condition> named(std::vector<std::string> chips) {
  rules::Condition c;
  c.kind = rules::Condition::Kind::named_chips;
  c.chips = std::move(chips);
  return std::make_shared<const rules::Condition>(std::move(c));
}
const fleet::ChipPeriod& chip(const fleet::ActorPeriod& p, const char* id) {
  for (const auto& c : p.chips) if (c.chip_id == id) return c;
  FAIL("no chip " << id);
  throw;
}
}  // namespace

TEST_CASE("procurement: the installed base counts from the first period and retires a service life after its vintage", "[unit][fleet]") {
  auto in = base();
  in.service_life_s = 5 * 365.25 * 86400;  // 20 quarters
  fleet::Actor a;
  a.name = "holder";
  a.destination = "CN";
  a.installed_base = {{*builtins().find_chip("h20"), 1e6, {2024, 7}}, {*builtins().find_chip("a100"), 10000, {2021, 1}}};
  in.actors = {a};
  const auto out = fleet::project_fleet(in);
  REQUIRE(out.size() == 8);
  CHECK(chip(out[0], "h20").installed == Approx(1e6));
  CHECK(chip(out[7], "h20").installed == Approx(1e6));  // a 2024 vintage lives to 2029
  // The A100s of Jan 2021 are 16 quarters old in 2025-Q1 and retire after 20: 4 quarters left.
  CHECK(chip(out[3], "a100").installed == Approx(10000));
  CHECK(chip(out[4], "a100").installed == 0);
  CHECK(out[0].h100e_by_tpp == Approx(1e6 * 2368 / 15832.0 + 10000 * 4992 / 15832.0));
}

TEST_CASE("procurement: a demand-driven buyer fills its wants from the cheapest permitted chip, then substitutes", "[unit][fleet]") {
  // Wants 400k H100e a year = 100k a quarter. By cost per H100e: B200 $35k / 2.5 = $14k, H100
  // $27.5k, H200 $40k, 910C $9.2k / 0.5 = $18.4k, H20 $12k / 0.25 = $48k.
  auto in = base();
  in.actors = {buyer({line("h20", Kind::option), line("h200", Kind::option), line("b200", Kind::option), line("ascend-910c", Kind::option)}, 400000)};
  SECTION("with no controls it buys B200s") {
    const auto out = fleet::project_fleet(in);
    CHECK(chip(out[0], "b200").delivered == Approx(40000));  // 100k H100e / 2.5
    CHECK(chip(out[0], "h20").delivered == 0);
    CHECK(out[0].bought_h100e == Approx(100000));
    CHECK(out[0].blocked_h100e == 0);
  }
  SECTION("under oct2023 the B200 and H200 are denied: the 910C comes next, then the H20 when its supply is short") {
    in.regimes = {{{2023, 11}, regime("oct2023")}};
    fleet::SupplyLine s;
    s.chip_id = "ascend-910c";
    s.per_year = 120000;  // 30k a quarter = 15k H100e
    in.supply = {s};
    const auto out = fleet::project_fleet(in);
    CHECK(chip(out[0], "b200").delivered == 0);
    CHECK(chip(out[0], "b200").outcome == "denied");
    CHECK(chip(out[0], "ascend-910c").delivered == 0);  // in volume only from its release, 2025-05 (the April quarter)
    CHECK(chip(out[0], "h20").delivered == Approx(400000));
    CHECK(chip(out[1], "ascend-910c").delivered == Approx(30000));
    CHECK(chip(out[2], "ascend-910c").delivered == Approx(30000));
    CHECK(chip(out[2], "h20").delivered == Approx(340000));  // the other 85k H100e at 0.25 each
    CHECK(out[2].blocked_h100e == Approx(100000));  // everything it would have bought (B200s) was denied
    CHECK(chip(out[2], "b200").blocked_h100e == Approx(100000));
  }
}

TEST_CASE("procurement: a licence grants its expected share, per period where the rule says so, and the rest moves on", "[unit][fleet]") {
  auto in = base();
  auto licensing = regime("oct2023");
  rules::Rule r;
  r.id = "test.h200-licence";
  r.defined_in = "test";
  r.when = named({"h200"});
  r.destinations.countries = {"CN"};
  r.outcome = rules::Outcome::licence;
  r.approval_probability = 0.5;
  r.approval_schedule = {{{2026, 1}, 0.25}};
  licensing.rules.insert(licensing.rules.begin(), r);
  in.regimes = {{{2023, 11}, licensing}};
  in.actors = {buyer({line("h200", Kind::option), line("h20", Kind::option)}, 400000)};
  const auto out = fleet::project_fleet(in);
  CHECK(chip(out[0], "h200").delivered == Approx(50000));   // half of the 100k asked
  CHECK(chip(out[0], "h20").delivered == Approx(200000));   // the other 50k H100e
  CHECK(chip(out[4], "h200").delivered == Approx(25000));   // 2026: a quarter approved
  CHECK(chip(out[4], "h20").delivered == Approx(300000));
}

TEST_CASE("procurement: smuggling follows how much the export rules block, and stops without controls", "[unit][fleet][property]") {
  auto in = base();
  auto smuggled = line("h100", Kind::smuggled, 400000);  // the channel could carry 100k a quarter
  smuggled.premium = 0.5;
  in.actors = {buyer({line("b200", Kind::option), line("ascend-910c", Kind::option), smuggled}, 200000)};
  fleet::SupplyLine s;
  s.chip_id = "ascend-910c";
  s.per_year = 40000;  // 10k a quarter = 5k H100e
  in.supply = {s};
  const auto free = fleet::project_fleet(in);
  CHECK(chip(free[0], "h100").smuggled == 0);  // nothing blocked, nothing smuggled
  in.regimes = {{{2023, 11}, regime("oct2023")}};
  const auto controlled = fleet::project_fleet(in);
  // 50k H100e wanted a quarter, all of it B200 without controls; from 2025-07 the 910C supplies
  // 5k, the smuggled H100s the remaining 45k (within the 100k channel and the 50k blocked).
  CHECK(chip(controlled[0], "h100").smuggled == Approx(50000));
  CHECK(chip(controlled[2], "h100").smuggled == Approx(45000));
  CHECK(controlled[2].bought_h100e == Approx(50000));
  // A narrower channel smuggles less and leaves the need unmet.
  in.actors[0].lines[2].per_year = 40000;
  const auto narrow = fleet::project_fleet(in);
  CHECK(chip(narrow[2], "h100").smuggled == Approx(10000));
  CHECK(narrow[2].bought_h100e < controlled[2].bought_h100e);
}

TEST_CASE("procurement: preferences put a chip first whatever its cost", "[unit][fleet]") {
  auto in = base();
  in.actors = {buyer({line("h20", Kind::option), line("ascend-910c", Kind::option)}, 400000)};
  fleet::SupplyLine s;
  s.chip_id = "ascend-910c";
  s.per_year = 40000;
  in.supply = {s};
  in.actors[0].prefer = {{"h20", "ascend-910c"}};  // H20 first although the 910C is cheaper per H100e
  const auto out = fleet::project_fleet(in);
  CHECK(chip(out[2], "h20").delivered == Approx(400000));
  CHECK(chip(out[2], "ascend-910c").delivered == 0);
  in.actors[0].prefer.clear();
  const auto by_cost = fleet::project_fleet(in);
  CHECK(chip(by_cost[2], "ascend-910c").delivered == Approx(10000));
  CHECK(fleet::preference_cycle({{"a", "b"}, {"b", "c"}, {"c", "a"}}) == "a -> b -> c -> a");
  CHECK(fleet::preference_cycle({{"a", "b"}, {"b", "c"}}).empty());
}

TEST_CASE("procurement: a quantity cap in H100e bounds every buyer under the rule over the year", "[unit][fleet]") {
  auto in = base();
  auto capped = regime("oct2023");
  rules::Rule r;
  r.id = "test.cap";
  r.defined_in = "test";
  r.when = named({"h200"});
  r.destinations.countries = {"CN"};
  r.outcome = rules::Outcome::allowed;
  r.quantity_cap_h100e = 150000;  // a year, H100e by TPP (one H200 = 1)
  capped.rules.insert(capped.rules.begin(), r);
  in.regimes = {{{2023, 11}, capped}};
  in.actors = {buyer({line("h200", Kind::option)}, 400000)};
  const auto out = fleet::project_fleet(in);
  double year = 0;
  for (int k = 0; k < 4; ++k) year += chip(out[static_cast<std::size_t>(k)], "h200").delivered;
  CHECK(year == Approx(150000));
  CHECK(chip(out[0], "h200").delivered == Approx(100000));
  CHECK(chip(out[1], "h200").delivered == Approx(50000));
  CHECK(chip(out[4], "h200").delivered == Approx(100000));  // a new year, a new cap
}

TEST_CASE("procurement: the destination's import rules block what the export rules let through", "[unit][fleet]") {
  auto in = base();
  rules::ExportRegime cn;
  cn.id = "test-cn-import";
  cn.issuer = "CN";
  rules::Rule r;
  r.id = "test.no-h20";
  r.defined_in = cn.id;
  r.when = named({"h20"});
  r.destinations.countries = {"CN"};
  r.outcome = rules::Outcome::denied;
  cn.rules = {r};
  in.import_regimes = {{{2025, 10}, cn}};
  in.actors = {buyer({line("h20", Kind::option), line("h200", Kind::option)}, 400000)};
  in.actors[0].rank = fleet::Actor::Rank::listed;
  const auto out = fleet::project_fleet(in);
  CHECK(chip(out[0], "h20").delivered == Approx(400000));
  CHECK(chip(out[3], "h20").delivered == 0);  // from 2025-10
  CHECK(chip(out[3], "h20").import_rule == "test.no-h20");
  CHECK(chip(out[3], "h200").delivered == Approx(100000));
  CHECK(out[3].blocked_h100e == 0);  // import rules are not what smuggling answers
}

TEST_CASE("procurement: serving is provisioned for its peak at a target utilisation; training excludes the serving chips", "[unit][fleet]") {
  auto in = base();
  in.reference_tokens_per_s = {{"h100", 1000}};
  fleet::Actor a;
  a.name = "lab";
  a.destination = "US";
  a.installed_base = {{*builtins().find_chip("h100"), 10000, {2024, 12}}};
  a.allocation.policy = fleet::Allocation::Policy::serving_first;
  a.allocation.demand = {{{2025, 1}, 4e6}};  // 4M tokens/s mean = 4,000 chips at full use
  a.allocation.peak_to_mean = 1.5;
  a.allocation.target_utilisation = 0.75;  // provision 2x: 8,000 chips
  in.actors = {a};
  auto out = fleet::project_fleet(in);
  CHECK(out[0].serving_chips == Approx(8000));
  CHECK(out[0].training_chips == Approx(2000));
  CHECK(out[0].training_flop_per_s == Approx(2000 * 400e12));
  CHECK(out[0].effective_flop_per_s == Approx(10000 * 400e12));
  CHECK(out[0].served_tokens_per_s == Approx(4e6));
  CHECK(out[0].shortfall_tokens_per_s == 0);
  in.actors[0].allocation.demand = {{{2025, 1}, 6e6}};  // needs 12,000 chips: 10,000 serve 5M mean
  out = fleet::project_fleet(in);
  CHECK(out[0].training_chips == 0);
  CHECK(out[0].served_tokens_per_s == Approx(5e6));
  CHECK(out[0].shortfall_tokens_per_s == Approx(1e6));
}

TEST_CASE("procurement: demand-driven buying allocates nothing once the projection is sized", "[unit][fleet][alloc]") {
  auto in = base();
  in.regimes = {{{2023, 11}, regime("oct2023")}, {{2026, 1}, regime("jan2026-h200")}};
  auto smuggled = line("h100", Kind::smuggled, 100000);
  smuggled.premium = 0.5;
  in.actors = {buyer({line("h20", Kind::option), line("h200", Kind::option), line("ascend-910c", Kind::option), smuggled}, 1e6)};
  in.actors[0].prefer = {{"ascend-910c", "h20"}};
  in.actors[0].installed_base = {{*builtins().find_chip("h20"), 1e6, {2024, 7}}};
  fleet::prepare_projection(in);
  fleet::ProjectionScratch scratch;
  std::vector<fleet::ActorPeriod> out;
  std::vector<fleet::ProductPeriod> made;
  fleet::project_fleet_into(in, scratch, out, &made);
  const auto before = test::allocations_on_this_thread();
  fleet::project_fleet_into(in, scratch, out, &made);
  CHECK(test::allocations_on_this_thread() - before == 0);
}
