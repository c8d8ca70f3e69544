// A readable outline of a workflow definition: its states, who acts in each and
// where each action leads (`chancery workflows show`).
#pragma once

#include <string>

#include "chancery/workflow/definition.hpp"

namespace chancery::workflow {

std::string outline(const WorkflowDefinition& def);

}  // namespace chancery::workflow
