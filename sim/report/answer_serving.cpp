// The answer for inference services: how many chips each service takes on each pool that could
// serve it, as a share of that pool, and how much one chip of each kind serves.
#include <algorithm>
#include <map>

#include "answer_parts.hpp"
#include "model_error.hpp"
#include "prose.hpp"

namespace flopcast::report::detail {
namespace {

using namespace prose;

constexpr std::size_t kMaxServicesSpelledOut = 2;

/// One service (a mode mix counts as one) on one pool: its rows summed over modes.
struct ServiceOnPool {
  std::string pool, chip, role, reason;
  double chips_needed = 0, chips_available = 0, demand_tokens_per_s = 0;
  double usd_weighted = 0, joules_weighted = 0;  ///< per million tokens x demand, summed over modes
  bool feasible = true, usd_known = true, joules_known = true;
  [[nodiscard]] double usd_per_million() const { return usd_weighted / demand_tokens_per_s; }
  [[nodiscard]] double kwh_per_million() const { return joules_weighted / demand_tokens_per_s / 3.6e6; }
};

struct Service {
  std::string name;
  std::vector<ServiceOnPool> pools;  ///< in result order
  std::vector<std::pair<std::string, double>> modes;  ///< (mode, tokens/s) of a mix
  bool disaggregated = false;
};

std::vector<Service> services(const engine::Results& r) {
  std::vector<Service> out;
  for (const auto& i : r.inference) {
    const std::string name = i.group.empty() ? i.name : i.group;
    auto s = std::find_if(out.begin(), out.end(), [&](const Service& x) { return x.name == name; });
    if (s == out.end()) s = out.insert(out.end(), Service{name, {}, {}, false});
    s->disaggregated = s->disaggregated || i.role != "prefill+decode";
    auto p = std::find_if(s->pools.begin(), s->pools.end(), [&](const ServiceOnPool& x) { return x.pool == i.pool && x.role == i.role; });
    if (p == s->pools.end()) p = s->pools.insert(s->pools.end(), ServiceOnPool{i.pool, i.chip_id, i.role, "", 0, i.chips_available, 0, true});
    if (!i.estimate.feasible) {
      p->feasible = false;
      p->reason = i.estimate.reason;
    }
    p->chips_needed += i.chips_needed;
    p->demand_tokens_per_s += i.demand_tokens_per_s;
    p->usd_known = p->usd_known && i.usd_per_million_tokens.has_value();
    p->joules_known = p->joules_known && i.joules_per_million_tokens.has_value();
    p->usd_weighted += i.usd_per_million_tokens.value_or(0) * i.demand_tokens_per_s;
    p->joules_weighted += i.joules_per_million_tokens.value_or(0) * i.demand_tokens_per_s;
    if (!i.group.empty() && p == s->pools.begin()) s->modes.emplace_back(i.name.substr(i.name.find('/') + 1), i.demand_tokens_per_s);
  }
  return out;
}

std::string demand_text(const Service& s) {
  const double total = s.pools.empty() ? 0 : s.pools.front().demand_tokens_per_s;
  std::string out = sig(total * 86400 / 1e12) + " T tokens/day";
  if (s.modes.size() > 1 && total > 0) {
    std::vector<std::string> parts;
    for (const auto& [mode, tokens] : s.modes) parts.push_back(mode + " " + percent(tokens / total));
    std::string mix;
    for (const auto& p : parts) mix += (mix.empty() ? "" : " + ") + p;
    out += ": " + mix;
  }
  return out;
}

std::string pool_text(const ServiceOnPool& p, bool name_pool) {
  if (!p.feasible) return p.chip + " cannot serve it (" + p.reason + ")";
  std::string out = grouped(p.chips_needed) + " × " + p.chip;
  if (p.role != "prefill+decode") out += " for " + p.role;
  if (p.chips_available > 0) {
    out += " (" + percent(p.chips_needed / p.chips_available) + " of the " + grouped(p.chips_available) + (name_pool ? " in " + p.pool : " available") + ")";
  }
  return out;
}

std::string service_sentence(const Service& s) {
  std::vector<std::string> can, cannot;
  for (const auto& p : s.pools) {
    // The pool's name only when two pools of this service hold the same chip.
    const bool shared = std::count_if(s.pools.begin(), s.pools.end(), [&](const ServiceOnPool& q) { return q.chip == p.chip; }) > 1;
    (p.feasible ? can : cannot).push_back(pool_text(p, shared));
  }
  std::string joined;
  for (std::size_t i = 0; i < can.size(); ++i) joined += (i == 0 ? "" : i + 1 == can.size() ? (s.disaggregated ? " plus " : " or ") : ", ") + can[i];
  std::string out = "Serving " + s.name + " (" + demand_text(s) + ")" + (can.empty() ? ": " : " takes " + joined);
  for (std::size_t i = 0; i < cannot.size(); ++i) out += (can.empty() && i == 0 ? "" : "; ") + cannot[i];
  return out + ".";
}

/// "; per million tokens $0.116 vs $0.217 and 0.09 vs 0.29 kWh": what the two cost to serve with,
/// where the catalog has the prices and powers ("unknown" where it has not).
std::string per_dollar_and_energy(const ServiceOnPool& a, const ServiceOnPool& b) {
  if (a.demand_tokens_per_s <= 0 || b.demand_tokens_per_s <= 0) return "";
  auto usd = [](const ServiceOnPool& p) { return p.usd_known ? "$" + sig(p.usd_per_million()) : std::string("unknown (no price)"); };
  auto kwh = [](const ServiceOnPool& p) { return p.joules_known ? sig(p.kwh_per_million()) : std::string("unknown (no power figure)"); };
  return "; per million tokens " + usd(a) + " vs " + usd(b) + " (amortised purchase + electricity) and " + kwh(a) + " vs " + kwh(b) +
         " kWh (chip power × PUE)";
}

/// Per chip, the pool that serves a service best against the one that serves it worst.
std::string per_chip_sentence(const Service& s, std::string& factor) {
  std::vector<const ServiceOnPool*> ok;
  for (const auto& p : s.pools) if (p.feasible && p.chips_needed > 0 && p.role == "prefill+decode") ok.push_back(&p);
  if (ok.size() < 2) return "";
  const auto [best, worst] = std::minmax_element(ok.begin(), ok.end(), [](const auto* a, const auto* b) { return a->chips_needed < b->chips_needed; });
  if ((*best)->chip == (*worst)->chip) return "";
  factor = "tokens per chip";
  return "Per chip, one " + (*best)->chip + " serves " + times((*worst)->chips_needed / (*best)->chips_needed) + " the tokens of one " +
         (*worst)->chip + " on " + s.name + " (" + sig((*best)->demand_tokens_per_s / (*best)->chips_needed) + " vs " +
         sig((*worst)->demand_tokens_per_s / (*worst)->chips_needed) + " tokens/s per chip at each mode's latency targets)" +
         per_dollar_and_energy(**best, **worst) + ".";
}

}  // namespace

Answer serving_answer(const engine::Scenario& s, const engine::Results& r) {
  Answer a;
  a.basis = "serving";
  const auto all = services(r);
  for (std::size_t i = 0; i < all.size() && i < kMaxServicesSpelledOut; ++i) a.sentences.push_back(service_sentence(all[i]));
  if (all.size() > kMaxServicesSpelledOut) a.sentences.back().pop_back(), a.sentences.back() += "; " + grouped(static_cast<double>(all.size() - kMaxServicesSpelledOut)) + " more services in the table.";
  if (!all.empty()) {
    if (auto per_chip = per_chip_sentence(all.front(), a.deciding_factor); !per_chip.empty()) a.sentences.push_back(per_chip);
  }
  for (const auto& i : r.inference) a.compared.push_back("inference." + i.name + "@" + i.chip_id + ".chips_needed");
  std::vector<WorkloadError> vouched;
  for (const auto& i : r.inference) {
    if (!i.estimate.feasible) continue;
    if (auto e = serving_error(s, i)) vouched.push_back(*e);
  }
  a.model_error = model_error_sentence(vouched);
  return a;
}

}  // namespace flopcast::report::detail
