// The answer for fleets over time: what each actor fields at the end of the horizon, the
// training compute it delivers over it (against an everyday yardstick), what limits it, and,
// with several buyers, how much of what each ordered it received.
#include <algorithm>
#include <cmath>

#include "answer_parts.hpp"
#include "prose.hpp"

namespace flopcast::report::detail {
namespace {

using namespace prose;

constexpr std::size_t kMaxActorsSpelledOut = 4;

std::vector<std::string> actors_of(const std::vector<fleet::ActorPeriod>& rows) {
  std::vector<std::string> out;
  for (const auto& p : rows) if (std::find(out.begin(), out.end(), p.actor) == out.end()) out.push_back(p.actor);
  return out;
}

const fleet::ActorPeriod* last_row(const std::vector<fleet::ActorPeriod>& rows, const std::string& actor) {
  const fleet::ActorPeriod* out = nullptr;
  for (const auto& p : rows) if (p.actor == actor) out = &p;
  return out;
}

std::string end_state_sentence(const fleet::ActorPeriod& p) {
  std::string out = "By " + p.period.str() + " " + p.actor + " has " + count(p.installed_chips) + " chips installed (" +
                    count(p.h100e_by_throughput) + " H100-equivalents by throughput): " + flop_rate(p.effective_flop_per_s) +
                    " of effective training compute";
  if (p.demand_tokens_per_s > 0) {
    out += ", serving " + sig(p.served_tokens_per_s * 86400 / 1e12) + " of its " + sig(p.demand_tokens_per_s * 86400 / 1e12) +
           " T tokens/day demand (" + percent(p.served_tokens_per_s / p.demand_tokens_per_s) + ") on " + count(p.serving_chips) + " chips";
  }
  return out + ".";
}

/// Periods in which a limit bound, for one actor: "supply limits 12 of 12 quarters".
std::string limits_text(const std::vector<fleet::ActorPeriod>& rows, const std::string& actor) {
  int periods = 0, supply = 0, budget = 0, power = 0, volume = 0;
  for (const auto& p : rows) {
    if (p.actor != actor) continue;
    ++periods;
    supply += p.supply_limited, budget += p.budget_limited, power += p.power_limited, volume += p.volume_limited;
  }
  std::vector<std::string> parts;
  for (const auto& [n, what] : {std::pair{supply, "supply"}, std::pair{budget, "the budget"}, std::pair{power, "the power cap"},
                                std::pair{volume, "a volume cap"}}) {
    if (n > 0) parts.push_back(std::string(what) + " in " + std::to_string(n) + " of " + std::to_string(periods) + " periods");
  }
  return parts.empty() ? "" : "limited by " + join_and(parts);
}

std::string delivered_sentence(const engine::Scenario& s, const std::vector<fleet::ActorPeriod>& rows, const std::string& actor) {
  const auto* last = last_row(rows, actor);
  std::string out = "From " + rows.front().period.str() + " to " + last->period.str() + " it delivers " + flop_total(last->cumulative_training_flops) +
                    " of training compute";
  if (const auto everyday = everyday_flops(s, last->cumulative_training_flops); !everyday.empty()) out += " (" + everyday + ")";
  if (const auto limits = limits_text(rows, actor); !limits.empty()) out += ", " + limits;
  return out + ".";
}

/// Ordered against received over the horizon, per buyer: the answer for buyers of one supply.
std::string received_sentence(const std::vector<fleet::ActorPeriod>& rows, const std::vector<std::string>& actors, std::string& factor) {
  std::vector<std::string> parts;
  bool short_of_order = false;
  for (std::size_t a = 0; a < actors.size() && a < kMaxActorsSpelledOut; ++a) {
    double wanted = 0, delivered = 0;
    for (const auto& p : rows) {
      if (p.actor != actors[a]) continue;
      for (const auto& c : p.chips) wanted += c.wanted, delivered += c.delivered;
    }
    if (wanted <= 0) continue;
    short_of_order = short_of_order || delivered < 0.995 * wanted;
    parts.push_back(actors[a] + " " + count(delivered) + " of " + count(wanted) + " (" + percent(delivered / wanted) + ")");
  }
  if (parts.size() < 2) return "";
  if (short_of_order) factor = "supply";
  return "Of the chips each ordered from " + rows.front().period.str() + " to " + rows.back().period.str() + ", " + join_and(parts) + " were delivered" +
         (short_of_order ? "; the shared supply is split by priority, then pro rata to what each orders" : "") + ".";
}

}  // namespace

Answer projection_answer(const engine::Scenario& s, const engine::Results& r) {
  Answer a;
  a.basis = "fleet projection";
  const auto actors = actors_of(r.projection);
  if (actors.empty()) return a;
  for (const auto& actor : actors) a.compared.push_back("projection." + actor + ".effective_flop_per_s");
  if (actors.size() == 1) {
    a.sentences.push_back(end_state_sentence(*last_row(r.projection, actors.front())));
    a.sentences.push_back(delivered_sentence(s, r.projection, actors.front()));
    const auto& last = *last_row(r.projection, actors.front());
    if (last.supply_limited) a.deciding_factor = "supply";
    return a;
  }
  if (auto received = received_sentence(r.projection, actors, a.deciding_factor); !received.empty()) a.sentences.push_back(received);
  std::vector<std::string> compute;
  for (std::size_t i = 0; i < actors.size() && i < kMaxActorsSpelledOut; ++i) {
    const auto& last = *last_row(r.projection, actors[i]);
    compute.push_back(actors[i] + " " + flop_rate(last.effective_flop_per_s) + " (" + count(last.installed_chips) + " chips)");
  }
  a.sentences.push_back("By " + r.projection.back().period.str() + " they field " + join_and(compute) + " of effective training compute.");
  double total = 0;
  for (const auto& actor : actors) total += last_row(r.projection, actor)->cumulative_training_flops;
  std::string together = "Together they deliver " + flop_total(total) + " of training compute over the horizon";
  if (const auto everyday = everyday_flops(s, total); !everyday.empty()) together += " (" + everyday + ")";
  a.sentences.push_back(together + ".");
  return a;
}

Answer regime_comparison_answer(const engine::Scenario& s, const std::vector<std::string>& regimes, const std::vector<engine::Results>& runs) {
  Answer a;
  a.basis = "regime comparison";
  if (runs.size() < 2 || runs.front().projection.empty()) return a;
  const auto actors = actors_of(runs.front().projection);
  a.deciding_factor = "export regime";
  for (std::size_t k = 0; k < actors.size() && k < kMaxActorsSpelledOut; ++k) {
    const auto* base = last_row(runs.front().projection, actors[k]);
    std::vector<std::string> parts;
    for (std::size_t i = 1; i < runs.size() && i < regimes.size(); ++i) {
      const auto* other = last_row(runs[i].projection, actors[k]);
      if (!other || base->cumulative_training_flops <= 0) continue;
      const double ratio = other->cumulative_training_flops / base->cumulative_training_flops;
      parts.push_back(percent(std::fabs(ratio - 1)) + (ratio < 1 ? " less" : " more") + " under " + regimes[i] + " (" +
                      flop_total(other->cumulative_training_flops) + ")");
    }
    if (parts.empty()) continue;
    std::string sentence = "From " + runs.front().projection.front().period.str() + " to " + base->period.str() + " " + actors[k] +
                           " gets " + flop_total(base->cumulative_training_flops) + " of training compute under " + regimes.front();
    if (const auto everyday = everyday_flops(s, base->cumulative_training_flops); !everyday.empty()) sentence += " (" + everyday + ")";
    a.sentences.push_back(sentence + ", " + join_and(parts) + ".");
    a.compared.push_back("projection." + actors[k] + ".cumulative_training_flops");
  }
  return a;
}

}  // namespace flopcast::report::detail
