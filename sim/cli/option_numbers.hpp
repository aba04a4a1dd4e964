// Whole-number command-line options, range-checked while the command line is parsed: "-5",
// "1.5", "1e30" and "12abc" are refused with the option named (exit 2), never wrapped around,
// truncated or passed on to allocate (docs/reliability.md, Resource limits).
#pragma once

#include <boost/any.hpp>
#include <boost/program_options/errors.hpp>
#include <boost/program_options/value_semantic.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flopcast::cli {

/// A bad option value: what main prints as "flopcast COMMAND: error[out-of-range]: --option: …",
/// then "  hint: …" when the option was declared with hinted_value.
class OptionValueError : public boost::program_options::error_with_option_name {
 public:
  OptionValueError(const std::string& message, const std::string& value)
      : error_with_option_name("%canonical_option%: " + message + ", found '%value%'", "", value) {
    set_substitute("value", value);
  }
  std::string hint;  ///< how to fix it, for this option
};

/// po::value(store) whose refused values carry `hint` (an example of the option, what to leave
/// out): the range checks of validate() below know the bounds, the declaration what the option means.
template <class T>
class HintedValue : public boost::program_options::typed_value<T> {
 public:
  HintedValue(T* store, std::string hint) : boost::program_options::typed_value<T>(store), hint_(std::move(hint)) {}
  void xparse(boost::any& out, const std::vector<std::string>& tokens) const override {
    try {
      boost::program_options::typed_value<T>::xparse(out, tokens);
    } catch (OptionValueError& e) {
      e.hint = hint_;
      throw;
    }
  }

 private:
  std::string hint_;
};

template <class T>
HintedValue<T>* hinted_value(T* store, std::string hint) {
  return new HintedValue<T>(store, std::move(hint));
}

/// `text` as a whole number: decimal digits, or a number in scientific notation that is exactly
/// a whole number ("1e6"); nothing for a sign, a fraction, anything beyond 2^64 - 1 or trailing text.
std::optional<std::uint64_t> parse_whole_number(std::string_view text);

/// "must be a whole number from 1 to 1,000,000,000".
std::string whole_number_range(std::uint64_t min, std::uint64_t max);

/// The value of a whole-number option known to lie in [Min, Max]; declare the option with
/// po::value(&w) and read w.value.
template <std::uint64_t Min, std::uint64_t Max>
struct WholeNumber {
  static_assert(Min <= Max);
  std::uint64_t value = Min;
};

/// Boost.Program_options' hook for WholeNumber (found by argument-dependent lookup).
template <std::uint64_t Min, std::uint64_t Max>
void validate(boost::any& out, const std::vector<std::string>& values, WholeNumber<Min, Max>*, int) {
  boost::program_options::validators::check_first_occurrence(out);
  const std::string& text = boost::program_options::validators::get_single_string(values);
  const auto n = parse_whole_number(text);
  if (!n || *n < Min || *n > Max) throw OptionValueError(whole_number_range(Min, Max), text);
  out = WholeNumber<Min, Max>{*n};
}

/// --shard I/N: 0 <= I < N <= kMaxShards.
inline constexpr std::uint64_t kMaxShards = 1'000'000;
struct ShardSpec {
  std::uint64_t index = 0, count = 1;
};
void validate(boost::any& out, const std::vector<std::string>& values, ShardSpec*, int);

}  // namespace flopcast::cli
