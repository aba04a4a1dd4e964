// Loading the bibliography (scenarios/catalog/sources.yaml): a mapping from citation key to
// author, title, date and url, sorted by key.
#include "flopcast/catalog/bibliography.hpp"
#include "flopcast/scenario/load.hpp"
#include "yaml_document.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;

/// A key is citable when citation_keys() finds it written as [KEY].
bool citable(const std::string& key) {
  const auto found = catalog::citation_keys("(see [" + key + "])");
  return found.size() == 1 && found.front().key == key;
}

void bind_entry(YamlReader& r, const MapEntry& e, const std::string* previous, catalog::Bibliography& into) {
  const std::string path = e.key;
  if (!citable(e.key)) {
    r.report(ErrorCode::invalid_value, e.key_node, path, "'" + e.key + "' cannot be cited as [" + e.key + "]",
             "a key starts with an upper-case letter, then letters, digits and single hyphens, e.g. FR23 or CM-paper");
  }
  if (previous && !(*previous < e.key)) {
    r.report(ErrorCode::invalid_value, e.key_node, path, "'" + e.key + "' is out of order: it sorts before '" + *previous + "'",
             "keep the entries sorted by key (byte order), so additions by different people merge cleanly");
  }
  auto m = r.map(e.value, path, source_entry_section());
  if (!m) return;
  catalog::SourceEntry s;
  s.key = e.key;
  s.defined_at = r.at(e.key_node);
  r.read(*m, "author", s.author);
  r.read(*m, "title", s.title);
  r.read(*m, "url", s.url);
  r.read(*m, "via", s.via);
  r.read(*m, "notes", s.notes);
  if (r.read(*m, "date", s.date) && !catalog::is_bibliography_date(s.date)) {
    r.report(ErrorCode::invalid_value, m->value_node("date"), m->child_path("date"), "'" + s.date + "' is not a date",
             "write YYYY, YYYY-MM or YYYY-MM-DD, or \"n.d.\" when the item carries no date");
  }
  for (const char* field : {"author", "title", "url"}) {
    const MapEntry* f = m->get(field);
    if (f && f->value.IsScalar() && f->value.Scalar().empty()) {
      r.report(r.make(ErrorCode::invalid_value, f->value, m->child_path(field), std::string(field) + " is empty"));
    }
  }
  into.add(std::move(s));
}

}  // namespace

BibliographyLoad load_bibliography(const std::string& path) {
  BibliographyLoad out;
  core::DiagnosticSink sink;
  if (auto root = parse_yaml_file(path, sink)) {
    YamlReader r(path, sink);
    const auto entries = r.id_map(*root, "");
    const std::string* previous = nullptr;
    for (const auto& e : entries) {
      bind_entry(r, e, previous, out.bibliography);
      previous = &e.key;
    }
  }
  out.diagnostics = sink.sorted();
  return out;
}

std::string default_bibliography_path(const std::string& catalog_dir) { return catalog_dir + "/sources.yaml"; }

}  // namespace flopcast::scenario
