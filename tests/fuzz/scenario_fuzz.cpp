// libFuzzer target flopcast_fuzz_scenario: arbitrary bytes as a scenario file -> the loader's
// guards and yaml-cpp -> binder -> (if it loads) engine -> results.json, plus the diagnostic
// renderers. A finding is anything that is not "a scenario or located diagnostics": a crash, a
// sanitizer report, an exception escaping the loader, a broken FLOPCAST_ASSERT
// (core::InternalError), a rejection without a diagnostic, a non-finite number reaching
// results.json, diagnostic JSON that is not one line of valid text, or a document nested deeper
// than the loader's guard lets through (yaml-cpp has overflowed its stack on deep nesting before;
// sim/scenario/yaml_document.cpp estimates depth before yaml-cpp parses).
// Build and run: docs/reliability.md (FLOPCAST_FUZZ=ON with clang).
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "fuzz_common.hpp"
#include "yaml_document.hpp"

namespace {

std::string g_path;  // the input is also written here so the text renderer can quote source lines

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
    if (d > kDepthSlack * flopcast::scenario::max_nesting_depth) {
      flopcast::fuzz::finding("the depth guard let through nesting " + std::to_string(d) + " deep");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)flopcast::fuzz::builtins();
  const char* tmp = std::getenv("TMPDIR");
  g_path = std::string(tmp && *tmp ? tmp : "/tmp") + "/flopcast-fuzz-" + std::to_string(::getpid()) + ".yaml";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  { std::ofstream(g_path, std::ios::binary | std::ios::trunc) << text; }
  check_depth_guard(text);
  flopcast::fuzz::check_scenario_text(text, g_path);
  return 0;
}
