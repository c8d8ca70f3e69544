#include "chancery/diagnostics.hpp"

#include <algorithm>

namespace chancery {

const char* severityName(Severity s) { return s == Severity::kError ? "error" : "warning"; }

std::string formatDiagnostic(const Diagnostic& d) {
  std::string out = d.file;
  if (d.pos.line > 0) {
    out += ':' + std::to_string(d.pos.line) + ':' + std::to_string(std::max(d.pos.column, 1));
  }
  out += ": ";
  out += severityName(d.severity);
  out += ": ";
  out += d.message;
  out += " [" + d.code + "]";
  return out;
}

void Diagnostics::error(SourcePos pos, std::string code, std::string message) {
  items_.push_back({file_, pos, Severity::kError, std::move(code), std::move(message)});
}

void Diagnostics::warning(SourcePos pos, std::string code, std::string message) {
  items_.push_back({file_, pos, Severity::kWarning, std::move(code), std::move(message)});
}

bool Diagnostics::hasErrors() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

void Diagnostics::sortByPosition() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.pos.line != b.pos.line) return a.pos.line < b.pos.line;
    return a.pos.column < b.pos.column;
  });
}

}  // namespace chancery
