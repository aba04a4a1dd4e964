// Export-control verdicts for `flopcast classify`: one row per chip and regime, with the chip's
// metrics, the outcome and the rule that decided it; CSV/JSON add SI numbers and each rule's source.
#include "classify_listing.hpp"

#include "flopcast/report/json_writer.hpp"
#include "flopcast/rules/rule_verdict.hpp"
#include "text_table.hpp"

namespace flopcast::cli {
namespace {

using report::JsonWriter;
using rules::Verdict;

std::string token(rules::Outcome o) { return std::string(core::enum_token(rules::outcome_names(), o)); }
std::string token(rules::Metric m) { return std::string(core::enum_token(rules::metric_names(), m)); }
std::string outcome_text(const Verdict& v) { return v.determined ? token(v.outcome) : "unknown"; }
std::string percent(const std::optional<double>& f) { return f ? grouped(*f * 100) + "%" : "-"; }
std::string known(const std::optional<double>& v, double scale, int decimals) { return v ? grouped(*v / scale, decimals) : "unknown"; }
std::string num(const std::optional<double>& v) { return v ? JsonWriter::number(*v) : ""; }

std::string joined(const std::vector<rules::Metric>& ms, const std::string& sep) {
  std::string out;
  for (auto m : ms) out += (out.empty() ? "" : sep) + token(m);
  return out;
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

/// "3A090.a", or "3A090.b: needs performance_density" when a metric it reads is unknown. (The
/// regime a rule was inherited from is in the CSV and JSON, to keep the table narrow.)
std::string rule_text(const Verdict& v) {
  if (!v.rule) return "-";
  return v.determined ? v.rule->id : v.rule->id + ": needs " + joined(v.unknown_metrics, ", ");
}

struct ChipVerdicts {
  const catalog::ChipSpec* chip;
  std::vector<Verdict> verdicts;  ///< one per requested regime
  std::vector<bool> binds;        ///< per regime: does the rule bind this chip, or is it a yardstick
};

/// US export rules bind US-origin chips; an importing country's rules bind chips of other origin
/// entering it. Any other verdict is hypothetical: what the rule would say of such a chip.
bool regime_binds(const rules::ExportRegime& regime, const catalog::ChipSpec& chip, const ClassifyRequest& q) {
  if (regime.issuer == "US") return chip.origin == "US";
  return chip.origin != regime.issuer && q.destinations->treated_country(q.destination) == regime.issuer;
}

std::vector<ChipVerdicts> classify_all(const ClassifyRequest& q) {
  std::vector<ChipVerdicts> out;
  for (const auto* chip : q.chips) {
    ChipVerdicts cv{chip, {}, {}};
    for (const auto* regime : q.regimes) {
      cv.verdicts.push_back(rules::classify_chip(*regime, *chip, q.destination, *q.destinations));
      cv.binds.push_back(regime_binds(*regime, *chip, q));
    }
    out.push_back(std::move(cv));
  }
  return out;
}

std::string destination_text(const ClassifyRequest& q) {
  const std::string treated = q.destinations->treated_country(q.destination);
  auto groups = q.destinations->groups_of(treated);
  std::string s = q.destination;
  std::string detail = treated != q.destination ? "treated as " + treated : "";
  if (!groups.empty()) {
    std::string g;
    for (const auto& id : groups) g += (g.empty() ? "" : ", ") + id;
    detail += (detail.empty() ? "in " : "; in ") + g;
  } else {
    detail += (detail.empty() ? "" : "; ") + std::string("in no destination group");
  }
  return s + " (" + detail + ")";
}

std::string render_table(const ClassifyRequest& q, const std::vector<ChipVerdicts>& all) {
  TextTable t({"chip", "TPP", "PD", "HBM TB/s", "I/O GB/s", "regime", "outcome", "rule", "fee", "cap"},
              {false, true, true, true, true, false, false, false, true, true});
  for (const auto& cv : all) {
    const auto& m = cv.verdicts.empty() ? rules::chip_metrics(*cv.chip) : cv.verdicts.front().metrics;
    for (std::size_t i = 0; i < cv.verdicts.size(); ++i) {
      const Verdict& v = cv.verdicts[i];
      const bool first = i == 0;  // the chip and its metrics head its block of rows
      t.add({first ? cv.chip->id : "", first ? known(m.tpp, 1, 0) : "", first ? known(m.performance_density, 1, 2) : "",
             first ? known(m.hbm_bytes_per_s, 1e12, 2) : "", first ? known(m.interconnect_bidir_bytes_per_s, 1e9, 0) : "",
             v.regime_id, outcome_text(v) + (cv.binds[i] ? "" : "*"), rule_text(v), percent(v.fee_share()), percent(v.volume_cap())});
    }
  }
  std::string out = "Export-control verdicts for exports to " + destination_text(q) + "\n\n" + t.str();
  out += "\nTPP = dense tera-ops/s x bit length, max over precisions; PD = TPP / logic-die mm2 (unknown: no published\n"
         "die area); I/O = bidirectional chip-to-chip bandwidth (2 x the catalog's per-direction scale-up).\n"
         "Outcomes: allowed = no licence; notify = allowed after a notification (NAC/ACA); licence = licence\n"
         "needed; denied = prohibited or presumption of denial. fee = share of revenue or tariff paid to the US;\n"
         "cap = shipments capped at this share of US volume. The first matching rule decides; '-' = none matched.\n"
         "* hypothetical: the rule does not bind this chip. US export rules bind US-origin chips, so for others\n"
         "  (e.g. Huawei Ascend) the verdict is what the rule would say of a US chip with the same numbers; an\n"
         "  importing country's rules bind chips of other origins entering it.\n\n";
  TextTable regimes({"regime", "effective", "instrument"});
  for (const auto* r : q.regimes) {
    std::string when = r->effective ? r->effective->str() : "counterfactual";
    if (r->rescinded) when += ", rescinded " + r->rescinded->str();
    regimes.add({r->id, when, r->citation.empty() ? r->title : r->citation});
  }
  out += regimes.str();
  if (q.destinations->groups_of(q.destinations->treated_country(q.destination)).empty()) {
    out += "\nnote: " + q.destination + " is in no destination group of destinations.yaml (the EAR country groups as of\n"
           "July 2026): only rules naming it, or \"*\", apply to it.\n";
  }
  return out + "\nRule titles and sources: flopcast classify --format json. Rule language: docs/rules.md.\n";
}

std::string render_csv(const ClassifyRequest& q, const std::vector<ChipVerdicts>& all) {
  std::string out = "chip,regime,destination,tpp,performance_density,hbm_bandwidth_bytes_per_s,"
                    "interconnect_bidirectional_bytes_per_s,outcome,rule,rule_defined_in,fee_share,volume_cap,"
                    "approval_probability,metrics_used,unknown_metrics,source\n";
  for (const auto& cv : all) {
    for (const Verdict& v : cv.verdicts) {
      const auto& m = v.metrics;
      const rules::Rule* r = v.rule;
      out += cv.chip->id + "," + v.regime_id + "," + q.destination + "," + num(m.tpp) + "," + num(m.performance_density) + "," +
             num(m.hbm_bytes_per_s) + "," + num(m.interconnect_bidir_bytes_per_s) + "," + outcome_text(v) + "," + (r ? r->id : "") + "," +
             (r ? r->defined_in : "") + "," + num(v.fee_share()) + "," + num(v.volume_cap()) + "," +
             num(r ? r->approval_probability : std::nullopt) + "," + joined(v.metrics_used, ";") + "," + joined(v.unknown_metrics, ";") +
             "," + csv_cell(r ? r->provenance.source : "") + "\n";
    }
  }
  return out;
}

void optional_value(JsonWriter& w, std::string_view key, const std::optional<double>& v) { v ? w.value(key, *v) : w.null(key); }

void metric_array(JsonWriter& w, std::string_view key, const std::vector<rules::Metric>& ms) {
  w.begin_array(key);
  for (auto m : ms) w.value("", token(m));
  w.end_array();
}

void write_verdict(JsonWriter& w, const Verdict& v, bool binds) {
  w.begin_object().value("regime", v.regime_id).value("determined", v.determined).value("binds", binds);
  v.determined ? w.value("outcome", token(v.outcome)) : w.null("outcome");
  if (const rules::Rule* r = v.rule) {
    w.value("rule", r->id).value("rule_title", r->title).value("rule_defined_in", r->defined_in);
    optional_value(w, "approval_probability", r->approval_probability);
    optional_value(w, "fee_share", r->fee_share);
    optional_value(w, "volume_cap", r->volume_cap);
    w.value("source", r->provenance.source);
  } else {
    w.null("rule");
  }
  metric_array(w, "metrics_used", v.metrics_used);
  metric_array(w, "unknown_metrics", v.unknown_metrics);
  w.end_object();
}

std::string render_json(const ClassifyRequest& q, const std::vector<ChipVerdicts>& all) {
  JsonWriter w;
  w.begin_object().value("destination", q.destination).value("treated_as", q.destinations->treated_country(q.destination));
  w.begin_array("regimes");
  for (const auto* r : q.regimes) {
    w.begin_object().value("id", r->id).value("title", r->title);
    r->effective ? w.value("effective", r->effective->str()) : w.null("effective");
    r->rescinded ? w.value("rescinded", r->rescinded->str()) : w.null("rescinded");
    w.value("citation", r->citation).value("base", r->base).end_object();
  }
  w.end_array().begin_array("chips");
  for (const auto& cv : all) {
    const auto m = rules::chip_metrics(*cv.chip);
    w.begin_object().value("id", cv.chip->id);
    optional_value(w, "tpp", m.tpp);
    optional_value(w, "performance_density", m.performance_density);
    optional_value(w, "hbm_bandwidth_bytes_per_s", m.hbm_bytes_per_s);
    optional_value(w, "interconnect_bidirectional_bytes_per_s", m.interconnect_bidir_bytes_per_s);
    w.value("datacenter", cv.chip->datacenter).begin_array("verdicts");
    for (std::size_t i = 0; i < cv.verdicts.size(); ++i) write_verdict(w, cv.verdicts[i], cv.binds[i]);
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.str();
}

}  // namespace

std::string list_verdicts(const ClassifyRequest& q, const std::string& format) {
  const auto all = classify_all(q);
  if (format == "csv") return render_csv(q, all);
  if (format == "json") return render_json(q, all);
  return render_table(q, all);
}

}  // namespace flopcast::cli
