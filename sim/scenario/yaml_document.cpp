// Safe YAML parsing: limits first, then yaml-cpp, with its exceptions mapped to diagnostics.
#include "yaml_document.hpp"

#include <yaml-cpp/eventhandler.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace flopcast::scenario {
namespace {

/// The hint for a file that is not text: bytes no YAML file holds.
constexpr std::string_view kNotTextHint = "scenario files are UTF-8 text; check that this is the file you meant, or save it as UTF-8";

/// What the event scan of a YAML stream keeps: where each document starts, and the first alias
/// written in key position. Only these are kept: the documents themselves are parsed again by
/// YAML::Load (the first) once the stream is known to be sound.
struct StreamScan : YAML::EventHandler {
  std::vector<YAML::Mark> starts;
  std::optional<YAML::Mark> alias_key;  ///< the first `*a :`, if any

  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { node(); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    if (node() && !alias_key) alias_key = mark;
  }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override { node(); }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { open(false); }
  void OnSequenceEnd() override { open_.pop_back(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { open(true); }
  void OnMapEnd() override { open_.pop_back(); }

 private:
  /// Per open collection: -1 for a sequence, else the number of a map's keys and values so far.
  std::vector<long> open_;

  /// Counts a node in the collection that holds it; whether it stands in key position.
  bool node() {
    if (open_.empty() || open_.back() < 0) return false;
    return open_.back()++ % 2 == 0;
  }
  void open(bool map) {
    node();
    open_.push_back(map ? 0 : -1);
  }
};

/// Scans every document of `text` (parse errors throw, as YAML::LoadAll's do). yaml-cpp 0.7
/// never gets past a ',' outside a flow collection: it reports an empty document at the same
/// place for ever (YAML::LoadAll hangs and grows without bound). A document that starts where
/// the one before it did is that case, thrown as a parse error at its place.
StreamScan scan_stream(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  StreamScan scan;
  while (parser.HandleNextDocument(scan)) {
    const auto& s = scan.starts;
    if (s.size() >= 2 && s.back().pos <= s[s.size() - 2].pos) {
      throw YAML::ParserException(s.back(), "the parser cannot get past this point (a ',' outside [ ] or { }?)");
    }
  }
  return scan;
}

/// The alias written at `pos` (`*name`), for a message.
std::string alias_text(const std::string& text, std::size_t pos) {
  std::size_t end = pos + 1;
  while (end < text.size() && end - pos < 64 && !std::strchr(" \t\r\n,:[]{}", text[end])) ++end;
  return text.substr(pos, end - pos);
}

using core::ErrorCode;

core::Diagnostic diag(ErrorCode code, const std::string& file, int line, int column, std::string message) {
  core::Diagnostic d;
  d.code = code;
  d.location = {file, line, column, 1};
  d.message = std::move(message);
  return d;
}

bool yaml_blank(char c) { return c == ' ' || c == '\t'; }

/// Estimates nesting depth without parsing, line by line: flow brackets outside quotes, plus
/// block indentation levels (an indentation stack, as a Python tokenizer keeps) and "- - -" or
/// "? ? ?" runs. A quote opens a quoted scalar only where a scalar can start (after '[', '{',
/// ',' or an indicator and a blank), and '#' starts a comment only after a blank, as in YAML;
/// as a safety net, brackets are also counted regardless of quotes and comments, with a limit
/// four times higher.
class DepthScanner {
 public:
  /// Whether `line` (starting at `indent`, its first non-space) takes a depth past its limit.
  bool too_deep(const std::string& line, std::size_t indent) {
    return block_too_deep(line, indent) || raw_brackets_too_deep(line) || flow_too_deep(line, indent);
  }

 private:
  std::vector<std::size_t> indents_;  ///< the open block levels' indentation
  int flow_ = 0;                      ///< open flow brackets outside quotes and comments
  int raw_flow_ = 0;                  ///< open flow brackets, counting every one

  /// A block line (outside flow brackets, not a comment) closes deeper levels, opens its own,
  /// and adds one for each leading "- " or "? " indicator.
  bool block_too_deep(const std::string& line, std::size_t i) {
    if (flow_ != 0 || i >= line.size() || line[i] == '#') return false;
    while (!indents_.empty() && indents_.back() >= i) indents_.pop_back();
    indents_.push_back(i);
    std::size_t j = i;
    int dashes = 0;
    while (j + 1 < line.size() && (line[j] == '-' || line[j] == '?') && yaml_blank(line[j + 1])) {
      ++dashes;
      j += 2;
      while (j < line.size() && yaml_blank(line[j])) ++j;
    }
    return static_cast<int>(indents_.size()) + dashes > max_nesting_depth;
  }

  bool raw_brackets_too_deep(const std::string& line) {
    for (const char c : line) {
      if (c == '[' || c == '{') {
        if (++raw_flow_ > 4 * max_nesting_depth) return true;
      } else if ((c == ']' || c == '}') && raw_flow_ > 0) {
        --raw_flow_;
      }
    }
    return false;
  }

  /// Flow brackets outside quoted scalars and comments, on top of the block depth.
  bool flow_too_deep(const std::string& line, std::size_t i) {
    char quote = 0;
    char prev = '\0';          // the last non-blank character before k on this line
    bool after_blank = false;  // blanks separate it from k
    for (std::size_t k = i; k < line.size(); ++k) {
      const char c = line[k];
      if (quote) {
        if (c == quote) quote = 0;
        prev = c;
        after_blank = false;
        continue;
      }
      if (yaml_blank(c)) {
        after_blank = true;
        continue;
      }
      const char before = prev;
      prev = c;
      const bool spaced = after_blank;
      after_blank = false;
      if ((c == '"' || c == '\'') &&
          (before == '\0' || before == '[' || before == '{' || before == ',' || (spaced && (before == ':' || before == '-' || before == '?')))) {
        quote = c;
      } else if (c == '#' && (k == 0 || yaml_blank(line[k - 1]))) {
        break;
      } else if (c == '[' || c == '{') {
        if (++flow_ + static_cast<int>(indents_.size()) > max_nesting_depth) return true;
      } else if ((c == ']' || c == '}') && flow_ > 0) {
        --flow_;
      }
    }
    return false;
  }
};

/// The first line where a nesting depth exceeds its limit (DepthScanner), or 0.
int find_too_deep_line(const std::string& text) {
  DepthScanner scanner;
  int line_no = 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    std::size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    if (scanner.too_deep(line, indent)) return line_no;
  }
  return 0;
}

/// The first byte that cannot appear in YAML text (YAML 1.2 §5.1: UTF-8, no C0 control
/// characters but tab, LF and CR, no DEL), nor a C1 control character (U+0080..U+009F, which
/// terminals act on just as on C0 ones: they must not reach one through an error message): its
/// offset and what it is, or nothing.
std::optional<std::pair<std::size_t, std::string>> find_non_text(const std::string& text) {
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  auto hex = [](unsigned v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", v);
    return std::string(buf);
  };
  for (std::size_t i = 0; i < n;) {
    const unsigned c = b[i];
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return std::pair{i, "control character " + hex(c)};
      ++i;
      continue;
    }
    // A UTF-8 lead byte and its continuation bytes; overlong forms and surrogates are invalid too.
    const std::size_t len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    bool ok = len > 0 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) ok = (b[i + k] & 0xc0) == 0x80;
    if (ok && len == 3) ok = !(c == 0xe0 && b[i + 1] < 0xa0) && !(c == 0xed && b[i + 1] >= 0xa0);
    if (ok && len == 4) ok = !(c == 0xf0 && b[i + 1] < 0x90) && !(c == 0xf4 && b[i + 1] >= 0x90);
    if (!ok) return std::pair{i, "byte " + hex(c) + ", which is not UTF-8"};
    if (c == 0xc2 && b[i + 1] < 0xa0) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(b[i + 1]));
      return std::pair{i, "control character " + std::string(buf)};
    }
    i += len;
  }
  return std::nullopt;
}

}  // namespace

std::optional<YAML::Node> parse_yaml_text(const std::string& text, const std::string& name, core::DiagnosticSink& sink) {
  if (text.size() > max_document_bytes) {
    auto d = diag(ErrorCode::too_large, name, 0, 0,
                  "file is " + std::to_string(text.size()) + " bytes; the limit is " + std::to_string(max_document_bytes));
    d.hint = "split the scenario, or check that this is the file you meant";
    sink.add(std::move(d));
    return std::nullopt;
  }
  if (text.find('\0') != std::string::npos) {
    auto d = diag(ErrorCode::not_yaml, name, 0, 0, "file contains NUL bytes: it is binary, not YAML text");
    d.hint = std::string(kNotTextHint) + " (a file saved as UTF-16 has NUL bytes too)";
    sink.add(std::move(d));
    return std::nullopt;
  }
  if (const auto bad = find_non_text(text)) {
    const std::size_t line_start = text.rfind('\n', bad->first == 0 ? 0 : bad->first - 1);
    const std::size_t column = line_start == std::string::npos || bad->first == 0 ? bad->first + 1 : bad->first - line_start;
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad->first), '\n');
    auto d = diag(ErrorCode::not_yaml, name, static_cast<int>(line), static_cast<int>(column),
                  "file contains a " + bad->second + ": it is binary, not YAML text");
    d.hint = kNotTextHint;
    sink.add(std::move(d));
    return std::nullopt;
  }
  if (int line = find_too_deep_line(text)) {
    std::size_t start = 0;  // the caret goes under the line's first non-blank character
    for (int l = 1; l < line; ++l) start = text.find('\n', start) + 1;
    const std::size_t first = text.find_first_not_of(' ', start), eol = text.find('\n', start);
    const std::size_t indent = first == std::string::npos || first > eol ? 0 : first - start;
    auto d = diag(ErrorCode::too_deep, name, line, static_cast<int>(indent) + 1,
                  "nesting deeper than " + std::to_string(max_nesting_depth) + " levels");
    d.hint = "scenario files need only a few levels; look for runaway brackets or indentation";
    sink.add(std::move(d));
    return std::nullopt;
  }
  try {
    // Every document is parsed (so a broken later one is reported too), and more than one is
    // refused: flopcast would read the first and silently ignore the rest.
    const StreamScan scan = scan_stream(text);
    const std::vector<YAML::Mark>& documents = scan.starts;
    if (documents.size() > 1) {
      const YAML::Mark at = documents[1];
      auto d = diag(ErrorCode::not_yaml, name, at.is_null() ? 0 : at.line + 1, at.is_null() ? 0 : at.column + 1,
                    "the file holds " + std::to_string(documents.size()) + " YAML documents (separated by ---); a scenario is one");
      d.hint = "put each scenario in a file of its own, or remove the '---' line";
      sink.add(std::move(d));
      return std::nullopt;
    }
    // yaml-cpp gives an alias the node of its anchor, and with it the anchor's position: a key
    // written as an alias could only be located at its anchor, lines away. Keys are names and
    // ids, which never need one, so it is refused here, where the alias's own position is known.
    if (const auto& at = scan.alias_key) {
      const std::string alias = alias_text(text, static_cast<std::size_t>(at->pos));
      auto d = diag(ErrorCode::wrong_type, name, at->line + 1, at->column + 1,
                    "an alias (" + alias + ") is used as a key; keys must be plain names");
      d.location.length = static_cast<int>(alias.size());
      d.hint = "write the key itself; an alias may stand for a value, not for a key";
      sink.add(std::move(d));
      return std::nullopt;
    }
    YAML::Node root = documents.empty() ? YAML::Node() : YAML::Load(text);
    if (!root.IsDefined() || root.IsNull()) {
      auto d = diag(ErrorCode::not_yaml, name, 0, 0, "file is empty");
      d.hint = "a scenario needs at least name: and fleet:";
      sink.add(std::move(d));
      return std::nullopt;
    }
    return root;
  } catch (const YAML::Exception& e) {
    // e.msg is yaml-cpp's bare message; e.mark its 0-based position.
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    const int column = e.mark.is_null() ? 0 : e.mark.column + 1;
    auto d = diag(ErrorCode::not_yaml, name, line, column, "not valid YAML: " + e.msg);
    d.hint = "check indentation and quoting near this position";
    sink.add(std::move(d));
    return std::nullopt;
  }
}

std::optional<YAML::Node> parse_yaml_file(const std::string& path, core::DiagnosticSink& sink) {
  auto refuse = [&](std::string message, std::string hint) {
    auto d = diag(ErrorCode::file_not_found, path, 0, 0, std::move(message));
    d.hint = std::move(hint);
    sink.add(std::move(d));
    return std::nullopt;
  };
  // Opened without blocking, and only a regular file is read: a FIFO would wait for a writer
  // forever, and /dev/zero or /dev/urandom never end (and said "empty" by their size, 0).
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    return refuse(e == ENOENT ? "cannot open file" : "cannot open file: " + std::string(std::strerror(e)),
                  "check the path; it is taken relative to the current directory");
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const bool dir = S_ISDIR(st.st_mode);
    ::close(fd);
    return dir ? refuse("this is a directory, not a scenario file", "name a .yaml file inside it")
               : refuse("this is not a regular file (a pipe, device or socket)", "save the scenario to a file and name that file");
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_document_bytes) {
    ::close(fd);
    return parse_yaml_text(std::string(max_document_bytes + 1, ' '), path, sink);
  }
  // Read to the end, at most one byte past the limit (the file may have grown since fstat).
  std::string text;
  char buf[1 << 16];
  ssize_t n = 0;
  while (text.size() <= max_document_bytes && ((n = ::read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))) {
    if (n > 0) text.append(buf, static_cast<std::size_t>(n));
  }
  const int e = errno;
  ::close(fd);
  if (n < 0) return refuse("cannot read file: " + std::string(std::strerror(e)), "check the file's permissions");
  return parse_yaml_text(text, path, sink);
}

}  // namespace flopcast::scenario
