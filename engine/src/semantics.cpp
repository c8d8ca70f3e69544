// The semantic rules of workflow definitions (docs/workflow-language.md, "Rules").
#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "chancery/workflow/duration.hpp"
#include "chancery/workflow/loader.hpp"

namespace chancery::workflow {
namespace {

std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// " — did you mean 'signature'?" or a list of the names that exist.
std::string suggest(std::string_view wrong, const std::vector<std::string>& names,
                    const char* what) {
  std::string best;
  std::size_t bestDistance = 3;
  for (const auto& n : names) {
    std::size_t d = editDistance(wrong, n);
    if (d < bestDistance) {
      bestDistance = d;
      best = n;
    }
  }
  if (!best.empty()) return " — did you mean '" + best + "'?";
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  return std::string(" — the ") + what + " are: " + list;
}

class Checker {
 public:
  Checker(const WorkflowDefinition& def, const StepCatalogue& steps, Diagnostics& diags)
      : def_(def), steps_(steps), diags_(diags) {
    for (const auto& s : def.states) stateNames_.push_back(s.name);
    for (const auto& r : def.roles) roleNames_.push_back(r.name);
  }

  void run() {
    checkRoles();
    checkStates();
    for (const auto& s : def_.states) checkState(s);
    checkGraph();
  }

 private:
  void checkRoles() {
    std::set<std::string> seen;
    for (const auto& r : def_.roles) {
      if (!r.name.empty() && !seen.insert(r.name).second) {
        diags_.error(r.origin.element, "role-duplicate",
                     "role '" + r.name + "' is declared twice — keep one <role>");
      }
    }
  }

  void checkStates() {
    std::map<std::string, const State*> seen;
    std::vector<const State*> initials;
    for (const auto& s : def_.states) {
      if (s.initial) initials.push_back(&s);
      if (s.name.empty()) continue;
      auto [it, fresh] = seen.emplace(s.name, &s);
      if (!fresh) {
        diags_.error(s.origin.at("name"), "state-duplicate",
                     "state '" + s.name + "' is already defined at line " +
                         std::to_string(it->second->origin.element.line) +
                         " — give each state its own name");
      }
    }
    if (initials.empty()) {
      diags_.error(def_.origin.element, "initial-missing",
                   "no state is marked initial=\"true\" — mark the state where drafting starts");
    }
    for (std::size_t i = 1; i < initials.size(); ++i) {
      diags_.error(initials[i]->origin.at("initial"), "initial-multiple",
                   "state '" + initials[i]->name + "' is a second initial state (the first is '" +
                       initials[0]->name + "') — keep exactly one initial=\"true\"");
    }
  }

  void target(const std::string& to, SourcePos pos, const char* attribute) {
    if (to.empty() || def_.findState(to) != nullptr) return;
    diags_.error(pos, "target-unknown",
                 std::string(attribute) + "=\"" + to + "\" names no state" +
                     suggest(to, stateNames_, "states"));
  }

  void roles(const std::vector<std::string>& by, SourcePos pos) {
    for (const auto& r : by) {
      if (!def_.hasRole(r)) {
        diags_.error(pos, "role-unknown",
                     "role '" + r + "' is not declared" + suggest(r, roleNames_, "roles") +
                         " (or add <role name=\"" + r + "\"/>)");
      }
    }
  }

  void checkState(const State& s) {
    if (!s.dueText.empty()) {
      std::string why;
      if (!parseDuration(s.dueText, &why)) {
        diags_.error(s.origin.at("due"), "duration-invalid", "due=\"" + s.dueText + "\": " + why);
      }
    }
    if (s.onOverdue != Overdue::kNone && s.dueText.empty()) {
      diags_.error(s.origin.at("on-overdue"), "overdue-without-due",
                   "state '" + s.name + "' says what to do when overdue but has no due time — "
                   "add due=\"P2D\" (or remove on-overdue)");
    }
    if (s.onOverdue == Overdue::kEscalate && s.escalateTo.empty()) {
      diags_.error(s.origin.at("on-overdue"), "escalate-without-role",
                   "state '" + s.name + "' escalates but names nobody — add escalate-to=\"ROLE\"");
    }
    if (!s.escalateTo.empty()) roles({s.escalateTo}, s.origin.at("escalate-to"));

    if (s.final) {
      bool exits = !s.actions.empty() || !s.approvals.empty() || !s.steps.empty() ||
                   !s.events.empty() || !s.next.empty();
      if (exits) {
        diags_.error(s.origin.element, "final-has-exits",
                     "final state '" + s.name + "' has actions, approvals, steps, events or "
                     "next — a final state ends the workflow; remove them or drop final=\"true\"");
      }
      if (s.initial) {
        diags_.error(s.origin.at("final"), "final-has-exits",
                     "state '" + s.name + "' is both initial and final — the workflow would "
                     "end before it starts");
      }
    }

    for (const auto& a : s.actions) {
      target(a.to, a.origin.at("to"), "to");
      roles(a.by, a.origin.at("by"));
      checkGuard(a.when, a.origin, "when");
    }
    checkAlternatives(s);
    for (const auto& a : s.approvals) {
      target(a.then, a.origin.at("then"), "then");
      roles(a.by, a.origin.at("by"));
      if (a.quorumText != "all" && a.quorum <= 0) {
        diags_.error(a.origin.at("quorum"), "quorum-invalid",
                     "quorum=\"" + a.quorumText + "\" — give a positive number of approvals, "
                     "or \"all\"");
      }
    }
    for (const auto& e : s.events) {
      target(e.to, e.origin.at("to"), "to");
      const auto& events = knownEvents();
      if (!e.event.empty() && std::find(events.begin(), events.end(), e.event) == events.end()) {
        diags_.error(e.origin.at("event"), "event-unknown",
                     "event '" + e.event + "' is never raised" + suggest(e.event, events, "events"));
      }
    }
    for (std::size_t i = 0; i < s.next.size(); ++i) {
      target(s.next[i], s.nextOrigins[i].at("to"), "to");
      if (i > 0) {
        diags_.error(s.nextOrigins[i].element, "next-multiple",
                     "state '" + s.name + "' has more than one <next> — an automatic move "
                     "needs one destination; use guarded actions for choices");
      }
    }
    for (const auto& step : s.steps) checkStep(step);
  }

  void checkGuard(const std::string& expr, const Origin& origin, const char* attribute) {
    if (expr.empty() && !origin.has(attribute)) return;  // no guard
    if (auto why = checkXPath(expr)) {
      diags_.error(origin.at(attribute), "guard-invalid",
                   std::string(attribute) + "=\"" + expr + "\" is not a valid XPath 1.0 "
                   "expression: " + *why + " — fix the expression");
    }
  }

  void checkAlternatives(const State& s) {
    std::map<std::string, std::vector<const Action*>> byName;
    for (const auto& a : s.actions) byName[a.name].push_back(&a);
    for (const auto& [name, alternatives] : byName) {
      std::vector<const Action*> unguarded;
      for (const Action* a : alternatives) {
        if (!a->origin.has("when")) unguarded.push_back(a);
      }
      for (std::size_t i = 1; i < unguarded.size(); ++i) {
        diags_.error(unguarded[i]->origin.element, "action-ambiguous",
                     "action '" + name + "' in state '" + s.name +
                         "' has more than one alternative without a when= guard (the first is "
                         "at line " + std::to_string(unguarded[0]->origin.element.line) +
                         ") — guard every alternative but one fallback");
      }
    }
    for (const auto& ap : s.approvals) {
      if (byName.count(ap.name) != 0) {
        diags_.error(ap.origin.element, "action-ambiguous",
                     "approval '" + ap.name + "' has the same name as an action in state '" +
                         s.name + "' — give the approval another name=");
      }
    }
  }

  void checkStep(const Step& step) {
    if (step.run.empty()) return;  // the schema reports the missing run=
    const StepType* type = steps_.find(step.run);
    if (type == nullptr) {
      diags_.error(step.origin.at("run"), "step-unknown",
                   "step type '" + step.run + "' is unknown — the step types are: " +
                       steps_.namesList());
      return;
    }
    for (const auto& p : type->params) {
      const std::string* value = step.param(p.name);
      if (value == nullptr) {
        if (p.required) {
          diags_.error(step.origin.element, "step-attribute-missing",
                       "step '" + step.run + "' has no " + p.name + "= — add " + p.name +
                           "=\"...\": " + p.help);
        }
        continue;
      }
      if (p.check) {
        if (auto why = p.check(*value)) {
          diags_.error(step.origin.at(p.name), "step-attribute-invalid",
                       "step '" + step.run + "', " + p.name + "=\"" + *value + "\": " + *why);
        }
      }
    }
    for (const auto& [key, value] : step.params) {
      if (type->findParam(key) == nullptr) {
        std::vector<std::string> known;
        for (const auto& p : type->params) known.push_back(p.name);
        diags_.error(step.origin.at(key), "step-attribute-unknown",
                     "step '" + step.run + "' has no attribute '" + key + "'" +
                         suggest(key, known, "attributes"));
      }
    }
  }

  std::vector<std::string> successors(const State& s) const {
    std::vector<std::string> out;
    for (const auto& a : s.actions) out.push_back(a.to);
    for (const auto& a : s.approvals) out.push_back(a.then);
    for (const auto& e : s.events) out.push_back(e.to);
    for (const auto& n : s.next) out.push_back(n);
    return out;
  }

  void checkGraph() {
    const State* initial = def_.initialState();
    if (initial == nullptr) return;
    std::set<std::string> reached{initial->name};
    std::deque<const State*> queue{initial};
    while (!queue.empty()) {
      const State* s = queue.front();
      queue.pop_front();
      for (const auto& to : successors(*s)) {
        const State* t = def_.findState(to);
        if (t != nullptr && reached.insert(to).second) queue.push_back(t);
      }
    }
    // Backwards from the final states: which states can still end?
    std::set<std::string> canEnd;
    for (const auto& s : def_.states) {
      if (s.final) canEnd.insert(s.name);
    }
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& s : def_.states) {
        if (canEnd.count(s.name)) continue;
        for (const auto& to : successors(s)) {
          if (canEnd.count(to)) {
            canEnd.insert(s.name);
            grew = true;
            break;
          }
        }
      }
    }
    std::set<std::string> reported;
    for (const auto& s : def_.states) {
      if (s.name.empty() || !reported.insert(s.name).second) continue;
      if (!reached.count(s.name) && !s.initial) {  // a second initial state is reported
        diags_.error(s.origin.element, "state-unreachable",
                     "state '" + s.name + "' cannot be reached from the initial state '" +
                         initial->name + "' — lead an action, approval, event or next to it, "
                         "or remove it");
      }
      if (!s.final && !canEnd.count(s.name)) {
        diags_.error(s.origin.element, "state-trap",
                     "no final state can be reached from state '" + s.name +
                         "' — a document entering it would be stuck; add a way on to a final "
                         "state");
      }
    }
  }

  const WorkflowDefinition& def_;
  const StepCatalogue& steps_;
  Diagnostics& diags_;
  std::vector<std::string> stateNames_;
  std::vector<std::string> roleNames_;
};

}  // namespace

void checkSemantics(const WorkflowDefinition& def, const StepCatalogue& steps,
                    Diagnostics& diags) {
  Checker(def, steps, diags).run();
}

}  // namespace chancery::workflow
