// Loading tests/validation/ as a calibration set, and its report rows.
#include "validation_cases.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metric_limits.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/engine/warnings.hpp"

namespace fs = std::filesystem;

namespace flopcast::cli {
namespace {

/// A check naming a metric the scenario does not produce is bad input, not a failed case.
bool metrics_exist(const engine::Scenario& s, const std::string& file) {
  const auto results = engine::evaluate(s);
  const auto names = engine::metric_names(results);
  for (const auto& c : s.validation) {
    if (std::find(names.begin(), names.end(), c.metric) != names.end()) continue;
    std::cerr << file << ": error[unknown-reference]: validation metric '" << c.metric << "' does not exist; known metrics:\n";
    for (const auto& n : names) std::cerr << "  " << n << "\n";
    return false;
  }
  return true;
}

}  // namespace

std::string cross_validation_path(const std::string& dir) { return (fs::path(dir) / "cross-validation.csv").string(); }

std::optional<fit::CaseSet> load_case_set(const std::string& dir, const GlobalOptions& g, const catalog::Catalog& builtins) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".yaml") files.push_back(e.path().string());
  }
  if (ec || files.empty()) {
    std::cerr << "flopcast: no scenario files in " << dir << "\n";
    return std::nullopt;
  }
  std::sort(files.begin(), files.end());
  std::vector<engine::Scenario> scenarios;
  for (const auto& f : files) {
    auto loaded = load_scenario_file(f, g, builtins);
    if (!loaded.scenario) {
      print_diagnostics(std::cerr, loaded.diagnostics, g.error_format);
      return std::nullopt;
    }
    if (loaded.scenario->validation.empty()) continue;
    if (!metrics_exist(*loaded.scenario, f)) return std::nullopt;
    scenarios.push_back(std::move(*loaded.scenario));
  }
  return fit::make_case_set(std::move(scenarios));
}

std::vector<report::ValidationRow> case_rows(const fit::CaseSet& set, const std::vector<std::optional<double>>& simulated) {
  std::vector<report::ValidationRow> rows;
  for (std::size_t i = 0; i < set.cases.size(); ++i) {
    const auto& k = set.cases[i];
    const auto& s = set.scenarios[k.scenario];
    auto row = report::validation_row(s, s.validation[k.check], simulated[i]);
    row.family = k.family;
    row.vendor = k.vendor;
    row.source_key = k.source_key;
    rows.push_back(std::move(row));
  }
  return rows;
}

void attach_limits_and_warnings(const fit::CaseSet& set, std::vector<report::ValidationRow>& rows) {
  std::vector<engine::Results> results;
  std::vector<std::vector<engine::RunWarning>> warnings;
  results.reserve(set.scenarios.size());
  for (const auto& s : set.scenarios) {
    results.push_back(engine::evaluate(s));
    warnings.push_back(engine::run_warnings(s, results.back()));
  }
  for (std::size_t i = 0; i < set.cases.size() && i < rows.size(); ++i) {
    const auto& k = set.cases[i];
    const auto& s = set.scenarios[k.scenario];
    const auto& r = results[k.scenario];
    auto& row = rows[i];
    if (const auto limit = engine::metric_limit(s, r, row.metric)) {
      row.limit_share = engine::limit_share(*limit, row.published);
      row.limit_basis = std::string(limit->basis);
    }
    // The warnings of the run the metric reads: training.<run>.x, inference.<service>[@pool].x.
    const auto first = row.metric.find('.'), last = row.metric.rfind('.');
    if (first == std::string::npos || last <= first) continue;
    std::string run = row.metric.substr(first + 1, last - first - 1);
    run = run.substr(0, run.find('@'));
    for (const auto& w : warnings[k.scenario]) {
      if (w.subject == run || w.subject.rfind(run + " on ", 0) == 0) row.warnings.push_back(w.line());
    }
  }
}

}  // namespace flopcast::cli
