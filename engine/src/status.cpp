// Engine::status: the numbers an operator checks first.
#include "engine_impl.hpp"

namespace chancery {

StatusReport Engine::status() {
  StatusReport r;
  r.schemaVersion = store_.schemaStatus().databaseVersion;
  Millis now = clock_.nowMs();
  store_.read([&](soci::session& sql) {
    std::string name;
    long long n = 0;
    {
      soci::statement st = (sql.prepare << "SELECT state, count(*) FROM instances GROUP BY state "
                                           "ORDER BY count(*) DESC, state",
                            soci::into(name), soci::into(n));
      st.execute();
      while (st.fetch()) {
        r.documentsByState.emplace_back(name, n);
        r.documents += n;
      }
    }
    sql << "SELECT count(*) FROM jobs WHERE status = 'pending' AND run_at_ms <= :now",
        soci::use(now), soci::into(r.jobsDue);
    sql << "SELECT count(*) FROM jobs WHERE status = 'pending' AND run_at_ms > :now",
        soci::use(now), soci::into(r.jobsLater);
    sql << "SELECT count(*) FROM jobs WHERE status = 'running'", soci::into(r.jobsRunning);
    sql << "SELECT count(*) FROM jobs WHERE status IN ('pending', 'running') AND last_error IS "
           "NOT NULL",
        soci::into(r.retryingJobs);
    {
      StatusReport::RetryingJob j;
      long long document = 0;
      soci::indicator documentInd = soci::i_null;
      soci::statement st =
          (sql.prepare << "SELECT id, kind, document_id, attempts, run_at_ms, last_error FROM jobs "
                          "WHERE status IN ('pending', 'running') AND last_error IS NOT NULL "
                          "ORDER BY id DESC LIMIT 10",
           soci::into(j.id), soci::into(j.kind), soci::into(document, documentInd),
           soci::into(j.attempts), soci::into(j.nextRunAt), soci::into(j.lastError));
      st.execute();
      while (st.fetch()) {
        j.document = documentInd == soci::i_ok ? std::optional<DocumentId>(document) : std::nullopt;
        r.retrying.push_back(j);
      }
    }
    {
      soci::statement st =
          (sql.prepare << "SELECT d.status, count(*) FROM dispatches d WHERE d.id = (SELECT "
                          "max(d2.id) FROM dispatches d2 WHERE d2.document_id = d.document_id "
                          "AND d2.recipient = d.recipient) GROUP BY d.status ORDER BY count(*) "
                          "DESC, d.status",
           soci::into(name), soci::into(n));
      st.execute();
      while (st.fetch()) r.dispatchesByStatus.emplace_back(name, n);
    }
    sql << "SELECT count(*) FROM dispatches WHERE status IN ('sent', 'delivered') AND ack_due_ms "
           "> 0 AND ack_due_ms < :now",
        soci::use(now), soci::into(r.acknowledgementsOverdue);
    sql << "SELECT count(*) FROM inbound WHERE kind = 'unmatched'", soci::into(r.unmatchedMail);
    soci::indicator seqInd = soci::i_null;
    sql << "SELECT max(seq) FROM events", soci::into(r.auditEvents, seqInd);
    if (seqInd != soci::i_ok) r.auditEvents = 0;
  });
  r.auditHead = auditHead();
  return r;
}

}  // namespace chancery
