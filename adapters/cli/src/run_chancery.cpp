#include <ostream>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "commands.hpp"

namespace chancery::cli {
namespace {

constexpr const char* kHelpText = R"(usage: chancery [--db URL] COMMAND [ARGS...]

Commands:
  validate FILE... [--format text|json]   check workflow definitions
  workflows show FILE                     print a workflow as a readable outline

Global options:
  --db URL     the store: sqlite:PATH (default sqlite:chancery.db) or
               postgresql://user@host:port/db (also from CHANCERY_DB)
  --help       this text

Exit codes: 0 ok, 1 refused by the rules or invalid input, 2 usage error,
3 storage error.
)";

}  // namespace

int runChancery(const std::vector<std::string>& args, Io io) {
  try {
    std::size_t i = 0;
    std::string db;
    while (i < args.size() && args[i].rfind("--", 0) == 0) {
      if (args[i] == "--help") {
        io.out << kHelpText;
        return kOk;
      }
      if (args[i] == "--db" && i + 1 < args.size()) {
        db = args[i + 1];
        i += 2;
      } else if (args[i].rfind("--db=", 0) == 0) {
        db = args[i].substr(5);
        ++i;
      } else {
        throw UsageError("unknown global option " + args[i]);
      }
    }
    if (i == args.size()) throw UsageError("no command given");
    std::string command = args[i];
    std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
    if (command == "validate") return validateCommand(rest, io);
    if (command == "workflows") return workflowsCommand(rest, io);
    if (command == "help") {
      io.out << kHelpText;
      return kOk;
    }
    throw UsageError("unknown command '" + command + "'");
  } catch (const UsageError& e) {
    io.err << "chancery: " << e.what() << "\n(see chancery --help)\n";
    return kUsage;
  }
}

}  // namespace chancery::cli

