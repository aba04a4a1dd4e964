// Loading the export-control regimes directory: destinations.yaml first, then one regime per
// file in three passes (scalar keys, base: links, then conditions and rules base-first), so a
// regime may use the named conditions of its base whatever the file order.
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
};

/// A top-level value of a regime file, looked up without yaml-cpp's inserting non-const operator[].
YAML::Node top_value(const RegimeFile& f, const char* key) { return f.root[key]; }

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
  if (g.effective && g.rescinded && !(*g.effective < *g.rescinded)) {
    r.report(r.make(ErrorCode::invalid_value, top->get("rescinded")->value, "rescinded",
                    "rescinded (" + g.rescinded->str() + ") must come after effective (" + g.effective->str() + ")"));
  }
  return f;
}

/// Pass 2: resolve base: names and break loops (reported once, at the regime that closes it).
void link_bases(std::vector<RegimeFile>& files, core::DiagnosticSink& sink) {
  std::vector<std::string> ids;
  for (const auto& f : files) ids.push_back(f.regime.id);
  for (auto& f : files) {
    if (f.regime.base.empty()) continue;
    const auto it = std::find(ids.begin(), ids.end(), f.regime.base);
    YamlReader r(f.path, sink);
    const YAML::Node at = top_value(f, "base");
    if (it == ids.end()) {
      auto d = r.make(ErrorCode::unknown_reference, at, "base", "unknown regime '" + f.regime.base + "'");
      d.suggestions = core::suggest_closest(f.regime.base, ids);
      d.candidates = ids;
      d.hint = "base: names another file of this directory without .yaml";
      r.report(std::move(d));
      continue;
    }
    f.base = static_cast<int>(it - ids.begin());
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::string chain = files[i].regime.id;
    int at = files[i].base;
    for (std::size_t steps = 0; at >= 0 && steps < files.size(); ++steps) {
      chain += " -> " + files[static_cast<std::size_t>(at)].regime.id;
      if (at == static_cast<int>(i)) {
        YamlReader r(files[i].path, sink);
        auto d = r.make(ErrorCode::invalid_value, top_value(files[i], "base"), "base", "base: chain loops: " + chain);
        d.hint = "a regime cannot build on itself";
        r.report(std::move(d));
        files[i].base = -1;
        break;
      }
      at = files[static_cast<std::size_t>(at)].base;
    }
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

/// Pass 3, base first: bind the named conditions and rules of regime `i`, then append its
/// base's complete rule list (the first match decides, so a later regime's own rules take
/// precedence over the ones it builds on).
void complete_regime(std::size_t i, std::vector<RegimeFile>& files, const catalog::Catalog& chips,
                     const rules::DestinationTable& destinations, core::DiagnosticSink& sink) {
  RegimeFile& f = files[i];
  if (f.complete) return;
  f.complete = true;
  if (f.base >= 0) complete_regime(static_cast<std::size_t>(f.base), files, chips, destinations, sink);
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
  if (const RegimeFile* b = base_of(f, files)) f.regime.rules.insert(f.regime.rules.end(), b->regime.rules.begin(), b->regime.rules.end());
}

}  // namespace

RegimeLoad load_regimes_dir(const std::string& dir, const catalog::Catalog& chips) {
  RegimeLoad out;
  core::DiagnosticSink sink;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    core::Diagnostic d;
    d.code = ErrorCode::file_not_found;
    d.location.file = dir;
    d.message = "no export-control regimes directory here";
    d.hint = "pass --regimes DIR, pointing at flopcast's scenarios/regimes directory";
    sink.add(std::move(d));
    out.diagnostics = sink.sorted();
    return out;
  }
  const std::string destinations_path = (fs::path(dir) / kDestinationsFile).string();
  if (auto root = parse_yaml_file(destinations_path, sink)) {
    YamlReader r(destinations_path, sink);
    bind_destinations(r, *root, out.destinations);
  }
  std::vector<RegimeFile> files;
  for (const auto& path : regime_files_in(dir)) {
    if (auto f = read_header(path, sink)) files.push_back(std::move(*f));
  }
  link_bases(files, sink);
  for (std::size_t i = 0; i < files.size(); ++i) complete_regime(i, files, chips, out.destinations, sink);
  for (auto& f : files) out.regimes.push_back(std::move(f.regime));
  // Counterfactuals (no effective month) first, then by date; ties by id.
  std::stable_sort(out.regimes.begin(), out.regimes.end(), [](const rules::ExportRegime& a, const rules::ExportRegime& b) {
    const int ka = a.effective ? a.effective->index() : -1;
    const int kb = b.effective ? b.effective->index() : -1;
    return ka != kb ? ka < kb : a.id < b.id;
  });
  out.diagnostics = sink.sorted();
  return out;
}

std::string default_regimes_dir(const std::string& catalog_dir) {
  fs::path catalog = fs::path(catalog_dir).lexically_normal();
  if (!catalog.has_filename()) catalog = catalog.parent_path();  // "scenarios/catalog/"
  return (catalog.parent_path() / "regimes").string();
}

}  // namespace flopcast::scenario
