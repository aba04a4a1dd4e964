// Physical quantities as written in scenario files ("989 TFLOPS", "3.35 TB/s") and their SI values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace flopcast::core {

/// What a quantity measures. In memory every quantity is SI: FLOP/s, bytes, bytes/s, W, s,
/// tokens, tokens/s, USD, mm², or a plain count.
enum class Dimension {
  count,       ///< a plain number, optionally with a k/M/B/T suffix ("20k", "671B")
  flop_rate,   ///< operations per second: "989 TFLOPS", "1504 TOPS"
  bytes,       ///< "80 GB", "64 GiB"
  byte_rate,   ///< "3.35 TB/s", "400 Gb/s" (bits are divided by 8)
  power,       ///< "700 W", "1.2 kW", "100 MW"
  duration,    ///< "50 ms", "2 s", "54 days"
  tokens,      ///< "14.8T tokens"
  token_rate,  ///< "140T tokens/day", "6688 tokens/s"; SI value in tokens per second
  money,       ///< "$27500", "27.5k USD"
  money_rate,  ///< "$2.5/h", "2.5 USD/h"; SI value in USD per second
  energy_price,  ///< "$0.08/kWh"; SI value in USD per joule
  area,        ///< "814 mm2"
  fraction,    ///< "40%" or 0.4
};

/// Human name of a dimension with an example, used in error messages ("a bandwidth such as \"3.35 TB/s\"").
std::string describe_dimension(Dimension d);

/// The outcome of parsing a quantity: a value in SI units, or an explanation of what is wrong.
struct QuantityParse {
  std::optional<double> value_si;
  std::string problem;  ///< why the text is not a quantity of the wanted dimension
  std::string hint;     ///< how to fix it, when we can tell
  bool bad_unit = false;  ///< the number was fine but the unit was wrong or missing
};

/// Parses "<number>[suffix] [unit]" as a quantity of dimension `want`. Accepts SI prefixes
/// (k, M, G, T, P, E), binary prefixes for bytes (Ki, Mi, Gi, Ti), a bare multiplier suffix on
/// the number ("14.8T tokens", "671B"), a leading '$' for money and '%' for fractions.
QuantityParse parse_quantity(std::string_view text, Dimension want);

/// The largest magnitude a quantity may have, in SI units (tokens, FLOP/s, bytes, seconds, ...);
/// a non-zero quantity is also at least its inverse, 1e-24. Real inputs stay within 1e-12..1e19;
/// the bounds keep every product and quotient the engine forms finite. The scenario reader and
/// the sweep parameters both enforce them.
inline constexpr double max_quantity_si = 1e24;
/// The smallest non-zero magnitude, written out: 1 / max_quantity_si rounds to just above 1e-24
/// and refused 1e-24 itself ("must be at least 1e-24, found 1e-24").
inline constexpr double min_quantity_si = 1e-24;
/// The hint for a value beyond those bounds: a slip of the exponent or the unit, never a real input.
inline constexpr std::string_view kMagnitudeHint = "check the exponent and the unit; no real fleet or workload comes near this";

/// Formats an SI value with an engineering prefix and the canonical unit: 9.89e14 -> "989 TFLOP/s".
std::string format_quantity(double value_si, Dimension d, int significant_digits = 4);

}  // namespace flopcast::core
