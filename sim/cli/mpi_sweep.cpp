// MPI sweep driver: shard per rank, states gathered to rank 0 as text, merged there.
#include "mpi_sweep.hpp"

#include <mpi.h>

#include <climits>
#include <cstdint>
#include <cstdio>

#include "flopcast/sweep/sweep_state.hpp"

namespace flopcast::cli {

void mpi_init(int* argc, char*** argv) {
  MPI_Init(argc, argv);
  // Every rank loads the same inputs and reaches the same verdicts, so only rank 0 speaks: a bad
  // scenario is reported once, not once per rank.
  if (mpi_rank() != 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
  }
}
void mpi_finalize() { MPI_Finalize(); }

int mpi_size() {
  int n = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

int mpi_rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

std::optional<sweep::SweepResult> mpi_sweep(const engine::Scenario& s, const engine::SweepSpec& spec, int threads, std::string& error) {
  const int size = mpi_size(), rank = mpi_rank();
  sweep::SweepOptions o;
  o.threads = threads;
  const std::string mine = sweep::format_sweep_state(
      sweep::run_sweep_shard(s, spec, static_cast<std::uint64_t>(rank), static_cast<std::uint64_t>(size), o));
  // Gather the texts to rank 0: lengths first (64-bit), then the bytes, which MPI counts in int.
  const std::uint64_t length64 = mine.size();
  std::vector<std::uint64_t> lengths64(static_cast<std::size_t>(size));
  MPI_Gather(&length64, 1, MPI_UINT64_T, lengths64.data(), 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  std::uint64_t total64 = 0;
  for (const auto l : lengths64) total64 += l;
  int fits = rank != 0 || total64 <= static_cast<std::uint64_t>(INT_MAX);
  MPI_Bcast(&fits, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (!fits) {
    error = "the ranks' sweep states add up to " + std::to_string(total64) +
            " bytes, more than MPI can gather at once (2 GiB): run the shards with --shard I/N and combine them with flopcast merge";
    return std::nullopt;
  }
  const int length = static_cast<int>(length64);
  std::vector<int> lengths(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size));
  std::vector<char> all;
  if (rank == 0) {
    int total = 0;
    for (int i = 0; i < size; ++i) {
      lengths[static_cast<std::size_t>(i)] = static_cast<int>(lengths64[static_cast<std::size_t>(i)]);
      offsets[static_cast<std::size_t>(i)] = total;
      total += lengths[static_cast<std::size_t>(i)];
    }
    all.resize(static_cast<std::size_t>(total));
  }
  MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
  if (rank != 0) return std::nullopt;
  std::vector<sweep::SweepState> states;
  for (int i = 0; i < size; ++i) {
    const std::string text(all.data() + offsets[static_cast<std::size_t>(i)], static_cast<std::size_t>(lengths[static_cast<std::size_t>(i)]));
    auto state = sweep::parse_sweep_state(text, error);
    if (!state) return std::nullopt;
    states.push_back(std::move(*state));
  }
  return sweep::merge_sweep_states(states, error);
}

}  // namespace flopcast::cli
