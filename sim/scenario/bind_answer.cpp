// answer: which metrics the generated answer sentences set against each other.
#include "bind_scenario.hpp"

namespace flopcast::scenario {

void bind_answer(YamlReader& r, const CheckedMap& top, engine::Scenario& s) {
  const MapEntry* e = top.get("answer");
  if (!e) return;
  auto m = r.map(e->value, "answer", answer_section());
  if (!m || !r.read(*m, "compare", s.answer.compare)) return;
  // Each item's own position, so an unknown metric is reported where it is written.
  const YAML::Node items = m->value_node("compare");
  for (std::size_t i = 0; i < s.answer.compare.size(); ++i) s.answer.locations.push_back(items.IsSequence() ? r.at(items[i]) : r.at(items));
  if (s.answer.compare.size() < 2) {
    r.report(r.make(core::ErrorCode::invalid_value, items, "answer.compare", "an answer compares two or more metrics"));
  }
}

}  // namespace flopcast::scenario
