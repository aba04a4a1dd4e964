// flopcast sweep through the real binary: identical files at any thread count, refusal of an
// oversized sweep, and Ctrl-C leaving nothing behind.
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
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
}

TEST_CASE("cli: a sweep over the evaluation limit is refused with its size", "[cli][sweep]") {
  const auto r = run_flopcast({"sweep", "scenarios/910c-vs-h100-uncertainty.yaml", "-o", fresh_temp_dir("sweep-big") + "/o", "--samples",
                               "20000000", "-q"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("error[too-large]: this sweep needs 60,000,013 evaluations (3 grid points x 20,000,000 samples); the limit is 50,000,000") !=
        std::string::npos);
  CHECK(r.err.find("--max-evals 60000013") != std::string::npos);
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
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  CHECK_FALSE(fs::exists(out));
}
