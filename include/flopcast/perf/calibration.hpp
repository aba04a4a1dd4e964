// The constants the performance models were calibrated with, in one place. Each is physically
// bounded, documented with its reasoning in docs/models/calibration.md, and the same for every
// case: no per-case knobs. Per-chip GEMM and attention efficiencies live in the chip catalog
// (gemm_efficiency:, attention_efficiency:), sourced there, not here.
#pragma once

namespace flopcast::perf {

struct Calibration {
  /// GEMM efficiency used when a chip's catalog entry gives none for a precision.
  double default_gemm_efficiency = 0.70;
  /// Attention kernels (FlashAttention-class) reach this fraction of the dense BF16 peak when a
  /// chip's entry gives no attention_efficiency.
  double default_attention_efficiency = 0.50;
  /// Routed-expert matmuls (grouped GEMMs over fine-grained experts, token permutation, routing)
  /// run at this fraction of dense GEMM efficiency.
  double moe_gemm_factor = 0.40;
  /// Tokens on the busiest expert over the mean: the measured ratio of perfect-balance to real
  /// throughput is 1.18 in both DeepSeek-V3 prefill on H100 (SGLang) and on 910C (CloudMatrix).
  double expert_imbalance = 1.18;
  /// Share of each communication kind hidden behind compute (0 = fully exposed).
  double tp_overlap = 0.30;
  double dp_overlap = 0.90;
  double cp_overlap = 0.80;
  double ep_overlap_one_f_one_b = 0.30;  ///< EP all-to-all beside a 1F1B pipeline
  double ep_overlap_dualpipe = 0.50;     ///< DualPipe, with SMs partitioned between compute and comm
  double ep_overlap_serving = 0.70;      ///< serving with two-batch overlap (SGLang, CloudMatrix)
  /// Fraction of link bandwidth collectives achieve (protocol, congestion).
  double link_efficiency = 0.80;
  /// Achieved fraction of HBM bandwidth when streaming weights and KV cache.
  double hbm_efficiency = 0.80;
  /// Decode runs its GEMMs at this fraction of the prefill/training GEMM efficiency (small
  /// per-step batches, many short kernels). Attention kernels are exempt: their efficiencies
  /// are measured on decode kernels.
  double decode_compute_factor = 0.58;
  /// Fixed time per layer per decode step: kernel launches, synchronisation and collective
  /// latency, which dominate at small batch.
  double decode_layer_latency_s = 0.2e-3;
};

/// The calibration flopcast ships with (docs/models/calibration.md).
const Calibration& default_calibration();

}  // namespace flopcast::perf
