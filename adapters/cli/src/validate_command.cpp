#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <ostream>

#include "arguments.hpp"
#include "chancery/workflow/loader.hpp"
#include "chancery/workflow/outline.hpp"
#include "commands.hpp"

namespace chancery::cli {

int validateCommand(const std::vector<std::string>& args, Io io) {
  Arguments a(args, {"format"}, {});
  std::string format = a.value("format").value_or("text");
  if (format != "text" && format != "json") throw UsageError("--format is text or json");
  if (a.positionals().empty()) throw UsageError("name at least one workflow file to validate");

  workflow::DefinitionLoader loader;
  bool allValid = true;
  Poco::JSON::Array findings;
  for (const auto& file : a.positionals()) {
    workflow::LoadResult r = loader.loadFile(file);
    allValid = allValid && r.ok();
    for (const auto& d : r.diagnostics) {
      if (format == "json") {
        Poco::JSON::Object o;
        o.set("file", d.file);
        o.set("line", d.pos.line);
        o.set("column", d.pos.column);
        o.set("severity", std::string(severityName(d.severity)));
        o.set("code", d.code);
        o.set("message", d.message);
        findings.add(o);
      } else {
        io.err << formatDiagnostic(d) << "\n";
      }
    }
    if (format == "text" && r.ok()) {
      io.out << file << ": valid (" << r.definition->name << ", version "
             << r.definition->version << ", " << r.definition->states.size() << " states)\n";
    }
  }
  if (format == "json") {
    findings.stringify(io.out, 2);
    io.out << "\n";
  }
  return allValid ? kOk : kRefused;
}

int workflowsCommand(const std::vector<std::string>& args, Io io) {
  if (args.empty() || args[0] != "show") {
    throw UsageError("usage: chancery workflows show FILE");
  }
  Arguments a(std::vector<std::string>(args.begin() + 1, args.end()), {}, {});
  if (a.positionals().size() != 1) throw UsageError("usage: chancery workflows show FILE");
  workflow::DefinitionLoader loader;
  workflow::LoadResult r = loader.loadFile(a.positionals()[0]);
  for (const auto& d : r.diagnostics) io.err << formatDiagnostic(d) << "\n";
  if (!r.ok()) return kRefused;
  io.out << workflow::outline(*r.definition);
  return kOk;
}

}  // namespace chancery::cli
