// The calibration constants by name, with the bounds a fit keeps them in
// (docs/models/calibration.md explains each).
#include "flopcast/catalog/calibration.hpp"

#include <array>

namespace flopcast::catalog {
namespace {

using C = Calibration;

constexpr std::array<CalibrationParam, 21> kParams{{
    {"default_gemm_efficiency", &C::default_gemm_efficiency, 0.3, 0.95, false, "fraction",
     "large-GEMM efficiency of a chip whose catalog entry gives none (assumed)"},
    {"default_attention_efficiency", &C::default_attention_efficiency, 0.2, 0.9, false, "fraction",
     "attention-kernel efficiency of a chip whose catalog entry gives none (assumed)"},
    {"attention_half_keys", &C::attention_half_keys, 8, 8192, true, "keys",
     "keys per query at which an attention kernel reaches half its peak efficiency"},
    {"attention_backward_ratio", &C::attention_backward_ratio, 0.4, 1.0, true, "ratio",
     "attention backward efficiency over forward efficiency"},
    {"kernel_overhead_s", &C::kernel_overhead_s, 0.0, 30e-6, true, "s", "fixed time per kernel: launch, prologue, tail"},
    {"hbm_efficiency", &C::hbm_efficiency, 0.5, 0.95, true, "fraction", "achieved HBM bandwidth when streaming operands"},
    {"vector_efficiency", &C::vector_efficiency, 0.3, 0.95, true, "fraction", "achieved HBM bandwidth of element-wise kernels"},
    {"gemm_tile", &C::gemm_tile, 64, 256, false, "rows", "output tile edge of a GEMM kernel per compute unit (assumed)"},
    {"expert_skew", &C::expert_skew, 0.0, 1.0, true, "ratio", "coefficient of variation of expert popularity after balancing"},
    {"comm_unit_share", &C::comm_unit_share, 0.0, 0.5, false, "fraction",
     "compute units given to overlapped all-to-all (DeepSeek-V3: 20 of 132 SMs)"},
    {"link_efficiency", &C::link_efficiency, 0.4, 0.95, true, "fraction", "achieved fraction of link bandwidth"},
    {"collective_latency_s", &C::collective_latency_s, 0.0, 50e-6, true, "s", "latency of one ring step or message"},
    {"tp_overlap", &C::tp_overlap, 0.0, 0.9, true, "fraction", "TP collectives hidden without explicit overlap"},
    {"tp_overlap_gain", &C::tp_overlap_gain, 0.0, 1.0, true, "fraction", "of the TP collectives left exposed, the share tp_comm_overlap hides too"},
    {"dp_overlap", &C::dp_overlap, 0.0, 1.0, true, "fraction", "data-parallel reduction and ZeRO-3 gathers hidden"},
    {"cp_overlap", &C::cp_overlap, 0.0, 1.0, true, "fraction", "context-parallel ring exchange hidden"},
    {"pp_overlap", &C::pp_overlap, 0.0, 1.0, true, "fraction", "pipeline point-to-point sends hidden"},
    {"ep_overlap_one_f_one_b", &C::ep_overlap_one_f_one_b, 0.0, 0.95, true, "fraction", "EP all-to-all hidden beside 1F1B"},
    {"ep_overlap_dualpipe", &C::ep_overlap_dualpipe, 0.0, 0.95, true, "fraction", "EP all-to-all hidden with DualPipe"},
    {"ep_overlap_serving", &C::ep_overlap_serving, 0.0, 0.95, true, "fraction", "EP all-to-all hidden with two-batch overlap"},
    {"vllm_ascend_layer_s", &C::vllm_ascend_layer_s, 0.0, 2e-3, true, "s", "vLLM-Ascend's host time per layer of a forward pass"},
}};

}  // namespace

std::span<const CalibrationParam> calibration_params() { return kParams; }

}  // namespace flopcast::catalog
