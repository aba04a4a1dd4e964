// The answer for a scenario that times kernels alone (kernels:, attention_kernels:,
// decode_attention_kernels:): each kernel's time, FLOP rate and bandwidth, with their shares.
#include <string>
#include <vector>

#include "answer_parts.hpp"
#include "prose.hpp"

namespace flopcast::report::detail {
namespace {

using namespace prose;

constexpr std::size_t kNamed = 3;  ///< kernels named in the answer; the rest are in the table

std::string duration(double seconds) { return seconds < 1e-3 ? sig(seconds * 1e6) + " µs" : sig(seconds * 1e3) + " ms"; }

/// "flashmla-memory on h800 takes 390 µs: 93.7 TFLOP/s (9 % of the dense peak) and 3,111 GB/s
/// (93 % of the HBM bandwidth)". Both shares: the kernel model takes the longer of its compute
/// and memory times plus a fixed overhead, so neither share alone names a bound for a short kernel.
std::string kernel_clause(const engine::KernelResult& k) {
  return k.name + " on " + k.chip + " takes " + duration(k.seconds) + ": " + sig(k.flop_per_s / 1e12) + " TFLOP/s (" + percent(k.peak_share) +
         " of the dense peak) and " + grouped(k.bytes_per_s / 1e9) + " GB/s (" + percent(k.hbm_share) + " of the HBM bandwidth)";
}

}  // namespace

Answer kernels_answer(const engine::Scenario&, const engine::Results& r) {
  Answer a;
  a.basis = "kernels";
  std::vector<std::string> clauses;
  std::size_t timed = 0;
  for (const auto& k : r.kernels) {
    if (!(k.seconds > 0)) continue;
    ++timed;
    if (clauses.size() < kNamed) {
      clauses.push_back(kernel_clause(k));
      a.compared.push_back("kernel." + k.name + ".seconds");
    }
  }
  if (clauses.empty()) {
    a.sentences.push_back("No kernel could be timed.");
    return a;
  }
  std::string text;
  for (const auto& c : clauses) text += (text.empty() ? "" : "; ") + c;
  if (timed > clauses.size()) text += "; " + count(static_cast<double>(timed - clauses.size())) + " more in the Kernels table";
  a.sentences.push_back("The kernel " + text + ".");
  return a;
}

}  // namespace flopcast::report::detail
