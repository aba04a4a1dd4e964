// Robustness (docs/reliability.md): bad inputs that need more than `flopcast validate` to show
// (run-time write failures, output directories), modelling outcomes that must be statuses rather
// than crashes, overflow safety for large fleets, the non-finite check at the output boundary,
// and replays of every input the fuzz target once failed on (tests/fuzz/regressions/).
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "flopcast/core/assert.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/report/json_writer.hpp"
#include "flopcast/report/write.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace flopcast;
namespace fs = std::filesystem;

namespace {

const catalog::Catalog& builtins() { return test::builtin_catalog(); }

/// This machine's name as flopcast writes it into staging directory names (letters, digits, dots).
std::string staging_host() {
  char buf[256] = {};
  ::gethostname(buf, sizeof buf - 1);
  std::string out;
  for (const char* c = buf; *c; ++c) out += std::isalnum(static_cast<unsigned char>(*c)) || *c == '.' ? *c : '_';
  return out;
}

engine::Scenario load_text(const std::string& text) {
  auto l = scenario::load_scenario_text(text, "robustness.yaml", builtins());
  INFO((l.diagnostics.empty() ? std::string() : l.diagnostics.front().message));
  REQUIRE(l.scenario);
  return std::move(*l.scenario);
}

/// Runs flopcast like test::run_flopcast, but with RLIMIT_FSIZE set: any write past `max_file_bytes`
/// fails with EFBIG (SIGXFSZ ignored), which is how a full disk looks to the writer.
test::RunResult run_with_file_size_limit(const std::vector<std::string>& args, rlim_t max_file_bytes) {
  return test::run_flopcast(args, [max_file_bytes] {
    ::signal(SIGXFSZ, SIG_IGN);  // the write then fails with EFBIG instead of killing the process
    const rlimit limit{max_file_bytes, max_file_bytes};
    ::setrlimit(RLIMIT_FSIZE, &limit);
  });
}

constexpr const char* kNoFitScenario = R"(name: nofit
chips:
  tiny:
    base: h100
    hbm_capacity: "1 GB"
fleet:
  pools:
    - {name: t, chip: tiny, count: 8}
training:
  - name: train
    model: llama-3.1-405b
    tokens: "15T tokens"
    sequence_length: 8192
    precision: bf16
    pools: [t]
    global_batch: "16M tokens"
inference:
  - name: chat
    model: llama-3.1-405b
    demand: "1B tokens/day"
    input_tokens: 1000
    output_tokens: 500
    precision: fp8
    pools: [t]
  - name: endless-prompt
    model: llama-2-70b
    demand: "1B tokens/day"
    input_tokens: 1000000000
    output_tokens: 500
    precision: fp8
    pools: [t]
)";

}  // namespace

TEST_CASE("scenario: load_scenario_text reports exactly what load_scenario reports for the same file", "[unit][scenario]") {
  // Every golden error case, loaded from disk and from memory under the same name.
  for (const auto& entry : fs::recursive_directory_iterator(test::source_dir() + "/tests/errors")) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string path = entry.path().string();
    if (fs::exists(fs::path(path).replace_extension(".args"))) continue;  // bad command lines, not bad scenarios
    const auto from_file = scenario::load_scenario(path, builtins());
    const auto from_text = scenario::load_scenario_text(test::read_file(path), path, builtins());
    INFO(path);
    CHECK_FALSE(from_text.scenario);
    REQUIRE(from_text.diagnostics.size() == from_file.diagnostics.size());
    for (std::size_t i = 0; i < from_file.diagnostics.size(); ++i) {
      CHECK(from_text.diagnostics[i].code == from_file.diagnostics[i].code);
      CHECK(from_text.diagnostics[i].location.line == from_file.diagnostics[i].location.line);
      CHECK(from_text.diagnostics[i].location.column == from_file.diagnostics[i].location.column);
      CHECK(from_text.diagnostics[i].message == from_file.diagnostics[i].message);
    }
  }
  const auto ok = scenario::load_scenario_text(test::read_file(test::source_dir() + "/scenarios/910c-vs-h100.yaml"), "mem.yaml", builtins());
  REQUIRE(ok.scenario);
  CHECK(ok.scenario->source_file == "mem.yaml");
}

TEST_CASE("scenario: every input the fuzz target once failed on now loads or is refused, and evaluates cleanly", "[unit][scenario]") {
  // tests/fuzz/regressions/: crash reproducers, kept forever. Each must give a scenario or located
  // diagnostics, and a scenario must evaluate and render results.json without an internal error.
  int replayed = 0;
  for (const auto& entry : fs::directory_iterator(test::source_dir() + "/tests/fuzz/regressions")) {
    if (!entry.is_regular_file()) continue;
    ++replayed;
    INFO(entry.path().filename().string());
    const auto l = scenario::load_scenario_text(test::read_file(entry.path().string()), entry.path().filename().string(), builtins());
    if (!l.scenario) {
      CHECK_FALSE(l.diagnostics.empty());
      continue;
    }
    CHECK(l.diagnostics.empty());
    CHECK_NOTHROW(report::results_json(*l.scenario, engine::evaluate(*l.scenario), "test"));
  }
  CHECK(replayed > 0);
}

TEST_CASE("engine: a model that fits no chip is an infeasible result with a reason, not a crash", "[unit][engine]") {
  // llama-3.1-405b needs ~405 GB of FP8 weights; 8 chips of 1 GB (0.9 GB usable) cannot hold one
  // copy. llama-2-70b with a 1e9-token prompt needs ~330 TB of KV cache for one sequence.
  const auto s = load_text(kNoFitScenario);
  const auto r = engine::evaluate(s);
  REQUIRE(r.training.size() == 1);
  CHECK(r.training[0].estimate.status == perf::EstimateStatus::infeasible);
  CHECK_FALSE(r.training[0].estimate.reason.empty());
  REQUIRE(r.inference.size() == 2);
  CHECK_FALSE(r.inference[0].estimate.feasible);
  CHECK(r.inference[0].estimate.reason.find("one copy of the weights needs") != std::string::npos);
  CHECK(r.inference[0].estimate.reason.find("the pool has 8") != std::string::npos);
  CHECK_FALSE(r.inference[1].estimate.feasible);
  CHECK(r.inference[1].estimate.reason.find("one sequence's KV cache") != std::string::npos);
  const auto json = report::results_json(s, r, "test");
  CHECK(json.find("\"status\": \"infeasible\"") != std::string::npos);
}

TEST_CASE("engine: a billion-chip fleet has exact, finite capacity; training on it has no goodput", "[unit][engine]") {
  // 1e9 H100 (the most a pool may hold): peak BF16 = 1e9 x 989.4 TFLOPS = 9.894e23 FLOP/s, exact in
  // a double. Goodput (eq. G1): fleet MTBF = 50,700 h x 3600 / 1e9 = 0.18 s, shorter than a 30 s
  // checkpoint, so the run never finishes: an infeasible status, not an infinite time.
  const auto s = load_text(R"(name: huge-fleet
fleet:
  pools:
    - {name: h, chip: h100, count: 1e9}
training:
  - name: t
    model: llama-3.1-405b
    tokens: "15T tokens"
    sequence_length: 8192
    precision: bf16
    pools: [h]
    utilisation: 0.4
)");
  const auto r = engine::evaluate(s);
  const double peak = builtins().find_chip("h100")->peak(catalog::Precision::bf16);
  CHECK(r.fleet_total.chips == 1e9);
  CHECK(r.fleet_total.peak_flop_per_s[static_cast<std::size_t>(catalog::Precision::bf16)] == 1e9 * peak);
  REQUIRE(r.training.size() == 1);
  CHECK(r.training[0].estimate.status == perf::EstimateStatus::infeasible);
  CHECK(r.training[0].estimate.reason.find("no goodput") != std::string::npos);
  CHECK_NOTHROW(report::results_json(s, r, "test"));
}

TEST_CASE("report: a non-finite number at the output boundary is an internal error naming the metric", "[unit][report]") {
  report::JsonWriter w;
  w.begin_object().begin_array("training").begin_object().value("name", "t");
  CHECK_THROWS_AS(w.value("time_s", std::numeric_limits<double>::infinity()), core::InternalError);
  CHECK_THROWS_WITH(w.value("time_s", std::nan("")), Catch::Contains("training[0].time_s"));
  // Finite values pass, and the path names array items by position.
  report::JsonWriter ok;
  ok.begin_object().begin_array("pools").begin_object().end_object().begin_object().begin_object("peak_flop_per_s");
  CHECK_THROWS_WITH(ok.value("bf16", -std::numeric_limits<double>::infinity()), Catch::Contains("pools[1].peak_flop_per_s.bf16"));
}

TEST_CASE("cli: an unwritable output directory exits 2 with a located message and creates nothing", "[cli][report]") {
  const std::string dir = test::fresh_temp_dir("unwritable-out");
  const std::string blocker = dir + "/a-file";
  { std::ofstream(blocker) << "x"; }
  for (const std::string& out : {blocker + "/out", std::string("/dev/full"), std::string("/dev/null/out")}) {
    INFO(out);
    const auto r = test::run_flopcast({"run", "scenarios/deepseek-v3-h800.yaml", "-o", out, "--no-charts"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind(out + ": error[output-not-writable]: ", 0) == 0);
    CHECK(r.err.find("hint: choose another directory with -o DIR") != std::string::npos);
    CHECK(r.out.empty());
  }
  CHECK(fs::is_regular_file(blocker));
}

TEST_CASE("cli: a write that fails midway (disk full, simulated) exits 2 and leaves no partial output", "[cli][report]") {
  // RLIMIT_FSIZE of 4 KiB: results.json (about 9 KB) cannot be written. The staging directory and
  // the output directory this run created are removed again.
  const std::string out = test::fresh_temp_dir("disk-full") + "/nested/out";
  const auto r = run_with_file_size_limit({"run", "scenarios/910c-vs-h100.yaml", "-o", out, "--no-charts"}, 4096);
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind(out + ": error[output-not-writable]: cannot write results.json: File too large", 0) == 0);
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(out));
  CHECK_FALSE(fs::exists(fs::path(out).parent_path()));
}

TEST_CASE("cli: check --junit on a full disk (simulated) exits 2 and writes no report", "[cli][report]") {
  // The verdicts still print; the report (about 450 bytes), which a 300-byte limit cuts short
  // (the captured stdout and stderr stay below it), is neither left half-written nor claimed:
  // exit 2, not the 0 of a passing check.
  const std::string dir = test::fresh_temp_dir("junit-disk-full");
  const std::string junit = dir + "/check.xml";
  const auto r = run_with_file_size_limit({"check", "scenarios/910c-vs-h100.yaml", "--junit", junit}, 300);
  CHECK(r.exit_code == 2);
  CHECK(r.out.rfind("PASS ", 0) == 0);
  CHECK(r.err == junit + ": error[output-not-writable]: cannot write the JUnit report; it was not written\n");
  CHECK(fs::is_empty(dir));
}

TEST_CASE("cli: check --junit onto a FIFO or a directory is refused and leaves it in place", "[cli][report]") {
  // A rename onto a special file replaces it (as root, even /dev/full): a report needs a regular file.
  const std::string dir = test::fresh_temp_dir("junit-special");
  const std::string fifo = dir + "/pipe.xml", folder = dir + "/folder.xml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  fs::create_directory(folder);
  for (const auto& target : {fifo, folder}) {
    INFO(target);
    const auto r = test::run_flopcast({"check", "scenarios/910c-vs-h100.yaml", "--junit", target});
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind(target + ": error[output-not-writable]: not a regular file", 0) == 0);
  }
  CHECK(fs::is_fifo(fifo));
  CHECK(fs::is_directory(folder));
  CHECK(fs::is_empty(folder));
}

TEST_CASE("cli: a disk-full write into an existing directory leaves it as it was", "[cli][report]") {
  const std::string out = test::fresh_temp_dir("disk-full-existing");
  { std::ofstream(out + "/keep.txt") << "mine"; }
  const auto r = run_with_file_size_limit({"run", "scenarios/910c-vs-h100.yaml", "-o", out, "--no-charts"}, 4096);
  CHECK(r.exit_code == 2);
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(out)) left.push_back(e.path().filename().string());
  CHECK(left == std::vector<std::string>{"keep.txt"});
}

TEST_CASE("cli: a run clears staging directories left by killed runs, and only those", "[cli][report]") {
  // A run killed while staging (SIGKILL, or a signal before the commit) leaves
  // .flopcast-staging-<host>-<pid>/ behind; the next run into the directory removes it once that
  // process is gone. A live process's staging directory (pid 1 is always alive) is left alone, and
  // so is another host's (its process ids say nothing here: a shared filesystem).
  const std::string out = test::fresh_temp_dir("stale-staging");
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  REQUIRE(child > 0);
  ::waitpid(child, nullptr, 0);  // reaped: no process has this id now
  const std::string host = staging_host();
  const fs::path dead = fs::path(out) / (".flopcast-staging-" + host + "-" + std::to_string(child));
  const fs::path alive = fs::path(out) / (".flopcast-staging-" + host + "-1");
  const fs::path elsewhere = fs::path(out) / (".flopcast-staging-another.host-" + std::to_string(child));
  for (const auto& d : {dead, alive, elsewhere}) {
    fs::create_directories(d);
    std::ofstream(d / "results.json") << "{";  // a half-written file from the killed run
  }
  { std::ofstream(fs::path(out) / ".flopcast-staging-notes") << "not ours: no pid"; }
  const auto r = test::run_flopcast({"run", "scenarios/910c-vs-h100.yaml", "-o", out, "--no-charts"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_FALSE(fs::exists(dead));
  CHECK(fs::exists(alive / "results.json"));
  CHECK(fs::exists(elsewhere / "results.json"));
  CHECK(fs::exists(fs::path(out) / ".flopcast-staging-notes"));
  CHECK(fs::file_size(fs::path(out) / "results.json") > 1000);
}

TEST_CASE("cli: inputs refused by validate are refused by run too, with nothing written", "[cli][scenario]") {
  const std::string dir = test::fresh_temp_dir("refused");
  for (const char* file : {"tests/errors/out-of-range/huge-tokens.yaml", "tests/errors/out-of-range/hbm-reserve-all.yaml",
                           "tests/errors/out-of-range/empty-fleet.yaml", "tests/errors/not-yaml/binary-bytes.yaml",
                           "tests/errors/not-yaml/empty-file.yaml", "tests/errors/not-yaml/control-character.yaml"}) {
    INFO(file);
    const std::string out = dir + "/" + fs::path(file).stem().string();
    const auto r = test::run_flopcast({"run", file, "-o", out});
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind(std::string(file) + ":", 0) == 0);
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(out));
  }
}

TEST_CASE("cli: JSON diagnostics escape control characters from the input", "[cli][scenario]") {
  // YAML's "\t" and "\e" escapes put raw control characters into a key; --error-format json must
  // still print one valid JSON object per line.
  const std::string file = test::fresh_temp_dir("json-escape") + "/escaped.yaml";
  { std::ofstream(file) << "name: esc\n\"bad\\tkey\\e[31m\": 1\nfleet:\n  pools:\n    - {name: h, chip: h100, count: 8}\n"; }
  const auto r = test::run_flopcast({"--error-format", "json", "validate", file});
  CHECK(r.exit_code == 2);
  REQUIRE_FALSE(r.err.empty());
  CHECK(r.err.back() == '\n');
  for (std::size_t i = 0; i + 1 < r.err.size(); ++i) {
    INFO(r.err);
    REQUIRE((static_cast<unsigned char>(r.err[i]) >= 0x20 || r.err[i] == '\n'));
  }
  CHECK(r.err.find("bad\\u0009key\\u001b[31m") != std::string::npos);
}
