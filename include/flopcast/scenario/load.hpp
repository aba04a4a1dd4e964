// Loading scenario and catalog files: path -> bound Scenario, or located diagnostics.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flopcast/catalog/bibliography.hpp"
#include "flopcast/catalog/catalog.hpp"
#include "flopcast/core/diagnostic.hpp"
#include "flopcast/engine/mix_spec.hpp"
#include "flopcast/engine/scenario.hpp"
#include "flopcast/engine/size_spec.hpp"
#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/rules/export_regime.hpp"

namespace flopcast::scenario {

struct CatalogLoad {
  catalog::Catalog catalog;
  std::vector<core::Diagnostic> diagnostics;  ///< empty when every file loaded cleanly
};

/// Loads every *.yaml under `dir`/chips and `dir`/models (sorted by file name, so the order is
/// the same on every machine).
CatalogLoad load_catalog_dir(const std::string& dir);

struct BibliographyLoad {
  catalog::Bibliography bibliography;
  std::vector<core::Diagnostic> diagnostics;  ///< empty when the file loaded cleanly
};

/// Loads the bibliography (scenarios/catalog/sources.yaml): KEY -> author, title, date, url
/// (+ via, notes), sorted by key. Never throws on bad input.
BibliographyLoad load_bibliography(const std::string& path);

/// Where the bibliography is: sources.yaml in the catalog directory.
std::string default_bibliography_path(const std::string& catalog_dir);

struct RegimeLoad;

struct ScenarioLoad {
  std::optional<engine::Scenario> scenario;
  /// With regimes_dir: the regimes the scenario was bound against (the given ones and its own).
  std::shared_ptr<const RegimeLoad> own_regimes;
  engine::SweepSpec sweep;  ///< empty() when the scenario has no sweep: or uncertain: section
  std::vector<engine::SizeProblem> sizing;  ///< the size: section (flopcast size), one problem per varied parameter
  std::optional<engine::MixSpec> buy;       ///< the buy: section (flopcast mix)
  std::vector<core::Diagnostic> diagnostics;  ///< sorted by file, line, column
};

/// Loads and binds a scenario against the built-in catalog. Never throws on bad input.
/// `regimes` resolves a regime_timeline: (a scenario that has one fails to load without them).
ScenarioLoad load_scenario(const std::string& path, const catalog::Catalog& builtins, const struct RegimeLoad* regimes = nullptr);

/// Same as load_scenario, for scenario text already in memory; `name` stands for the file in
/// diagnostics and in Scenario::source_file. The same size, NUL and nesting limits apply.
ScenarioLoad load_scenario_text(const std::string& text, const std::string& name, const catalog::Catalog& builtins);

struct RegimeLoad {
  std::vector<rules::ExportRegime> regimes;  ///< by effective month (counterfactuals first), then id
  rules::DestinationTable destinations;
  std::vector<core::Diagnostic> diagnostics;  ///< empty when every file loaded cleanly
  std::vector<std::string> dirs;              ///< the directories loaded: the shipped one first, then the user's
};

/// The most chips, models or modes one scenario file defines (each; docs/reliability.md).
inline constexpr std::size_t kMaxScenarioEntries = 1'000;

/// Limits on what regime files can make flopcast build (docs/reliability.md, Resource limits).
inline constexpr std::size_t kMaxRegimeFiles = 1'000;       ///< regime files in all directories together
inline constexpr std::size_t kMaxRegimeBaseDepth = 64;      ///< regimes in one base: chain
inline constexpr std::size_t kMaxRegimeRules = 100'000;     ///< rules of all regimes, counting inherited ones

/// Loads `dir`/destinations.yaml and every other `dir`/*.yaml as one export-control regime
/// named after its file (docs/rules.md). Named chips are checked against `chips`; base: chains
/// are resolved so each regime's rules list is complete. Never throws on bad input. A file with
/// errors is reported and left out, with every regime built on it; the others load.
RegimeLoad load_regimes_dir(const std::string& dir, const catalog::Catalog& chips);

/// Loads the shipped directory `dirs[0]` and, beside it, the user's directories `dirs[1..]`
/// (regime files only; their regimes may build on shipped ones). A regime named like one
/// already loaded is a located duplicate-key error.
RegimeLoad load_regimes_dirs(const std::vector<std::string>& dirs, const catalog::Catalog& chips);

/// Where the regime files are: the `regimes` directory beside the catalog directory
/// (scenarios/regimes in the source tree, <prefix>/share/flopcast/regimes when installed).
std::string default_regimes_dir(const std::string& catalog_dir);

/// Every number of a results.json, as (dotted path, value); array items are named by their
/// "name" (and "chip") fields so rows match across runs.
struct ResultsNumbers {
  std::vector<std::pair<std::string, double>> numbers;
  std::vector<core::Diagnostic> diagnostics;
};
ResultsNumbers load_results_numbers(const std::string& path);

/// The JSON Schema (draft 2020-12) of scenario files, generated from the key table.
std::string scenario_json_schema();
/// docs/scenario-keys.md: every key of a scenario file, section by section, with its type, whether
/// it is required and its meaning, generated from the same key table.
std::string scenario_key_reference();

/// Where the built-in catalog is: $FLOPCAST_CATALOG, else next to the installed binary
/// (`<prefix>/share/flopcast/catalog`), else the source tree this binary was built from.
std::string default_catalog_dir(const std::string& executable_path);

}  // namespace flopcast::scenario
