// A minimal streaming JSON writer with deterministic number formatting (shortest round-trip).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace flopcast::report {

class JsonWriter {
 public:
  JsonWriter& begin_object(std::string_view key = {});
  JsonWriter& end_object();
  JsonWriter& begin_array(std::string_view key = {});
  JsonWriter& end_array();
  JsonWriter& value(std::string_view key, std::string_view v);
  JsonWriter& value(std::string_view key, const char* v) { return value(key, std::string_view(v)); }
  JsonWriter& value(std::string_view key, double v);
  JsonWriter& value(std::string_view key, bool v);
  JsonWriter& null(std::string_view key);
  [[nodiscard]] std::string str() const { return out_ + "\n"; }

  /// Shortest text that reads back as exactly `v` (non-finite values are a caller bug).
  static std::string number(double v);
  static std::string quote(std::string_view s);

 private:
  void key_prefix(std::string_view key);
  void open(std::string_view key, const char* bracket);
  void close(const char* bracket);
  [[nodiscard]] std::string label(std::string_view key) const;  ///< "key", "[index]" in an array, "" at the root
  /// Where the next value with `key` goes, e.g. "training[1].time_s" (named when a value is non-finite).
  [[nodiscard]] std::string path_to(std::string_view key) const;
  std::string out_;
  std::vector<bool> first_;          ///< per open container: no element written yet
  std::vector<std::size_t> items_;   ///< per open container: elements written so far
  std::vector<std::string> names_;   ///< per open container: its key, "[index]" in an array, "" for the root
};

}  // namespace flopcast::report
