// Domestic production from bounded inputs (eq. P3c-P3e): the tightest need binds, sources are
// drawn in order, capacity is lost when unused while goods keep, supply controls cut tagged
// flows from their date, and nothing is made that no buyer takes.
#include <catch2/catch.hpp>

#include "flopcast/fleet/projection.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"

using namespace flopcast;

namespace {
fleet::ProjectionInputs base() {
  fleet::ProjectionInputs in;
  in.timeline = {{2025, 1}, {2025, 12}, 3};
  in.destinations = test::builtin_regimes().destinations;
  in.reference_flop_per_s = {{"ascend-910c", 200e12}};
  in.h100_reference_flop_per_s = 400e12;
  return in;
}
fleet::Actor orders(double per_year) {
  fleet::Actor a;
  a.name = "buyer";
  a.destination = "CN";
  fleet::ProcurementLine l;
  l.chip = *test::builtin_catalog().find_chip("ascend-910c");
  l.per_year = per_year;
  a.lines = {l};
  return a;
}
/// A 910C: 8 HBM stacks, and 2 dies from the die bank first, then wafers (80 a wafer, 25 % good).
fleet::Production ascend(double hbm_stock, double die_bank, double wafers_per_year) {
  fleet::Production p;
  p.country = "CN";
  fleet::ProductionInput hbm{"hbm", "stacks", false, hbm_stock, {}, {}, 1};
  fleet::ProductionInput bank{"die-bank", "dies", false, die_bank, {}, {}, 1};
  fleet::ProductionInput fab{"wafers", "wafers", true, 0, {}, {{wafers_per_year, {}, {}, "tools"}}, 1};
  p.inputs = {hbm, bank, fab};
  fleet::ProductionLine c;
  c.chip_id = "ascend-910c";
  c.needs = {{"hbm", 8, {{"hbm"}}}, {"dies", 2, {{"die-bank"}, {"wafers", -1, 80, 0.25}}}};
  p.products = {c};
  return p;
}
double delivered(const std::vector<fleet::ActorPeriod>& out) {
  double total = 0;
  for (const auto& p : out) total += p.chips[0].delivered;
  return total;
}
}  // namespace

TEST_CASE("supply chain: the tightest input binds and stocks are never exceeded", "[unit][fleet]") {
  auto in = base();
  in.actors = {orders(1e6)};             // wants 250k a quarter
  in.production = ascend(800000, 1e9, 0);  // HBM for 100k chips in all
  fleet::prepare_projection(in);
  fleet::ProjectionScratch scratch;
  std::vector<fleet::ActorPeriod> out;
  std::vector<fleet::ProductPeriod> made;
  fleet::project_fleet_into(in, scratch, out, &made);
  CHECK(delivered(out) == Approx(100000));
  CHECK(made[0].bound.made == Approx(100000));
  CHECK(made[0].bound.binding_need == 0);  // hbm
  CHECK(made[1].bound.made == 0);
}

TEST_CASE("supply chain: dies come from the die bank first, then from wafers at their yield", "[unit][fleet]") {
  auto in = base();
  in.actors = {orders(1e6)};
  // Die bank: 100k dies = 50k chips; wafers: 40k a year = 10k a quarter x 80 x 25 % = 200k dies = 100k chips.
  in.production = ascend(1e9, 100000, 40000);
  fleet::prepare_projection(in);
  fleet::ProjectionScratch scratch;
  std::vector<fleet::ActorPeriod> out;
  std::vector<fleet::ProductPeriod> made;
  fleet::project_fleet_into(in, scratch, out, &made);
  CHECK(made[0].bound.made == Approx(150000));
  CHECK(made[0].bound.binding_need == 1);  // dies
  CHECK(made[1].bound.made == Approx(100000));  // the bank is spent; wafer capacity does not carry over
  in.production.products[0].needs[1].sources[1].yield = 0.5;  // better yield, more chips
  const auto better = fleet::project_fleet(in);
  CHECK(better[1].chips[0].delivered == Approx(200000));
}

TEST_CASE("supply chain: nothing is made that no buyer takes, and goods keep for later", "[unit][fleet]") {
  auto in = base();
  in.actors = {orders(200000)};  // 50k a quarter
  in.production = ascend(800000, 1e9, 0);  // HBM for 100k chips
  const auto out = fleet::project_fleet(in);
  CHECK(out[0].chips[0].delivered == Approx(50000));
  CHECK(out[1].chips[0].delivered == Approx(50000));
  CHECK(out[2].chips[0].delivered == 0);  // the HBM was kept for the second quarter, then ran out
}

TEST_CASE("supply chain: a supply control cuts its tagged flow from the regime's date", "[unit][fleet]") {
  auto in = base();
  in.actors = {orders(1e9)};
  auto p = ascend(1e12, 0, 0);
  p.inputs[1].flows = {{400000, {}, {}, "foundry"}};  // 100k dies a quarter into the die bank
  in.production = p;
  rules::ExportRegime cut;
  cut.id = "test-foundry";
  rules::SupplyControl sc;
  sc.id = "test.foundry";
  sc.cuts = "foundry";
  sc.share = 1;
  sc.destinations.countries = {"CN"};
  cut.supply_controls = {sc};
  in.regimes = {{{2025, 7}, cut}};
  const auto out = fleet::project_fleet(in);
  CHECK(out[0].chips[0].delivered == Approx(50000));
  CHECK(out[1].chips[0].delivered == Approx(50000));
  CHECK(out[2].chips[0].delivered == 0);
  in.regimes[0].regime.supply_controls[0].share = 0.5;
  CHECK(fleet::project_fleet(in)[2].chips[0].delivered == Approx(25000));
  in.production.country = "US";  // a control on producers in CN does not touch a US producer
  CHECK(fleet::project_fleet(in)[2].chips[0].delivered == Approx(50000));
}
