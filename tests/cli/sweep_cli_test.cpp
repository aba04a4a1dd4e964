// flopcast sweep through the real binary: identical files at any thread count, refusal of an
// oversized sweep, and Ctrl-C leaving nothing behind.
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "support/run_binary.hpp"

using namespace flopcast::test;
namespace fs = std::filesystem;

TEST_CASE("cli: sweep writes byte-identical files with 1 and 2 threads", "[cli][sweep]") {
  const std::string dir = fresh_temp_dir("sweep-threads");
  for (const char* t : {"1", "2"}) {
    const auto r = run_flopcast({"sweep", "scenarios/910c-vs-h100-uncertainty.yaml", "-o", dir + "/t" + t, "--samples", "2500", "--threads", t, "-q"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  for (const char* f : {"sweep.csv", "sweep.json", "sensitivity.csv", "results.json"}) {
    INFO(f);
    CHECK(read_file(dir + "/t1/" + f) == read_file(dir + "/t2/" + f));
    CHECK_FALSE(read_file(dir + "/t1/" + f).empty());
  }
  // The swings are at every grid point (8,000, 12,000 and 16,000 H100), each row naming its point.
  const std::string sensitivity = read_file(dir + "/t1/sensitivity.csv");
  CHECK(sensitivity.starts_with("point,fleet.pools[nvidia-h100].count,input,metric,value_at_p5,value_at_p95,swing,value_at_medians\n"));
  for (const char* point : {"\n0,8000,assumptions.chip_mtbf,training.deepseek-v3-on-h100.time_days,", "\n1,12000,assumptions.chip_mtbf,training.deepseek-v3-on-h100.time_days,",
                            "\n2,16000,assumptions.chip_mtbf,training.deepseek-v3-on-h100.time_days,"}) {
    CHECK(sensitivity.find(point) != std::string::npos);
  }
}

TEST_CASE("cli: sweep --report --no-charts writes report.html and chart scripts but no images", "[cli][sweep]") {
  const std::string dir = fresh_temp_dir("sweep-report") + "/o";
  const auto r = run_flopcast({"sweep", "scenarios/910c-vs-h100-uncertainty.yaml", "-o", dir, "--samples", "200", "--report", "--no-charts", "-q"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(read_file(dir + "/report.html").find("<h1>") != std::string::npos);
  bool script = false;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const auto ext = e.path().extension().string();
    CHECK(ext != ".png");
    CHECK(ext != ".svg");
    script = script || ext == ".gp";
  }
  CHECK(script);
}

TEST_CASE("cli: a sweep over the evaluation limit is refused with its size", "[cli][sweep]") {
  const auto r = run_flopcast({"sweep", "scenarios/910c-vs-h100-uncertainty.yaml", "-o", fresh_temp_dir("sweep-big") + "/o", "--samples",
                               "20000000", "-q"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("error[too-large]: this sweep needs 60,000,039 evaluations (3 grid points x 20,000,000 samples); the limit is 50,000,000") !=
        std::string::npos);
  CHECK(r.err.find("--max-evals 60000039") != std::string::npos);
}

TEST_CASE("cli: Ctrl-C stops a sweep cleanly and writes nothing", "[cli][sweep]") {
  const std::string out = fresh_temp_dir("sweep-int") + "/o";
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(source_dir().c_str()) != 0) ::_exit(126);
    ::freopen("/dev/null", "w", stderr);
    ::freopen("/dev/null", "w", stdout);
    ::execl(FLOPCAST_BINARY, FLOPCAST_BINARY, "sweep", "scenarios/910c-vs-h100-uncertainty.yaml", "-o", out.c_str(), "--samples", "15000000",
            "--max-evals", "100000000", "-q", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // SIGINT only once the child catches it (SigCgt in /proc): sent earlier, under a slow start
  // (sanitizers, a loaded machine) the default action kills the process and the test says nothing.
  REQUIRE(wait_until_catches(pid, FLOPCAST_BINARY, SIGINT, std::chrono::seconds(60)));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // into the sweep
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("cli: shards of a grid without samples merge into the single run", "[cli][sweep]") {
  // A pure grid writes no histogram; merge asked for one and refused every such sweep (fuzz finding).
  const std::string dir = fresh_temp_dir("shard-grid");
  const std::string scenario = dir + "/s.yaml";
  std::ofstream(scenario) << "name: grid\nfleet:\n  pools:\n    - {name: h, chip: h100, count: 1024}\n"
                             "sweep:\n  axes:\n    - {path: assumptions.pue, values: [1.1, 1.2, 1.3]}\n";
  for (const char* shard : {"0/2", "1/2"}) REQUIRE(run_flopcast({"sweep", scenario, "--shard", shard, "-o", dir + "/shards", "-q"}).exit_code == 0);
  const auto r = run_flopcast({"merge", dir + "/shards/sweep-state-0-of-2.txt", dir + "/shards/sweep-state-1-of-2.txt", "-o", dir + "/merged"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(run_flopcast({"sweep", scenario, "-o", dir + "/single", "-q"}).exit_code == 0);
  CHECK(read_file(dir + "/merged/sweep.csv") == read_file(dir + "/single/sweep.csv"));
}

TEST_CASE("cli: shards written into one directory all stay, merge into the single run, and a shard of another sweep is refused", "[cli][sweep]") {
  const std::string dir = fresh_temp_dir("shard-cli");
  const std::string scenario = dir + "/s.yaml";
  std::ofstream(scenario) << "name: shards\nfleet:\n  pools:\n    - {name: h, chip: h100, count: 1024}\n"
                             "sweep:\n  axes:\n    - {path: assumptions.pue, values: [1.1, 1.3]}\n"
                             "uncertain:\n  samples: 20\n  variables:\n    - {path: \"fleet.pools[h].count\", distribution: uniform, low: 512, high: 2048}\n";
  for (const char* shard : {"0/2", "1/2"}) REQUIRE(run_flopcast({"sweep", scenario, "--shard", shard, "-o", dir + "/shards", "-q"}).exit_code == 0);
  const std::string s0 = dir + "/shards/sweep-state-0-of-2.txt", s1 = dir + "/shards/sweep-state-1-of-2.txt";
  REQUIRE(fs::exists(s0));  // the second shard's run removed nothing
  REQUIRE(fs::exists(s1));
  REQUIRE(run_flopcast({"merge", s0, s1, "-o", dir + "/merged"}).exit_code == 0);
  REQUIRE(run_flopcast({"sweep", scenario, "-o", dir + "/single", "-q"}).exit_code == 0);
  CHECK(read_file(dir + "/merged/sweep.csv") == read_file(dir + "/single/sweep.csv"));
  // Shard 1 of the same sweep with another seed: refused, naming that file and the field.
  REQUIRE(run_flopcast({"sweep", scenario, "--shard", "1/2", "--seed", "7", "-o", dir + "/other", "-q"}).exit_code == 0);
  const auto r = run_flopcast({"merge", s0, dir + "/other/sweep-state-1-of-2.txt", "-o", dir + "/mixed"});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind(dir + "/other/sweep-state-1-of-2.txt: error[invalid-value]", 0) == 0);
  CHECK(r.err.find("seed") != std::string::npos);
  CHECK_FALSE(fs::exists(dir + "/mixed"));
}
