// `chancery init`, `user`, `jobs` and `audit`: the store, its people, its workers
// and its trail.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <ostream>
#include <thread>

#include "arguments.hpp"
#include "chancery/engine/scheduler.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "runtime.hpp"
#include "session.hpp"

namespace chancery::cli {
namespace {

std::vector<std::string> tail(const std::vector<std::string>& args) {
  return {args.begin() + 1, args.end()};
}

// Roles from every --role, each a comma-separated list.
std::vector<std::string> rolesFrom(const Arguments& a) {
  std::vector<std::string> roles;
  for (const auto& value : a.values("role")) {
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      std::string role = value.substr(start, comma - start);
      auto first = role.find_first_not_of(' ');
      auto last = role.find_last_not_of(' ');
      if (first != std::string::npos) roles.push_back(role.substr(first, last - first + 1));
      start = comma + 1;
    }
  }
  return roles;
}

// SIGINT and SIGTERM ask the job loop to stop after the job it is running. The
// second signal has the default effect (SA_RESETHAND), so a stuck worker still dies.
volatile std::sig_atomic_t gStopRequested = 0;

extern "C" void requestStop(int) { gStopRequested = 1; }

class StopSignals {
 public:
  StopSignals() {
    gStopRequested = 0;
    struct sigaction action {};
    action.sa_handler = requestStop;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &action, &previousInt_);
    sigaction(SIGTERM, &action, &previousTerm_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &previousInt_, nullptr);
    sigaction(SIGTERM, &previousTerm_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  bool stopRequested() const { return gStopRequested != 0; }

 private:
  struct sigaction previousInt_ {};
  struct sigaction previousTerm_ {};
};

std::string defaultWorkerName() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return "cli@" + std::string(host[0] ? host : "localhost") + ":" + std::to_string(getpid());
}


std::string describe(const JobRunSummary& s) {
  return std::to_string(s.done) + " done, " + std::to_string(s.failed) +
         " failed (will be retried), " + std::to_string(s.given_up) + " given up";
}

}  // namespace

int initCommand(const std::vector<std::string>& args, const Settings& settings, Io io) {
  Arguments a(args, {}, {});
  if (!a.positionals().empty()) throw UsageError("usage: chancery init");
  auto store = openStore(settings, true);
  store->migrate();
  io.out << "database ready: schema version " << store->schemaStatus().databaseVersion << "\n";
  return kOk;
}

int userCommand(const std::vector<std::string>& args, const Settings& settings, Io io) {
  std::string sub = args.empty() ? "" : args[0];
  if (sub == "add") {
    Arguments a(tail(args), {"role", "department"}, {});
    if (a.positionals().size() != 1) {
      throw UsageError("usage: chancery user add NAME --role R[,R...] [--department D]");
    }
    std::vector<std::string> roles = rolesFrom(a);
    if (roles.empty()) throw UsageError("give the user at least one role: --role R[,R...]");
    std::string department = a.value("department").value_or("");
    EngineSession session(settings);
    session.engine().addUser(a.positionals()[0], roles, department);
    User added = session.engine().user(a.positionals()[0]);
    io.out << "user " << added.name << " added (roles: " << joinList(added.roles)
           << (added.department.empty() ? "" : "; department: " + printable(added.department))
           << ")\n";
    return kOk;
  }
  if (sub == "list") {
    Arguments a(tail(args), {}, {"json"});
    if (!a.positionals().empty()) throw UsageError("usage: chancery user list [--json]");
    EngineSession session(settings);
    std::vector<User> users = session.engine().users();
    if (a.flag("json")) {
      Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
      for (const auto& u : users) list->add(toJson(u));
      printJson(io.out, list);
    } else {
      printUsers(io.out, users);
    }
    return kOk;
  }
  throw UsageError(
      "usage: chancery user add NAME --role R[,R...] [--department D] | "
      "chancery user list [--json]");
}

int jobsCommand(const std::vector<std::string>& args, const Settings& settings, Io io) {
  if (args.empty() || args[0] != "run") {
    throw UsageError("usage: chancery jobs run [--once] [--worker NAME]");
  }
  Arguments a(tail(args), {"worker", "workers"}, {"once"});
  if (!a.positionals().empty())
    throw UsageError("usage: chancery jobs run [--once] [--worker NAME] [--workers N]");
  std::string worker = a.value("worker").value_or(defaultWorkerName());
  if (worker.empty() || worker.size() > 100 || printable(worker) != worker) {
    throw UsageError("--worker needs a name of 1 to 100 characters on one line");
  }
  // Catch Ctrl-C from the start: opening the store may take a while on a busy machine.
  StopSignals signals;
  EngineSession session(settings);
  Engine& engine = session.engine();
  Runtime runtime(engine, settings);  // the renderer and the dispatch channels
  if (a.flag("once")) {
    JobRunSummary s = engine.runDueJobs(worker);
    io.out << "jobs: " << describe(s) << "; " << engine.pendingJobs() << " waiting\n";
    return kOk;
  }

  SchedulerOptions options;
  options.name = worker;
  options.workers = static_cast<std::size_t>(
      parseNumber(a.value("workers").value_or("2"), "--workers", 1));
  if (options.workers > 64) throw UsageError("--workers is at most 64");
  Scheduler scheduler(engine, options);
  io.out << "running due jobs with " << options.workers << " worker(s) as " << worker
         << " (stop with Ctrl-C)\n"
         << std::flush;
  scheduler.start();
  JobRunSummary reported;
  std::string lastError;
  while (!signals.stopRequested()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    JobRunSummary now = scheduler.totals();
    if (now.done != reported.done || now.failed != reported.failed ||
        now.given_up != reported.given_up) {
      JobRunSummary pass{now.done - reported.done, now.failed - reported.failed,
                         now.given_up - reported.given_up};
      io.out << formatUtc(SystemClock().nowMs()) << " " << describe(pass) << "\n" << std::flush;
      reported = now;
    }
    if (std::string e = scheduler.lastError(); e != lastError) {
      io.err << "chancery: " << printable(e) << "\n";
      lastError = e;
    }
  }
  scheduler.stop();
  io.out << "stopped; in total " << describe(scheduler.totals()) << "; " << engine.pendingJobs()
         << " waiting\n";
  return kOk;
}

int backupCommand(const std::vector<std::string>& args, const Settings& settings, Io io) {
  Arguments a(args, {}, {});
  if (a.positionals().size() != 1) throw UsageError("usage: chancery backup FILE");
  const std::string& file = a.positionals()[0];
  std::uintmax_t bytes = 0;
  {
    EngineSession session(settings);
    bytes = session.store().backupTo(file);
  }
  // The copy is checked as a store of its own: its schema and its audit chain.
  Settings copy = settings;
  copy.db = "sqlite:" + file;
  EngineSession backup(copy);
  AuditReport r = backup.engine().verifyAudit();
  if (!r.ok) {
    io.err << "chancery: the backup " << file << " has a broken audit trail: " << r.problem
           << " (the store itself: run chancery audit verify)\n";
    return kRefused;
  }
  io.out << "backup written to " << file << " (" << bytes << " bytes): integrity ok, audit "
         << "trail intact with " << r.events << " events, head " << r.head << "\n"
         << "keep the head apart from the backup: chancery --db sqlite:" << file
         << " audit verify --head " << r.head << " proves the copy unaltered later\n";
  return kOk;
}

int auditCommand(const std::vector<std::string>& args, const Settings& settings, Io io) {
  std::string sub = args.empty() ? "" : args[0];
  if (sub == "verify") {
    Arguments a(tail(args), {"head"}, {"json"});
    if (!a.positionals().empty())
      throw UsageError("usage: chancery audit verify [--head H] [--json]");
    EngineSession session(settings);
    AuditReport r = session.engine().verifyAudit(a.value("head"));
    if (a.flag("json")) {
      printJson(io.out, toJson(r));
    } else if (r.ok) {
      io.out << "audit trail intact: " << r.events << " events, head " << r.head << "\n";
    } else {
      io.err << "chancery: audit trail broken"
             << (r.firstBadSeq > 0 ? " at event " + std::to_string(r.firstBadSeq) : "") << ": "
             << r.problem << "\n";
    }
    return r.ok ? kOk : kRefused;
  }
  if (sub == "head") {
    Arguments a(tail(args), {}, {});
    if (!a.positionals().empty()) throw UsageError("usage: chancery audit head");
    EngineSession session(settings);
    io.out << session.engine().auditHead() << "\n";
    return kOk;
  }
  throw UsageError("usage: chancery audit verify [--head H] [--json] | chancery audit head");
}

}  // namespace chancery::cli
