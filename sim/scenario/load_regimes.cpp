// Loading export-control regimes: the shipped directory (destinations.yaml and one regime per
// file) and any user directories beside it, in three passes over all their files (scalar keys,
// base: links, then conditions and rules base-first), so a regime may use the named conditions
// of its base whatever the file or directory order. A file with errors is reported where it is
// wrong and left out with the regimes built on it; the others load (docs/rules.md).
#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "bind_regime.hpp"
#include "flopcast/core/suggest.hpp"
#include "flopcast/scenario/load.hpp"
#include "yaml_document.hpp"

namespace flopcast::scenario {
namespace fs = std::filesystem;

namespace {

using core::ErrorCode;

constexpr const char* kDestinationsFile = "destinations.yaml";

struct RegimeFile {
  std::string path;
  YAML::Node root;
  rules::ExportRegime regime;  ///< own rules only until inheritance
  std::unordered_map<std::string, ConditionPtr> named;  ///< own named conditions, by name; null if it had errors
  std::vector<std::string> named_order;                  ///< their names in file order, for suggestions
  int base = -1;               ///< index of the base regime
  bool complete = false;       ///< rules include the base's
  bool broken = false;         ///< the file, or a regime it builds on, has errors: it is left out
};

/// A top-level value of a regime file, looked up without yaml-cpp's inserting non-const operator[].
YAML::Node top_value(const RegimeFile& f, const char* key) { return f.root[key]; }

core::Diagnostic file_diagnostic(ErrorCode code, const std::string& file, std::string message, std::string hint) {
  core::Diagnostic d;
  d.code = code;
  d.location.file = file;
  d.message = std::move(message);
  d.hint = std::move(hint);
  return d;
}

std::vector<std::string> regime_files_in(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".yaml" && e.path().filename() != kDestinationsFile) {
      out.push_back(e.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Pass 1: the regime's own scalar keys.
std::optional<RegimeFile> read_header(const std::string& path, core::DiagnosticSink& sink) {
  auto root = parse_yaml_file(path, sink);
  if (!root) return std::nullopt;
  YamlReader r(path, sink);
  auto top = r.map(*root, "", regime_file_section());
  if (!top) return std::nullopt;
  const std::size_t errors = sink.count();
  RegimeFile f;
  f.path = path;
  f.root = *root;
  auto& g = f.regime;
  g.id = fs::path(path).stem().string();
  g.defined_at = {path, 0, 0, 1};
  r.read(*top, "title", g.title);
  r.read(*top, "effective", g.effective);
  r.read(*top, "rescinded", g.rescinded);
  r.read(*top, "citation", g.citation);
  r.read(*top, "notes", g.notes);
  r.read(*top, "base", g.base);
  if (top->has("issuer") && r.read(*top, "issuer", g.issuer) && !rules::is_country_code(g.issuer)) {
    r.report(ErrorCode::invalid_value, top->value_node("issuer"), "issuer", "issuer: expected a two-letter country code, found \"" + g.issuer + "\"",
             "US for US export rules; the importing country's code (CN) for its import rules");
    g.issuer = "US";
  }
  if (g.effective && g.rescinded && !(*g.effective < *g.rescinded)) {
    r.report(r.make(ErrorCode::invalid_value, top->value_node("rescinded"), "rescinded",
                    "rescinded (" + g.rescinded->str() + ") must come after effective (" + g.effective->str() + ")"));
  }
  f.broken = sink.count() != errors;
  return f;
}

/// Reads every regime file of `dir`. A user directory (not the first) holds regimes only, and
/// none may be named like a regime already read: the regime a scenario names must be one file.
void read_directory(const std::string& dir, bool shipped, std::vector<RegimeFile>& files,
                    std::unordered_map<std::string, std::size_t>& by_id, core::DiagnosticSink& sink) {
  std::error_code ec;
  if (!shipped && fs::exists(fs::path(dir) / kDestinationsFile, ec)) {
    sink.add(file_diagnostic(ErrorCode::invalid_value, (fs::path(dir) / kDestinationsFile).string(),
                             "a directory of your own regimes cannot hold destinations.yaml",
                             "destination groups come from the shipped regimes directory; remove the file or move it elsewhere"));
  }
  const auto paths = regime_files_in(dir);
  if (!shipped && paths.empty()) {
    // Most likely the wrong directory: nothing would be added, and nothing would say so.
    sink.add(file_diagnostic(ErrorCode::file_not_found, dir, "no regime files (*.yaml) in this directory",
                             "check the path of --regimes-dir or regimes_dir:; a regime is a file <id>.yaml (docs/rules.md)"));
    return;
  }
  for (const auto& path : paths) {
    if (files.size() >= kMaxRegimeFiles) {
      sink.add(file_diagnostic(ErrorCode::too_large, dir, "more than " + std::to_string(kMaxRegimeFiles) + " regime files",
                               "keep the regimes you use in a directory of their own"));
      return;
    }
    auto f = read_header(path, sink);
    if (!f) continue;
    if (const auto it = by_id.find(f->regime.id); it != by_id.end()) {
      auto d = file_diagnostic(ErrorCode::duplicate_key, path, "regime '" + f->regime.id + "' is already defined",
                               "rename this file: a regime is named after its file, and a scenario must name exactly one");
      core::DiagnosticNote first;
      first.location.file = files[it->second].path;
      first.text = "the regime '" + f->regime.id + "' defined first";
      d.notes.push_back(std::move(first));
      sink.add(std::move(d));
      continue;
    }
    by_id.emplace(f->regime.id, files.size());
    files.push_back(std::move(*f));
  }
}

/// Pass 2: resolve base: names, and refuse loops (reported once, at the regime that closes it)
/// and chains deeper than kMaxRegimeBaseDepth.
void link_bases(std::vector<RegimeFile>& files, const std::unordered_map<std::string, std::size_t>& by_id, core::DiagnosticSink& sink) {
  for (auto& f : files) {
    if (f.regime.base.empty()) continue;
    const auto it = by_id.find(f.regime.base);
    if (it == by_id.end()) {
      std::vector<std::string> ids;
      for (const auto& g : files) ids.push_back(g.regime.id);
      YamlReader r(f.path, sink);
      auto d = r.make(ErrorCode::unknown_reference, top_value(f, "base"), "base", "unknown regime '" + f.regime.base + "'");
      d.suggestions = core::suggest_closest(f.regime.base, ids);
      d.candidates = ids;
      d.hint = "base: names a shipped regime or another file of these directories, without .yaml";
      r.report(std::move(d));
      f.broken = true;
      continue;
    }
    f.base = static_cast<int>(it->second);
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    int at = files[i].base;
    std::size_t steps = 0;
    while (at >= 0 && at != static_cast<int>(i) && steps <= kMaxRegimeBaseDepth) at = files[static_cast<std::size_t>(at)].base, ++steps;
    if (at < 0) continue;
    YamlReader r(files[i].path, sink);
    std::string text;
    if (at == static_cast<int>(i)) {
      text = "the chain of bases loops: " + files[i].regime.id;
      for (int k = files[i].base;; k = files[static_cast<std::size_t>(k)].base) {
        text += " -> " + files[static_cast<std::size_t>(k)].regime.id;
        if (k == static_cast<int>(i)) break;
      }
    } else {
      text = "the chain of bases is more than " + std::to_string(kMaxRegimeBaseDepth) + " regimes deep";
    }
    // A loop is a mistake in the files; a chain past the limit is a resource bound (too-large).
    r.report(at == static_cast<int>(i) ? ErrorCode::invalid_value : ErrorCode::too_large, top_value(files[i], "base"), "base", text,
             at == static_cast<int>(i) ? "a regime cannot build on itself" : "build on a regime nearer the start of the chain");
    files[i].base = -1;
    files[i].broken = true;
  }
}

const RegimeFile* base_of(const RegimeFile& f, const std::vector<RegimeFile>& files) {
  return f.base >= 0 ? &files[static_cast<std::size_t>(f.base)] : nullptr;
}

/// meets: sees the named conditions bound so far in this file (those above it), then the base
/// chain's. Nothing can refer to itself or to a later name, so named conditions cannot loop.
/// Lookups are by hash, so a file of n named conditions binds in time linear in n.
ConditionScope scope_for(const RegimeFile& f, const std::vector<RegimeFile>& files, const catalog::Catalog& chips) {
  ConditionScope scope;
  scope.chips = &chips;
  scope.find_named = [&f, &files](const std::string& name) -> const ConditionPtr* {
    for (const RegimeFile* g = &f; g; g = base_of(*g, files)) {
      if (const auto it = g->named.find(name); it != g->named.end()) return &it->second;
    }
    return nullptr;
  };
  scope.visible_names = [&f, &files] {
    std::vector<std::string> out;
    for (const RegimeFile* g = &f; g; g = base_of(*g, files)) {
      for (const auto& name : g->named_order) {
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
      }
    }
    return out;
  };
  return scope;
}

/// The rules every regime holds together, counting those copied from bases, against kMaxRegimeRules.
struct RuleBudget {
  std::size_t used = 0;
  bool reported = false;
};

/// Pass 3, base first: bind the named conditions and rules of regime `i`, then append its
/// base's complete rule list (the first match decides, so a later regime's own rules take
/// precedence over the ones it builds on). A regime built on a broken one is left out quietly:
/// the base's errors are what to fix.
void complete_regime(std::size_t i, std::vector<RegimeFile>& files, const catalog::Catalog& chips,
                     const rules::DestinationTable& destinations, RuleBudget& budget, core::DiagnosticSink& sink) {
  RegimeFile& f = files[i];
  if (f.complete) return;
  f.complete = true;
  if (f.base >= 0) complete_regime(static_cast<std::size_t>(f.base), files, chips, destinations, budget, sink);
  if (f.broken || (base_of(f, files) && base_of(f, files)->broken)) {
    f.broken = true;
    return;
  }
  const std::size_t errors = sink.count();
  YamlReader r(f.path, sink);
  const ConditionScope scope = scope_for(f, files, chips);
  if (const YAML::Node named = top_value(f, "conditions"); named.IsDefined()) {
    for (const auto& entry : r.id_map(named, "conditions")) {
      // A condition with errors is kept as null: a meets: naming it fails without a second message.
      auto c = bind_condition(r, entry.value, "conditions." + entry.key, scope);
      if (f.named.emplace(entry.key, c ? named_condition(std::move(c), entry.key) : nullptr).second) f.named_order.push_back(entry.key);
    }
  }
  if (const YAML::Node list = top_value(f, "rules"); list.IsDefined()) {  // a missing rules: is already reported
    if (auto items = r.list(list, "rules", "rules")) {
      for (std::size_t k = 0; k < items->size(); ++k) {
        auto rule = bind_rule(r, (*items)[k], "rules[" + std::to_string(k) + "]", scope, destinations);
        if (!rule) continue;
        rule->defined_in = f.regime.id;
        f.regime.rules.push_back(std::move(*rule));
      }
    }
  }
  if (const YAML::Node controls = top_value(f, "supply_controls"); controls.IsDefined()) {
    bind_regime_supply_controls(r, controls, destinations, f.regime);
  }
  const RegimeFile* b = base_of(f, files);
  budget.used += f.regime.rules.size() + (b ? b->regime.rules.size() : 0);
  if (budget.used > kMaxRegimeRules) {
    if (!budget.reported) {
      sink.add(file_diagnostic(ErrorCode::too_large, f.path,
                               "the regimes hold more than " + std::to_string(kMaxRegimeRules) + " rules, counting those inherited through base:",
                               "keep the regimes you use in a directory of their own, or build fewer regimes on a large one"));
    }
    budget.reported = true;
    f.broken = true;
    return;
  }
  if (b) {
    f.regime.rules.insert(f.regime.rules.end(), b->regime.rules.begin(), b->regime.rules.end());
    f.regime.supply_controls.insert(f.regime.supply_controls.end(), b->regime.supply_controls.begin(), b->regime.supply_controls.end());
  }
  f.broken = sink.count() != errors;
}

}  // namespace

RegimeLoad load_regimes_dirs(const std::vector<std::string>& dirs, const catalog::Catalog& chips) {
  RegimeLoad out;
  out.dirs = dirs;
  core::DiagnosticSink sink;
  std::vector<RegimeFile> files;
  std::unordered_map<std::string, std::size_t> by_id;
  for (std::size_t k = 0; k < dirs.size(); ++k) {
    std::error_code ec;
    if (!fs::is_directory(dirs[k], ec)) {
      sink.add(file_diagnostic(ErrorCode::file_not_found, dirs[k], "no export-control regimes directory here",
                               k == 0 ? "pass --regimes DIR, pointing at flopcast's scenarios/regimes directory"
                                      : "check the path of --regimes-dir or regimes_dir:, a directory of regime files"));
      continue;
    }
    if (k == 0) {
      const std::string destinations_path = (fs::path(dirs[k]) / kDestinationsFile).string();
      if (auto root = parse_yaml_file(destinations_path, sink)) {
        YamlReader r(destinations_path, sink);
        bind_destinations(r, *root, out.destinations);
      }
    }
    read_directory(dirs[k], k == 0, files, by_id, sink);
  }
  link_bases(files, by_id, sink);
  RuleBudget budget;
  for (std::size_t i = 0; i < files.size(); ++i) complete_regime(i, files, chips, out.destinations, budget, sink);
  for (auto& f : files) {
    if (!f.broken) out.regimes.push_back(std::move(f.regime));
  }
  // Counterfactuals (no effective month) first, then by date; ties by id.
  std::stable_sort(out.regimes.begin(), out.regimes.end(), [](const rules::ExportRegime& a, const rules::ExportRegime& b) {
    const int ka = a.effective ? a.effective->index() : -1;
    const int kb = b.effective ? b.effective->index() : -1;
    return ka != kb ? ka < kb : a.id < b.id;
  });
  out.diagnostics = sink.sorted();
  return out;
}

RegimeLoad load_regimes_dir(const std::string& dir, const catalog::Catalog& chips) { return load_regimes_dirs({dir}, chips); }

std::string default_regimes_dir(const std::string& catalog_dir) {
  fs::path catalog = fs::path(catalog_dir).lexically_normal();
  if (!catalog.has_filename()) catalog = catalog.parent_path();  // "scenarios/catalog/"
  return (catalog.parent_path() / "regimes").string();
}

}  // namespace flopcast::scenario
