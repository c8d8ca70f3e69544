#include "chancery/workflow/definition.hpp"

#include <algorithm>

namespace chancery::workflow {

SourcePos Origin::at(std::string_view attribute) const {
  for (const auto& [name, pos] : attributes) {
    if (name == attribute) return pos;
  }
  return element;
}

bool Origin::has(std::string_view attribute) const {
  return std::any_of(attributes.begin(), attributes.end(),
                     [&](const auto& a) { return a.first == attribute; });
}

const std::string* Step::param(std::string_view key) const {
  auto it = params.find(key);
  return it == params.end() ? nullptr : &it->second;
}

const State* WorkflowDefinition::findState(std::string_view stateName) const {
  for (const auto& s : states) {
    if (s.name == stateName) return &s;
  }
  return nullptr;
}

const State* WorkflowDefinition::initialState() const {
  for (const auto& s : states) {
    if (s.initial) return &s;
  }
  return nullptr;
}

bool WorkflowDefinition::hasRole(std::string_view role) const {
  return std::any_of(roles.begin(), roles.end(), [&](const Role& r) { return r.name == role; });
}

}  // namespace chancery::workflow
