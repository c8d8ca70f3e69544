// Command-line arguments: positionals and --options, in any order.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace chancery::cli {

// A mistake in how the command was called (exit code 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Arguments {
 public:
  // `valued` lists the options that take a value (--db URL); the rest are flags.
  // Options may repeat (--to A --to B). "--" ends options.
  Arguments(const std::vector<std::string>& args, const std::set<std::string>& valued,
            const std::set<std::string>& flags);

  const std::vector<std::string>& positionals() const { return positionals_; }
  bool flag(const std::string& name) const { return flags_.count(name) != 0; }
  std::optional<std::string> value(const std::string& name) const;
  std::vector<std::string> values(const std::string& name) const;
  std::string required(const std::string& name) const;

 private:
  std::vector<std::string> positionals_;
  std::set<std::string> flags_;
  std::multimap<std::string, std::string> values_;
};

// A whole number of at least `min`; a UsageError naming `what` otherwise.
long long parseNumber(const std::string& text, const std::string& what, long long min);

}  // namespace chancery::cli
