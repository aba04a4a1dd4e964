// libFuzzer target: scenario text -> loader and binder -> (if it loads) engine -> results.json,
// plus the diagnostic renderers. A finding is anything that is not "a scenario or located
// diagnostics": a crash, a sanitizer report, an exception escaping the loader, a broken
// FLOPCAST_ASSERT (core::InternalError), a rejection without a diagnostic, a non-finite number
// reaching results.json, diagnostic JSON that is not one line of valid text, or a document
// nested deeper than the loader's guard lets through (yaml-cpp has overflowed its stack on deep
// nesting before; sim/scenario/yaml_document.cpp estimates depth before yaml-cpp parses).
// Build and run: docs/reliability.md (FLOPCAST_FUZZ=ON with clang).
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>

#include "diagnostic_printer.hpp"
#include "yaml_document.hpp"
#include "flopcast/core/assert.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/report/write.hpp"
#include "flopcast/scenario/load.hpp"

namespace {

using flopcast::catalog::Catalog;

const Catalog* g_catalog = nullptr;
std::string g_path;  // the input is also written here so the text renderer can quote source lines

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "flopcast fuzz finding: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

void check_diagnostics(const flopcast::scenario::ScenarioLoad& l) {
  for (const auto& d : l.diagnostics) {
    if (d.message.empty()) finding("a diagnostic without a message");
    if (d.location.file != g_path) finding("a diagnostic located in another file: " + d.location.file);
    if (d.location.line < 0 || d.location.column < 0) finding("a negative line or column");
    (void)flopcast::cli::render_diagnostic(d);
    const std::string json = flopcast::cli::render_diagnostic_json(d);
    for (char c : json) {
      if (static_cast<unsigned char>(c) < 0x20) finding("a raw control character in diagnostic JSON: " + json);
    }
  }
}

int depth(const YAML::Node& n) {
  int deepest = 0;
  if (n.IsMap()) {
    for (const auto& kv : n) deepest = std::max({deepest, depth(kv.first), depth(kv.second)});
  } else if (n.IsSequence()) {
    for (const auto& item : n) deepest = std::max(deepest, depth(item));
  } else {
    return 0;
  }
  return deepest + 1;
}

/// The guard's estimate may undercount (a "- key:" line opens two levels at one indentation),
/// but never by more than this factor; deeper documents must be refused before yaml-cpp runs.
constexpr int kDepthSlack = 4;

void check_depth_guard(const std::string& text) {
  flopcast::core::DiagnosticSink sink;
  if (const auto root = flopcast::scenario::parse_yaml_text(text, g_path, sink)) {
    const int d = depth(*root);
    if (d > kDepthSlack * flopcast::scenario::max_nesting_depth) finding("the depth guard let through nesting " + std::to_string(d) + " deep");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* env = std::getenv("FLOPCAST_CATALOG");
  const std::string dir = env && *env ? env : FLOPCAST_SOURCE_DIR "/scenarios/catalog";
  static auto loaded = flopcast::scenario::load_catalog_dir(dir);
  if (!loaded.diagnostics.empty()) {
    std::fprintf(stderr, "flopcast fuzz: the catalog in %s does not load\n", dir.c_str());
    std::exit(1);
  }
  g_catalog = &loaded.catalog;
  const char* tmp = std::getenv("TMPDIR");
  g_path = std::string(tmp && *tmp ? tmp : "/tmp") + "/flopcast-fuzz-" + std::to_string(::getpid()) + ".yaml";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  { std::ofstream(g_path, std::ios::binary | std::ios::trunc) << text; }
  try {
    check_depth_guard(text);
    const auto l = flopcast::scenario::load_scenario_text(text, g_path, *g_catalog);
    check_diagnostics(l);
    if (!l.scenario) {
      if (l.diagnostics.empty()) finding("rejected without a diagnostic");
      return 0;
    }
    if (!l.diagnostics.empty()) finding("loaded, yet with diagnostics");
    const auto results = flopcast::engine::evaluate(*l.scenario);
    const std::string json = flopcast::report::results_json(*l.scenario, results, "fuzz");
    if (json.empty()) finding("empty results.json");
  } catch (const flopcast::core::InternalError& e) {
    finding(std::string("internal error: ") + e.what());
  } catch (const std::exception& e) {
    finding(std::string("exception escaped: ") + e.what());
  }
  return 0;
}
