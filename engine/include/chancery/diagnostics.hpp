// Findings about an input file (a workflow definition, a content XML, ...), each
// pointing at a line and column and saying what is wrong and what to do.
#pragma once

#include <string>
#include <vector>

namespace chancery {

// 1-based line and column (columns count characters, not bytes); 0 when unknown.
struct SourcePos {
  int line = 0;
  int column = 0;
};

enum class Severity { kError, kWarning };

struct Diagnostic {
  std::string file;
  SourcePos pos;
  Severity severity = Severity::kError;
  std::string code;     // stable identifier for tools: "target-unknown", "xml-doctype", ...
  std::string message;  // "what is wrong — what to do"
};

// "file:line:column: error: message" (the form editors and compilers use).
std::string formatDiagnostic(const Diagnostic& d);
const char* severityName(Severity s);

// Collects findings for one file; never throws on a finding.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  void error(SourcePos pos, std::string code, std::string message);
  void warning(SourcePos pos, std::string code, std::string message);

  const std::string& file() const { return file_; }
  const std::vector<Diagnostic>& all() const { return items_; }
  bool hasErrors() const;
  // Orders findings by position (stable for equal positions).
  void sortByPosition();

 private:
  std::string file_;
  std::vector<Diagnostic> items_;
};

}  // namespace chancery
