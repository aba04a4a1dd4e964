// Entry points of the scenario module: load a catalog directory, load a scenario file.
#include "flopcast/scenario/load.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "bind_entries.hpp"
#include "bind_scenario.hpp"
#include "check_metrics.hpp"
#include "yaml_document.hpp"

namespace flopcast::scenario {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> yaml_files_in(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".yaml") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void load_catalog_file(const std::string& path, catalog::Catalog& into, core::DiagnosticSink& sink) {
  auto root = parse_yaml_file(path, sink);
  if (!root) return;
  YamlReader r(path, sink);
  auto top = r.map(*root, "", catalog_file_section());
  if (!top) return;
  const catalog::Catalog none;
  if (const MapEntry* e = top->get("chips")) bind_chips(r, e->value, "chips", EntryOrigin::builtin_catalog, none, into);
  if (const MapEntry* e = top->get("models")) bind_models(r, e->value, "models", EntryOrigin::builtin_catalog, none, into);
  if (const MapEntry* e = top->get("modes")) bind_modes(r, e->value, "modes", EntryOrigin::builtin_catalog, none, into);
}

}  // namespace

CatalogLoad load_catalog_dir(const std::string& dir) {
  CatalogLoad out;
  core::DiagnosticSink sink;
  std::vector<std::string> files;
  for (const char* sub : {"chips", "models", "modes"}) {
    auto f = yaml_files_in(fs::path(dir) / sub);
    files.insert(files.end(), f.begin(), f.end());
  }
  if (files.empty()) {
    core::Diagnostic d;
    d.code = core::ErrorCode::file_not_found;
    d.location.file = dir;
    d.message = "no catalog files (chips/*.yaml, models/*.yaml) in this directory";
    d.hint = "pass --catalog DIR or set FLOPCAST_CATALOG to flopcast's scenarios/catalog directory";
    sink.add(std::move(d));
  }
  for (const auto& f : files) load_catalog_file(f, out.catalog, sink);
  std::error_code ec;
  if (const auto cal = fs::path(dir) / "calibration.yaml"; fs::is_regular_file(cal, ec)) bind_calibration_file(cal.string(), out.catalog, sink);
  if (const auto err = fs::path(dir) / "model-error.yaml"; fs::is_regular_file(err, ec)) bind_model_error_file(err.string(), out.catalog, sink);
  out.diagnostics = sink.sorted();
  return out;
}

namespace {

/// The regimes a scenario binds against: `regimes`, plus its own regimes_dir: if it names one
/// (relative to the scenario file). Nothing if that directory or its files have errors (reported).
std::optional<RegimeLoad> with_own_regimes(const YAML::Node& root, const std::string& name, const catalog::Catalog& builtins,
                                           const RegimeLoad* regimes, core::DiagnosticSink& sink) {
  const YAML::Node key = root.IsMap() ? root["regimes_dir"] : YAML::Node();
  if (!key.IsDefined() || !key.IsScalar()) return std::nullopt;  // a wrong type is reported by the binder
  const fs::path dir = fs::path(name).parent_path() / key.Scalar();
  std::error_code ec;
  YamlReader r(name, sink);
  if (!fs::is_directory(dir, ec)) {
    r.report(core::ErrorCode::file_not_found, key, "regimes_dir", "no directory " + dir.string(),
             "regimes_dir: is relative to the scenario file and names a directory of regime files");
    return std::nullopt;
  }
  if (!regimes) return std::nullopt;  // loaded without regimes (a catalog check): nothing to add them to
  auto dirs = regimes->dirs;
  dirs.push_back(dir.string());
  auto loaded = load_regimes_dirs(dirs, builtins);
  for (auto& d : loaded.diagnostics) sink.add(std::move(d));
  if (!loaded.diagnostics.empty()) return std::nullopt;
  return loaded;
}

ScenarioLoad bind_parsed(const std::optional<YAML::Node>& root, const std::string& name, const catalog::Catalog& builtins,
                         core::DiagnosticSink& sink, const RegimeLoad* regimes = nullptr) {
  ScenarioLoad out;
  if (root) {
    if (auto own = with_own_regimes(*root, name, builtins, regimes, sink)) out.own_regimes = std::make_shared<const RegimeLoad>(std::move(*own));
  }
  if (out.own_regimes) regimes = out.own_regimes.get();
  if (root && !sink.has_errors()) {
    YamlReader r(name, sink);
    engine::Scenario s;
    s.source_file = name;
    bind_scenario(r, *root, builtins, s, out.sweep, out, regimes);
    if (!sink.has_errors()) check_metric_names(s, out.sweep, sink);
    if (!sink.has_errors()) out.scenario = std::move(s);
  }
  out.diagnostics = sink.sorted();
  return out;
}

}  // namespace

ScenarioLoad load_scenario(const std::string& path, const catalog::Catalog& builtins, const RegimeLoad* regimes) {
  core::DiagnosticSink sink;
  const auto root = parse_yaml_file(path, sink);
  return bind_parsed(root, path, builtins, sink, regimes);
}

ScenarioLoad load_scenario_text(const std::string& text, const std::string& name, const catalog::Catalog& builtins) {
  core::DiagnosticSink sink;
  const auto root = parse_yaml_text(text, name, sink);
  return bind_parsed(root, name, builtins, sink);
}

std::string default_catalog_dir(const std::string& executable_path) {
  if (const char* env = std::getenv("FLOPCAST_CATALOG"); env && *env) return env;
  std::error_code ec;
  const fs::path exe = fs::weakly_canonical(fs::path(executable_path), ec);
  const fs::path installed = exe.parent_path().parent_path() / FLOPCAST_CATALOG_INSTALL_DIR;
  if (fs::is_directory(installed / "chips", ec)) return installed.string();
  return FLOPCAST_CATALOG_SOURCE_DIR;
}

}  // namespace flopcast::scenario
