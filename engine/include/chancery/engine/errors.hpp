// Errors the engine's rules raise (exit code 1): the person must change what they
// asked. Storage failures are chancery::store::StorageError (exit code 3).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace chancery {

enum class RuleErrorKind {
  kNotFound,         // no such document, user or job
  kForbidden,        // the user lacks a role, or is the drafter (separation of duties)
  kInvalidAction,    // the action does not exist in the current state
  kGuardFailed,      // the action exists but its when= guard is false for this content
  kCommentRequired,  // the action needs a comment
  kConflict,         // the document changed since the caller looked at it
  kInvalidInput,     // bad content, unknown kind, bad name, ...
};

const char* ruleErrorKindName(RuleErrorKind k);

class RuleError : public std::runtime_error {
 public:
  RuleError(RuleErrorKind kind, const std::string& message, std::vector<std::string> options = {})
      : std::runtime_error(message), kind_(kind), options_(std::move(options)) {}
  RuleErrorKind kind() const { return kind_; }
  // Roles that may act (forbidden) or actions possible now (invalid-action, conflict).
  const std::vector<std::string>& options() const { return options_; }

 private:
  RuleErrorKind kind_;
  std::vector<std::string> options_;
};

}  // namespace chancery
