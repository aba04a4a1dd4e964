// MPI sweep driver: shard per rank, states gathered to rank 0 as text, merged there.
#include "mpi_sweep.hpp"

#include <mpi.h>

#include "flopcast/sweep/sweep_state.hpp"

namespace flopcast::cli {

void mpi_init(int* argc, char*** argv) { MPI_Init(argc, argv); }
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
  // Gather the texts to rank 0: lengths first, then the bytes.
  int length = static_cast<int>(mine.size());
  std::vector<int> lengths(static_cast<std::size_t>(size));
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(static_cast<std::size_t>(size));
  std::vector<char> all;
  if (rank == 0) {
    int total = 0;
    for (int i = 0; i < size; ++i) {
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
