// libFuzzer target flopcast_fuzz_regime: arbitrary bytes as a user-written export-control regime
// file (docs/rules.md, "Writing your own"). The input is saved as fuzzed.yaml beside copies of
// the shipped regimes (so `base:` chains to them resolve) and the directory is loaded. The
// contract: located diagnostics, or a regime that classifies every catalog chip for a spread of
// destinations and drives a fleet projection to finite results. A finding is a crash, a
// sanitizer report, an exception or internal error escaping, a rejection without a diagnostic, a
// diagnostic located in no file of the directory, or a non-finite projection figure.
// Build and run: docs/reliability.md (FLOPCAST_FUZZ=ON with clang).
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "diagnostic_printer.hpp"
#include "flopcast/core/assert.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/report/write.hpp"
#include "flopcast/rules/rule_verdict.hpp"
#include "flopcast/scenario/load.hpp"
#include "fuzz_common.hpp"

namespace fs = std::filesystem;
using namespace flopcast;

namespace {

std::string g_dir;            // shipped regimes + fuzzed.yaml
std::string g_scenario_path;  // a projection whose timeline switches to the fuzzed regime

// One buyer per destination group the shipped rules distinguish, each wanting US-origin and
// domestic chips, with the fuzzed regime in force from the second quarter.
constexpr const char* kScenario = R"(name: regime-fuzz
timeline: {start: 2025-01, end: 2025-12, step: quarter}
regime_timeline:
  - {from: 2025-01, regime: oct2023}
  - {from: 2025-04, regime: fuzzed}
actors:
  - name: cn
    destination: CN
    procurement:
      - {chip: h20, per_year: 100000}
      - {chip: h200, per_year: 100000}
      - {chip: ascend-910c, per_year: 100000}
  - name: ae
    destination: AE
    procurement: [{chip: h100, per_year: 50000}, {chip: b200, per_year: 50000}]
  - name: us
    destination: US
    procurement: [{chip: h100, per_year: 50000}]
us_end_use:
  - {chip: h200, per_year: 1000000}
)";

void check_diagnostics(const std::vector<core::Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) {
    if (d.message.empty()) fuzz::finding("a diagnostic without a message");
    if (d.location.file.empty() || fs::path(d.location.file).parent_path() != fs::path(g_dir)) {
      fuzz::finding("a diagnostic located outside the regime directory: '" + d.location.file + "'");
    }
    if (d.location.line < 0 || d.location.column < 0) fuzz::finding("a negative line or column");
    (void)cli::render_diagnostic(d);
    for (char c : cli::render_diagnostic_json(d)) {
      if (static_cast<unsigned char>(c) < 0x20) fuzz::finding("a raw control character in diagnostic JSON");
    }
  }
}

void check_projection(const scenario::RegimeLoad& regimes) {
  const auto l = scenario::load_scenario(g_scenario_path, fuzz::builtins(), &regimes);
  if (!l.scenario) {
    // The fuzzed regime loaded cleanly, so only it can be the cause; it must say so.
    if (l.diagnostics.empty()) fuzz::finding("the projection scenario was rejected without a diagnostic");
    return;
  }
  const auto results = engine::evaluate(*l.scenario);
  for (const auto& p : results.projection) {
    for (double v : {p.installed_chips, p.effective_flop_per_s, p.cumulative_training_flops, p.spend_usd, p.power_w}) {
      if (!std::isfinite(v) || v < 0) fuzz::finding("a negative or non-finite projection figure for " + p.actor + " in " + p.period.str());
    }
  }
  (void)report::results_json(*l.scenario, results, "fuzz");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fuzz::builtins();
  const char* tmp = std::getenv("TMPDIR");
  const fs::path root = fs::path(tmp && *tmp ? tmp : "/tmp") / ("flopcast-regime-fuzz-" + std::to_string(::getpid()));
  fs::create_directories(root / "regimes");
  for (const auto& e : fs::directory_iterator(FLOPCAST_SOURCE_DIR "/scenarios/regimes")) {
    if (e.path().extension() == ".yaml") fs::copy_file(e.path(), root / "regimes" / e.path().filename(), fs::copy_options::overwrite_existing);
  }
  g_dir = (root / "regimes").string();
  g_scenario_path = (root / "scenario.yaml").string();
  std::ofstream(g_scenario_path) << kScenario;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  { std::ofstream(g_dir + "/fuzzed.yaml", std::ios::binary | std::ios::trunc) << text; }
  try {
    const auto regimes = scenario::load_regimes_dir(g_dir, fuzz::builtins());
    check_diagnostics(regimes.diagnostics);
    const auto fuzzed = std::find_if(regimes.regimes.begin(), regimes.regimes.end(), [](const auto& r) { return r.id == "fuzzed"; });
    if (!regimes.diagnostics.empty()) return 0;
    if (fuzzed == regimes.regimes.end()) fuzz::finding("fuzzed.yaml loaded without a diagnostic, yet no regime 'fuzzed'");
    for (const auto& chip : fuzz::builtins().chips()) {
      for (const char* destination : {"CN", "MO", "HK", "AE", "US", "GB", "IN", "KP", "ZZ"}) {
        (void)rules::classify_chip(*fuzzed, chip, destination, regimes.destinations);
      }
    }
    check_projection(regimes);
  } catch (const core::InternalError& e) {
    fuzz::finding(std::string("internal error: ") + e.what());
  } catch (const std::exception& e) {
    fuzz::finding(std::string("exception escaped: ") + e.what());
  }
  return 0;
}
