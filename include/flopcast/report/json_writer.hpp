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
  std::string out_;
  std::vector<bool> first_;  ///< per open container: no element written yet
};

}  // namespace flopcast::report
