// The contract every fuzz input is held to (see fuzz_common.hpp).
#include "fuzz_common.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "diagnostic_printer.hpp"
#include "flopcast/core/assert.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/report/write.hpp"
#include "flopcast/scenario/load.hpp"

namespace flopcast::fuzz {

const catalog::Catalog& builtins() {
  static const catalog::Catalog* catalog = [] {
    const char* env = std::getenv("FLOPCAST_CATALOG");
    const std::string dir = env && *env ? env : FLOPCAST_SOURCE_DIR "/scenarios/catalog";
    static auto loaded = scenario::load_catalog_dir(dir);
    if (!loaded.diagnostics.empty()) {
      std::fprintf(stderr, "flopcast fuzz: the catalog in %s does not load\n", dir.c_str());
      std::exit(1);
    }
    return &loaded.catalog;
  }();
  return *catalog;
}

void finding(const std::string& what) {
  std::fprintf(stderr, "flopcast fuzz finding: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

namespace {

void check_diagnostics(const scenario::ScenarioLoad& l, const std::string& name) {
  for (const auto& d : l.diagnostics) {
    if (d.message.empty()) finding("a diagnostic without a message");
    if (d.location.file != name) finding("a diagnostic located in another file: " + d.location.file);
    if (d.location.line < 0 || d.location.column < 0) finding("a negative line or column");
    (void)cli::render_diagnostic(d);
    const std::string json = cli::render_diagnostic_json(d);
    for (char c : json) {
      if (static_cast<unsigned char>(c) < 0x20) finding("a raw control character in diagnostic JSON: " + json);
    }
  }
}

}  // namespace

bool check_scenario_text(const std::string& text, const std::string& name) {
  try {
    const auto l = scenario::load_scenario_text(text, name, builtins());
    check_diagnostics(l, name);
    if (!l.scenario) {
      if (l.diagnostics.empty()) finding("rejected without a diagnostic");
      return false;
    }
    if (!l.diagnostics.empty()) finding("loaded, yet with diagnostics");
    const auto results = engine::evaluate(*l.scenario);
    if (report::results_json(*l.scenario, results, "fuzz").empty()) finding("empty results.json");
    return true;
  } catch (const core::InternalError& e) {
    finding(std::string("internal error: ") + e.what());
  } catch (const std::exception& e) {
    finding(std::string("exception escaped: ") + e.what());
  }
}

}  // namespace flopcast::fuzz
