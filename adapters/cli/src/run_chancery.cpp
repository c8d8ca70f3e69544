#include <soci/soci.h>

#include <algorithm>
#include <cstdlib>
#include <ostream>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "chancery/engine/errors.hpp"
#include "chancery/store/store.hpp"
#include "commands.hpp"

#include <filesystem>

#ifndef CHANCERY_DEFAULT_WORKFLOWS
#define CHANCERY_DEFAULT_WORKFLOWS "workflows"
#endif
#ifndef CHANCERY_DEFAULT_TEMPLATES
#define CHANCERY_DEFAULT_TEMPLATES "templates"
#endif

namespace chancery::cli {
namespace {

constexpr const char* kHelpText = R"(usage: chancery [--db URL] [--workflows DIR] COMMAND [ARGS...]

Store:
  init                                    create or migrate the database; prints the
                                          schema version
  user add NAME --role R[,R...] [--department D]
                                          add a user holding roles
  user list [--json]                      list users, departments and roles

Documents:
  doc new --kind K --subject S --as USER [--content FILE] [--language L]
          [--classification C] [--to ADDR]... [--campaign NAME]
                                          draft a document; prints its id alone
  doc edit ID --content FILE --as USER    save a new revision; prints its number
  doc show ID [--json]                    state, number, revision, workflow, actions,
                                          content
  doc history ID [--json]                 every event of the document, oldest first
  act ID ACTION --as USER [--comment TEXT] [--expect-version N] [--json]
                                          take an action (submit, approve, return ...)
  inbox --as USER [--json] [--limit N]    what awaits USER, oldest first
  (FILE may be - for standard input; content is at most 4 MiB)

Directory:
  directory import FILE.xml               add or update recipients (all or nothing)
  directory list [--json] [--language L]  recipients and their forms of address

Rendering:
  render ID --format pdf|html|text [-o FILE] [--revision N]
                                          the document as the recipient sees it

Tracking:
  track ID [--json]                       each recipient's status, times, attempts and
                                          last server reply
  track --overdue [--json]                sent but unacknowledged past their due time
  track ack DISPATCH --as USER --comment TEXT
                                          record an acknowledgement of receipt by hand
  track unmatched [--json]                mail that matched no dispatch
  track unmatched --assign N --to DISPATCH --as USER
                                          register it as the reply to a dispatch
  track message N [-o FILE.eml]           an inbound message exactly as received,
                                          checked against its recorded SHA-256

Work and audit:
  serve [--no-mail]                       run the job workers and poll the registry
                                          mailbox until stopped (Ctrl-C)
  mail poll                               read the registry mailbox once: reports,
                                          replies and acknowledgements
  jobs run [--once] [--worker NAME]       run due jobs (timers, render, dispatch);
                                          without --once, polls every second until
                                          interrupted (Ctrl-C)
  audit verify [--head H] [--json]        check the hash chain of the audit trail,
                                          and that it still contains head H
  audit head                              print the hash of the latest event
  status [--json]                         documents, jobs, dispatches, and what needs
                                          attention (retrying jobs, bounces, overdue
                                          acknowledgements, unmatched mail)
  backup FILE                             a consistent copy of the SQLite store while it
                                          works, checked (integrity, audit trail)

Workflows:
  validate FILE... [--format text|json]   check workflow definitions
  workflows show FILE                     print a workflow as a readable outline

Global options:
  --db URL         the store: sqlite:PATH or postgresql://user@host:port/db
                   (else $CHANCERY_DB, else sqlite:chancery.db)
  --config FILE    settings (deploy/chancery.properties shows them all;
                   else $CHANCERY_CONFIG)
  --templates DIR  the document templates (else $CHANCERY_TEMPLATES)
  --workflows DIR  the workflow definitions for new documents
                   (else $CHANCERY_WORKFLOWS, else the installed ones)
  --help           this text
Environment: CHANCERY_SQLITE_SYNCHRONOUS=FULL (default) or NORMAL.

Exit codes: 0 ok, 1 refused by the rules or invalid input (or a broken audit
trail), 2 usage error, 3 storage error.
)";

std::string fromEnvironment(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : fallback;
}

Settings resolveSettings(std::optional<std::string> db, std::optional<std::string> workflows,
                         std::optional<std::string> templates, std::optional<std::string> config) {
  // Precedence: the command line, then the environment, then the configuration file,
  // then the defaults.
  Settings s;
  s.db = "sqlite:chancery.db";
  s.workflows = CHANCERY_DEFAULT_WORKFLOWS;
  s.templates = CHANCERY_DEFAULT_TEMPLATES;
  std::string configFile = config ? *config : fromEnvironment("CHANCERY_CONFIG", "");
  if (!configFile.empty()) loadConfiguration(configFile, s);
  s.db = db ? *db : fromEnvironment("CHANCERY_DB", s.db);
  s.workflows = workflows ? *workflows : fromEnvironment("CHANCERY_WORKFLOWS", s.workflows);
  s.templates = templates ? *templates : fromEnvironment("CHANCERY_TEMPLATES", s.templates);
  if (s.outbox.empty()) {
    std::filesystem::path base = ".";
    if (s.db.rfind("sqlite:", 0) == 0) {
      std::string path = s.db.substr(7);
      if (path.rfind("//", 0) == 0) path = path.substr(2);
      base = std::filesystem::path(path).parent_path();
      if (base.empty()) base = ".";
    }
    s.outbox = (base / "outbox").string();
  }
  if (s.db.empty()) throw UsageError("--db needs a URL: sqlite:PATH or postgresql://...");
  if (s.workflows.empty()) throw UsageError("--workflows needs a folder");
  std::string synchronous = fromEnvironment("CHANCERY_SQLITE_SYNCHRONOUS", "FULL");
  std::transform(synchronous.begin(), synchronous.end(), synchronous.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (synchronous != "FULL" && synchronous != "NORMAL") {
    throw UsageError("CHANCERY_SQLITE_SYNCHRONOUS is '" + synchronous +
                     "' — set it to FULL or NORMAL (or unset it)");
  }
  s.sqliteSynchronous = synchronous;
  return s;
}

// Reads a global option NAME given as "--NAME VALUE" or "--NAME=VALUE" at args[i].
bool globalOption(const std::vector<std::string>& args, std::size_t& i, const std::string& name,
                  std::optional<std::string>& value) {
  const std::string flag = "--" + name;
  if (args[i] == flag) {
    if (i + 1 >= args.size()) throw UsageError(flag + " needs a value");
    value = args[i + 1];
    i += 2;
    return true;
  }
  if (args[i].rfind(flag + "=", 0) == 0) {
    value = args[i].substr(flag.size() + 1);
    ++i;
    return true;
  }
  return false;
}

int dispatch(const std::vector<std::string>& args, Io io) {
  std::size_t i = 0;
  std::optional<std::string> db, workflows, templates, config;
  while (i < args.size() && args[i].rfind("--", 0) == 0) {
    if (args[i] == "--help") {
      io.out << kHelpText;
      return kOk;
    }
    if (!globalOption(args, i, "db", db) && !globalOption(args, i, "workflows", workflows) &&
        !globalOption(args, i, "templates", templates) && !globalOption(args, i, "config", config)) {
      throw UsageError("unknown global option " + args[i]);
    }
  }
  if (i == args.size()) throw UsageError("no command given");
  const std::string& command = args[i];
  std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
  if (command == "help") {
    io.out << kHelpText;
    return kOk;
  }
  if (command == "validate") return validateCommand(rest, io);
  if (command == "workflows") return workflowsCommand(rest, io);

  Settings settings = resolveSettings(db, workflows, templates, config);
  if (command == "init") return initCommand(rest, settings, io);
  if (command == "user") return userCommand(rest, settings, io);
  if (command == "doc") return docCommand(rest, settings, io);
  if (command == "act") return actCommand(rest, settings, io);
  if (command == "inbox") return inboxCommand(rest, settings, io);
  if (command == "jobs") return jobsCommand(rest, settings, io);
  if (command == "audit") return auditCommand(rest, settings, io);
  if (command == "directory") return directoryCommand(rest, settings, io);
  if (command == "track") return trackCommand(rest, settings, io);
  if (command == "backup") return backupCommand(rest, settings, io);
  if (command == "status") return statusCommand(rest, settings, io);
  if (command == "render") return renderCommand(rest, settings, io);
  if (command == "mail") return mailCommand(rest, settings, io);
  if (command == "serve") return serveCommand(rest, settings, io);
  throw UsageError("unknown command '" + command + "'");
}

}  // namespace

int runChancery(const std::vector<std::string>& args, Io io) {
  try {
    return dispatch(args, io);
  } catch (const UsageError& e) {
    io.err << "chancery: " << e.what() << "\n(see chancery --help)\n";
    return kUsage;
  } catch (const RuleError& e) {
    io.err << "chancery: " << ruleErrorKindName(e.kind()) << ": " << e.what() << "\n";
    return kRefused;
  } catch (const store::StorageError& e) {
    io.err << "chancery: " << e.what() << "\n";
    return kStorage;
  } catch (const soci::soci_error& e) {
    io.err << "chancery: database error: " << e.what() << "\n";
    return kStorage;
  } catch (const std::exception& e) {
    // Not a rule and not the database's own error: the environment failed (out of
    // memory, a file system error). Treated like a storage failure: retry later.
    io.err << "chancery: unexpected error: " << e.what() << "\n";
    return kStorage;
  }
}

}  // namespace chancery::cli
