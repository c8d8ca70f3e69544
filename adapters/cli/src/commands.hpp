// The subcommands of `chancery`. Each returns the process exit code:
// 0 ok, 1 refused by the rules (or invalid input), 2 usage error, 3 storage error.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace chancery::cli {

struct Io {
  std::ostream& out;
  std::ostream& err;
};

enum ExitCode { kOk = 0, kRefused = 1, kUsage = 2, kStorage = 3 };

int validateCommand(const std::vector<std::string>& args, Io io);
int workflowsCommand(const std::vector<std::string>& args, Io io);

// Runs `chancery ARGS...` (args without the program name).
int runChancery(const std::vector<std::string>& args, Io io);

}  // namespace chancery::cli
