// Names of the buy: objectives (flopcast mix).
#include "flopcast/engine/mix_spec.hpp"

#include <array>

namespace flopcast::engine {
namespace {

using O = MixSpec::Objective;
constexpr std::array<core::EnumName<O>, 4> kObjectives{{
    {O::capex, "capex", "the purchase price of the chips bought"},
    {O::tco, "tco", "yearly cost: price amortised over the amortisation period plus facility energy (or rent)"},
    {O::power, "power", "facility power (chip power x PUE)"},
    {O::training_left, "training_left", "maximise the effective training FLOP/s of the chips left once the demand is served"},
}};

}  // namespace

std::span<const core::EnumName<MixSpec::Objective>> mix_objective_names() { return kObjectives; }

}  // namespace flopcast::engine
