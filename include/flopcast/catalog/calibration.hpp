// The constants the performance models turn FLOPs and bytes into time with. The shipped values
// are fitted by `flopcast calibrate` on the published measurements in tests/validation/ and read
// from scenarios/catalog/calibration.yaml; every constant, its bounds and its reasoning are in
// docs/models/calibration.md. Per-chip kernel efficiencies live in the chip catalog, sourced there.
#pragma once

#include <span>
#include <string_view>

namespace flopcast::catalog {

struct Calibration {
  // ---- kernels (docs/models/kernels.md) ----
  /// Large-GEMM efficiency (fraction of dense peak) for a chip whose entry gives none.
  double default_gemm_efficiency = 0.75;
  /// Attention-kernel efficiency (fraction of the BF16 peak) for a chip whose entry gives none.
  double default_attention_efficiency = 0.50;
  /// Keys per query at which an attention kernel reaches half its peak efficiency (eq. K4).
  double attention_half_keys = 256;
  /// Attention backward efficiency over forward efficiency (eq. K4).
  double attention_backward_ratio = 0.80;
  /// Fixed time per kernel: launch, prologue and tail (eq. K1, K3).
  double kernel_overhead_s = 4e-6;
  /// Achieved fraction of HBM bandwidth when a GEMM streams its operands or decode reads
  /// weights and KV cache (eq. K1, I7).
  double hbm_efficiency = 0.85;
  /// Achieved fraction of HBM bandwidth of element-wise kernels (norms, activations, casts,
  /// permutes; eq. K3).
  double vector_efficiency = 0.70;
  /// Rows and columns of the output tile a GEMM kernel computes per compute unit (eq. K2).
  double gemm_tile = 128;

  // ---- mixture of experts (docs/models/moe.md) ----
  /// Coefficient of variation of expert popularity after routing balance (eq. M1).
  double expert_skew = 0.19;
  /// Share of compute units given to communication kernels while expert all-to-all overlaps
  /// compute (DeepSeek-V3 report section 3.2.2: 20 of 132 SMs).
  double comm_unit_share = 20.0 / 132.0;

  // ---- communication (docs/models/training.md eq. C1-C3) ----
  /// Achieved fraction of link bandwidth of collectives (protocol, congestion).
  double link_efficiency = 0.80;
  /// Latency of one step of a ring or one point-to-point message.
  double collective_latency_s = 8e-6;

  // ---- overlap: share of each communication kind hidden behind compute ----
  double tp_overlap = 0.10;          ///< TP collectives, no explicit overlap
  /// With tp_comm_overlap (userbuffers, async TP): the share of what stays exposed without it
  /// that the overlap hides as well, so overlap never hides less.
  double tp_overlap_gain = 0.60;
  double dp_overlap = 0.90;          ///< data-parallel gradient reduction and ZeRO-3 gathers
  double cp_overlap = 0.80;          ///< context-parallel ring exchange
  double pp_overlap = 0.50;          ///< pipeline point-to-point sends
  double ep_overlap_one_f_one_b = 0.30;  ///< EP all-to-all beside a 1F1B/interleaved pipeline
  double ep_overlap_dualpipe = 0.60;     ///< EP all-to-all with DualPipe
  double ep_overlap_serving = 0.70;      ///< serving with two-batch overlap

  // ---- serving stacks (docs/models/inference.md eq. I15) ----
  /// Host time per layer of a forward pass in vLLM-Ascend (`serving_stack: vllm-ascend`): the
  /// chips wait for the host when the layers' host work outlasts their device work.
  double vllm_ascend_layer_s = 0;
};

/// One constant of the calibration, for loading, writing and fitting it by name.
struct CalibrationParam {
  std::string_view name;
  double Calibration::*member;
  double lower;  ///< physical bounds: a fit never leaves them
  double upper;
  bool fitted;   ///< refitted by `flopcast calibrate`; otherwise measured or assumed
  std::string_view unit;
  std::string_view description;
};

/// Every constant of `Calibration`, in declaration order.
std::span<const CalibrationParam> calibration_params();

}  // namespace flopcast::catalog
