// Kernel time from shape (docs/models/kernels.md, eq. K1-K4).
#include "kernel_time.hpp"

#include "flopcast/perf/gemm_kernel.hpp"

#include <algorithm>
#include <cmath>

namespace flopcast::perf::detail {

using catalog::Precision;

Precision attention_precision(const catalog::ChipSpec& chip, Precision run) {
  if (chip.supports(Precision::bf16)) return Precision::bf16;
  if (chip.supports(Precision::fp16)) return Precision::fp16;
  return run;
}

KernelRates kernel_rates(const catalog::ChipSpec& chip, Precision p, const catalog::Calibration& cal) {
  KernelRates r;
  r.peak = chip.peak(p);
  r.gemm_eff = chip.efficiency(p) > 0 ? chip.efficiency(p) : cal.default_gemm_efficiency;
  r.operand_bytes = catalog::bit_length(p) / 8.0;
  r.attn_peak = chip.peak(attention_precision(chip, p));
  r.attn_eff = chip.attention_efficiency > 0 ? chip.attention_efficiency : cal.default_attention_efficiency;
  r.attn_half_keys = cal.attention_half_keys;
  r.attn_bwd_ratio = cal.attention_backward_ratio;
  r.hbm = chip.hbm_bytes_per_s * cal.hbm_efficiency;
  r.vec = chip.hbm_bytes_per_s * cal.vector_efficiency;
  r.units = chip.compute_units;
  r.tile = cal.gemm_tile;
  r.kernel_s = cal.kernel_overhead_s;
  return r;
}

void use_fp8_attention(KernelRates& r, const catalog::ChipSpec& chip) {
  r.attn_peak = chip.peak(Precision::fp8);
  r.attn_eff *= kFp8AttentionUtilisationRatio;
}

namespace {

/// The tile edge (from `tile` / 2, `tile`, 2 x `tile` for columns, or `tile` / 2 and `tile` for
/// rows) that pads `extent` least, the larger on a tie; below half a tile, the power of two that
/// covers it (at least 16), as kernels specialised for skinny GEMMs do. Libraries pick their
/// tile configuration per shape the same way.
double tile_edge(double extent, double tile, bool wide) {
  const double half = tile / 2;
  if (extent <= half) {
    double t = 16;
    while (t < extent) t *= 2;
    return t;
  }
  double best = wide ? 2 * tile : tile;
  for (double t : {wide ? 2 * tile : tile, tile, half}) {
    if (std::ceil(extent / t) * t < std::ceil(extent / best) * best) best = t;
  }
  return best;
}

}  // namespace

double gemm_s(const KernelRates& r, double m, double n, double k, double groups) {
  if (!(m > 0 && n > 0 && k > 0 && groups > 0)) return 0;
  // eq. K2: each unit computes one output tile at a time; a kernel runs in whole waves of
  // `units` tiles. Rows and columns are padded to whole tiles of the edge that pads least. With
  // fewer tiles than units the kernel splits K instead (split-K / stream-K), so a single partial
  // wave costs nothing extra.
  const double tm = tile_edge(m, r.tile, false), tn = tile_edge(n, r.tile, true);
  const double row_tiles = std::ceil(m / tm), col_tiles = std::ceil(n / tn);
  // Tiles are counted in units of the reference tile's area, so a half tile takes half a slot.
  const double tiles = groups * row_tiles * col_tiles * (tm * tn) / (r.tile * r.tile);
  double wave_use = 1;
  if (r.units > 0 && tiles > r.units) wave_use = tiles / (std::ceil(tiles / r.units) * r.units);
  const double padding = (row_tiles * tm / m) * (col_tiles * tn / n);
  const double flops = 2 * groups * m * n * k;
  const double compute = flops * padding / (r.peak * r.gemm_eff * wave_use * r.compute_share);
  // eq. K1: operands stream from HBM under the main loop; the BF16 output is written after it.
  const double operands = groups * (m * k + k * n * r.weight_ratio) * r.operand_bytes / r.hbm;
  const double output = groups * m * n * 2 / r.hbm;
  return r.kernel_s + std::max(compute, operands) + output;
}

double vector_s(const KernelRates& r, double bytes) { return bytes > 0 ? r.kernel_s + bytes / r.vec : 0.0; }

double attention_s(const KernelRates& r, double flops, double keys, bool backward) {
  if (!(flops > 0)) return 0;
  // eq. K4: efficiency keys / (keys + k_half) of the kernel's peak: short sequences leave the
  // per-block softmax rescaling, loads and the causal diagonal unamortised.
  const double eff = r.attn_eff * keys / (keys + r.attn_half_keys) * (backward ? r.attn_bwd_ratio : 1.0);
  return r.kernel_s + flops / (r.attn_peak * eff * r.compute_share);
}

double decode_attention_s(const KernelRates& r, double flops, double kv_bytes) {
  // eq. K5: a decode step's attention streams the cache once; with few query heads per cached
  // head it waits on HBM, with many (MLA without TP: 128) on the attention kernel's peak.
  if (!(flops > 0 || kv_bytes > 0)) return 0;
  return r.kernel_s + std::max(flops / (r.attn_peak * r.attn_eff * r.compute_share), kv_bytes / r.hbm);
}

}  // namespace flopcast::perf::detail

namespace flopcast::perf {

double gemm_seconds(const catalog::ChipSpec& chip, catalog::Precision p, const catalog::Calibration& cal, double m, double n, double k,
                    double groups) {
  return detail::gemm_s(detail::kernel_rates(chip, p, cal), m, n, k, groups);
}

double attention_forward_seconds(const catalog::ChipSpec& chip, catalog::Precision p, const catalog::Calibration& cal, double flops,
                                 double keys) {
  return detail::attention_s(detail::kernel_rates(chip, p, cal), flops, keys, false);
}

double decode_attention_seconds(const catalog::ChipSpec& chip, catalog::Precision p, const catalog::Calibration& cal, double flops,
                                double bytes) {
  return detail::decode_attention_s(detail::kernel_rates(chip, p, cal), flops, bytes);
}

}  // namespace flopcast::perf
