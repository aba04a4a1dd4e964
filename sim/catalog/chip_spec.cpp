// Chip enums and the export-control yardsticks derived from a chip's datasheet (TPP, PD, H100e).
#include "flopcast/catalog/chip_spec.hpp"

#include <algorithm>
#include <array>

namespace flopcast::catalog {
namespace {

constexpr std::array<core::EnumName<Precision>, precision_count> kPrecisions{{
    {Precision::fp4, "fp4", "4-bit floating point (NVFP4/MXFP4)"},
    {Precision::fp8, "fp8", "8-bit floating point (E4M3/E5M2, HiF8)"},
    {Precision::int8, "int8", "8-bit integer (W8A8)"},
    {Precision::bf16, "bf16", "bfloat16"},
    {Precision::fp16, "fp16", "IEEE half precision"},
}};

constexpr std::array<core::EnumName<ChipStatus>, 2> kStatuses{{
    {ChipStatus::shipping, "shipping", "available and measured or datasheet-specified"},
    {ChipStatus::roadmap, "roadmap", "vendor target, not a measurement"},
}};

constexpr std::array<core::EnumName<Confidence>, 3> kConfidence{{
    {Confidence::A, "A", "vendor datasheet, rule text, or the vendor's own paper"},
    {Confidence::B, "B", "two or more consistent secondary transcriptions of a primary"},
    {Confidence::C, "C", "a single secondary source, an analyst estimate, or a rumour"},
}};

constexpr double kH100Tpp = 15832.0;  // 1,978.9 FP8 TFLOPS x 8 [SA-DIFF]

}  // namespace

std::span<const core::EnumName<Precision>> precision_names() { return kPrecisions; }
std::span<const core::EnumName<ChipStatus>> chip_status_names() { return kStatuses; }
std::span<const core::EnumName<Confidence>> confidence_names() { return kConfidence; }

int bit_length(Precision p) {
  switch (p) {
    case Precision::fp4: return 4;
    case Precision::fp8: case Precision::int8: return 8;
    case Precision::bf16: case Precision::fp16: return 16;
  }
  return 16;
}

double total_processing_performance(const ChipSpec& chip) {
  // TPP = 2 x MacTOPS x bit length = dense tera-ops/s x bit length, max over precisions [FR23 p-938].
  double tpp = 0;
  for (const auto& p : kPrecisions) tpp = std::max(tpp, chip.peak(p.value) / 1e12 * bit_length(p.value));
  return tpp;
}

std::optional<double> performance_density(const ChipSpec& chip) {
  if (!chip.die_area_mm2 || *chip.die_area_mm2 <= 0) return std::nullopt;
  return total_processing_performance(chip) / *chip.die_area_mm2;
}

double h100_equivalents_by_tpp(const ChipSpec& chip) { return total_processing_performance(chip) / kH100Tpp; }

}  // namespace flopcast::catalog
