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
    ++items_.back();
  }
  if (!key.empty()) out_ += quote(key) + ": ";
}

std::string JsonWriter::label(std::string_view key) const {
  if (first_.empty()) return "";  // the root
  return key.empty() ? "[" + std::to_string(items_.back()) + "]" : std::string(key);
}

std::string JsonWriter::path_to(std::string_view key) const {
  std::string out;
  auto append = [&](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty() && part.front() != '[') out += '.';
    out += part;
  };
  for (const auto& n : names_) append(n);
  append(label(key));
  return out;
}

void JsonWriter::open(std::string_view key, const char* bracket) {
  names_.push_back(label(key));
  key_prefix(key);
  out_ += bracket;
  first_.push_back(true);
  items_.push_back(0);
}

void JsonWriter::close(const char* bracket) {
  const bool empty = first_.back();
  first_.pop_back();
  items_.pop_back();
  names_.pop_back();
  if (!empty) out_ += "\n" + std::string(first_.size() * 2, ' ');
  out_ += bracket;
}

JsonWriter& JsonWriter::begin_object(std::string_view key) {
  open(key, "{");
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  close("}");
  return *this;
}

JsonWriter& JsonWriter::begin_array(std::string_view key) {
  open(key, "[");
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  close("]");
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view key, std::string_view v) {
  key_prefix(key);
  out_ += quote(v);
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view key, double v) {
  // The output boundary: no NaN or infinity leaves flopcast silently; the message names the metric.
  FLOPCAST_ASSERT(std::isfinite(v), "non-finite value (" + std::to_string(v) + ") for " + path_to(key) + " reached the JSON writer");
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
