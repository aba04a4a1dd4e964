// Helpers that keep the key tables one line per key (internal to the scenario module).
#pragma once

#include <string_view>
#include <vector>

#include "enum_names.hpp"
#include "key_table.hpp"

namespace flopcast::scenario::keys {


using D = core::Dimension;
using V = ValueKind;

// KeySpec builders keep the tables below one line per key.
inline KeySpec str(std::string_view n, std::string_view d, bool req = false) { return {n, V::string, d, req}; }
inline KeySpec integer(std::string_view n, std::string_view d, bool req = false, double min = 0) {
  return {n, V::integer, d, req, D::count, nullptr, nullptr, min};
}
inline KeySpec qty(std::string_view n, D dim, std::string_view d, bool req = false, bool positive = false) {
  return {n, V::quantity, d, req, dim, nullptr, nullptr, 0, positive};
}
/// A quantity compared with a metric (expect:): any finite value (KeySpec::threshold).
inline KeySpec threshold(std::string_view n, std::string_view d) { return {n, V::quantity, d, false, D::count, nullptr, nullptr, 0, false, true}; }
/// A count of indivisible things (chips, dies, samples): positive, and a whole number.
inline KeySpec whole(std::string_view n, std::string_view d, bool req = false) {
  return {n, V::quantity, d, req, D::count, nullptr, nullptr, 0, true, false, true};
}
inline KeySpec flag(std::string_view n, std::string_view d) { return {n, V::boolean, d}; }
inline KeySpec date(std::string_view n, std::string_view d, bool req = false) { return {n, V::date, d, req}; }
inline KeySpec choice(std::string_view n, std::vector<std::string> (*c)(), std::string_view d, bool req = false) {
  return {n, V::enumeration, d, req, D::count, nullptr, c};
}
inline KeySpec nested(std::string_view n, V kind, const Section* s, std::string_view d, bool req = false) {
  return {n, kind, d, req, D::count, s};
}
inline KeySpec list(std::string_view n, std::string_view d, bool req = false) { return {n, V::string_list, d, req}; }

inline const std::vector<KeySpec> kProvenanceKeys = {
    str("source", "citation(s) for every number of the entry, e.g. \"[N-H100] NVIDIA H100 datasheet\""),
    choice("confidence", confidence_tokens, "A = datasheet/rule/vendor paper, B = consistent secondary, C = estimate or rumour"),
    list("estimated", "fields whose values are grade-C estimates"),
    str("notes", "derivations, disagreements, alternative values"),
};

template <class... Lists>
std::vector<KeySpec> join(const Lists&... lists) {
  std::vector<KeySpec> out;
  (out.insert(out.end(), lists.begin(), lists.end()), ...);
  return out;
}
inline KeySpec value(std::string_view n, std::string_view d, bool req = false) { return {n, ValueKind::value, d, req}; }
inline KeySpec values(std::string_view n, std::string_view d, bool req = false) { return {n, ValueKind::value_list, d, req}; }

}  // namespace flopcast::scenario::keys
