// flopcast classify: which export-control rule decides for each chip, under each regime, for one
// destination. Regimes are data (scenarios/regimes/*.yaml); see docs/rules.md.
#include <boost/program_options.hpp>
#include <cctype>
#include <iostream>

#include "classify_listing.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "flopcast/core/suggest.hpp"
#include "flopcast/scenario/load.hpp"

namespace po = boost::program_options;

namespace flopcast::cli {
namespace {

constexpr const char* kUsage = R"(Usage: flopcast classify [--regime NAME[,NAME...]] [--chips ID[,ID...]] [--destination CODE]
                         [--format table|csv|json] [--regimes DIR]

Classifies catalog chips under US export-control regimes for one destination country. For each
chip it shows TPP, performance density (PD), HBM bandwidth and bidirectional chip-to-chip I/O, and
for each regime the outcome (allowed, notify, licence, denied) and the rule that decided it, with
any fee and volume cap. Rules are evaluated in order; the first one that matches decides.
Defaults: every regime in the regimes directory, every catalog chip, destination CN.

Examples:
  flopcast classify
  flopcast classify --regime oct2023,jan2026-h200 --chips h20,h200,b200
  flopcast classify --regime jan2025-diffusion --destination FR --format json

)";

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text + ",") {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  return out;
}

/// Reports an unknown name with the closest matches; returns false so callers can exit 2.
bool report_unknown(const std::string& option, const std::string& what, const std::string& name, const std::vector<std::string>& known) {
  report_unknown_name("classify", option, what, name, known);
  return false;
}

bool select_regimes(const std::string& text, const std::vector<rules::ExportRegime>& loaded, std::vector<const rules::ExportRegime*>& out) {
  std::vector<std::string> ids;
  for (const auto& r : loaded) ids.push_back(r.id);
  if (text.empty()) {
    for (const auto& r : loaded) out.push_back(&r);
    return true;
  }
  for (const auto& name : split_list(text)) {
    const auto it = std::find_if(loaded.begin(), loaded.end(), [&](const auto& r) { return r.id == name; });
    if (it == loaded.end()) return report_unknown("--regime", "regime", name, ids);
    out.push_back(&*it);
  }
  return true;
}

bool select_chips(const std::string& text, const catalog::Catalog& c, std::vector<const catalog::ChipSpec*>& out) {
  if (text.empty()) {
    for (const auto& chip : c.chips()) out.push_back(&chip);
    return true;
  }
  for (const auto& id : split_list(text)) {
    const auto* chip = c.find_chip(id);
    if (!chip) return report_unknown("--chips", "chip", id, c.chip_ids());
    out.push_back(chip);
  }
  return true;
}

}  // namespace

int cmd_classify(const Args& args, const GlobalOptions& g) {
  std::string regime_names, chip_ids, destination = "CN", format = "table", regimes_dir;
  po::options_description opts("flopcast classify options");
  opts.add_options()
      ("help,h", "show this help")
      ("regime,r", po::value(&regime_names)->value_name("NAME[,NAME...]"), "regimes to apply, in this order (default: all)")
      ("chips,c", po::value(&chip_ids)->value_name("ID[,ID...]"), "catalog chips to classify (default: all)")
      ("destination,d", po::value(&destination)->value_name("CODE"), "destination country, ISO 3166 alpha-2 (default CN)")
      ("format,f", po::value(&format)->value_name("table|csv|json"), "output format (default table)")
      ("regimes", po::value(&regimes_dir)->value_name("DIR"), "the regimes directory instead of the shipped one (default: 'regimes' beside the catalog); --regimes-dir adds one beside it");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << kUsage << opts << "\n";
    return exit_ok;
  }
  if (format != "table" && format != "csv" && format != "json") {
    std::cerr << "flopcast classify: --format must be table, csv or json, not '" << format << "'\n";
    return exit_bad_input;
  }
  for (auto& ch : destination) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (!rules::is_country_code(destination)) {
    std::cerr << "flopcast classify: --destination must be a two-letter country code such as CN, not '" << destination << "'\n";
    return exit_bad_input;
  }
  auto builtins = load_builtin_catalog(g);
  if (!builtins) return exit_bad_input;
  if (regimes_dir.empty()) regimes_dir = scenario::default_regimes_dir(builtin_catalog_dir(g));
  std::vector<std::string> dirs{regimes_dir};
  dirs.insert(dirs.end(), g.regime_dirs.begin(), g.regime_dirs.end());
  const auto loaded = scenario::load_regimes_dirs(dirs, *builtins);
  if (!loaded.diagnostics.empty()) {
    std::cerr << "flopcast: the export-control regimes in " << regimes_dir << " have errors:\n";
    print_diagnostics(std::cerr, loaded.diagnostics, g.error_format);
    return exit_bad_input;
  }
  ClassifyRequest q;
  q.destination = destination;
  q.destinations = &loaded.destinations;
  if (!select_regimes(regime_names, loaded.regimes, q.regimes) || !select_chips(chip_ids, *builtins, q.chips)) return exit_bad_input;
  std::cout << list_verdicts(q, format);
  return exit_ok;
}

}  // namespace flopcast::cli
