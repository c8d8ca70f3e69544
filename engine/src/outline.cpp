#include "chancery/workflow/outline.hpp"

#include <sstream>

#include "chancery/workflow/duration.hpp"

namespace chancery::workflow {
namespace {

std::string joinRoles(const std::vector<std::string>& roles, const char* separator) {
  std::string out;
  for (const auto& r : roles) out += (out.empty() ? "" : separator) + r;
  return out;
}

// Pads to a column, always leaving at least one space after the text.
std::string pad(std::string s, std::size_t width) {
  s.append(s.size() < width ? width - s.size() : 1, ' ');
  return s;
}

std::string stateTags(const State& s) {
  std::vector<std::string> tags;
  if (s.initial) tags.push_back("initial");
  if (s.editable) tags.push_back("editable");
  if (s.final) tags.push_back("final");
  if (!s.steps.empty() || !s.next.empty()) tags.push_back("automatic");
  if (s.due) {
    std::string due = "due in " + describeDuration(*s.due);
    if (s.onOverdue == Overdue::kRemind) due += ", then a reminder";
    if (s.onOverdue == Overdue::kEscalate) due += ", then escalated to " + s.escalateTo;
    tags.push_back(due);
  }
  if (tags.empty()) return {};
  std::string out = "  [";
  for (std::size_t i = 0; i < tags.size(); ++i) out += (i ? "; " : "") + tags[i];
  return out + "]";
}

}  // namespace

std::string outline(const WorkflowDefinition& def) {
  std::ostringstream out;
  out << "Workflow " << def.name << ", version " << def.version << ", for " << def.documentKind
      << " documents\n";
  if (!def.description.empty()) out << "  " << def.description << "\n";
  out << "\nRoles:\n";
  for (const auto& r : def.roles) {
    out << "  " << pad(r.name, 22) << r.description << "\n";
  }
  out << "\nStates:\n";
  for (const auto& s : def.states) {
    out << "\n* " << s.name << stateTags(s) << "\n";
    if (!s.description.empty()) out << "    " << s.description << "\n";
    int n = 0;
    for (const auto& step : s.steps) {
      out << "    step " << ++n << ": " << step.run;
      for (const auto& [k, v] : step.params) out << " " << k << "=\"" << v << "\"";
      out << "\n";
    }
    for (const auto& a : s.actions) {
      out << "    " << pad(a.name, 16) << "by " << pad(joinRoles(a.by, " or "), 25) << "-> "
          << a.to;
      if (!a.when.empty()) out << "   when " << a.when;
      if (a.commentRequired) out << "   (comment required)";
      if (a.allowDrafter) out << "   (drafter may act)";
      out << "\n";
    }
    for (const auto& a : s.approvals) {
      std::string who = a.quorum == 0 ? "one of each: " + joinRoles(a.by, ", ")
                                      : std::to_string(a.quorum) + " of: " + joinRoles(a.by, ", ");
      out << "    " << pad(a.name, 16) << "by " << pad(who, 25) << "-> " << a.then
          << "   (approval)\n";
    }
    for (const auto& e : s.events) {
      out << "    " << pad("on " + e.event, 44) << "-> " << e.to << "\n";
    }
    for (const auto& next : s.next) {
      out << "    " << pad("then", 44) << "-> " << next << "\n";
    }
  }
  return out.str();
}

}  // namespace chancery::workflow
