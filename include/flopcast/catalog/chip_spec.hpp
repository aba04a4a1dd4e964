// An accelerator chip as the engine sees it: peak throughput per precision, memory, links, power.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>

#include "flopcast/catalog/provenance.hpp"
#include "flopcast/core/enum_table.hpp"
#include "flopcast/core/year_month.hpp"

namespace flopcast::catalog {

/// Numeric formats a chip may run matrix maths in. The order is used to index arrays.
enum class Precision { fp4, fp8, int8, bf16, fp16 };
inline constexpr std::size_t precision_count = 5;

std::span<const core::EnumName<Precision>> precision_names();
/// Bit length of an operand, as the 3A090 TPP definition uses it.
int bit_length(Precision p);

enum class ChipStatus { shipping, roadmap };
std::span<const core::EnumName<ChipStatus>> chip_status_names();

struct ChipSpec {
  std::string id;            ///< catalog key, e.g. "h100"
  std::string display_name;  ///< "NVIDIA H100 SXM5 80GB"
  std::string vendor;
  /// Country whose export controls cover the chip (ISO 3166 alpha-2): "US" for NVIDIA's, "CN"
  /// for Huawei's. The shipped regimes are US rules: they apply to US-origin chips only.
  std::string origin;
  core::YearMonth release;
  ChipStatus status = ChipStatus::shipping;
  bool datacenter = true;  ///< "designed or marketed for use in datacenters" (3A090 note)

  /// Dense (no 2:4 sparsity) peak in FLOP/s (OP/s for int8); 0 where the chip lacks the format
  /// or the figure is undisclosed.
  std::array<double, precision_count> dense_peak_flop_per_s{};
  /// Achievable fraction of the dense peak on large GEMMs, per precision; 0 = not measured
  /// (the performance model then uses its calibrated default). Sourced in the catalog entry.
  std::array<double, precision_count> gemm_efficiency{};
  /// Achievable fraction of the BF16 peak for attention kernels; 0 = not measured.
  double attention_efficiency = 0;
  /// Units that each run one GEMM output tile at a time (NVIDIA SMs, Ascend AI cores); 0 =
  /// unknown (no wave quantisation, docs/models/kernels.md eq. K2).
  int compute_units = 0;
  double hbm_bytes = 0;             ///< nominal HBM capacity
  std::optional<double> hbm_usable_bytes;  ///< usable capacity where it differs from nominal
  double hbm_bytes_per_s = 0;
  double scale_up_bytes_per_s = 0;  ///< per direction, per chip (NVLink, UB, HCCS)
  int scale_up_domain = 1;          ///< chips in one scale-up domain of the reference system
  std::string scale_up_system;
  std::optional<double> scale_out_bytes_per_s;  ///< NIC bandwidth per chip
  std::optional<double> tdp_w;          ///< the chip (package) alone
  /// Power per chip of the whole system (host CPUs, NICs, switches' share), where published;
  /// energy and power totals use it in place of TDP so chips compare on the same basis.
  std::optional<double> system_power_w;
  /// Achieved fraction of the scale-up bandwidth, where measured (else the calibrated default).
  double scale_up_efficiency = 0;
  /// Latency of a ring collective in the chip's communication library, where its own model is
  /// published (NCCL's tuner on NVIDIA chips): a fixed start plus a time per ring step inside the
  /// scale-up domain and per step across it (eq. C4). Unset: the calibrated latency per step.
  struct CollectiveLatency {
    double base_s = 0, scale_up_step_s = 0, scale_out_step_s = 0;
  };
  std::optional<CollectiveLatency> collective_latency;
  /// Wall power of one chip's share of the system: system power, else TDP; nothing if neither.
  [[nodiscard]] std::optional<double> power_w() const { return system_power_w ? system_power_w : tdp_w; }
  std::optional<double> die_area_mm2;  ///< total logic-die area (for performance density)
  /// Price of the chip or card alone (the basis every chip's `price` is on); spend uses it.
  std::optional<double> price_usd;
  /// Cost per chip of a whole system (servers, network, racks) where that is what was published,
  /// e.g. CloudMatrix384 / 384: kept apart from `price_usd` so costs compare on one basis.
  std::optional<double> system_price_usd;
  /// Sold in the US market ("commercially available in the US", the R8 eligibility test of Jan
  /// 2026); unknown where no source says. China-only SKUs (H20, A800, H800, MI308) are not.
  std::optional<bool> available_in_us;
  /// False for a chip whose performance figures are unpublished (AMD MI308): it can be
  /// classified by name, but not simulated until a scenario gives its figures.
  bool specs_published = true;
  /// Mean time between job interruptions per chip (goodput, eq. G1); unset: the scenario's
  /// assumptions.chip_mtbf. Lets one scenario give chip types different reliability.
  std::optional<double> mtbf_s;
  Provenance provenance;

  [[nodiscard]] double peak(Precision p) const { return dense_peak_flop_per_s[static_cast<std::size_t>(p)]; }
  [[nodiscard]] bool supports(Precision p) const { return peak(p) > 0; }
  /// GEMM efficiency at `p`; a precision without an entry takes its same-width sibling's
  /// (fp16 <-> bf16, int8 <-> fp8); an 8-bit one with neither takes the chip's 16-bit
  /// measurement (every chip measured in both runs 8-bit matmuls at or below its 16-bit
  /// efficiency, kernels.md eq. K1), which says more about the chip than the generic default;
  /// else 0 (= use the calibrated default).
  [[nodiscard]] double efficiency(Precision p) const {
    auto at = [&](Precision q) { return gemm_efficiency[static_cast<std::size_t>(q)]; };
    auto either = [&](Precision a, Precision b) { return at(a) > 0 ? at(a) : at(b); };
    switch (p) {
      case Precision::fp16: return either(Precision::fp16, Precision::bf16);
      case Precision::bf16: return either(Precision::bf16, Precision::fp16);
      case Precision::int8:
      case Precision::fp8: {
        const double eight = p == Precision::int8 ? either(Precision::int8, Precision::fp8) : either(Precision::fp8, Precision::int8);
        return eight > 0 ? eight : either(Precision::bf16, Precision::fp16);
      }
      case Precision::fp4: return at(Precision::fp4);
    }
    return 0;
  }
  [[nodiscard]] double usable_hbm_bytes() const { return hbm_usable_bytes.value_or(hbm_bytes); }
};

/// Total Processing Performance (3A090 technical note): max over precisions of dense
/// tera-ops/s x bit length. H100: 1,979 x 8 = 15,832.
double total_processing_performance(const ChipSpec& chip);

/// Performance density = TPP / logic-die area in mm²; nothing when the area is unknown.
std::optional<double> performance_density(const ChipSpec& chip);

/// H100-equivalents by TPP (the AI-diffusion rule's yardstick: 1 H100e = 15,832 TPP).
double h100_equivalents_by_tpp(const ChipSpec& chip);

}  // namespace flopcast::catalog
