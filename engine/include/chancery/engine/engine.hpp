// The engine: documents with revisions, instances that move through their workflow
// when people act, approvals with quorum, registry numbers, due-date timers and
// the audit trail. Every change is one transaction of the Store.
//
// Threads: an Engine may be called from any number of threads at once.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "chancery/engine/clock.hpp"
#include "chancery/engine/dispatch.hpp"
#include "chancery/engine/errors.hpp"
#include "chancery/store/store.hpp"
#include "chancery/workflow/definition.hpp"
#include "chancery/workflow/loader.hpp"

namespace chancery {

using DocumentId = long long;

struct User {
  long long id = 0;
  std::string name;
  std::string department;
  std::vector<std::string> roles;
  bool hasRole(const std::string& role) const;
};

struct NewDocument {
  std::string kind;  // picks the workflow: note-verbale, un-letter, letter, press-release
  std::string subject;
  std::string language = "en";
  std::string classification = "unclassified";  // unclassified | restricted | confidential
  std::string content;                          // XML; a minimal one is made when empty
  std::vector<std::string> recipients;          // directory ids or addresses
  std::string campaign;
  std::string drafter;  // user name
};

struct DocumentView {
  DocumentId id = 0;
  std::string kind, subject, language, classification, campaign;
  std::string drafter, department;
  std::string state;
  long long rowVersion = 0;
  std::optional<std::string> registryNumber;
  int revision = 0;
  std::string content;
  std::vector<std::string> recipients;
  std::string workflow;  // name
  int workflowVersion = 0;
  std::string workflowSha256;
  Millis createdAt = 0;
  Millis stateEnteredAt = 0;
  std::optional<std::string> escalatedTo;
  std::optional<Millis> registeredAt;  // when the registry number was assigned
  std::vector<std::string> possibleActions;  // names of actions/approvals in this state
  bool final = false;
};

// A recipient in the directory: organisations and people with their forms of
// address per language ("His Excellency Mr. António Guterres, Secretary-General of
// the United Nations"; "Excellency,").
struct DirectoryNames {
  std::string organisation;
  std::string courtesyTitle;
  std::string salutation;
};

struct DirectoryEntry {
  std::string id;    // "un-sg", "ch-embassy-baku"
  std::string kind;  // foreign-embassy | own-embassy | permanent-mission |
                     // international-organisation | media
  std::string language;  // the language to write to them in
  std::string person;
  std::string title;
  std::string email;
  std::vector<std::string> postal;                 // the postal block, line by line
  std::map<std::string, DirectoryNames> names;     // by language: en, fr, az
  // Names in `lang`, else in the entry's own language, else any.
  const DirectoryNames* namesIn(const std::string& lang) const;
};

struct DirectoryImport {
  int added = 0;
  int updated = 0;
  int unchanged = 0;
};

// A rendered output of one revision, stored immutably.
struct Artifact {
  DocumentId document = 0;
  int revision = 0;
  std::string format;     // pdf | html | text
  std::string mediaType;  // application/pdf, application/xhtml+xml, text/plain; charset=utf-8
  std::string sha256;
  long long size = 0;
  Millis createdAt = 0;
  std::string bytes;      // filled by artifact(), empty in lists
};

// One recipient's copy of a dispatched document and what became of it.
struct DispatchView {
  long long id = 0;
  DocumentId document = 0;
  int revision = 0;
  std::string recipient;    // the address it goes to
  std::string directoryId;  // when the recipient came from the directory
  std::string channel;
  // queued | sent | deferred | delivered | bounced | failed | acknowledged | answered
  std::string status;
  std::string messageId;
  int attempts = 0;
  std::string lastReply;  // the server's last words, or the last report
  Millis createdAt = 0;
  Millis updatedAt = 0;
  std::optional<Millis> sentAt, deliveredAt, acknowledgedAt, answeredAt;
  Millis acknowledgementDue = 0;
  std::string registryNumber;
  std::string subject;
};

// A message from the registry mailbox, as registered.
struct InboundItem {
  long long id = 0;
  std::string messageId, from, subject;
  std::string kind;    // delivery-report | acknowledgement | reply | unmatched
  std::optional<long long> dispatch;
  Millis receivedAt = 0;
  std::string text;
  std::size_t rawBytes = 0;  // size of the message kept as received (0: none kept)
  std::string rawSha256;     // its SHA-256, as recorded in the audit trail
};

struct ReceiveOutcome {
  enum class Kind {
    kDuplicate,
    kDeliveryReport,
    kAcknowledgement,
    kReply,
    kAutomaticReply,
    kUnmatched
  };
  Kind kind = Kind::kUnmatched;
  long long inboundId = 0;
  std::vector<long long> dispatches;  // the dispatches it was matched to
};

struct EngineSettings {
  std::string registryAddress = "registry@mfa.test";  // From: of every dispatch
  std::string messageIdDomain = "registry.mfa.test";
  std::chrono::hours giveUpAfter{48};                  // deferred dispatches then fail
  std::chrono::hours acknowledgementDue{5 * 24};       // when a sent one is overdue
  // How long a claimed job is a worker's before another may take it over (when
  // the first died): longer than any one job takes.
  std::chrono::milliseconds jobLease{5 * 60 * 1000};
  // Where content schemas are (TEMPLATES/<kind>/content.rng): content given on doc
  // new and every edit is checked against its kind's schema. Empty: well-formedness
  // and the root element only.
  std::string contentSchemas;
};

struct HistoryEntry {
  long long seq = 0;
  Millis at = 0;
  std::string actor, kind, fromState, toState, action, comment, detail;
};

// One revision of a document, as it was saved.
struct RevisionView {
  int number = 0;
  std::string content;
  Millis createdAt = 0;
  // Whether the registry number belongs to this revision: the document is registered
  // and this revision was not replaced by a later one before the registration (a draft
  // superseded before registration never bore the number).
  bool bearsRegistryNumber = false;
};

struct InboxItem {
  DocumentId id = 0;
  std::string kind, subject, state;
  Millis since = 0;
  std::vector<std::string> actions;
};

struct ActRequest {
  DocumentId document = 0;
  std::string action;
  std::string user;
  std::string comment;
  // The row version the person saw; when the document has changed since and the
  // action is no longer possible, the error is a conflict.
  std::optional<long long> expectedVersion;
};

struct ActResult {
  std::string fromState;
  std::string toState;  // where the document rests after automatic moves
  long long rowVersion = 0;
  std::optional<std::string> registryNumber;
  bool approval = false;
  int approvalsGiven = 0;
  int approvalsNeeded = 0;
};

struct AuditReport {
  bool ok = true;
  long long events = 0;
  std::string head;           // hash of the last event
  long long firstBadSeq = 0;
  std::string problem;        // what is wrong, for a person
};

struct JobRunSummary {
  int done = 0;
  int failed = 0;    // will be retried
  int given_up = 0;  // attempts exhausted
};

// What an operator looks at first: how much work there is and what needs a person.
struct StatusReport {
  int schemaVersion = 0;
  long long documents = 0;
  std::vector<std::pair<std::string, long long>> documentsByState;  // most first
  long long jobsDue = 0;       // pending and due now: the workers are behind if it stays up
  long long jobsLater = 0;     // timers and retries not yet due
  long long jobsRunning = 0;   // claimed by a worker now
  struct RetryingJob {
    long long id = 0;
    std::string kind;
    std::optional<DocumentId> document;
    int attempts = 0;
    Millis nextRunAt = 0;
    std::string lastError;
  };
  std::vector<RetryingJob> retrying;  // failed at least once, will run again (10 latest)
  long long retryingJobs = 0;
  // Each recipient's latest dispatch, by status ("sent", "deferred", "bounced" ...).
  std::vector<std::pair<std::string, long long>> dispatchesByStatus;
  long long acknowledgementsOverdue = 0;
  long long unmatchedMail = 0;
  long long auditEvents = 0;
  std::string auditHead;
};

// Runs the step types the engine itself does not (render, dispatch). Adapters
// implement it. run() is called outside any transaction; it must be idempotent
// (it may run again after a crash) and throw to ask for a retry.
class StepRunner {
 public:
  virtual ~StepRunner() = default;
  virtual void run(DocumentId document, const workflow::Step& step, const std::string& payload) = 0;
};

// A plain mailbox address (local@domain.tld) without spaces, quotes or controls.
bool validEmailAddress(const std::string& address);

class Engine {
 public:
  // workflowsDir: where the definition files for new documents are read from.
  Engine(store::Store& store, const Clock& clock, std::string workflowsDir);
  ~Engine();

  // Users -----------------------------------------------------------------
  long long addUser(const std::string& name, const std::vector<std::string>& roles,
                       const std::string& department);
  std::vector<User> users();
  User user(const std::string& name);

  // Documents ---------------------------------------------------------------
  DocumentId createDocument(const NewDocument& doc);
  // A new immutable revision; only in an editable state, by the drafter or a
  // drafter of the same department. Returns the revision number.
  int editDocument(DocumentId id, const std::string& content, const std::string& user);
  DocumentView document(DocumentId id);
  // An earlier (or the current) revision; nullopt when there is none.
  std::optional<RevisionView> revision(DocumentId id, int revision);
  std::vector<HistoryEntry> history(DocumentId id);
  std::vector<InboxItem> inbox(const std::string& user, std::size_t limit = 100);

  // Acting --------------------------------------------------------------------
  ActResult act(const ActRequest& request);
  // An engine event (all-sent, all-acknowledged, symbol-recorded ...): follows the
  // state's <on event=...> if there is one. Returns whether the document moved.
  bool raiseEvent(DocumentId id, const std::string& event, const std::string& actor,
                  const std::string& detail);

  // Directory -------------------------------------------------------------------
  // Imports entries from directory XML (see deploy/directory-sample.xml): new ids
  // are added, known ones replaced. All or nothing; every problem is reported.
  DirectoryImport importDirectory(const std::string& xml, const std::string& sourceName,
                                  const std::string& actor);
  std::vector<DirectoryEntry> directory();
  std::optional<DirectoryEntry> directoryEntry(const std::string& id);

  // Artifacts -------------------------------------------------------------------
  // Stores a rendered output of a revision. Immutable: storing the same format of
  // the same revision again keeps the first (and returns its hash).
  std::string storeArtifact(DocumentId id, int revision, const std::string& format,
                            const std::string& mediaType, const std::string& bytes);
  std::vector<Artifact> artifacts(DocumentId id);
  std::optional<Artifact> artifact(DocumentId id, int revision, const std::string& format);

  // Dispatch and tracking -------------------------------------------------------
  void configure(const EngineSettings& settings);
  // Channels by name ("email", "files"); "default" serves a step naming a channel
  // that is not registered, and steps that name none.
  void registerChannel(const std::string& name, std::shared_ptr<Channel> channel);
  std::vector<DispatchView> dispatches(DocumentId id);
  std::optional<DispatchView> dispatch(long long dispatchId);
  // Sent but not acknowledged past their acknowledgement due time.
  std::vector<DispatchView> overdueDispatches();
  // Registers a message from the registry mailbox and what it says about our
  // dispatches. Never drops a message: what matches nothing is kept as unmatched.
  ReceiveOutcome receive(const InboundMessage& message);
  // A registry officer records an acknowledgement of receipt by hand.
  void acknowledge(long long dispatchId, const std::string& user, const std::string& comment);
  std::vector<InboundItem> inbound(bool unmatchedOnly);
  // The message as it was received (an .eml), checked against the SHA-256 recorded
  // then; nullopt when only its headers were registered. Throws RuleError (not found),
  // store::StorageError (the stored copy was altered).
  std::optional<std::string> inboundMessage(long long inboundId);
  // A registry officer links an unmatched message to the dispatch it concerns.
  void assignInbound(long long inboundId, long long dispatchId, const std::string& user);

  // Jobs ------------------------------------------------------------------------
  void registerStepRunner(const std::string& stepType, std::shared_ptr<StepRunner> runner);
  // Claims and runs jobs due now; at most `limit`. `worker` names the claimant.
  JobRunSummary runDueJobs(const std::string& worker, std::size_t limit = 1000);
  long long pendingJobs();
  // Counts for an operator (cheap: indexes and small groupings; no audit verification).
  StatusReport status();

  // Audit -----------------------------------------------------------------------
  AuditReport verifyAudit(const std::optional<std::string>& expectedHead = std::nullopt);
  std::string auditHead();

  const Clock& clock() const { return clock_; }
  store::Store& store() { return store_; }

 private:
  void actInTransaction(soci::session& sql, const ActRequest& req, ActResult& result);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace chancery
