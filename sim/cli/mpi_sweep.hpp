// Sweeps across machines with MPI: every rank runs shard rank/size, rank 0 gathers the states,
// merges them (identical to a single run) and writes. Built only with -DFLOPCAST_MPI=ON.
#pragma once

#include <optional>
#include <string>

#include "flopcast/engine/scenario.hpp"
#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/sweep/sweep_result.hpp"

namespace flopcast::cli {

/// Starts and stops MPI around main (no-ops without MPI).
void mpi_init(int* argc, char*** argv);
void mpi_finalize();
/// Number of MPI ranks (1 without MPI) and this rank.
int mpi_size();
int mpi_rank();

/// Runs this rank's shard and returns the merged result on rank 0 (nothing on other ranks, or
/// on error, with `error` set on rank 0).
std::optional<sweep::SweepResult> mpi_sweep(const engine::Scenario& s, const engine::SweepSpec& spec, int threads, std::string& error);

}  // namespace flopcast::cli
