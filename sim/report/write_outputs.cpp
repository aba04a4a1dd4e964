// Writes a run's outputs through a staging directory: all files appear, or none do.
#include <filesystem>
#include <fstream>

#include "flopcast/report/html_report.hpp"

#include "atomic_output.hpp"
#include "charts.hpp"
#include "csv_tables.hpp"
#include "flopcast/report/write.hpp"
#include "render_charts.hpp"

namespace flopcast::report {
namespace {

core::Diagnostic not_writable(const std::string& out_dir, const std::string& why) {
  core::Diagnostic d;
  d.code = core::ErrorCode::output_not_writable;
  d.location.file = out_dir;
  d.message = why;
  d.hint = "choose another directory with -o DIR";
  return d;
}

core::Diagnostic chart_failed(const std::string& out_dir, const std::string& why) {
  core::Diagnostic d;
  d.code = core::ErrorCode::chart_failed;
  d.location.file = out_dir;
  d.message = why + "; nothing was written";
  d.hint = "check gnuplot (gnuplot-nox) and the free space, or skip the images with --no-charts";
  return d;
}

std::string describe(const std::string& name) {
  if (name == "results.json") return "all results, machine-readable";
  if (name == "report.html") return "report: numbers, charts, assumptions, sources (self-contained)";
  if (name == "sweep.csv" || name == "sweep.json") return "sweep: statistics per grid point and metric";
  if (name == "sensitivity.csv") return "sweep: one-at-a-time input swings (tornado data)";
  if (name.ends_with(".csv")) return "table";
  if (name.ends_with(".svg") || name.ends_with(".png") || name.ends_with(".pdf")) return "chart";
  if (name.ends_with(".gp")) return "gnuplot script: edit and rerun to restyle";
  if (name.ends_with(".dat")) return "chart data";
  return "";
}

/// Renders every staged chart script with one gnuplot process and adopts the images; a chart
/// that does not render fails the whole write.
void render_staged(StagedOutput& staged, const WriteOptions& o, const std::vector<ChartJob>& jobs, WriteOutcome& outcome) {
  if (!o.render_charts || staged.error() || jobs.empty()) return;
  if (auto problem = render_charts(o.gnuplot, staged.staging_dir(), jobs)) {
    outcome.error = chart_failed(staged.out_dir(), *problem);
    staged.fail(*problem);
    return;
  }
  for (const auto& job : jobs) {
    for (const auto& image : job.images) staged.adopt(image);
  }
}

/// Moves the staged files into place and lists them, or reports why nothing was written.
WriteOutcome commit(StagedOutput& staged, const std::string& out_dir, WriteOutcome outcome) {
  if (outcome.error) return outcome;
  auto done = staged.commit();
  if (!done) {
    outcome.error = not_writable(out_dir, *staged.error());
    return outcome;
  }
  for (const auto& p : done->paths) outcome.files.push_back({p, describe(std::filesystem::path(p).filename().string())});
  outcome.removed = std::move(done->removed);
  return outcome;
}

/// Stages `files`; every <stem>.gp among them is a chart script (staged after its data) that
/// draws chart_images(<stem>).
void stage_files(StagedOutput& staged, const ExtraFiles& files, std::vector<ChartJob>& jobs) {
  for (const auto& [name, content] : files) staged.write(name, content);
  for (const auto& [name, content] : files) {
    if (name.ends_with(".gp")) jobs.push_back({name, chart_images(name.substr(0, name.size() - 3))});
  }
}

/// Every SVG gnuplot drew, in staging order, for report.html to inline: it needs no other file.
std::vector<std::pair<std::string, std::string>> staged_svgs(const StagedOutput& staged) {
  std::vector<std::pair<std::string, std::string>> svgs;
  for (const auto& name : staged.names()) {
    if (!name.ends_with(".svg")) continue;
    std::ifstream in(std::filesystem::path(staged.staging_dir()) / name, std::ios::binary);
    svgs.emplace_back(name.substr(0, name.size() - 4), std::string(std::istreambuf_iterator<char>(in), {}));
  }
  return svgs;
}

}  // namespace

WriteOutcome write_outputs(const engine::Scenario& s, const engine::Results& r, const std::string& out_dir, const WriteOptions& o) {
  return write_outputs(s, r, out_dir, o, {});
}

WriteOutcome write_outputs(const engine::Scenario& s, const engine::Results& r, const std::string& out_dir, const WriteOptions& o,
                           const ExtraFiles& extra) {
  WriteOutcome outcome;
  // Rendered before anything touches the disk: if a number is non-finite (a bug), the assertion
  // in the JSON writer stops the run with no directory created.
  const std::string json = results_json(s, r, o.version, o.sweep);
  StagedOutput staged(out_dir);
  if (staged.error()) {
    outcome.error = not_writable(out_dir, *staged.error());
    return outcome;
  }
  staged.write("results.json", json);
  for (const auto& [name, content] : csv_tables(s, r)) staged.write(name, content);
  std::vector<ChartJob> jobs;
  for (const auto& chart : make_charts(s, r, o.version)) {
    for (const auto& [name, content] : chart.files) {
      staged.write(name, content);
      if (name.ends_with(".gp")) jobs.push_back({name, chart.images});
    }
  }
  stage_files(staged, extra, jobs);
  render_staged(staged, o, jobs, outcome);
  if (o.html_report && !staged.error()) staged.write("report.html", html_report(s, r, {o.sweep, o.sweep_spec}, staged_svgs(staged), o.version, o.report_preamble));
  return commit(staged, out_dir, std::move(outcome));
}

WriteOutcome write_files(const std::string& out_dir, const ExtraFiles& files, const WriteOptions& o) {
  WriteOutcome outcome;
  StagedOutput staged(out_dir);
  if (staged.error()) {
    outcome.error = not_writable(out_dir, *staged.error());
    return outcome;
  }
  if (o.keep_other_files) staged.keep_other_files();
  std::vector<ChartJob> jobs;
  stage_files(staged, files, jobs);
  render_staged(staged, o, jobs, outcome);
  if (o.report_page && !staged.error()) staged.write("report.html", o.report_page(staged_svgs(staged)));
  return commit(staged, out_dir, std::move(outcome));
}

}  // namespace flopcast::report
