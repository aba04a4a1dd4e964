// Validation tables: published vs simulated (fitted) vs predicted with the case's source held
// out (cross-validated), per case and summarised by family and vendor; docs/validation.md.
#include "flopcast/report/validation_report.hpp"
#include "csv_tables.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "flopcast/report/json_writer.hpp"

namespace flopcast::report {
namespace {

/// Three significant digits below 1 (a kernel's 0.000114 s reads as such, not as 0.000).
std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, std::fabs(v) >= 100 ? "%.0f" : std::fabs(v) >= 1 ? "%.2f" : v == 0 ? "0" : "%#.3g", v);
  return buf;
}

std::string pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f %%", v * 100);
  return buf;
}

std::string abs_pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", std::fabs(v) * 100);
  return buf;
}

std::optional<double> relative_error(const std::optional<double>& value, double published) {
  if (!value) return std::nullopt;
  return (*value - published) / published;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// One summary line: the fitted (non-band) cases of a group, in-sample and held out.
std::string summary_line(const std::string& group, const std::vector<const ValidationRow*>& rows) {
  std::vector<double> fitted, held;
  int missing = 0, within = 0;
  for (const auto* r : rows) {
    const auto e = relative_error(r->simulated, r->published);
    const auto p = relative_error(r->predicted, r->published);
    if (e) fitted.push_back(std::fabs(*e));
    if (p) {
      held.push_back(std::fabs(*p));
      within += std::fabs(*p) <= 0.25;
    } else {
      ++missing;
    }
  }
  const double worst = held.empty() ? 0 : *std::max_element(held.begin(), held.end());
  return "| " + group + " | " + std::to_string(rows.size()) + " | " + (fitted.empty() ? "" : abs_pct(median(fitted))) + " | " +
         (held.empty() ? "" : abs_pct(median(held))) + " | " + (held.empty() ? "" : abs_pct(worst)) + " | " + std::to_string(within) +
         " of " + std::to_string(rows.size()) + (missing ? " (" + std::to_string(missing) + " infeasible or not predicted)" : "") + " |\n";
}

std::string summary_table(const std::vector<ValidationRow>& rows) {
  std::vector<const ValidationRow*> all;
  std::map<std::string, std::vector<const ValidationRow*>> by_family, by_vendor;
  for (const auto& r : rows) {
    if (r.quality == "band") continue;
    all.push_back(&r);
    by_family[r.family].push_back(&r);
    by_vendor[r.vendor].push_back(&r);
  }
  std::string out =
      "| cases | n | median error, fitted | median error, held out | max error, held out | within 25 %, held out |\n"
      "|---|---:|---:|---:|---:|---|\n";
  out += summary_line("all (full and partial)", all);
  for (const auto& [family, group] : by_family) out += summary_line(family, group);
  for (const auto& [vendor, group] : by_vendor) out += summary_line("on " + vendor + " chips", group);
  return out;
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}


/// Published values near or beyond their physical limit under the case's own inputs: the case's
/// assumptions are the first suspect there, whatever the model says.
std::string limits_section(const std::vector<ValidationRow>& rows) {
  constexpr double kShown = 0.8;
  std::vector<const ValidationRow*> near;
  std::size_t checked = 0, beyond = 0;
  for (const auto& r : rows) {
    if (!r.limit_share) continue;
    ++checked;
    if (*r.limit_share > 1) ++beyond;
    if (*r.limit_share >= kShown) near.push_back(&r);
  }
  std::stable_sort(near.begin(), near.end(), [](const auto* a, const auto* b) { return *a->limit_share > *b->limit_share; });
  std::string out =
      "\n## Published values against their physical limits\n\n"
      "Each published value set against the most its metric can reach (or the least a time can take)\n"
      "under the case's own inputs: the chip's dense peak at the run's precision for training, kernels\n"
      "and prefill (the model's FLOP count), its peak HBM bandwidth for decode and output rates (the\n"
      "weights and KV cache a step must read, eq. I13 in [models/inference.md](models/inference.md), at\n"
      "the largest batch the case's KV capacity allows). No model constant enters: a share above 100 %\n"
      "means the case's stated assumptions (precision, KV dtype, batch, chip) cannot produce the\n"
      "published figure, and near 100 % that they barely can.\n" +
      std::to_string(checked) + " cases have such a limit; " + std::to_string(beyond) + " published " +
      (beyond == 1 ? "value lies" : "values lie") + " beyond it. Cases at 80 % of their limit or more:\n\n";
  if (near.empty()) return out + "None.\n";
  out += "| case | metric | published | limit | share of the limit |\n|---|---|---:|---|---:|\n";
  for (const auto* r : near) {
    out += "| " + r->case_id + " | `" + r->metric + "` | " + fmt(r->published) + " | " + r->limit_basis + " | " + abs_pct(*r->limit_share) + " |\n";
  }
  return out;
}

/// The plausibility warnings the cases' runs raise, once per scenario and run.
std::string warnings_section(const std::vector<ValidationRow>& rows) {
  std::string out =
      "\n## Plausibility warnings on the cases\n\n"
      "The guards a user sees under \"Warnings\" (docs/models/training.md, eq. T14; inference.md,\n"
      "eq. I13), raised by the cases' own runs. A published layout that ran but which the memory\n"
      "model puts above HBM points at the memory model (eq. T11), not at the case.\n\n";
  std::vector<std::string> seen;
  for (const auto& r : rows) {
    for (const auto& w : r.warnings) {
      const std::string line = "- `" + r.scenario_file + "`: " + w + "\n";
      if (std::find(seen.begin(), seen.end(), line) == seen.end()) seen.push_back(line);
    }
  }
  if (seen.empty()) return out + "None.\n";
  for (const auto& line : seen) out += line;
  return out;
}

}  // namespace

ValidationRow validation_row(const engine::Scenario& s, const engine::ValidationCheck& c, std::optional<double> simulated) {
  ValidationRow row;
  row.case_id = c.case_id;
  row.scenario_file = s.source_file;
  row.metric = c.metric;
  row.published = c.published;
  row.simulated = simulated;
  row.tolerance = c.tolerance;
  row.source = c.source;
  row.note = c.note;
  row.quality = c.quality;
  if (row.simulated) {
    row.error = (*row.simulated - c.published) / c.published;
    row.pass = std::fabs(row.error) <= c.tolerance;
  }
  return row;
}

namespace {

/// A case's verdict, the one wording the table (in capitals when it fails, to stand out) and
/// the CSV (as is, for scripts) both print.
std::string verdict(const ValidationRow& r) { return r.pass ? "ok" : r.simulated ? "out of tolerance" : "no such metric or infeasible"; }

std::string shouted(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string validation_table(const std::vector<ValidationRow>& rows) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%-5s %-52s %12s %12s %9s %10s %9s  %s\n", "case", "metric", "published", "simulated", "error", "held out",
                "of limit", "verdict");
  out += line;
  for (const auto& r : rows) {
    const auto held = relative_error(r.predicted, r.published);
    std::snprintf(line, sizeof line, "%-5s %-52s %12s %12s %9s %10s %9s  %s\n", r.case_id.c_str(), r.metric.c_str(), fmt(r.published).c_str(),
                  r.simulated ? fmt(*r.simulated).c_str() : "n/a", r.simulated ? pct(r.error).c_str() : "", held ? pct(*held).c_str() : "",
                  r.limit_share ? abs_pct(*r.limit_share).c_str() : "",
                  (r.pass ? verdict(r) : shouted(verdict(r))).c_str());
    out += line;
  }
  return out + "of limit: the published value's share of the most its metric can reach under the case's inputs (dense peak or\n"
               "peak HBM bandwidth); above 100 % the case's assumptions cannot produce it.\n";
}

std::string validation_markdown(const std::vector<ValidationRow>& rows) {
  std::string out =
      "# Validation: flopcast against published measurements\n\n"
      "Generated by `flopcast validate-cases tests/validation --format markdown > docs/validation.md`;\n"
      "a test fails if this file differs from what the code produces, so it cannot drift.\n"
      "Each case is a scenario in `tests/validation/`, written from its source before it was run.\n"
      "The model's constants are fitted to these cases by `flopcast calibrate`\n"
      "(`scenarios/catalog/calibration.yaml`; [models/calibration.md](models/calibration.md)), so the\n"
      "**fitted** error shows consistency only. The honest error is the **held-out** one: each case\n"
      "predicted by constants refitted without any case from the same source (leave-one-source-out\n"
      "cross-validation, `tests/validation/cross-validation.csv`). Band cases (sources that leave key\n"
      "settings unstated) are never fitted and are listed apart.\n\n"
      "## Summary\n\n" +
      summary_table(rows) +
      "\nError = (simulated - published) / published; the targets are a held-out median of 10 % or less\n"
      "and a maximum of 25 % or less in every family and on every vendor's chips.\n\n"
      "## Cases\n\n"
      "| case | metric | family | vendor | quality | published | fitted | error | held out | error | scenario |\n"
      "|---|---|---|---|---|---:|---:|---:|---:|---:|---|\n";
  for (const auto& r : rows) {
    const auto held = relative_error(r.predicted, r.published);
    out += "| " + r.case_id + " | `" + r.metric + "` | " + r.family + " | " + r.vendor + " | " + r.quality + " | " + fmt(r.published) +
           " | " + (r.simulated ? fmt(*r.simulated) : "n/a") + " | " + (r.simulated ? pct(r.error) : "") + " | " +
           (r.predicted ? fmt(*r.predicted) : "n/a") + " | " + (held ? pct(*held) : "") + " | `" + r.scenario_file + "` |\n";
  }
  out += limits_section(rows) + warnings_section(rows);
  out += "\n## Sources and assumptions\n\n";
  for (const auto& r : rows) {
    out += "- **" + r.case_id + "** (`" + r.metric + "`): " + r.source;
    if (!r.note.empty()) out += " Assumptions: " + r.note;
    out += "\n";
  }
  return out;
}

std::string validation_csv(const std::vector<ValidationRow>& rows) {
  auto number = [](const std::optional<double>& v) { return v ? JsonWriter::number(*v) : std::string(); };
  std::string out = "case,metric,family,vendor,quality,published,simulated,error,predicted,held_out_error,limit_share,limit_basis,verdict,scenario\n";
  for (const auto& r : rows) {
    const auto held = relative_error(r.predicted, r.published);
    out += csv_cell(r.case_id) + "," + csv_cell(r.metric) + "," + csv_cell(r.family) + "," + csv_cell(r.vendor) + "," + csv_cell(r.quality) + "," +
           JsonWriter::number(r.published) + "," + number(r.simulated) + "," + (r.simulated ? JsonWriter::number(r.error) : "") + "," +
           number(r.predicted) + "," + number(held) + "," + number(r.limit_share) + "," + csv_cell(r.limit_basis) + "," + verdict(r) + "," +
           csv_cell(r.scenario_file) + "\n";
  }
  return out;
}

std::string cross_validation_csv(const std::vector<ValidationRow>& rows) {
  std::string out = "scenario,case,metric,fold,predicted\n";
  for (const auto& r : rows) {
    out += csv_cell(r.scenario_file) + "," + csv_cell(r.case_id) + "," + csv_cell(r.metric) + "," + csv_cell(r.source_key) + "," +
           (r.predicted ? JsonWriter::number(*r.predicted) : "") + "\n";
  }
  return out;
}

void attach_predictions(const std::string& csv, std::vector<ValidationRow>& rows) {
  std::map<std::string, double> predicted;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto f = split_csv_line(line);
    if (f.size() == 5 && !f[4].empty()) predicted[f[0] + "\n" + f[1] + "\n" + f[2]] = std::stod(f[4]);
  }
  for (auto& r : rows) {
    if (const auto it = predicted.find(r.scenario_file + "\n" + r.case_id + "\n" + r.metric); it != predicted.end()) r.predicted = it->second;
  }
}

std::string calibration_yaml(const catalog::Calibration& c, const std::string& fit_summary) {
  std::string out =
      "# The performance models' constants (docs/models/calibration.md). Generated by\n"
      "# `flopcast calibrate --write` from the published measurements in tests/validation/: rerun it after\n"
      "# changing a case or the model, never edit a fitted value by hand.\n";
  for (std::size_t start = 0; start < fit_summary.size();) {
    const auto end = fit_summary.find('\n', start);
    out += "# " + fit_summary.substr(start, end - start) + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  out += "calibration:\n";
  for (const auto& p : catalog::calibration_params()) {
    char line[256];
    std::snprintf(line, sizeof line, "  %s: %.6g", std::string(p.name).c_str(), c.*p.member);
    out += line;
    out += std::string(std::max<std::size_t>(2, 48 - std::string(line).size()), ' ');
    std::snprintf(line, sizeof line, "# %s, %s in [%g, %g]: %s\n", p.fitted ? "fitted" : "fixed", std::string(p.unit).c_str(), p.lower, p.upper,
                  std::string(p.description).c_str());
    out += line;
  }
  return out;
}

namespace {

/// The held-out |error| of one group: cases with a prediction, median, 80th percentile (nearest
/// rank) and largest.
catalog::HeldOutError held_out_of(const std::string& family, const std::string& vendor, const std::vector<const ValidationRow*>& rows) {
  std::vector<double> held;
  for (const auto* r : rows) {
    if (const auto p = relative_error(r->predicted, r->published)) held.push_back(std::fabs(*p));
  }
  std::sort(held.begin(), held.end());
  catalog::HeldOutError e{family, vendor, static_cast<int>(held.size())};
  if (held.empty()) return e;
  e.median = median(held);
  e.p80 = held[static_cast<std::size_t>(std::ceil(0.8 * static_cast<double>(held.size()))) - 1];
  e.max = held.back();
  return e;
}

}  // namespace

std::vector<catalog::HeldOutError> held_out_errors(const std::vector<ValidationRow>& rows) {
  // Families of workloads only: kernel cases vouch for the kernel model, not for a run's answer.
  std::map<std::string, std::map<std::string, std::vector<const ValidationRow*>>> groups;
  for (const auto& r : rows) {
    if (r.quality == "band" || r.family.find("kernels") != std::string::npos) continue;
    groups[r.family][std::string(catalog::kAllVendors)].push_back(&r);
    groups[r.family][r.vendor].push_back(&r);
  }
  std::vector<catalog::HeldOutError> out;
  for (const auto& [family, by_vendor] : groups) {
    for (const auto& [vendor, group] : by_vendor) {
      auto e = held_out_of(family, vendor, group);
      if (e.cases > 0) out.push_back(std::move(e));
    }
  }
  return out;
}

std::string model_error_yaml(const std::vector<ValidationRow>& rows) {
  std::string out =
      "# How far flopcast's step and serving models are off on published measurements they were not\n"
      "# fitted to: for each workload family and chip vendor, the |error| of every case predicted by\n"
      "# constants fitted without the case's source (leave-one-source-out; docs/validation.md,\n"
      "# docs/models/calibration.md). Answers quote the row of their runs (a vendor's own row from\n"
      "# five cases, else the family's over all vendors). Generated by\n"
      "# `flopcast validate-cases tests/validation --format model-error > scenarios/catalog/model-error.yaml`\n"
      "# from tests/validation/cross-validation.csv: regenerate after `flopcast calibrate --write`.\n"
      "held_out_error:\n";
  for (const auto& e : held_out_errors(rows)) {
    char line[256];
    std::snprintf(line, sizeof line, "  - {family: %s, vendor: %s, cases: %d, median: %.3g, p80: %.3g, max: %.3g}\n", e.family.c_str(),
                  e.vendor.c_str(), e.cases, e.median, e.p80, e.max);
    out += line;
  }
  return out;
}

}  // namespace flopcast::report
