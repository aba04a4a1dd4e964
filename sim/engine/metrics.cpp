// Metric paths over Results: the one place that names result values for checks and sweeps.
#include "flopcast/engine/metrics.hpp"

#include "period_select.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace flopcast::engine {
namespace {

constexpr std::array<std::string_view, 7> kFleetFields{"chips", "peak_bf16_flop_per_s", "effective_flop_per_s", "power_w", "h100e_by_tpp",
                                                       "capex_usd", "facility_power_w"};
constexpr std::array<std::string_view, 11> kTrainingFields{"tokens_per_s_per_chip", "model_tflops_per_chip", "hardware_tflops_per_chip",
                                                           "mfu_bf16",  "step_s",     "time_days",  "chip_hours", "energy_mwh", "cost_usd",
                                                           "capex_usd", "facility_power_w"};
constexpr std::array<std::string_view, 12> kInferenceFields{"prefill_tokens_per_s_per_chip", "decode_tokens_per_s_per_chip",
                                                            "output_tokens_per_s_per_chip",  "tpot_ms",  "chips_needed", "usd_per_million_tokens",
                                                            "replicas_needed", "capex_usd", "facility_power_w", "tco_usd_per_year",
                                                            "served_tokens_per_day", "pool_share_left"};

constexpr std::array<std::string_view, 3> kKernelFields{"seconds", "tflops", "gbps"};

constexpr std::array<std::string_view, 21> kProjectionFields{
    "installed_chips", "active_chips", "peak_bf16_flop_per_s", "effective_flop_per_s", "training_flop_per_s", "training_flops",
    "cumulative_training_flops", "h100e_by_tpp", "h100e_by_throughput", "spend_usd", "power_w", "energy_mwh", "electricity_usd",
    "bought_h100e", "blocked_h100e",
    // Serving fields (listed by metric_names only when some actor serves):
    "training_chips", "serving_chips", "serving_capacity_tokens_per_day", "demand_tokens_per_day", "served_tokens_per_day",
    "shortfall_tokens_per_day"};
constexpr int kFirstServingField = 15;
/// Flows add up over a year (@YYYY); the other fields read the year's last period.
constexpr std::array<int, 6> kProjectionFlows{5, 9, 11, 12, 13, 14};
/// Per chip type of an actor: projection.<actor>@<chip>.<field>.
constexpr std::array<std::string_view, 6> kChipFields{"delivered", "smuggled", "installed", "active", "training", "blocked_h100e"};
constexpr std::array<int, 3> kChipFlows{0, 1, 5};
/// Per product of domestic production: production.<chip>.<field>.
constexpr std::array<std::string_view, 2> kProductFields{"made", "capacity"};

template <std::size_t N>
int field_of(const std::array<std::string_view, N>& table, std::string_view f) {
  for (std::size_t i = 0; i < N; ++i) if (table[i] == f) return static_cast<int>(i);
  return -1;
}

std::optional<double> training_field(const TrainingResult& t, int f) {
  if (t.estimate.status != perf::EstimateStatus::ok) return std::nullopt;
  switch (f) {
    case 0: return t.estimate.tokens_per_s / t.chips;
    case 1: return t.estimate.achieved_flop_per_s / t.chips / 1e12;
    case 2: return t.step ? std::optional(t.step->hardware_flop_per_s_per_chip / 1e12) : std::nullopt;
    case 3: return t.step ? std::optional(t.step->mfu_bf16) : std::nullopt;
    case 4: return t.step ? std::optional(t.step->time.step_s) : std::nullopt;
    case 5: return t.estimate.time_s / 86400.0;
    case 6: return t.estimate.chip_hours;
    case 7: return t.energy_j ? std::optional(*t.energy_j / 3.6e9) : std::nullopt;
    case 8: return t.cost_usd;
    case 9: return t.economics.capex_usd;
    case 10: return t.economics.facility_power_w;
  }
  return std::nullopt;
}

std::optional<double> inference_field(const InferenceResult& i, int f) {
  const auto& e = i.estimate;
  if (!e.feasible) return std::nullopt;
  switch (f) {
    case 0: return e.prefill_tokens_per_s_per_chip;
    case 1: return e.decode_tokens_per_s_per_chip;
    case 2: return e.output_tokens_per_s_per_chip;
    case 3: return e.tpot_s * 1e3;
    case 4: return i.chips_needed;
    case 5: return i.usd_per_million_tokens;
    case 6: return i.replicas_needed;
    case 7: return i.economics.capex_usd;
    case 8: return i.economics.facility_power_w;
    case 9: return i.economics.tco_usd_per_year;
    case 10: return i.served_tokens_per_s * 86400;
    // The pool's share left over once the demand has its whole replicas (negative: short).
    case 11: return i.chips_available > 0 ? std::optional(1 - i.chips_needed / i.chips_available) : std::nullopt;
  }
  return std::nullopt;
}

/// The projection fields (kProjectionFields order) that are a member times a constant, with no
/// check; null where the value needs one (spend, power, energy, electricity: below).
struct PlainField {
  double fleet::ActorPeriod::*member;
  double multiplier;
};
using AP = fleet::ActorPeriod;
constexpr std::array<PlainField, 21> kPlainProjection{{{&AP::installed_chips, 1},
                                                       {&AP::active_chips, 1},
                                                       {&AP::peak_bf16_flop_per_s, 1},
                                                       {&AP::effective_flop_per_s, 1},
                                                       {&AP::training_flop_per_s, 1},
                                                       {&AP::training_flops, 1},
                                                       {&AP::cumulative_training_flops, 1},
                                                       {&AP::h100e_by_tpp, 1},
                                                       {&AP::h100e_by_throughput, 1},
                                                       {nullptr, 1},  // spend_usd
                                                       {nullptr, 1},  // power_w
                                                       {nullptr, 1},  // energy_mwh
                                                       {nullptr, 1},  // electricity_usd
                                                       {&AP::bought_h100e, 1},
                                                       {&AP::blocked_h100e, 1},
                                                       {&AP::training_chips, 1},
                                                       {&AP::serving_chips, 1},
                                                       {&AP::serving_capacity_tokens_per_s, 86400},  // per day
                                                       {&AP::demand_tokens_per_s, 86400},
                                                       {&AP::served_tokens_per_s, 86400},
                                                       {&AP::shortfall_tokens_per_s, 86400}}};
static_assert(kPlainProjection.size() == kProjectionFields.size());

/// A projection figure; nothing for spend (or power, energy, electricity) when a chip in it has no
/// price (no power figure): a partial sum would pass for the whole.
std::optional<double> projection_field(const fleet::ActorPeriod& p, int f) {
  const auto& plain = kPlainProjection[static_cast<std::size_t>(f)];
  if (plain.member) return p.*plain.member * plain.multiplier;
  switch (f) {
    case 9: return p.spend_complete ? std::optional(p.spend_usd) : std::nullopt;
    case 10: return p.power_complete ? std::optional(p.power_w) : std::nullopt;
    case 11: return p.power_complete ? std::optional(p.energy_j / 3.6e9) : std::nullopt;
    case 12: return p.power_complete ? std::optional(p.electricity_usd) : std::nullopt;
  }
  return 0;
}

std::optional<double> chip_field(const fleet::ActorPeriod& p, std::size_t row, int f) {
  const auto& c = p.chips[row];
  switch (f) {
    case 0: return c.delivered;
    case 1: return c.smuggled;
    case 2: return c.installed;
    case 3: return c.active;
    case 4: return c.training;
    case 5: return c.blocked_h100e;
  }
  return 0;
}

std::optional<double> product_field(const fleet::ProductPeriod& p, int f) { return f == 0 ? p.bound.made : p.bound.capacity; }

template <std::size_t N>
bool listed(const std::array<int, N>& flows, int f) {
  return std::find(flows.begin(), flows.end(), f) != flows.end();
}

/// Fills the period part of a reference: the row read (or summed over a year, for a flow).
std::optional<MetricRef> with_periods(MetricRef ref, const std::vector<std::size_t>& rows, const std::vector<core::YearMonth>& periods,
                                      std::string_view when, bool flow) {
  const auto sel = detail::select_periods(periods, when);
  if (!sel) return std::nullopt;
  const bool year = when.size() == 4;
  ref.index = rows[sel->second];
  if (year && flow) {
    ref.count = sel->second - sel->first + 1;
    ref.stride = ref.count > 1 ? (rows[sel->second] - rows[sel->first]) / (ref.count - 1) : 1;
  }
  return ref;
}

/// "projection.<actor>[@<chip>].<field>[@when]".
std::optional<MetricRef> resolve_projection(const Results& r, std::string_view name, std::string_view field_and_period) {
  const auto at = field_and_period.find('@');
  const std::string_view field = field_and_period.substr(0, at), when = at == std::string_view::npos ? "" : field_and_period.substr(at + 1);
  const auto chip_at = name.find('@');
  const std::string_view actor = name.substr(0, chip_at), chip = chip_at == std::string_view::npos ? "" : name.substr(chip_at + 1);
  std::vector<std::size_t> rows;  // the actor's rows, in period order
  std::vector<core::YearMonth> periods;
  for (std::size_t i = 0; i < r.projection.size(); ++i) {
    if (r.projection[i].actor != actor) continue;
    rows.push_back(i);
    periods.push_back(r.projection[i].period);
  }
  if (rows.empty()) return std::nullopt;
  MetricRef ref;
  if (chip.empty()) {
    ref.kind = MetricRef::Kind::projection;
    ref.field = field_of(kProjectionFields, field);
    if (ref.field < 0) return std::nullopt;
    auto out = with_periods(ref, rows, periods, when, listed(kProjectionFlows, ref.field));
    const auto& plain = kPlainProjection[static_cast<std::size_t>(ref.field)];
    if (out && out->count == 1 && plain.member) {
      out->member = plain.member;
      out->multiplier = plain.multiplier;
    }
    return out;
  }
  ref.kind = MetricRef::Kind::projection_chip;
  ref.field = field_of(kChipFields, field);
  const auto& chips = r.projection[rows.front()].chips;
  const auto c = std::find_if(chips.begin(), chips.end(), [&](const auto& x) { return x.chip_id == chip; });
  if (ref.field < 0 || c == chips.end()) return std::nullopt;
  ref.chip_row = static_cast<std::size_t>(c - chips.begin());
  return with_periods(ref, rows, periods, when, listed(kChipFlows, ref.field));
}

/// "production.<chip>.<field>[@when]".
std::optional<MetricRef> resolve_production(const Results& r, std::string_view chip, std::string_view field_and_period) {
  const auto at = field_and_period.find('@');
  const std::string_view field = field_and_period.substr(0, at), when = at == std::string_view::npos ? "" : field_and_period.substr(at + 1);
  std::vector<std::size_t> rows;
  std::vector<core::YearMonth> periods;
  for (std::size_t i = 0; i < r.production.size(); ++i) {
    if (r.production[i].chip_id != chip) continue;
    rows.push_back(i);
    periods.push_back(r.production[i].period);
  }
  MetricRef ref;
  ref.kind = MetricRef::Kind::production;
  ref.field = field_of(kProductFields, field);
  if (ref.field < 0 || rows.empty()) return std::nullopt;
  return with_periods(ref, rows, periods, when, true);
}

}  // namespace

bool projection_serves(const Results& r) {
  return std::any_of(r.projection.begin(), r.projection.end(), [](const auto& p) { return p.serving_chips > 0 || p.demand_tokens_per_s > 0; });
}

std::optional<MetricRef> resolve_metric(const Results& r, const std::string& path) {
  const auto first = path.find('.');
  const auto last = path.rfind('.');
  if (first == std::string::npos) return std::nullopt;
  const std::string_view p(path);
  const std::string_view kind = p.substr(0, first), field = p.substr(last + 1);
  if (kind == "fleet" && first == last) {
    const int f = field_of(kFleetFields, field);
    if (f < 0) return std::nullopt;
    return MetricRef{MetricRef::Kind::fleet, 0, f};
  }
  if (first == last) return std::nullopt;
  const std::string_view name = p.substr(first + 1, last - first - 1);
  if (kind == "training") {
    const int f = field_of(kTrainingFields, field);
    for (std::size_t i = 0; f >= 0 && i < r.training.size(); ++i) {
      if (r.training[i].name == name) return MetricRef{MetricRef::Kind::training, i, f};
    }
  } else if (kind == "projection") {
    return resolve_projection(r, name, field);
  } else if (kind == "production") {
    return resolve_production(r, name, field);
  } else if (kind == "kernel") {
    const int f = field_of(kKernelFields, field);
    for (std::size_t i = 0; f >= 0 && i < r.kernels.size(); ++i) {
      if (r.kernels[i].name == name) return MetricRef{MetricRef::Kind::kernel, i, f};
    }
  } else if (kind == "inference") {
    const int f = field_of(kInferenceFields, field);
    const auto at = name.find('@');
    const std::string_view service = name.substr(0, at), chip = at == std::string_view::npos ? "" : name.substr(at + 1);
    // After '@': a pool name, else a chip id (the first row on that chip).
    for (int by_pool = 1; by_pool >= 0; --by_pool) {
      for (std::size_t i = 0; f >= 0 && i < r.inference.size(); ++i) {
        const auto& row = r.inference[i];
        if (row.name == service && (chip.empty() || (by_pool ? row.pool : row.chip_id) == chip)) return MetricRef{MetricRef::Kind::inference, i, f};
      }
    }
  }
  return std::nullopt;
}

namespace {

/// A projection or production metric: one row, or a year's flow summed over its rows.
std::optional<double> read_rows(const Results& r, const MetricRef& m) {
  double total = 0;
  for (std::size_t k = 0; k < m.count; ++k) {
    const std::size_t i = m.index - (m.count - 1 - k) * m.stride;
    const auto v = m.kind == MetricRef::Kind::projection      ? projection_field(r.projection[i], m.field)
                   : m.kind == MetricRef::Kind::projection_chip ? chip_field(r.projection[i], m.chip_row, m.field)
                                                                : product_field(r.production[i], m.field);
    if (!v) return std::nullopt;
    total += *v;
  }
  return total;
}

}  // namespace

std::optional<double> read_metric_general(const Results& r, const MetricRef& m) {
  switch (m.kind) {
    case MetricRef::Kind::fleet: {
      const auto& c = r.fleet_total;
      switch (m.field) {
        case 0: return c.chips;
        case 1: return c.peak_flop_per_s[static_cast<std::size_t>(catalog::Precision::bf16)];
        case 2: return r.fleet_effective_flop_per_s;
        case 3: return c.power_complete ? std::optional(c.power_w) : std::nullopt;
        case 4: return c.h100e_by_tpp;
        case 5: return r.fleet_economics.capex_usd;
        case 6: return r.fleet_economics.facility_power_w;
      }
      return std::nullopt;
    }
    case MetricRef::Kind::training: return training_field(r.training[m.index], m.field);
    case MetricRef::Kind::inference: return inference_field(r.inference[m.index], m.field);
    case MetricRef::Kind::projection:
    case MetricRef::Kind::projection_chip:
    case MetricRef::Kind::production: return read_rows(r, m);
    case MetricRef::Kind::kernel: {
      const auto& k = r.kernels[m.index];
      if (!(k.seconds > 0)) return std::nullopt;
      if (m.field == 0) return k.seconds;
      return m.field == 1 ? k.flop_per_s / 1e12 : k.bytes_per_s / 1e9;
    }
  }
  return std::nullopt;
}

std::optional<double> metric_value(const Results& r, const std::string& path) {
  const auto m = resolve_metric(r, path);
  return m ? read_metric(r, *m) : std::nullopt;
}

std::vector<std::string> metric_fields(std::string_view family) {
  auto names = [](const auto& fields) { return std::vector<std::string>(fields.begin(), fields.end()); };
  if (family == "fleet") return names(kFleetFields);
  if (family == "training") return names(kTrainingFields);
  if (family == "inference") return names(kInferenceFields);
  if (family == "kernel") return names(kKernelFields);
  return {};
}

std::vector<std::string> metric_names(const Results& r) {
  std::vector<std::string> out;
  for (auto f : kFleetFields) out.push_back("fleet." + std::string(f));
  for (const auto& t : r.training) for (auto f : kTrainingFields) out.push_back("training." + t.name + "." + std::string(f));
  for (const auto& k : r.kernels) for (auto f : kKernelFields) out.push_back("kernel." + k.name + "." + std::string(f));
  // A service on one pool: inference.<service>.<field>; on several, one set per pool row
  // (inference.<service>@<pool>.<field>), so a sweep keeps every pool's figures.
  for (const auto& i : r.inference) {
    const bool several = std::count_if(r.inference.begin(), r.inference.end(), [&](const InferenceResult& x) { return x.name == i.name; }) > 1;
    for (auto f : kInferenceFields) {
      const std::string name = "inference." + i.name + (several ? "@" + i.pool : std::string()) + "." + std::string(f);
      if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
  }
  // Fleet over time: each field for the last period, then per period (for fan charts over time).
  const std::size_t fields = projection_serves(r) ? kProjectionFields.size() : static_cast<std::size_t>(kFirstServingField);
  std::vector<std::string> actors;
  for (const auto& p : r.projection) if (std::find(actors.begin(), actors.end(), p.actor) == actors.end()) actors.push_back(p.actor);
  for (const auto& a : actors) {
    for (std::size_t f = 0; f < fields; ++f) out.push_back("projection." + a + "." + std::string(kProjectionFields[f]));
  }
  for (const auto& p : r.projection) {
    for (std::size_t f = 0; f < fields; ++f) out.push_back("projection." + p.actor + "." + std::string(kProjectionFields[f]) + "@" + p.period.str());
  }
  // Calendar years of procurement and production (set against annual estimates, docs/china-estimates.md).
  std::vector<int> years;
  for (const auto& p : r.projection) if (std::find(years.begin(), years.end(), p.period.year) == years.end()) years.push_back(p.period.year);
  for (const int y : years) {
    const std::string at = "@" + std::to_string(y);
    for (const auto& a : actors) {
      for (const char* f : {"bought_h100e", "blocked_h100e", "h100e_by_tpp", "h100e_by_throughput"}) out.push_back("projection." + a + "." + f + at);
    }
    for (const auto& a : actors) {
      const auto row = std::find_if(r.projection.begin(), r.projection.end(), [&](const auto& p) { return p.actor == a; });
      for (const auto& c : row->chips) out.push_back("projection." + a + "@" + c.chip_id + ".delivered" + at);
    }
    std::vector<std::string> products;
    for (const auto& p : r.production) {
      if (std::find(products.begin(), products.end(), p.chip_id) == products.end()) products.push_back(p.chip_id);
    }
    for (const auto& c : products) out.push_back("production." + c + ".made" + at);
  }
  return out;
}

}  // namespace flopcast::engine
