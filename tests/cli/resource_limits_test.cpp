// Resource limits (docs/reliability.md, "Resource limits"): for each limit on what an input can
// make flopcast build, an input just past it is refused with exit 2 and a too-large (or
// out-of-range) error, using under 2 s of CPU time and under 512 MB of memory, with nothing
// written. CPU time, not wall time: the machine may be loaded, the promise is about the work.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/run_binary.hpp"

using namespace flopcast::test;
namespace fs = std::filesystem;

namespace {

constexpr double kCpuSeconds = 2.0;
constexpr double kMemoryMb = 512.0;

std::string write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

/// Runs flopcast and checks the promise: exit 2, the error code named (and `message`, if any, in
/// the error output), within the budgets, and `out_dir` (if any) not created.
void check_refused(const std::vector<std::string>& args, const std::string& code, const std::string& out_dir = "",
                   const std::string& message = "") {
  const auto r = run_flopcast(args);
  INFO(r.err.substr(0, 600));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("error[" + code + "]") != std::string::npos);
  CHECK(r.err.find(message) != std::string::npos);
  CHECK(r.cpu_seconds < kCpuSeconds);
  CHECK(r.max_rss_mb < kMemoryMb);
  if (!out_dir.empty()) CHECK_FALSE(fs::exists(out_dir));
}

const char* kPool = "fleet:\n  pools:\n    - {name: h, chip: h100, count: 1000}\n";

/// An empty directory for regime files below `dir`.
std::string regimes_dir(const std::string& dir) {
  fs::create_directories(dir + "/regimes");
  return dir + "/regimes";
}

}  // namespace

TEST_CASE("limits: grid points past 10^6 are refused before anything is allocated", "[cli][limits]") {
  const std::string dir = fresh_temp_dir("limit-grid");
  // Two axes of 100,000 values each (the most an axis may have): 10^10 points.
  const std::string text = std::string("name: grid\n") + kPool +
                           "sweep:\n  axes:\n    - {path: assumptions.pue, from: 1.1, to: 1.5, steps: 100000}\n"
                           "    - {path: \"fleet.pools[h].count\", from: 1, to: 100000, steps: 100000}\n";
  check_refused({"sweep", write_text(dir + "/s.yaml", text), "-o", dir + "/out"}, "too-large", dir + "/out");
}

TEST_CASE("limits: an axis of more than 100,000 values is refused", "[cli][limits]") {
  const std::string dir = fresh_temp_dir("limit-axis");
  const std::string text = std::string("name: axis\n") + kPool + "sweep:\n  axes:\n    - {path: assumptions.pue, from: 1.1, to: 1.5, steps: 1000000000}\n";
  check_refused({"sweep", write_text(dir + "/s.yaml", text), "-o", dir + "/out"}, "too-large", dir + "/out");
}

TEST_CASE("limits: samples beyond 10^9, in the file or on the command line, are refused", "[cli][limits]") {
  const std::string dir = fresh_temp_dir("limit-samples");
  const std::string variables = "  variables:\n    - {path: assumptions.pue, distribution: uniform, low: 1.1, high: 1.3}\n";
  const std::string big = write_text(dir + "/big.yaml", std::string("name: samples\n") + kPool + "uncertain:\n  samples: 1e15\n" + variables);
  check_refused({"sweep", big, "-o", dir + "/out"}, "too-large", dir + "/out");
  const std::string ok = write_text(dir + "/ok.yaml", std::string("name: samples\n") + kPool + "uncertain:\n  samples: 10\n" + variables);
  check_refused({"sweep", ok, "--samples", "6148914691236517206", "-o", dir + "/out"}, "out-of-range", dir + "/out");
}

TEST_CASE("limits: a sweep whose statistics pass 256 MiB is refused, with --max-evals raised", "[cli][limits]") {
  const std::string dir = fresh_temp_dir("limit-statistics");
  // 10^6 grid points x the metrics of a run and a service: gigabytes of summaries.
  const std::string text = std::string("name: statistics\n") + kPool +
                           "training:\n  - {name: t, model: llama-3.1-70b, pools: [h], tokens: \"1T tokens\", sequence_length: 4096, precision: bf16}\n"
                           "sweep:\n  axes:\n    - {path: assumptions.pue, from: 1.1, to: 1.5, steps: 1000}\n"
                           "    - {path: \"training[t].tokens\", from: 1e12, to: 2e12, steps: 1000}\n";
  check_refused({"sweep", write_text(dir + "/s.yaml", text), "--max-evals", "1000000000", "-o", dir + "/out"}, "too-large", dir + "/out");
}

TEST_CASE("limits: a timeline of more than 1,200 periods is refused", "[cli][limits]") {
  const std::string dir = fresh_temp_dir("limit-periods");
  const std::string text =
      "name: periods\ntimeline: {start: 1900-01, end: 2200-12, step: month}\n"
      "actors:\n  - name: b\n    destination: CN\n    procurement: [{chip: h20, per_year: 1000}]\n";
  check_refused({"run", write_text(dir + "/s.yaml", text), "-o", dir + "/out"}, "too-large", dir + "/out");
}

TEST_CASE("limits: more than 1,000 chips in a scenario are refused, however they chain", "[cli][limits]") {
  // 20,000 chips each built on the one before: 4 GB and a crash before the notes stopped growing.
  const std::string dir = fresh_temp_dir("limit-chips");
  std::string text = "name: chain\nchips:\n  c0: {base: h100}\n";
  for (int i = 1; i < 20000; ++i) text += "  c" + std::to_string(i) + ": {base: c" + std::to_string(i - 1) + "}\n";
  text += "fleet:\n  pools:\n    - {name: p, chip: h100, count: 8}\n";
  check_refused({"validate", write_text(dir + "/s.yaml", text)}, "too-large");
}

TEST_CASE("limits: 1,000 chained chips (the limit) validate quickly and in little memory", "[cli][limits]") {
  const std::string dir = fresh_temp_dir("limit-chips-ok");
  std::string text = "name: chain\nchips:\n  c0: {base: h100}\n";
  for (int i = 1; i < 1000; ++i) text += "  c" + std::to_string(i) + ": {base: c" + std::to_string(i - 1) + "}\n";
  text += "fleet:\n  pools:\n    - {name: p, chip: c999, count: 8}\n";
  const auto r = run_flopcast({"validate", write_text(dir + "/s.yaml", text)});
  INFO(r.err.substr(0, 600));
  CHECK(r.exit_code == 0);
  CHECK(r.cpu_seconds < kCpuSeconds);
  CHECK(r.max_rss_mb < kMemoryMb);
}

TEST_CASE("limits: a regime base: chain deeper than 64 is refused, located at the regime", "[cli][limits]") {
  const std::string dir = fresh_temp_dir("limit-regime-depth");
  const std::string regimes = regimes_dir(dir);
  for (int i = 0; i < 100; ++i) {
    write_text(regimes + "/r" + std::to_string(i) + ".yaml",
               "title: \"link " + std::to_string(i) + "\"\nbase: " + (i == 0 ? std::string("oct2023") : "r" + std::to_string(i - 1)) + "\nrules: []\n");
  }
  const std::string scenario = write_text(dir + "/s.yaml", std::string("name: depth\n") + kPool);
  check_refused({"--regimes-dir", regimes, "validate", scenario}, "too-large", "", "the chain of bases is more than 64 regimes deep");
}

TEST_CASE("limits: more than 1,000 regime files are refused, naming the directory", "[cli][limits]") {
  const std::string dir = fresh_temp_dir("limit-regime-files");
  const std::string regimes = regimes_dir(dir);
  for (int i = 0; i < 1001; ++i) write_text(regimes + "/f" + std::to_string(i) + ".yaml", "title: \"file " + std::to_string(i) + "\"\nrules: []\n");
  const std::string scenario = write_text(dir + "/s.yaml", std::string("name: files\n") + kPool);
  check_refused({"--regimes-dir", regimes, "validate", scenario}, "too-large", "", regimes + ": error[too-large]: more than 1000 regime files");
}

TEST_CASE("limits: regimes holding more than 100,000 rules through base: are refused", "[cli][limits]") {
  // One regime of 2,000 rules and 60 built on it in a chain: 122,000 rules counting the copies.
  const std::string dir = fresh_temp_dir("limit-regime-rules");
  const std::string regimes = regimes_dir(dir);
  std::string big = "title: \"many rules\"\nrules:\n";
  for (int i = 0; i < 2000; ++i) big += "  - {id: r" + std::to_string(i) + ", when: {chips: [h100]}, destinations: [CN], outcome: allowed, source: test}\n";
  write_text(regimes + "/big.yaml", big);
  for (int i = 0; i < 60; ++i) {
    write_text(regimes + "/c" + std::to_string(i) + ".yaml",
               "title: \"on big " + std::to_string(i) + "\"\nbase: " + (i == 0 ? std::string("big") : "c" + std::to_string(i - 1)) + "\nrules: []\n");
  }
  const std::string scenario = write_text(dir + "/s.yaml", std::string("name: rules\n") + kPool);
  check_refused({"--regimes-dir", regimes, "validate", scenario}, "too-large", "", "more than 100000 rules, counting those inherited through base:");
}

TEST_CASE("limits: a merge state claiming absurd sizes is refused without allocating them", "[cli][limits]") {
  const std::string dir = fresh_temp_dir("limit-state");
  const std::string state = write_text(dir + "/s.state",
                                       "flopcast-sweep-state 4\nscenario toy\nidentity 0123456789abcdef\nshard 0 1\npoints 1000000000000\n"
                                       "samples 1000000000000\nseed 1\nend\n");
  check_refused({"merge", state, "-o", dir + "/out"}, "invalid-value", dir + "/out");
}
