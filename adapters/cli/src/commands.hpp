// The subcommands of `chancery`. Each returns the process exit code:
// 0 ok, 1 refused by the rules (or invalid input), 2 usage error, 3 storage error.
// Commands throw UsageError, RuleError and StorageError; runChancery turns them
// into the message and exit code.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "chancery/util/time_zone.hpp"

namespace chancery::cli {

struct Io {
  std::ostream& out;
  std::ostream& err;
};

enum ExitCode { kOk = 0, kRefused = 1, kUsage = 2, kStorage = 3 };

// Where the store and the workflow definitions are, resolved from the global
// options, the environment and the built-in defaults.
struct Settings {
  std::string db;                          // sqlite:PATH or postgresql://...
  std::string workflows;                   // folder of workflow definitions
  std::string sqliteSynchronous = "FULL";  // FULL or NORMAL
  std::string templates;                   // folder of templates (templates/<kind>/<lang>.xsl)
  // Dispatch and the registry mailbox (see deploy/chancery.properties).
  std::string registryAddress = "registry@mfa.test";
  std::string messageIdDomain = "registry.mfa.test";
  std::string channel = "files";  // files | email: where dispatches go
  // The drop folder of the files channel; by default `outbox` beside an SQLite
  // database, else `outbox` in the current folder.
  std::string outbox;
  std::string smtpHost = "127.0.0.1";
  int smtpPort = 25;
  std::string smtpSecurity = "none";  // none | starttls | tls
  std::string smtpUser, smtpPassword;
  std::string pop3Host = "127.0.0.1";
  int pop3Port = 110;
  std::string pop3User, pop3Password;
  // A larger message is registered by its headers and left on the server.
  int pop3MaxMessageMb = 25;
  int giveUpHours = 48;  // a dispatch deferred this long fails
  int acknowledgementDays = 5;  // a sent dispatch unacknowledged this long is overdue
  int workers = 2;
  int mailPollSeconds = 60;
  // The ministry's time zone (a tz database name): the date written on its documents.
  TimeZone timeZone = TimeZone::utc();  // ministry.time-zone, loaded when the file is read
};

// Reads a configuration file (Java-style properties) into settings; every key must
// be a known one. Throws UsageError naming the file and the key otherwise.
void loadConfiguration(const std::string& file, Settings& settings);

int validateCommand(const std::vector<std::string>& args, Io io);
int workflowsCommand(const std::vector<std::string>& args, Io io);

// store_commands.cpp
int initCommand(const std::vector<std::string>& args, const Settings& settings, Io io);
int userCommand(const std::vector<std::string>& args, const Settings& settings, Io io);
int jobsCommand(const std::vector<std::string>& args, const Settings& settings, Io io);
int auditCommand(const std::vector<std::string>& args, const Settings& settings, Io io);
int backupCommand(const std::vector<std::string>& args, const Settings& settings, Io io);
int statusCommand(const std::vector<std::string>& args, const Settings& settings, Io io);

// document_commands.cpp
int docCommand(const std::vector<std::string>& args, const Settings& settings, Io io);
int actCommand(const std::vector<std::string>& args, const Settings& settings, Io io);
int inboxCommand(const std::vector<std::string>& args, const Settings& settings, Io io);
int renderCommand(const std::vector<std::string>& args, const Settings& settings, Io io);
int mailCommand(const std::vector<std::string>& args, const Settings& settings, Io io);
int serveCommand(const std::vector<std::string>& args, const Settings& settings, Io io);
int trackCommand(const std::vector<std::string>& args, const Settings& settings, Io io);
int directoryCommand(const std::vector<std::string>& args, const Settings& settings, Io io);

// Runs `chancery ARGS...` (args without the program name).
int runChancery(const std::vector<std::string>& args, Io io);

}  // namespace chancery::cli
