// JSON output helpers: indentation, escaping, shortest round-trip numbers.
#include "flopcast/report/json_writer.hpp"

#include <charconv>
#include <cmath>

#include "flopcast/core/assert.hpp"

namespace flopcast::report {

std::string JsonWriter::number(double v) {
  FLOPCAST_ASSERT(std::isfinite(v), "non-finite value reached the JSON writer");
  if (v == 0) return "0";  // also folds -0
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, p);
}

std::string JsonWriter::quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

void JsonWriter::key_prefix(std::string_view key) {
  if (!first_.empty()) {
    out_ += first_.back() ? "\n" : ",\n";
    first_.back() = false;
    out_ += std::string(first_.size() * 2, ' ');
  }
  if (!key.empty()) out_ += quote(key) + ": ";
}

JsonWriter& JsonWriter::begin_object(std::string_view key) {
  key_prefix(key);
  out_ += "{";
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty) out_ += "\n" + std::string(first_.size() * 2, ' ');
  out_ += "}";
  return *this;
}

JsonWriter& JsonWriter::begin_array(std::string_view key) {
  key_prefix(key);
  out_ += "[";
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty) out_ += "\n" + std::string(first_.size() * 2, ' ');
  out_ += "]";
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view key, std::string_view v) {
  key_prefix(key);
  out_ += quote(v);
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view key, double v) {
  key_prefix(key);
  out_ += number(v);
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view key, bool v) {
  key_prefix(key);
  out_ += v ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null(std::string_view key) {
  key_prefix(key);
  out_ += "null";
  return *this;
}

}  // namespace flopcast::report
