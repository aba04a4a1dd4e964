// The JSON Schema of scenario files, generated from the key table so it cannot drift from the
// loader. docs/scenario.schema.json is this output (a test checks they match).
#include <sstream>

#include "flopcast/scenario/load.hpp"
#include "key_table.hpp"

namespace flopcast::scenario {
namespace {

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void write_section(std::ostringstream& o, const Section& s, int indent);

std::string pad(int n) { return std::string(static_cast<std::size_t>(n), ' '); }

void write_value(std::ostringstream& o, const KeySpec& k, int indent) {
  const std::string p = pad(indent);
  switch (k.kind) {
    case ValueKind::string: o << "{\"type\": \"string\""; break;
    case ValueKind::integer: o << "{\"type\": \"integer\", \"minimum\": " << static_cast<long long>(k.minimum); break;
    case ValueKind::number: o << "{\"type\": \"number\""; break;
    case ValueKind::quantity:
      // Numbers are accepted where a bare number means something (counts, tokens, fractions).
      if (k.dimension == core::Dimension::count || k.dimension == core::Dimension::tokens || k.dimension == core::Dimension::fraction) {
        o << "{\"type\": [\"string\", \"number\"]";
      } else {
        o << "{\"type\": \"string\", \"pattern\": \"^\\\\$?\\\\s*[-+]?[0-9][0-9,_.eE+-]*\\\\s*[A-Za-z$%/µ²^0-9 -]+$\"";
      }
      break;
    case ValueKind::boolean: o << "{\"type\": \"boolean\""; break;
    case ValueKind::date: o << "{\"type\": \"string\", \"pattern\": \"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$\""; break;
    case ValueKind::enumeration: {
      o << "{\"enum\": [";
      bool first = true;
      for (const auto& c : k.choices()) { o << (first ? "" : ", ") << quote(c); first = false; }
      o << "]";
      break;
    }
    case ValueKind::string_list: o << "{\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"array\", \"items\": {\"type\": \"string\"}}]"; break;
    case ValueKind::map: o << "{"; write_section(o, *k.child, indent + 2); o << "\n" << p; break;
    case ValueKind::map_of_maps:
      o << "{\"type\": \"object\", \"additionalProperties\": {";
      write_section(o, *k.child, indent + 2);
      o << "}\n" << p;
      break;
    case ValueKind::list_of_maps:
      o << "{\"type\": \"array\", \"items\": {";
      write_section(o, *k.child, indent + 2);
      o << "}\n" << p;
      break;
    case ValueKind::string_or_map: o << "{\"type\": [\"string\", \"object\"]"; break;
    case ValueKind::value: o << "{\"type\": [\"string\", \"number\"]"; break;
    case ValueKind::value_list: o << "{\"type\": \"array\", \"items\": {\"type\": [\"string\", \"number\"]}"; break;
  }
  o << ", \"description\": " << quote(k.description) << "}";
}

void write_section(std::ostringstream& o, const Section& s, int indent) {
  const std::string p = pad(indent);
  o << "\n" << p << "\"type\": \"object\",\n" << p << "\"description\": " << quote(s.description) << ",\n";
  o << p << "\"additionalProperties\": false,\n" << p << "\"properties\": {";
  bool first = true;
  for (const auto& k : s.keys) {
    o << (first ? "\n" : ",\n") << p << "  " << quote(k.name) << ": ";
    write_value(o, k, indent + 4);
    first = false;
  }
  o << "\n" << p << "}";
  std::vector<std::string> required;
  for (const auto& k : s.keys) if (k.required) required.emplace_back(k.name);
  if (!required.empty()) {
    o << ",\n" << p << "\"required\": [";
    for (std::size_t i = 0; i < required.size(); ++i) o << (i ? ", " : "") << quote(required[i]);
    o << "]";
  }
}

}  // namespace

std::string scenario_json_schema() {
  std::ostringstream o;
  o << "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n";
  o << "  \"$id\": \"https://flopcast.invalid/scenario.schema.json\",\n";
  o << "  \"title\": \"flopcast scenario\",";
  write_section(o, scenario_section(), 2);
  o << "\n}\n";
  return o.str();
}

}  // namespace flopcast::scenario
