// Internals shared by the engine's source files (not part of the public API).
#pragma once

#include <soci/soci.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "chancery/engine/engine.hpp"

namespace chancery::detail {

// One audit event before it is chained.
struct EventRecord {
  Millis at = 0;
  std::optional<DocumentId> document;
  std::string actor, kind, fromState, toState, action, comment, detail;
};

// The canonical byte form an event's hash covers.
std::string canonicalEvent(long long seq, const EventRecord& e);
// Appends an event to the chain inside the caller's transaction; returns its seq.
long long appendEvent(store::Store& store, soci::session& sql, const EventRecord& e);

// The instance row of a document, read inside a write transaction (locked on PG).
struct InstanceRow {
  DocumentId document = 0;
  long long definitionId = 0;
  std::string state;
  long long rowVersion = 0;
  long long entry = 0;
  Millis enteredAt = 0;
  int revision = 0;
  std::optional<std::string> registryNumber;
  std::optional<std::string> escalatedTo;
  std::optional<int> pendingStep;
  long long drafterId = 0;
  std::string department;
  std::string kind;
};

std::optional<InstanceRow> loadInstance(store::Store& store, soci::session& sql, DocumentId id,
                                        bool lock);

// Evaluates an XPath 1.0 expression as a boolean / string over content XML.
bool evaluateGuard(const std::string& content, const std::string& expression);
std::string evaluateString(const std::string& content, const std::string& expression);

// Parses and checks document content (well-formed, safe, root named after the kind).
// `schemaFile` (a RELAX NG file; empty: none) is checked too; every problem is
// reported with its line and column.
void checkContent(const std::string& kind, const std::string& content,
                  const std::string& schemaFile = "");

}  // namespace chancery::detail

namespace chancery {

using detail::InstanceRow;

struct Engine::Impl {
  Impl(store::Store& s, const Clock& c, std::string dir)
      : store(s), clock(c), workflowsDir(std::move(dir)) {}

  store::Store& store;
  const Clock& clock;
  std::string workflowsDir;
  workflow::DefinitionLoader loader;

  std::mutex mutex;  // guards the caches and runners below
  std::map<long long, std::shared_ptr<const workflow::WorkflowDefinition>> definitions;
  std::map<std::string, std::shared_ptr<StepRunner>> runners;
  std::map<std::string, std::shared_ptr<Channel>> channels;
  EngineSettings settings;

  // Creates one dispatch and its durable job per recipient (dispatch step).
  void createDispatches(soci::session& sql, InstanceRow& inst, const workflow::Step& step,
                        const std::string& actor);
  // Sends one dispatch (job kind "dispatch"); returns false when it failed and the
  // job should be retried. Records everything in its own transactions.
  bool runDispatchJob(long long dispatchId, int attempts, std::string& error);
  // After a dispatch changed: raises all-sent / all-delivered / all-acknowledged /
  // any-bounced / reply-received on the instance when they have just become true.
  void dispatchEvents(soci::session& sql, DocumentId document, const std::string& actor,
                      const std::string& trigger);
  bool raiseEventIn(soci::session& sql, DocumentId id, const std::string& event,
                    const std::string& actor, const std::string& detail);

  // The stored definition with this id (cached; stored definitions never change).
  std::shared_ptr<const workflow::WorkflowDefinition> definition(soci::session& sql, long long id);
  // The newest definition in workflowsDir for a document kind, stored if new.
  std::pair<long long, std::shared_ptr<const workflow::WorkflowDefinition>> definitionForKind(
      soci::session& sql, const std::string& kind);

  User loadUser(soci::session& sql, const std::string& name);
  // The content schema file of a kind, or "" when none is configured or present.
  std::string contentSchemaFor(const std::string& kind);
  std::optional<DirectoryEntry> directoryEntry(soci::session& sql, const std::string& id);

  // Moves an instance into `to` (recording nothing itself: callers record the
  // event that caused it), then runs that state's automatic steps and follows
  // <next>. Returns the state the instance rests in.
  std::string enterState(soci::session& sql, InstanceRow& inst,
                         const workflow::WorkflowDefinition& def, const std::string& to,
                         const std::string& actor, int depth = 0);
  // Runs steps from `from` on in the current state: inline ones now, the first
  // deferred one becomes a job. Follows <next> when all are done.
  std::string continueSteps(soci::session& sql, InstanceRow& inst,
                            const workflow::WorkflowDefinition& def, std::size_t from,
                            const std::string& actor, int depth);
  void refreshAwaiting(soci::session& sql, const InstanceRow& inst,
                       const workflow::WorkflowDefinition& def);
  std::string assignNumber(soci::session& sql, InstanceRow& inst, const workflow::Step& step);
  void addJob(soci::session& sql, const std::string& kind, DocumentId document,
              const std::string& payload, Millis runAt);
};

}  // namespace chancery
