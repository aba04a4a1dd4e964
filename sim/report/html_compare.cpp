// The report of flopcast compare: one fleet projection under several export regimes.
#include "flopcast/report/answer.hpp"
#include "flopcast/report/html_report.hpp"
#include "html_context.hpp"
#include "html_page.hpp"
#include "prose.hpp"

namespace flopcast::report {
namespace {

using namespace html;

/// Per period and actor: effective training compute, installed chips and cumulative training
/// compute under each regime, with the change from the first.
std::string comparison_table(const std::vector<std::string>& regimes, const std::vector<engine::Results>& runs) {
  std::vector<std::string> header{"period", "actor"};
  for (const auto& id : regimes) header.push_back(esc(id) + " effective EFLOP/s");
  for (std::size_t i = 1; i < regimes.size(); ++i) header.push_back(esc(regimes[i]) + " vs " + esc(regimes[0]));
  for (const auto& id : regimes) header.push_back(esc(id) + " installed chips");
  for (const auto& id : regimes) header.push_back(esc(id) + " cumulative training FLOP");
  std::vector<std::vector<std::string>> rows;
  const auto& base = runs.front().projection;
  for (std::size_t k = 0; k < base.size(); ++k) {
    std::vector<std::string> row{base[k].period.str(), esc(base[k].actor)};
    for (const auto& r : runs) row.push_back(num(r.projection[k].effective_flop_per_s / 1e18, 1));
    for (std::size_t i = 1; i < runs.size(); ++i) {
      const double a = base[k].effective_flop_per_s, b = runs[i].projection[k].effective_flop_per_s;
      row.push_back(a > 0 ? num((b / a - 1) * 100, 0) + " %" : "-");
    }
    for (const auto& r : runs) row.push_back(num(r.projection[k].installed_chips));
    for (const auto& r : runs) row.push_back(esc(prose::flop_total(r.projection[k].cumulative_training_flops)));
    rows.push_back(std::move(row));
  }
  return table(header, rows);
}

}  // namespace

std::string compare_report(const engine::Scenario& s, const std::vector<std::string>& regimes, const std::vector<engine::Results>& runs,
                           const std::vector<std::pair<std::string, std::string>>& charts, const std::string& version) {
  std::string h = page_head(s.name + ": regimes compared");
  if (!s.question.empty()) h += "<p><strong>Question:</strong> " + esc(s.question) + "</p>\n";
  h += answer_block(answer_regime_comparison(s, regimes, runs).sentences);
  std::string list;
  for (const auto& id : regimes) list += (list.empty() ? "" : ", ") + esc(id);
  h += "<p class=\"note\">Scenario file " + esc(s.source_file) + " &middot; flopcast " + esc(version) + " &middot; regimes " + list +
       ", each in force for the whole horizon ('timeline' is the scenario's own regime_timeline)</p>\n";
  if (!runs.empty() && !runs.front().projection.empty()) {
    h += "<h2>Fleet over time by regime</h2>\n<p class=\"note\">Effective: model FLOP/s of " + esc(s.assumptions.reference_model) +
         " (best layout) on the active chips.</p>\n" + comparison_table(regimes, runs);
  }
  h += charts_section(charts);
  h += assumptions_section(s, nullptr) + sources_section(s);
  return h + page_tail();
}

}  // namespace flopcast::report
