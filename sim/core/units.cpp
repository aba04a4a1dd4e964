// Parsing and formatting of quantities with units ("3.35 TB/s" <-> 3.35e12 B/s).
#include "flopcast/core/units.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

#include "unit_table.hpp"

namespace flopcast::core {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Splits "14.8T tokens" into the numeric text "14.8" and the rest "T tokens". Digit-group
/// separators ',' and '_' between digits are dropped ("20,000" -> "20000").
std::pair<std::string, std::string_view> split_number(std::string_view s) {
  std::string number;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) number += s[i++];
  for (; i < s.size(); ++i) {
    char c = s[i];
    const bool separator = (c == ',' || c == '_') && i > 0 && is_digit(s[i - 1]) && i + 1 < s.size() && is_digit(s[i + 1]);
    if (separator) continue;
    const bool exponent_sign = (c == '-' || c == '+') && !number.empty() && (number.back() == 'e' || number.back() == 'E');
    const bool exponent = (c == 'e' || c == 'E') && i + 1 < s.size() && (is_digit(s[i + 1]) || s[i + 1] == '-' || s[i + 1] == '+');
    if (is_digit(c) || c == '.' || exponent || exponent_sign) {
      number += c;
    } else {
      break;
    }
  }
  return {number, s.substr(i)};
}

std::optional<double> multiplier_suffix(char c) {
  switch (c) {
    case 'k': case 'K': return 1e3;
    case 'M': return 1e6;
    case 'B': case 'G': return 1e9;  // B = billion, as in "671B parameters"
    case 'T': return 1e12;
    case 'P': return 1e15;
    default: return std::nullopt;
  }
}

bool unit_optional(Dimension d) {
  return d == Dimension::count || d == Dimension::tokens || d == Dimension::fraction;
}

std::string example_of(Dimension d) {
  switch (d) {
    case Dimension::count: return "20000 or \"20k\"";
    case Dimension::flop_rate: return "\"989 TFLOPS\"";
    case Dimension::bytes: return "\"80 GB\"";
    case Dimension::byte_rate: return "\"3.35 TB/s\"";
    case Dimension::power: return "\"700 W\"";
    case Dimension::duration: return "\"50 ms\"";
    case Dimension::tokens: return "\"14.8T tokens\"";
    case Dimension::token_rate: return "\"140T tokens/day\"";
    case Dimension::money: return "\"$27500\"";
    case Dimension::money_rate: return "\"$2.5/h\"";
    case Dimension::energy_price: return "\"$0.08/kWh\"";
    case Dimension::area: return "\"814 mm2\"";
    case Dimension::fraction: return "0.4 or \"40%\"";
  }
  return "";
}

std::string plain_name(Dimension d) {
  switch (d) {
    case Dimension::count: return "a count";
    case Dimension::flop_rate: return "a compute rate";
    case Dimension::bytes: return "a size";
    case Dimension::byte_rate: return "a bandwidth";
    case Dimension::power: return "a power";
    case Dimension::duration: return "a duration";
    case Dimension::tokens: return "a number of tokens";
    case Dimension::token_rate: return "a token rate";
    case Dimension::money: return "an amount of money";
    case Dimension::money_rate: return "a price per hour";
    case Dimension::energy_price: return "an energy price";
    case Dimension::area: return "an area";
    case Dimension::fraction: return "a fraction";
  }
  return "a quantity";
}

std::string wrong_dimension_hint(std::string_view unit, Dimension found, Dimension want) {
  std::string h = "'" + std::string(unit) + "' is " + plain_name(found);
  if (found == Dimension::bytes && want == Dimension::byte_rate) return h + "; write '" + std::string(unit) + "/s' for a bandwidth";
  if (found == Dimension::tokens && want == Dimension::token_rate) return h + "; write '" + std::string(unit) + "/day' or '/s' for a rate";
  return h + "; write " + plain_name(want) + " such as " + example_of(want);
}

}  // namespace

std::string describe_dimension(Dimension d) { return plain_name(d) + " such as " + example_of(d); }

QuantityParse parse_quantity(std::string_view text, Dimension want) {
  QuantityParse r;
  std::string_view s = trim(text);
  const bool dollar = !s.empty() && s.front() == '$';
  if (dollar) s = trim(s.substr(1));
  auto [number, rest_raw] = split_number(s);
  std::string_view rest = trim(rest_raw);
  double value = 0;
  const auto* first = number.data();
  const auto* last = number.data() + number.size();
  if (number.empty() || number == "-" || number == "+") {
    r.problem = "expected " + describe_dimension(want);
    return r;
  }
  if (number.front() == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc{} || ptr != last) {
    r.problem = "'" + number + "' is not a number";
    return r;
  }
  if (!std::isfinite(value)) {
    r.problem = "the value is not finite";
    return r;
  }
  if (dollar && want != Dimension::money && want != Dimension::money_rate && want != Dimension::energy_price) {
    r.bad_unit = true;
    r.problem = "'$' marks money, but this field is " + plain_name(want);
    r.hint = "write " + plain_name(want) + " such as " + example_of(want);
    return r;
  }
  auto accept = [&](double factor) {
    r.value_si = value * factor;
    if (!std::isfinite(*r.value_si)) {
      r.value_si.reset();
      r.problem = "the value overflows";
    }
    return r;
  };
  if (rest.empty()) {
    if (dollar || unit_optional(want)) return accept(1.0);
    r.bad_unit = true;
    r.problem = "missing unit";
    r.hint = "write " + plain_name(want) + " with its unit, such as " + example_of(want);
    return r;
  }
  if (auto u = detail::find_unit(rest, want)) return accept(u->si_factor);
  // A multiplier glued to the number: "14.8T tokens", "671B", "27.5k USD".
  if (auto m = multiplier_suffix(rest.front()); m && rest_raw.data() == rest.data()) {
    std::string_view after = trim(rest.substr(1));
    if (after.empty() && (dollar || unit_optional(want))) return accept(*m);
    if (!after.empty()) {
      if (auto u = detail::find_unit(after, want)) return accept(*m * u->si_factor);
    }
  }
  r.bad_unit = true;
  if (auto other = detail::find_unit(rest, std::nullopt)) {
    r.problem = "expected " + describe_dimension(want) + ", found " + plain_name(other->dimension);
    r.hint = wrong_dimension_hint(rest, other->dimension, want);
  } else {
    r.problem = "unknown unit '" + std::string(rest) + "'";
    r.hint = "write " + plain_name(want) + " such as " + example_of(want);
  }
  return r;
}

std::string format_quantity(double value_si, Dimension d, int significant_digits) {
  static constexpr std::pair<double, const char*> kPrefixes[] = {
      {1e18, "E"}, {1e15, "P"}, {1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1.0, ""}};
  std::string unit(detail::canonical_unit(d));
  double scaled = value_si;
  const char* prefix = "";
  const bool prefixable = d != Dimension::fraction && d != Dimension::duration && d != Dimension::area;
  if (prefixable) {
    for (auto [f, p] : kPrefixes) {
      if (std::fabs(value_si) >= f) {
        scaled = value_si / f;
        prefix = p;
        break;
      }
    }
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", significant_digits, scaled);
  std::string out(buf);
  if (!unit.empty() || *prefix) out += std::string(" ") + prefix + unit;
  return out;
}

}  // namespace flopcast::core
