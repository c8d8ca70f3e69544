// The parsed form of a workflow definition (workflows/*.xml). A WorkflowDefinition
// owns its states, and each state its actions, approvals, steps and event moves;
// the runtime refers to them by reference or by name. Immutable once loaded.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "chancery/diagnostics.hpp"

namespace chancery::workflow {

// Where an element and its attributes stood in the source file.
struct Origin {
  SourcePos element;
  std::vector<std::pair<std::string, SourcePos>> attributes;  // in source order
  // Where the attribute stood; the element's position when it is absent.
  SourcePos at(std::string_view attribute) const;
  bool has(std::string_view attribute) const;
};

struct Role {
  std::string name;
  std::string description;
  Origin origin;
};

struct Action {
  std::string name;
  std::vector<std::string> by;  // roles, any of which may act
  std::string to;
  std::string when;             // XPath 1.0 guard over the content XML; empty = always
  bool commentRequired = false;
  bool allowDrafter = false;
  std::string label;
  Origin origin;
};

struct Approval {
  std::string name = "approve";
  std::vector<std::string> by;
  int quorum = 0;  // 0 = all: one distinct person for each role; N = N distinct people
  std::string quorumText = "all";
  std::string then;
  bool allowDrafter = false;
  Origin origin;
};

struct Step {
  std::string run;
  std::map<std::string, std::string, std::less<>> params;
  Origin origin;
  const std::string* param(std::string_view key) const;
};

struct EventMove {
  std::string event;
  std::string to;
  Origin origin;
};

enum class Overdue { kNone, kRemind, kEscalate };

struct State {
  std::string name;
  std::string description;
  bool initial = false;
  bool final = false;
  bool editable = false;
  std::string dueText;
  std::optional<std::chrono::seconds> due;
  Overdue onOverdue = Overdue::kNone;
  std::string escalateTo;
  std::vector<Action> actions;
  std::vector<Approval> approvals;
  std::vector<Step> steps;
  std::vector<EventMove> events;
  std::vector<std::string> next;  // at most one when valid
  std::vector<Origin> nextOrigins;
  Origin origin;
};

struct WorkflowDefinition {
  std::string name;
  int version = 0;
  std::string documentKind;
  std::string description;
  std::vector<Role> roles;
  std::vector<State> states;
  Origin origin;

  const State* findState(std::string_view stateName) const;
  const State* initialState() const;
  bool hasRole(std::string_view role) const;
};

}  // namespace chancery::workflow
