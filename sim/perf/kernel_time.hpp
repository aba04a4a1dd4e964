// Time of one kernel on one chip from its shape (docs/models/kernels.md, eq. K1-K4): GEMMs with
// tile and wave quantisation and the memory-bound regime, element-wise kernels at HBM speed,
// attention kernels whose efficiency rises with the keys each query attends to.
#pragma once

#include "flopcast/catalog/calibration.hpp"
#include "flopcast/catalog/chip_spec.hpp"

namespace flopcast::perf::detail {

/// One chip at one matmul precision, as the kernel equations need it (built once per estimate).
struct KernelRates {
  double peak = 0;           ///< dense FLOP/s at the matmul precision
  double gemm_eff = 0;       ///< large-GEMM efficiency at that precision
  double operand_bytes = 2;  ///< bytes per matmul operand element
  /// Bytes of a weight (the B operand) over operand_bytes: below 1 for weights stored narrower
  /// than the matmul runs (weight-only quantisation, e.g. 4-bit experts in an FP8 GEMM).
  double weight_ratio = 1;
  double attn_peak = 0;      ///< attention kernels' peak (BF16, else FP16, else the matmul precision)
  double attn_eff = 0;
  double attn_half_keys = 256;
  double attn_bwd_ratio = 1;
  double hbm = 0;            ///< achieved streaming bandwidth, bytes/s
  double vec = 0;            ///< achieved element-wise bandwidth, bytes/s
  double units = 0;          ///< compute units; 0 = no wave quantisation
  double tile = 128;
  double kernel_s = 0;       ///< fixed time per kernel
  double compute_share = 1;  ///< share of the units computing (overlapped communication takes the rest)
  bool with_backward = true; ///< price the backward kernels too (training); serving runs forward only
};

/// The precision attention kernels run in: BF16 where the chip has it, else FP16, else `run`.
catalog::Precision attention_precision(const catalog::ChipSpec& chip, catalog::Precision run);

KernelRates kernel_rates(const catalog::ChipSpec& chip, catalog::Precision p, const catalog::Calibration& cal);

/// eq. K4b: FlashAttention-3's FP8 forward utilisation over its FP16 one on H100 [FA3]: close
/// to 1.2 of 1.979 PFLOPS against 740 of 989 TFLOPS.
inline constexpr double kFp8AttentionUtilisationRatio = (1200.0 / 1979.0) / (740.0 / 989.0);

/// `r` with the attention core in FP8 (eq. K4b): the chip's FP8 peak at the FP8 share of its
/// attention efficiency.
void use_fp8_attention(KernelRates& r, const catalog::ChipSpec& chip);

/// eq. K1-K2: `groups` GEMMs of m x n x k (C[m,n] = A[m,k] B[k,n]) in one kernel.
double gemm_s(const KernelRates& r, double m, double n, double k, double groups = 1);

/// eq. K3: an element-wise kernel moving `bytes` through HBM.
double vector_s(const KernelRates& r, double bytes);

/// eq. K4: a fused (FlashAttention-class) attention kernel doing `flops`, each query attending
/// to `keys` keys on average; `backward` runs at the backward efficiency.
double attention_s(const KernelRates& r, double flops, double keys, bool backward);

/// A decode attention kernel: `flops` against `kv_bytes` of cache, whichever bounds it.
double decode_attention_s(const KernelRates& r, double flops, double kv_bytes);

}  // namespace flopcast::perf::detail
