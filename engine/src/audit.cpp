// The audit trail: every event carries SHA-256(previous hash || canonical event).
#include "chancery/util/sha256.hpp"
#include "engine_impl.hpp"
#include "statements.hpp"

namespace chancery {
namespace detail {
namespace {

void field(std::string& out, const std::string& value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

const std::string kGenesis(64, '0');

}  // namespace

std::string canonicalEvent(long long seq, const EventRecord& e) {
  std::string out;
  out.reserve(128 + e.comment.size() + e.detail.size());
  field(out, std::to_string(seq));
  field(out, std::to_string(e.at));
  field(out, e.document ? std::to_string(*e.document) : std::string("-"));
  field(out, e.actor);
  field(out, e.kind);
  field(out, e.fromState);
  field(out, e.toState);
  field(out, e.action);
  field(out, e.comment);
  field(out, e.detail);
  return out;
}

std::string chainHash(const std::string& prev, const std::string& canonical) {
  Sha256 h;
  h.update(prev);
  h.update("\n");
  h.update(canonical);
  return h.finishHex();
}

long long appendEvent(store::Store& store, soci::session& sql, const EventRecord& e) {
  auto& st = store.prepared<EventAppend>(sql);
  if (st.postgres) fetchOne(st.lockHead);
  if (!fetchOne(st.selectHead)) {
    st.headSeq = 0;
    st.headHash = kGenesis;
  }
  st.seq = st.headSeq + 1;
  st.at = e.at;
  st.document = e.document.value_or(0);
  st.documentInd = e.document ? soci::i_ok : soci::i_null;
  st.actor = e.actor;
  st.kind = e.kind;
  st.fromState = e.fromState;
  st.toState = e.toState;
  st.action = e.action;
  st.comment = e.comment;
  st.detail = e.detail;
  st.hash = chainHash(st.headHash, canonicalEvent(st.seq, e));
  st.insert.execute(true);
  return st.seq;
}

}  // namespace detail

AuditReport Engine::verifyAudit(const std::optional<std::string>& expectedHead) {
  AuditReport report;
  store_.read([&](soci::session& sql) {
    long long seq = 0, at = 0, document = 0;
    soci::indicator docInd;
    std::string actor, kind, from, to, action, comment, detail, prevStored, hashStored;
    soci::statement st =
        (sql.prepare << "SELECT seq, at_ms, document_id, actor, kind, from_state, to_state, "
                        "action, comment, detail, prev_hash, hash FROM events ORDER BY seq",
         soci::into(seq), soci::into(at), soci::into(document, docInd), soci::into(actor),
         soci::into(kind), soci::into(from), soci::into(to), soci::into(action),
         soci::into(comment), soci::into(detail), soci::into(prevStored), soci::into(hashStored));
    st.execute();
    std::string running = detail::kGenesis;
    long long expected = 1;
    bool headSeen = !expectedHead.has_value();
    auto fail = [&](long long at, std::string problem) {
      if (!report.ok) return;
      report.ok = false;
      report.firstBadSeq = at;
      report.problem = std::move(problem);
    };
    while (st.fetch()) {
      ++report.events;
      detail::EventRecord e;
      e.at = at;
      if (docInd == soci::i_ok) e.document = document;
      e.actor = actor;
      e.kind = kind;
      e.fromState = from;
      e.toState = to;
      e.action = action;
      e.comment = comment;
      e.detail = detail;
      if (seq > expected) {
        fail(expected, "event " + std::to_string(expected) +
                           (seq - expected > 1 ? " to " + std::to_string(seq - 1) : "") +
                           " is missing: deleted from the trail");
      } else if (seq < expected) {
        fail(seq, "event " + std::to_string(seq) + " appears twice: an event was inserted");
      }
      std::string recomputed = detail::chainHash(prevStored, detail::canonicalEvent(seq, e));
      if (recomputed != hashStored) {
        fail(seq, "event " + std::to_string(seq) + " was modified after it was recorded");
      } else if (prevStored != running) {
        fail(seq, "event " + std::to_string(seq) +
                      " does not follow the event before it: events were reordered, "
                      "inserted or deleted here");
      }
      if (expectedHead && hashStored == *expectedHead) headSeen = true;
      running = hashStored;
      expected = seq + 1;
    }
    report.head = running;
    if (!headSeen) {
      fail(0, "the head hash you kept (" + *expectedHead +
                  ") is not in the trail: events were removed from its end or rewritten");
    }
  });
  return report;
}

std::string Engine::auditHead() {
  std::string hash = detail::kGenesis;
  store_.read([&](soci::session& sql) {
    std::string last;
    sql << "SELECT hash FROM events ORDER BY seq DESC LIMIT 1", soci::into(last);
    if (sql.got_data()) hash = last;
  });
  return hash;
}

}  // namespace chancery
