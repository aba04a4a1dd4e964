// Numbers for people: thousands separators, the one formatter terminal tables, sentences and
// chart labels share so the same figure reads the same everywhere.
#pragma once

#include <string>

namespace flopcast::core {

/// Fixed-point with thousands separators: 12345.6 -> "12,346" (decimals 0), "12,345.6" (1).
/// Magnitudes from 1e15 up in three significant digits ("1.23e+15"): a fixed-point rendering
/// would run to hundreds of digits. Not finite: "n/a".
std::string grouped(double v, int decimals = 0);

}  // namespace flopcast::core
