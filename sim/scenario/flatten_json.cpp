// Reading a results.json back as (path, number) pairs, for flopcast diff. JSON is YAML, so
// yaml-cpp parses it; the same size and depth guards apply.
#include "flopcast/scenario/load.hpp"
#include "yaml_document.hpp"

namespace flopcast::scenario {
namespace {

std::string scalar(const YAML::Node& row, const char* field) {
  const auto v = row[field];
  return v && v.IsScalar() ? v.Scalar() : std::string();
}

/// An array item's name by what it is, not where it sits, so rows match across runs even when
/// their order or number changes: a projection row is actor@period (a timeline shifted by a
/// quarter still matches period by period), a serving row service@pool (a service can run on
/// several pools of one chip) with its role when it is one half of a disaggregated pair, other
/// rows their name or chip; the position only for rows with neither.
std::string row_key(const YAML::Node& row, std::size_t i) {
  if (!row.IsMap()) return std::to_string(i);
  if (const auto actor = scalar(row, "actor"), period = scalar(row, "period"); !actor.empty() && !period.empty()) return actor + "@" + period;
  if (auto key = scalar(row, "name"); !key.empty()) {
    const auto where = !scalar(row, "pool").empty() ? scalar(row, "pool") : scalar(row, "chip");
    if (!where.empty()) key += "@" + where;
    if (const auto role = scalar(row, "role"); !role.empty() && role != "prefill+decode") key += "/" + role;
    return key;
  }
  if (auto chip = scalar(row, "chip"); !chip.empty()) return chip;
  return std::to_string(i);
}

void flatten(const YAML::Node& n, const std::string& path, std::vector<std::pair<std::string, double>>& out) {
  if (n.IsMap()) {
    for (auto it = n.begin(); it != n.end(); ++it) flatten(it->second, path.empty() ? it->first.Scalar() : path + "." + it->first.Scalar(), out);
  } else if (n.IsSequence()) {
    for (std::size_t i = 0; i < n.size(); ++i) flatten(n[i], path + "[" + row_key(n[i], i) + "]", out);
  } else if (n.IsScalar() && n.Tag() != "!") {  // unquoted scalars only: strings are quoted in JSON
    try {
      out.emplace_back(path, n.as<double>());
    } catch (const YAML::BadConversion&) {
      // true/false/null: not a number, not compared
    }
  }
}

}  // namespace

ResultsNumbers load_results_numbers(const std::string& path) {
  ResultsNumbers out;
  core::DiagnosticSink sink;
  if (auto root = parse_yaml_file(path, sink)) flatten(*root, "", out.numbers);
  out.diagnostics = sink.sorted();
  return out;
}

}  // namespace flopcast::scenario
