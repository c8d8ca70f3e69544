#include "migrations.hpp"

namespace chancery::store {
namespace {

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// Times are milliseconds since the Unix epoch, UTC (columns named *_ms).
const std::vector<Migration> kMigrations = {
    {1,
     "initial schema",
     {
         "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
         "applied_at_ms {bigint} NOT NULL)",

         // Definitions are immutable: a changed file is a new row (new sha256).
         "CREATE TABLE workflow_definitions (id {id}, name TEXT NOT NULL, version INTEGER NOT "
         "NULL, document_kind TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE, xml TEXT NOT NULL, "
         "stored_at_ms {bigint} NOT NULL)",

         "CREATE TABLE users (id {id}, name TEXT NOT NULL UNIQUE, department TEXT NOT NULL "
         "DEFAULT '', created_at_ms {bigint} NOT NULL)",
         "CREATE TABLE user_roles (user_id {bigint} NOT NULL REFERENCES users(id), role TEXT NOT "
         "NULL, PRIMARY KEY (user_id, role))",
         "CREATE INDEX user_roles_by_role ON user_roles (role)",

         "CREATE TABLE documents (id {id}, kind TEXT NOT NULL, subject TEXT NOT NULL, language "
         "TEXT NOT NULL, classification TEXT NOT NULL, campaign TEXT, drafter_id {bigint} NOT "
         "NULL REFERENCES users(id), department TEXT NOT NULL, created_at_ms {bigint} NOT NULL)",
         "CREATE INDEX documents_by_drafter ON documents (drafter_id)",

         // Revisions are immutable; the highest number is the current one.
         "CREATE TABLE revisions (document_id {bigint} NOT NULL REFERENCES documents(id), number "
         "INTEGER NOT NULL, content TEXT NOT NULL, sha256 TEXT NOT NULL, author_id {bigint} NOT "
         "NULL REFERENCES users(id), created_at_ms {bigint} NOT NULL, PRIMARY KEY (document_id, "
         "number))",

         "CREATE TABLE recipients (document_id {bigint} NOT NULL REFERENCES documents(id), "
         "position INTEGER NOT NULL, address TEXT NOT NULL, PRIMARY KEY (document_id, position))",

         // One instance per document, pinned to one definition version. row_version
         // grows with every change; entry counts the states entered.
         "CREATE TABLE instances (document_id {bigint} PRIMARY KEY REFERENCES documents(id), "
         "definition_id {bigint} NOT NULL REFERENCES workflow_definitions(id), state TEXT NOT "
         "NULL, row_version {bigint} NOT NULL, entry {bigint} NOT NULL, entered_at_ms {bigint} NOT "
         "NULL, revision INTEGER NOT NULL, registry_number TEXT, escalated_to TEXT, "
         "pending_step INTEGER)",
         "CREATE UNIQUE INDEX instances_by_registry_number ON instances (registry_number)",

         // Who may act now: one row per role (department set where only the drafter's
         // department may act). Maintained with every state change; the inbox reads it.
         "CREATE TABLE awaiting (document_id {bigint} NOT NULL REFERENCES documents(id), role "
         "TEXT NOT NULL, department TEXT NOT NULL DEFAULT '', since_ms {bigint} NOT NULL, "
         "PRIMARY KEY (document_id, role))",
         "CREATE INDEX awaiting_by_role ON awaiting (role, since_ms, document_id)",

         "CREATE TABLE approvals (document_id {bigint} NOT NULL REFERENCES documents(id), entry "
         "{bigint} NOT NULL, name TEXT NOT NULL, user_id {bigint} NOT NULL REFERENCES users(id), "
         "role TEXT NOT NULL, comment TEXT NOT NULL, at_ms {bigint} NOT NULL, PRIMARY KEY "
         "(document_id, entry, name, user_id))",

         "CREATE TABLE registry_series (series TEXT NOT NULL, year INTEGER NOT NULL, last_seq "
         "INTEGER NOT NULL, PRIMARY KEY (series, year))",

         // The audit trail: append-only, hash-chained. On PostgreSQL every writer locks
         // the audit_head row before appending, so events get gapless sequence numbers.
         "CREATE TABLE events (seq {bigint} PRIMARY KEY, at_ms {bigint} NOT NULL, document_id "
         "{bigint}, actor TEXT NOT NULL, kind TEXT NOT NULL, from_state TEXT NOT NULL, to_state "
         "TEXT NOT NULL, action TEXT NOT NULL, comment TEXT NOT NULL, detail TEXT NOT NULL, "
         "prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
         "CREATE INDEX events_by_document ON events (document_id, seq)",
         "CREATE TABLE audit_head (id INTEGER PRIMARY KEY)",
         "INSERT INTO audit_head (id) VALUES (1)",

         // Durable jobs: timers and side effects (the transactional outbox).
         "CREATE TABLE jobs (id {id}, kind TEXT NOT NULL, document_id {bigint} REFERENCES "
         "documents(id), payload TEXT NOT NULL, run_at_ms {bigint} NOT NULL, attempts INTEGER "
         "NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'pending', claimed_by TEXT, "
         "claimed_until_ms {bigint}, last_error TEXT, created_at_ms {bigint} NOT NULL, "
         "finished_at_ms {bigint})",
         "CREATE INDEX jobs_due ON jobs (status, run_at_ms)",
     }},
    {2,
     "recipient directory and rendered artifacts",
     {
         // Postal lines are stored joined by newlines.
         "CREATE TABLE directory_entries (id TEXT PRIMARY KEY, kind TEXT NOT NULL, language "
         "TEXT NOT NULL, person TEXT NOT NULL, title TEXT NOT NULL, email TEXT NOT NULL, postal "
         "TEXT NOT NULL, updated_at_ms {bigint} NOT NULL)",
         "CREATE TABLE directory_names (entry_id TEXT NOT NULL REFERENCES directory_entries(id), "
         "language TEXT NOT NULL, organisation TEXT NOT NULL, courtesy_title TEXT NOT NULL, "
         "salutation TEXT NOT NULL, PRIMARY KEY (entry_id, language))",
         // Immutable outputs of a revision; bytes as base64 so both back ends store
         // them as plain text.
         "CREATE TABLE artifacts (document_id {bigint} NOT NULL REFERENCES documents(id), "
         "revision INTEGER NOT NULL, format TEXT NOT NULL, media_type TEXT NOT NULL, sha256 TEXT "
         "NOT NULL, size {bigint} NOT NULL, content_base64 TEXT NOT NULL, created_at_ms {bigint} "
         "NOT NULL, PRIMARY KEY (document_id, revision, format))",
         "ALTER TABLE instances ADD COLUMN registered_at_ms {bigint}",
     }},
    {3,
     "dispatches and the registry mailbox",
     {
         // One row per (document revision, recipient, attempt round); a re-dispatch
         // adds rows, history keeps the old ones.
         "CREATE TABLE dispatches (id {id}, document_id {bigint} NOT NULL REFERENCES "
         "documents(id), revision INTEGER NOT NULL, recipient TEXT NOT NULL, directory_id TEXT "
         "NOT NULL DEFAULT '', channel TEXT NOT NULL, status TEXT NOT NULL, message_id TEXT NOT "
         "NULL UNIQUE, attempts INTEGER NOT NULL DEFAULT 0, last_reply TEXT NOT NULL DEFAULT '', "
         "created_at_ms {bigint} NOT NULL, updated_at_ms {bigint} NOT NULL, sent_at_ms {bigint}, "
         "delivered_at_ms {bigint}, acknowledged_at_ms {bigint}, answered_at_ms {bigint}, "
         "ack_due_ms {bigint} NOT NULL DEFAULT 0)",
         "CREATE INDEX dispatches_by_document ON dispatches (document_id, revision, recipient)",
         "CREATE INDEX dispatches_awaiting_ack ON dispatches (status, ack_due_ms)",
         // Everything read from the registry mailbox, matched or not: nothing is dropped.
         "CREATE TABLE inbound (id {id}, message_id TEXT NOT NULL UNIQUE, received_at_ms "
         "{bigint} NOT NULL, from_address TEXT NOT NULL, subject TEXT NOT NULL, kind TEXT NOT "
         "NULL, dispatch_id {bigint} REFERENCES dispatches(id), body TEXT NOT NULL)",
         "CREATE INDEX inbound_unmatched ON inbound (kind, received_at_ms)",
     }},
    {4,
     "fewer pages written per action on SQLite",
     {},
     {
         // An action rewrites the document's awaiting rows: keyed by (document, role)
         // without a rowid, the table is its own primary-key index (one B-tree less).
         "CREATE TABLE awaiting_v4 (document_id INTEGER NOT NULL REFERENCES documents(id), role "
         "TEXT NOT NULL, department TEXT NOT NULL DEFAULT '', since_ms INTEGER NOT NULL, "
         "PRIMARY KEY (document_id, role)) WITHOUT ROWID",
         "INSERT INTO awaiting_v4 (document_id, role, department, since_ms) SELECT document_id, "
         "role, department, since_ms FROM awaiting",
         "DROP TABLE awaiting",
         "ALTER TABLE awaiting_v4 RENAME TO awaiting",
         "CREATE INDEX awaiting_by_role ON awaiting (role, since_ms, document_id)",
         // Jobs are never deleted, so a plain rowid gives the same ids as AUTOINCREMENT
         // without updating sqlite_sequence on every insert.
         "CREATE TABLE jobs_v4 (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, document_id INTEGER "
         "REFERENCES documents(id), payload TEXT NOT NULL, run_at_ms INTEGER NOT NULL, attempts "
         "INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'pending', claimed_by TEXT, "
         "claimed_until_ms INTEGER, last_error TEXT, created_at_ms INTEGER NOT NULL, "
         "finished_at_ms INTEGER)",
         "INSERT INTO jobs_v4 (id, kind, document_id, payload, run_at_ms, attempts, status, "
         "claimed_by, claimed_until_ms, last_error, created_at_ms, finished_at_ms) SELECT id, "
         "kind, document_id, payload, run_at_ms, attempts, status, claimed_by, claimed_until_ms, "
         "last_error, created_at_ms, finished_at_ms FROM jobs",
         "DROP TABLE jobs",
         "ALTER TABLE jobs_v4 RENAME TO jobs",
         "CREATE INDEX jobs_due ON jobs (status, run_at_ms)",
         "DELETE FROM sqlite_sequence WHERE name = 'jobs'",
     }},
    {5,
     "inbound mail kept whole as evidence",
     {
         "ALTER TABLE inbound ADD COLUMN raw_base64 TEXT NOT NULL DEFAULT ''",
         "ALTER TABLE inbound ADD COLUMN raw_sha256 TEXT NOT NULL DEFAULT ''",
         "ALTER TABLE inbound ADD COLUMN raw_bytes {bigint} NOT NULL DEFAULT 0",
     }},
};

}  // namespace

std::vector<std::string> Migration::statements(Backend backend) const {
  std::vector<std::string> out;
  for (const auto& s : sql) {
    std::string t = s;
    if (backend == Backend::kSqlite) {
      t = replaceAll(t, "{id}", "INTEGER PRIMARY KEY AUTOINCREMENT");
      t = replaceAll(t, "{bigint}", "INTEGER");
    } else {
      t = replaceAll(t, "{id}", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
      t = replaceAll(t, "{bigint}", "BIGINT");
    }
    out.push_back(std::move(t));
  }
  if (backend == Backend::kSqlite) out.insert(out.end(), sqliteOnly.begin(), sqliteOnly.end());
  return out;
}

const std::vector<Migration>& migrations() { return kMigrations; }

int latestMigration() { return kMigrations.back().version; }

}  // namespace chancery::store
