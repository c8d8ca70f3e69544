// `chancery status`: how much work there is, and what needs a person.
#include <ostream>

#include "arguments.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "session.hpp"

namespace chancery::cli {
namespace {

std::string counts(const std::vector<std::pair<std::string, long long>>& items) {
  std::string out;
  for (const auto& [name, n] : items) out += (out.empty() ? "" : ", ") + name + " " + std::to_string(n);
  return out;
}

long long countOf(const std::vector<std::pair<std::string, long long>>& items, const std::string& name) {
  for (const auto& [item, n] : items) {
    if (item == name) return n;
  }
  return 0;
}

Poco::JSON::Object::Ptr toJson(const std::vector<std::pair<std::string, long long>>& items) {
  auto o = jsonObject();
  for (const auto& [name, n] : items) o->set(name, n);
  return o;
}

Poco::JSON::Object::Ptr toJson(const StatusReport& r) {
  auto o = jsonObject();
  o->set("schemaVersion", r.schemaVersion);
  o->set("documents", r.documents);
  o->set("documentsByState", toJson(r.documentsByState));
  auto jobs = jsonObject();
  jobs->set("due", r.jobsDue);
  jobs->set("later", r.jobsLater);
  jobs->set("running", r.jobsRunning);
  jobs->set("retrying", r.retryingJobs);
  Poco::JSON::Array::Ptr retrying = new Poco::JSON::Array;
  for (const auto& j : r.retrying) {
    auto job = jsonObject();
    job->set("id", j.id);
    job->set("kind", j.kind);
    if (j.document) job->set("document", *j.document);
    job->set("attempts", j.attempts);
    job->set("nextRun", formatUtc(j.nextRunAt));
    job->set("lastError", j.lastError);
    retrying->add(job);
  }
  jobs->set("latestRetrying", retrying);
  o->set("jobs", jobs);
  o->set("dispatchesByStatus", toJson(r.dispatchesByStatus));
  o->set("acknowledgementsOverdue", r.acknowledgementsOverdue);
  o->set("unmatchedMail", r.unmatchedMail);
  o->set("auditEvents", r.auditEvents);
  o->set("auditHead", r.auditHead);
  return o;
}

}  // namespace

int statusCommand(const std::vector<std::string>& args, const Settings& settings, Io io) {
  Arguments a(args, {}, {"json"});
  if (!a.positionals().empty()) throw UsageError("usage: chancery status [--json]");
  EngineSession session(settings);
  StatusReport r = session.engine().status();
  if (a.flag("json")) {
    printJson(io.out, toJson(r));
    return kOk;
  }
  io.out << "schema version " << r.schemaVersion << "\n"
         << "documents: " << r.documents
         << (r.documents ? " (" + counts(r.documentsByState) + ")" : "") << "\n"
         << "jobs: " << r.jobsDue << " due now, " << r.jobsLater << " later, " << r.jobsRunning
         << " running\n"
         << "dispatches (each recipient's latest): "
         << (r.dispatchesByStatus.empty() ? "none" : counts(r.dispatchesByStatus)) << "\n";
  std::vector<std::string> attention;
  if (r.retryingJobs) {
    attention.push_back(std::to_string(r.retryingJobs) + " job(s) failed and will be retried:");
    for (const auto& j : r.retrying) {
      attention.push_back(
          "  job " + std::to_string(j.id) + " (" + j.kind +
          (j.document ? ", document " + std::to_string(*j.document) : "") + "): attempt " +
          std::to_string(j.attempts) + ", next " + formatUtc(j.nextRunAt) + " — " +
          printable(j.lastError.substr(0, 300)));
    }
  }
  for (const char* status : {"bounced", "failed", "deferred"}) {
    if (long long n = countOf(r.dispatchesByStatus, status)) {
      attention.push_back(std::to_string(n) + " dispatch(es) " + status +
                          " (chancery track ID shows each recipient)");
    }
  }
  if (r.acknowledgementsOverdue) {
    attention.push_back(std::to_string(r.acknowledgementsOverdue) +
                        " acknowledgement(s) overdue (chancery track --overdue)");
  }
  if (r.unmatchedMail) {
    attention.push_back(std::to_string(r.unmatchedMail) +
                        " unmatched inbound message(s) (chancery track unmatched)");
  }
  if (attention.empty()) {
    io.out << "nothing needs attention\n";
  } else {
    io.out << "needs attention:\n";
    for (const auto& line : attention) io.out << "  " << line << "\n";
  }
  io.out << "audit trail: " << r.auditEvents << " events, head " << r.auditHead
         << " (chancery audit verify checks the chain)\n";
  return kOk;
}

}  // namespace chancery::cli
