// One GEMM kernel on one chip, timed from its shape (docs/models/kernels.md eq. K1-K2): what the
// training and serving models build on, and what `kernels:` in a scenario asks directly
// (GEMM microbenchmarks, e.g. DeepGEMM's H800 table, are calibration cases).
#pragma once

#include "flopcast/catalog/calibration.hpp"
#include "flopcast/catalog/chip_spec.hpp"

namespace flopcast::perf {

/// Seconds of `groups` GEMMs C[m,n] = A[m,k] B[k,n] (operands at precision `p`, BF16 output) in
/// one kernel on `chip`.
double gemm_seconds(const catalog::ChipSpec& chip, catalog::Precision p, const catalog::Calibration& cal, double m, double n, double k,
                    double groups = 1);

/// Seconds of an attention kernel's forward pass of `flops` at `keys` keys per query on `chip`
/// (eq. K4, the term the training and serving models use for the attention core).
double attention_forward_seconds(const catalog::ChipSpec& chip, catalog::Precision p, const catalog::Calibration& cal, double flops,
                                 double keys);

/// Seconds of a decode attention kernel of `flops` that moves `bytes` (the cache, queries and
/// outputs) on `chip` (eq. K5, the term the serving model's decode step uses).
double decode_attention_seconds(const catalog::ChipSpec& chip, catalog::Precision p, const catalog::Calibration& cal, double flops,
                                double bytes);

}  // namespace flopcast::perf
