// Reading a results.json back as (path, number) pairs, for flopcast diff. JSON is YAML, so
// yaml-cpp parses it; the same size and depth guards apply.
#include "flopcast/scenario/load.hpp"
#include "yaml_document.hpp"

namespace flopcast::scenario {
namespace {

void flatten(const YAML::Node& n, const std::string& path, std::vector<std::pair<std::string, double>>& out) {
  if (n.IsMap()) {
    for (auto it = n.begin(); it != n.end(); ++it) flatten(it->second, path.empty() ? it->first.Scalar() : path + "." + it->first.Scalar(), out);
  } else if (n.IsSequence()) {
    for (std::size_t i = 0; i < n.size(); ++i) {
      // Name array items by their "name" (or "chip") field when they have one: rows then match
      // across runs even if their order changes. A serving row is name@pool (a service can run
      // on several pools of one chip), with its role when it is one half of a disaggregated pair.
      std::string key = std::to_string(i);
      if (n[i].IsMap()) {
        for (const char* id : {"name", "chip"}) {
          if (n[i][id] && n[i][id].IsScalar()) {
            key = n[i][id].Scalar();
            if (std::string(id) == "name") {
              const char* where = n[i]["pool"] ? "pool" : n[i]["chip"] ? "chip" : nullptr;
              if (where) key += "@" + n[i][where].Scalar();
              const auto role = n[i]["role"];
              if (role && role.IsScalar() && role.Scalar() != "prefill+decode") key += "/" + role.Scalar();
            }
            break;
          }
        }
      }
      flatten(n[i], path + "[" + key + "]", out);
    }
  } else if (n.IsScalar() && n.Tag() != "!") {  // unquoted scalars only: strings are quoted in JSON
    try {
      out.emplace_back(path, n.as<double>());
    } catch (const YAML::BadConversion&) {
      // true/false/null: not a number, not compared
    }
  }
}

}  // namespace

ResultsNumbers load_results_numbers(const std::string& path) {
  ResultsNumbers out;
  core::DiagnosticSink sink;
  if (auto root = parse_yaml_file(path, sink)) flatten(*root, "", out.numbers);
  out.diagnostics = sink.sorted();
  return out;
}

}  // namespace flopcast::scenario
