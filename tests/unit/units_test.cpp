// Unit parsing and formatting: "989 TFLOPS" -> 9.89e14 FLOP/s and back.
#include <catch2/catch.hpp>
#include <limits>

#include "flopcast/core/number_text.hpp"
#include "flopcast/core/units.hpp"
#include "flopcast/core/year_month.hpp"

using namespace flopcast::core;

namespace {
double si(const char* text, Dimension d) {
  auto r = parse_quantity(text, d);
  INFO(text << ": " << r.problem);
  REQUIRE(r.value_si);
  return *r.value_si;
}
}  // namespace

TEST_CASE("core: quantities parse into SI units", "[unit][core]") {
  // Compute: T = 1e12.
  CHECK(si("989 TFLOPS", Dimension::flop_rate) == Approx(989e12));
  CHECK(si("1.56 PFLOPS", Dimension::flop_rate) == Approx(1.56e15));
  CHECK(si("1504 TOPS", Dimension::flop_rate) == Approx(1504e12));
  // Sizes: decimal GB vs binary GiB.
  CHECK(si("80 GB", Dimension::bytes) == Approx(80e9));
  CHECK(si("64 GiB", Dimension::bytes) == Approx(64.0 * 1073741824.0));
  // Bandwidth: bytes vs bits (400 Gb/s = 50 GB/s).
  CHECK(si("3.35 TB/s", Dimension::byte_rate) == Approx(3.35e12));
  CHECK(si("400 Gb/s", Dimension::byte_rate) == Approx(50e9));
  CHECK(si("700 W", Dimension::power) == Approx(700));
  CHECK(si("1.2 kW", Dimension::power) == Approx(1200));
  CHECK(si("50 ms", Dimension::duration) == Approx(0.05));
  CHECK(si("54 days", Dimension::duration) == Approx(54 * 86400.0));
  // A multiplier glued to the number: 14.8T tokens = 1.48e13.
  CHECK(si("14.8T tokens", Dimension::tokens) == Approx(14.8e12));
  // 140T tokens/day = 1.4e14 / 86400 = 1.6204e9 tokens/s.
  CHECK(si("140T tokens/day", Dimension::token_rate) == Approx(1.4e14 / 86400));
  CHECK(si("671B", Dimension::count) == Approx(671e9));
  CHECK(si("20,000", Dimension::count) == Approx(20000));
  CHECK(si("20k", Dimension::count) == Approx(20000));
  CHECK(si("$27500", Dimension::money) == Approx(27500));
  CHECK(si("27.5k USD", Dimension::money) == Approx(27500));
  CHECK(si("$2.5/h", Dimension::money_rate) == Approx(2.5 / 3600));
  CHECK(si("814 mm2", Dimension::area) == Approx(814));
  CHECK(si("40%", Dimension::fraction) == Approx(0.4));
  CHECK(si("0.4", Dimension::fraction) == Approx(0.4));
}

TEST_CASE("core: a wrong unit says what to write instead", "[unit][core]") {
  auto r = parse_quantity("3.35 TB", Dimension::byte_rate);
  CHECK_FALSE(r.value_si);
  CHECK(r.bad_unit);
  CHECK(r.hint == "'TB' is a size; write 'TB/s' for a bandwidth");

  auto missing = parse_quantity("80", Dimension::bytes);
  CHECK_FALSE(missing.value_si);
  CHECK(missing.problem == "missing unit");

  auto unknown = parse_quantity("80 GX", Dimension::bytes);
  CHECK(unknown.problem == "unknown unit 'GX'");

  auto words = parse_quantity("lots", Dimension::count);
  CHECK_FALSE(words.value_si);
  CHECK_FALSE(words.bad_unit);

  auto huge = parse_quantity("1e308 PFLOPS", Dimension::flop_rate);
  CHECK_FALSE(huge.value_si);  // overflows double: refused, never inf
}

TEST_CASE("core: quantities format with engineering prefixes", "[unit][core]") {
  CHECK(format_quantity(989e12, Dimension::flop_rate) == "989 TFLOP/s");
  CHECK(format_quantity(3.35e12, Dimension::byte_rate) == "3.35 TB/s");
  CHECK(format_quantity(80e9, Dimension::bytes) == "80 GB");
}

TEST_CASE("core: months parse, order and step", "[unit][core]") {
  auto m = parse_year_month("2026-03");
  REQUIRE(m);
  CHECK(m->year == 2026);
  CHECK(m->month == 3);
  CHECK(m->str() == "2026-03");
  CHECK(parse_year_month("2026-03-15")->month == 3);
  CHECK_FALSE(parse_year_month("2026-13"));
  CHECK_FALSE(parse_year_month("March 2026"));
  // 2025-11 + 3 months = 2026-02.
  CHECK(YearMonth{2025, 11}.plus_months(3) == YearMonth{2026, 2});
  CHECK(YearMonth{2025, 12} < YearMonth{2026, 1});
}

TEST_CASE("core: grouped numbers read the same in tables, sentences and charts", "[unit][core]") {
  CHECK(grouped(12345.6) == "12,346");
  CHECK(grouped(12345.6, 1) == "12,345.6");
  CHECK(grouped(-1234567) == "-1,234,567");
  CHECK(grouped(-0.2) == "0");  // rounds to zero: no sign
  CHECK(grouped(999) == "999");
  // From 1e15 up, three significant digits: a fixed-point rendering would run to 300 digits.
  CHECK(grouped(1.234e20) == "1.23e+20");
  CHECK(grouped(-2e15) == "-2e+15");
  CHECK(grouped(std::numeric_limits<double>::quiet_NaN()) == "n/a");
  CHECK(grouped(std::numeric_limits<double>::infinity()) == "n/a");
}
