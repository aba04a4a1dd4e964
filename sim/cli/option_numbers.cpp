// Parsing whole-number command-line options (option_numbers.hpp).
#include "option_numbers.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "text_table.hpp"

namespace flopcast::cli {

std::optional<std::uint64_t> parse_whole_number(std::string_view text) {
  if (text.empty() || !(text.front() >= '0' && text.front() <= '9')) return std::nullopt;  // no sign, no blank
  std::uint64_t n = 0;
  const auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (err == std::errc{} && end == text.data() + text.size()) return n;
  if (err == std::errc::result_out_of_range) return std::nullopt;
  // Scientific notation ("1e6", "2.5e3"): exact whole numbers up to 2^53 only, where doubles are exact.
  const std::string copy(text);
  char* stop = nullptr;
  const double d = std::strtod(copy.c_str(), &stop);
  if (stop != copy.c_str() + copy.size() || !std::isfinite(d) || d != std::floor(d) || d > 0x1.0p53) return std::nullopt;
  return static_cast<std::uint64_t>(d);
}

std::string whole_number_range(std::uint64_t min, std::uint64_t max) {
  return "must be a whole number from " + grouped(static_cast<double>(min)) + " to " +
         (max == UINT64_MAX ? std::string("2^64 - 1") : grouped(static_cast<double>(max)));
}

void validate(boost::any& out, const std::vector<std::string>& values, ShardSpec*, int) {
  boost::program_options::validators::check_first_occurrence(out);
  const std::string& text = boost::program_options::validators::get_single_string(values);
  const auto slash = text.find('/');
  const auto index = slash == std::string::npos ? std::nullopt : parse_whole_number(std::string_view(text).substr(0, slash));
  const auto count = slash == std::string::npos ? std::nullopt : parse_whole_number(std::string_view(text).substr(slash + 1));
  if (!index || !count || *count < 1 || *count > kMaxShards || *index >= *count) {
    throw OptionValueError("takes I/N, shard I (0-based) of N shards, with 0 <= I < N <= " + grouped(static_cast<double>(kMaxShards)) +
                               ", e.g. 0/4",
                           text);
  }
  out = ShardSpec{*index, *count};
}

}  // namespace flopcast::cli
