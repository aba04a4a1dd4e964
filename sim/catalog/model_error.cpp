// The held-out error table: which of its rows vouches for a workload.
#include "flopcast/catalog/model_error.hpp"

namespace flopcast::catalog {

std::string workload_family(bool moe, bool training) {
  return std::string(moe ? "MoE" : "dense") + (training ? " training" : " serving");
}

const HeldOutError* ModelErrorTable::find(std::string_view family, std::string_view vendor) const {
  const HeldOutError* all = nullptr;
  for (const auto& r : rows) {
    if (r.family != family) continue;
    if (r.vendor == vendor && r.cases >= kMinVendorCases) return &r;
    if (r.vendor == kAllVendors) all = &r;
  }
  return all;
}

}  // namespace flopcast::catalog
