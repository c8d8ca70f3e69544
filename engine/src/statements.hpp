// The statements on the path of every action, prepared once per connection
// (Store::prepared) and executed again with new values: SQLite and PostgreSQL
// then skip parsing and planning. Each struct owns the variables its statements
// are bound to; set the inputs, execute, read the outputs.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>

#include "chancery/store/store.hpp"

namespace chancery::detail {

using store::Backend;

// Executes a single-row query; steps the statement to its end so that SQLite
// releases its read snapshot. Returns whether a row came back.
inline bool fetchOne(soci::statement& st) {
  st.execute(true);
  bool got = st.got_data();
  if (got) {
    while (st.fetch()) {
    }
  }
  return got;
}

template <bool kLock>
struct InstanceQuery : store::Store::Prepared {
  long long id = 0;
  long long document = 0, definitionId = 0, rowVersion = 0, entry = 0, enteredAt = 0,
            drafterId = 0;
  int revision = 0, pendingStep = 0;
  std::string state, registryNumber, escalatedTo, department, kind;
  soci::indicator numberInd = soci::i_ok, escalatedInd = soci::i_ok, stepInd = soci::i_ok;
  soci::statement select;

  InstanceQuery(soci::session& sql, Backend b)
      : select((sql.prepare << std::string(
                                   "SELECT i.document_id, i.definition_id, i.state, "
                                   "i.row_version, i.entry, i.entered_at_ms, i.revision, "
                                   "i.registry_number, i.escalated_to, i.pending_step, "
                                   "d.drafter_id, d.department, d.kind FROM instances i JOIN "
                                   "documents d ON d.id = i.document_id WHERE i.document_id = "
                                   ":id") +
                                   (kLock && b == Backend::kPostgresql ? " FOR UPDATE OF i" : ""),
                soci::use(id), soci::into(document), soci::into(definitionId), soci::into(state),
                soci::into(rowVersion), soci::into(entry), soci::into(enteredAt),
                soci::into(revision), soci::into(registryNumber, numberInd),
                soci::into(escalatedTo, escalatedInd), soci::into(pendingStep, stepInd),
                soci::into(drafterId), soci::into(department), soci::into(kind))) {}
};

// A user and their roles in one statement: one row per role (one row with a NULL role
// when the user has none).
struct UserQuery : store::Store::Prepared {
  std::string name;
  long long id = 0;
  std::string foundName, department, role;
  soci::indicator roleInd = soci::i_null;
  soci::statement user;

  UserQuery(soci::session& sql, Backend)
      : user((sql.prepare << "SELECT u.id, u.name, u.department, r.role FROM users u LEFT JOIN "
                             "user_roles r ON r.user_id = u.id WHERE u.name = :name ORDER BY r.role",
              soci::use(name), soci::into(id), soci::into(foundName), soci::into(department),
              soci::into(role, roleInd))) {}
};

// The end of the chain is its last event. On PostgreSQL writers first lock the
// audit_head row, so they append one at a time; SQLite's write lock does that.
struct EventAppend : store::Store::Prepared {
  int lockId = 1;
  long long headSeq = 0;
  std::string headHash;
  long long seq = 0, at = 0, document = 0;
  soci::indicator documentInd = soci::i_ok;
  std::string actor, kind, fromState, toState, action, comment, detail, hash;
  soci::statement lockHead, selectHead, insert;

  EventAppend(soci::session& sql, Backend b)
      : lockHead((sql.prepare << std::string("SELECT id FROM audit_head WHERE id = 1") +
                                     store::forUpdate(b),
                  soci::into(lockId))),
        selectHead((sql.prepare << "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1",
                    soci::into(headSeq), soci::into(headHash))),
        insert((sql.prepare << "INSERT INTO events (seq, at_ms, document_id, actor, kind, "
                               "from_state, to_state, action, comment, detail, prev_hash, hash) "
                               "VALUES (:seq, :at, :doc, :actor, :kind, :from, :to, :action, "
                               ":comment, :detail, :prev, :hash)",
                soci::use(seq), soci::use(at), soci::use(document, documentInd),
                soci::use(actor), soci::use(kind), soci::use(fromState), soci::use(toState),
                soci::use(action), soci::use(comment), soci::use(detail), soci::use(headHash),
                soci::use(hash))),
        postgres(b == Backend::kPostgresql) {}
  bool postgres;
};

struct StateUpdate : store::Store::Prepared {
  std::string state;
  long long now = 0, document = 0, rowVersion = 0;
  soci::statement update;

  StateUpdate(soci::session& sql, Backend)
      : update((sql.prepare << "UPDATE instances SET state = :s, row_version = row_version + 1, "
                               "entry = entry + 1, entered_at_ms = :t, escalated_to = NULL, "
                               "pending_step = NULL WHERE document_id = :d AND row_version = :v",
                soci::use(state), soci::use(now), soci::use(document), soci::use(rowVersion))) {}
};

struct VersionBump : store::Store::Prepared {
  long long document = 0, rowVersion = 0;
  soci::statement update;

  VersionBump(soci::session& sql, Backend)
      : update((sql.prepare << "UPDATE instances SET row_version = row_version + 1 WHERE "
                               "document_id = :d AND row_version = :v",
                soci::use(document), soci::use(rowVersion))) {}
};

struct AwaitingUpdate : store::Store::Prepared {
  long long document = 0, since = 0;
  std::string role, department;
  soci::statement clear, insert;

  AwaitingUpdate(soci::session& sql, Backend)
      : clear((sql.prepare << "DELETE FROM awaiting WHERE document_id = :d", soci::use(document))),
        insert((sql.prepare << "INSERT INTO awaiting (document_id, role, department, since_ms) "
                               "VALUES (:d, :r, :dep, :t)",
                soci::use(document), soci::use(role), soci::use(department), soci::use(since))) {}
};

struct JobInsert : store::Store::Prepared {
  std::string kind, payload;
  long long document = 0, runAt = 0, now = 0;
  soci::statement insert;

  JobInsert(soci::session& sql, Backend)
      : insert((sql.prepare << "INSERT INTO jobs (kind, document_id, payload, run_at_ms, "
                               "created_at_ms) VALUES (:k, :d, :p, :r, :now)",
                soci::use(kind), soci::use(document), soci::use(payload), soci::use(runAt),
                soci::use(now))) {}
};

struct ContentQuery : store::Store::Prepared {
  long long document = 0;
  int revision = 0;
  std::string content;
  soci::statement select;

  ContentQuery(soci::session& sql, Backend)
      : select((sql.prepare << "SELECT content FROM revisions WHERE document_id = :d AND number = "
                               ":n",
                soci::use(document), soci::use(revision), soci::into(content))) {}
};

struct ApprovalStatements : store::Store::Prepared {
  long long document = 0, entry = 0, user = 0, at = 0, count = 0, who = 0;
  std::string name, role, comment;
  soci::statement mine, list, insert;

  ApprovalStatements(soci::session& sql, Backend)
      : mine((sql.prepare << "SELECT count(*) FROM approvals WHERE document_id = :d AND entry = "
                             ":e AND name = :n AND user_id = :u",
              soci::use(document), soci::use(entry), soci::use(name), soci::use(user),
              soci::into(count))),
        list((sql.prepare << "SELECT role, user_id FROM approvals WHERE document_id = :d AND "
                             "entry = :e AND name = :n",
              soci::use(document), soci::use(entry), soci::use(name), soci::into(role),
              soci::into(who))),
        insert((sql.prepare << "INSERT INTO approvals (document_id, entry, name, user_id, role, "
                               "comment, at_ms) VALUES (:d, :e, :n, :u, :r, :c, :t)",
                soci::use(document), soci::use(entry), soci::use(name), soci::use(user),
                soci::use(role), soci::use(comment), soci::use(at))) {}
};

}  // namespace chancery::detail
