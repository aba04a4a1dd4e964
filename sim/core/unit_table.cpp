// The table of unit spellings: base units combined with SI/binary prefixes.
#include "unit_table.hpp"

#include <array>
#include <deque>
#include <string>

namespace flopcast::core::detail {
namespace {

struct Prefix {
  std::string_view text;
  double factor;
};

constexpr std::array<Prefix, 7> kSiPrefixes{{{"", 1.0}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12},
                                             {"P", 1e15}, {"E", 1e18}}};
constexpr std::array<Prefix, 4> kBinaryPrefixes{{{"Ki", 1024.0}, {"Mi", 1048576.0}, {"Gi", 1073741824.0},
                                                 {"Ti", 1099511627776.0}}};

struct Builder {
  std::deque<std::string> storage;  // deque: references stay valid as it grows
  std::vector<UnitSpelling> out;

  void add(std::string text, Dimension d, double f) {
    storage.push_back(std::move(text));
    out.push_back({storage.back(), d, f});
  }
  void add_si(std::string_view base, Dimension d, double f) {
    for (const auto& p : kSiPrefixes) add(std::string(p.text) + std::string(base), d, p.factor * f);
  }
};

Builder build() {
  Builder b;
  using D = Dimension;
  for (auto base : {"FLOPS", "FLOP/s", "FLOPs", "OPS", "OP/s", "flops", "ops"}) b.add_si(base, D::flop_rate, 1.0);
  b.add_si("B", D::bytes, 1.0);
  b.add_si("b", D::bytes, 1.0 / 8.0);
  b.add_si("bit", D::bytes, 1.0 / 8.0);
  for (const auto& p : kBinaryPrefixes) b.add(std::string(p.text) + "B", D::bytes, p.factor);
  b.add_si("B/s", D::byte_rate, 1.0);
  b.add_si("b/s", D::byte_rate, 1.0 / 8.0);
  b.add_si("bps", D::byte_rate, 1.0 / 8.0);
  for (const auto& p : kBinaryPrefixes) b.add(std::string(p.text) + "B/s", D::byte_rate, p.factor);
  b.add_si("W", D::power, 1.0);
  for (auto [t, f] : std::initializer_list<std::pair<const char*, double>>{
           {"ns", 1e-9}, {"us", 1e-6}, {"µs", 1e-6}, {"ms", 1e-3}, {"s", 1.0}, {"min", 60.0},
           {"h", 3600.0}, {"hour", 3600.0}, {"hours", 3600.0}, {"d", 86400.0}, {"day", 86400.0},
           {"days", 86400.0}, {"week", 604800.0}, {"weeks", 604800.0},
           {"year", 365.25 * 86400.0}, {"years", 365.25 * 86400.0}}) {
    b.add(t, D::duration, f);
  }
  for (auto t : {"tokens", "token", "tok"}) b.add(t, D::tokens, 1.0);
  for (auto t : {"tokens", "token", "tok"}) {
    for (auto [per, f] : std::initializer_list<std::pair<const char*, double>>{
             {"/s", 1.0}, {"/min", 1.0 / 60}, {"/h", 1.0 / 3600}, {"/day", 1.0 / 86400}, {"/d", 1.0 / 86400}}) {
      b.add(std::string(t) + per, D::token_rate, f);
    }
  }
  b.add("USD", D::money, 1.0);
  for (auto [t, f] : std::initializer_list<std::pair<const char*, double>>{
           {"USD/h", 1.0 / 3600}, {"USD/hour", 1.0 / 3600}, {"/h", 1.0 / 3600}, {"/hour", 1.0 / 3600}}) {
    b.add(t, D::money_rate, f);
  }
  for (auto [t, f] : std::initializer_list<std::pair<const char*, double>>{
           {"/kWh", 1.0 / 3.6e6}, {"USD/kWh", 1.0 / 3.6e6}, {"/MWh", 1.0 / 3.6e9}, {"USD/MWh", 1.0 / 3.6e9}}) {
    b.add(t, D::energy_price, f);
  }
  for (auto t : {"mm2", "mm²", "mm^2"}) b.add(t, D::area, 1.0);
  b.add("%", D::fraction, 0.01);
  return b;
}

}  // namespace

const std::vector<UnitSpelling>& unit_spellings() {
  static const Builder table = build();
  return table.out;
}

std::optional<UnitSpelling> find_unit(std::string_view text, std::optional<Dimension> in_dimension) {
  for (const auto& u : unit_spellings()) {
    if (u.text == text && (!in_dimension || u.dimension == *in_dimension)) return u;
  }
  return std::nullopt;
}

std::string_view canonical_unit(Dimension d) {
  switch (d) {
    case Dimension::count: return "";
    case Dimension::flop_rate: return "FLOP/s";
    case Dimension::bytes: return "B";
    case Dimension::byte_rate: return "B/s";
    case Dimension::power: return "W";
    case Dimension::duration: return "s";
    case Dimension::tokens: return "tokens";
    case Dimension::token_rate: return "tokens/s";
    case Dimension::money: return "USD";
    case Dimension::money_rate: return "USD/s";
    case Dimension::energy_price: return "USD/J";
    case Dimension::area: return "mm2";
    case Dimension::fraction: return "";
  }
  return "";
}

}  // namespace flopcast::core::detail
