// The step types a workflow may run (`<step run="...">`) and the engine events it
// may wait for (`<on event="...">`). The engine knows a step only by this
// description; adapters provide the runner. The validator checks every step
// against its type's parameters.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::workflow {

struct StepParam {
  std::string name;
  bool required = false;
  std::string help;  // what the value means, shown in errors
  // Returns what is wrong with a value, or nullopt when it is fine. May be empty.
  std::function<std::optional<std::string>(std::string_view)> check;
};

struct StepType {
  std::string name;
  std::string summary;
  std::vector<StepParam> params;
  const StepParam* findParam(std::string_view param) const;
};

class StepCatalogue {
 public:
  // The step types Chancery ships: assign-number, render, dispatch, wait-until.
  static const StepCatalogue& builtIn();

  void add(StepType type);
  const StepType* find(std::string_view name) const;
  std::string namesList() const;  // "assign-number, dispatch, render, wait-until"

 private:
  std::vector<StepType> types_;
};

// Events the engine raises for `<on event=...>`.
const std::vector<std::string>& knownEvents();

// Checks a registry-number pattern such as "NV-{seq:4}/{yyyy}"; nullopt when valid.
std::optional<std::string> checkNumberFormat(std::string_view format);

// Compiles an XPath 1.0 expression; nullopt when it compiles, else libxml2's reason.
std::optional<std::string> checkXPath(std::string_view expression);

}  // namespace chancery::workflow
