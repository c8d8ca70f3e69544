// Durable jobs: due-date timers and deferred steps. At least once: a job whose
// worker died is claimed again when its lease runs out.
#include <algorithm>
#include <random>

#include "engine_impl.hpp"

namespace chancery {
namespace {

constexpr int kMaxAttempts = 12;

long long payloadNumber(const std::string& payload, const std::string& key) {
  std::string needle = key + "=";
  std::size_t at = payload.find(needle);
  if (at == std::string::npos) return -1;
  return std::atoll(payload.c_str() + at + needle.size());
}

Millis backoffMs(int attempts) {
  Millis base = 30 * 1000;
  for (int i = 1; i < attempts && base < 6 * 3600 * 1000; ++i) base *= 2;
  return std::min<Millis>(base, 6 * 3600 * 1000);
}

struct Job {
  long long id = 0;
  std::string kind;
  DocumentId document = 0;
  std::string payload;
  int attempts = 0;
};

}  // namespace

void Engine::registerStepRunner(const std::string& stepType, std::shared_ptr<StepRunner> runner) {
  std::lock_guard lock(impl_->mutex);
  impl_->runners[stepType] = std::move(runner);
}

long long Engine::pendingJobs() {
  long long n = 0;
  store_.read([&](soci::session& sql) {
    sql << "SELECT count(*) FROM jobs WHERE status IN ('pending', 'running')", soci::into(n);
  });
  return n;
}

JobRunSummary Engine::runDueJobs(const std::string& worker, std::size_t limit) {
  JobRunSummary summary;
  for (std::size_t n = 0; n < limit; ++n) {
    // Claim one due job (or one whose worker's lease ran out).
    std::optional<Job> job;
    Millis now = clock_.nowMs();
    store_.write([&](soci::session& sql) {
      job.reset();
      Job j;
      sql << std::string("SELECT id, kind, document_id, payload, attempts FROM jobs WHERE "
                         "(status = 'pending' AND run_at_ms <= :now) OR (status = 'running' AND "
                         "claimed_until_ms < :now2) ORDER BY run_at_ms, id LIMIT 1") +
                 (store_.backend() == store::Backend::kPostgresql ? " FOR UPDATE SKIP LOCKED"
                                                                  : ""),
          soci::use(now), soci::use(now), soci::into(j.id), soci::into(j.kind),
          soci::into(j.document), soci::into(j.payload), soci::into(j.attempts);
      if (!sql.got_data()) return;
      Millis lease;
      {
        std::lock_guard lock(impl_->mutex);
        lease = impl_->settings.jobLease.count();
      }
      Millis until = now + lease;
      sql << "UPDATE jobs SET status = 'running', claimed_by = :w, claimed_until_ms = :u, "
             "attempts = attempts + 1 WHERE id = :id",
          soci::use(worker), soci::use(until), soci::use(j.id);
      j.attempts += 1;
      job = j;
    });
    if (!job) break;

    if (job->kind == "dispatch") {
      std::string error;
      bool settled = impl_->runDispatchJob(payloadNumber(job->payload, "dispatch"),
                                           job->attempts, error);
      store_.write([&](soci::session& sql) {
        Millis t = clock_.nowMs();
        if (settled) {
          sql << "UPDATE jobs SET status = 'done', finished_at_ms = :t, claimed_until_ms = NULL "
                 "WHERE id = :id",
              soci::use(t), soci::use(job->id);
        } else {
          // Exponential backoff with jitter, so that many deferred dispatches do not
          // all knock at once.
          thread_local std::mt19937 rng(std::random_device{}());
          Millis base = std::min<Millis>(backoffMs(job->attempts) / 30, 3600 * 1000);
          Millis retryAt = t + base + std::uniform_int_distribution<Millis>(0, base / 4)(rng);
          sql << "UPDATE jobs SET status = 'pending', run_at_ms = :r, last_error = :e, "
                 "claimed_by = NULL, claimed_until_ms = NULL WHERE id = :id",
              soci::use(retryAt), soci::use(error), soci::use(job->id);
        }
      });
      if (settled) {
        ++summary.done;
      } else {
        ++summary.failed;
      }
      continue;
    }

    // Run the side effect, if any, outside any transaction.
    std::string error;
    const workflow::Step* step = nullptr;
    std::shared_ptr<const workflow::WorkflowDefinition> def;
    std::optional<detail::InstanceRow> inst;
    store_.read([&](soci::session& sql) {
      inst = detail::loadInstance(store_, sql, job->document, false);
      if (inst) def = impl_->definition(sql, inst->definitionId);
    });
    bool current = inst && inst->entry == payloadNumber(job->payload, "entry");
    if (current && job->kind == "step") {
      const workflow::State* s = def->findState(inst->state);
      long long index = payloadNumber(job->payload, "step");
      if (index >= 0 && static_cast<std::size_t>(index) < s->steps.size() &&
          inst->pendingStep == index) {
        step = &s->steps[static_cast<std::size_t>(index)];
      } else {
        current = false;
      }
    }
    if (current && step && step->run != "wait-until") {
      std::shared_ptr<StepRunner> runner;
      {
        std::lock_guard lock(impl_->mutex);
        auto it = impl_->runners.find(step->run);
        if (it != impl_->runners.end()) runner = it->second;
      }
      if (!runner) {
        error = "no runner for step '" + step->run + "' is configured in this chancery";
      } else {
        try {
          runner->run(job->document, *step, job->payload);
        } catch (const std::exception& e) {
          error = e.what();
          if (error.empty()) error = "the step failed";
        }
      }
    }

    // Record the outcome and move the workflow on, in one transaction.
    store_.write([&](soci::session& sql) {
      Millis t = clock_.nowMs();
      auto fresh = detail::loadInstance(store_, sql, job->document, true);
      bool stillCurrent = current && fresh && fresh->entry == inst->entry &&
                          fresh->pendingStep == inst->pendingStep;
      if (!error.empty() && stillCurrent) {
        bool giveUp = job->attempts >= kMaxAttempts;
        Millis retryAt = t + backoffMs(job->attempts);
        sql << "UPDATE jobs SET status = :s, run_at_ms = :r, last_error = :e, claimed_by = NULL, "
               "claimed_until_ms = NULL WHERE id = :id",
            soci::use(std::string(giveUp ? "failed" : "pending")), soci::use(retryAt),
            soci::use(error), soci::use(job->id);
        detail::appendEvent(store_, sql,
                            {t, job->document, "chancery", giveUp ? "step-failed" : "step-retry",
                             fresh->state, fresh->state, step ? step->run : job->kind, "",
                             "attempt=" + std::to_string(job->attempts) + " error=" + error +
                                 (giveUp ? "" : " retry_at=" + formatUtc(retryAt))});
        return;
      }
      sql << "UPDATE jobs SET status = 'done', finished_at_ms = :t, claimed_until_ms = NULL "
             "WHERE id = :id",
          soci::use(t), soci::use(job->id);
      if (!stillCurrent) return;  // the document moved on: the job is obsolete
      const workflow::State* s = def->findState(fresh->state);
      if (job->kind == "due") {
        bool escalate = s->onOverdue == workflow::Overdue::kEscalate;
        detail::appendEvent(store_, sql,
                            {t, job->document, "chancery", escalate ? "escalated" : "reminder",
                             fresh->state, fresh->state, "", "",
                             escalate ? "overdue; escalated to " + s->escalateTo
                                      : "overdue since " + formatUtc(t)});
        if (escalate) {
          sql << "UPDATE instances SET escalated_to = :r, row_version = row_version + 1 WHERE "
                 "document_id = :d",
              soci::use(s->escalateTo), soci::use(job->document);
          fresh->escalatedTo = s->escalateTo;
          impl_->refreshAwaiting(sql, *fresh, *def);
        }
      } else if (job->kind == "step") {
        detail::appendEvent(store_, sql,
                            {t, job->document, "chancery", "step-done", fresh->state,
                             fresh->state, step->run, "", job->payload});
        impl_->continueSteps(sql, *fresh, *def, static_cast<std::size_t>(*fresh->pendingStep) + 1,
                             "chancery", 0);
      }
    });
    if (error.empty()) {
      ++summary.done;
    } else if (job->attempts >= kMaxAttempts) {
      ++summary.given_up;
    } else {
      ++summary.failed;
    }
  }
  return summary;
}

}  // namespace chancery
