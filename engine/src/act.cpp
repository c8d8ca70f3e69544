// People acting on documents, and the state machine that follows.
#include <algorithm>
#include <set>

#include "engine_impl.hpp"
#include "statements.hpp"

namespace chancery {
namespace {

constexpr int kMaxAutomaticMoves = 32;

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

std::vector<std::string> actionNames(const workflow::State& s) {
  std::set<std::string> names;
  for (const auto& a : s.actions) names.insert(a.name);
  for (const auto& a : s.approvals) names.insert(a.name);
  return {names.begin(), names.end()};
}

std::string padded(long long n, int width) {
  std::string s = std::to_string(n);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
  return s;
}

std::string formatNumber(const std::string& pattern, long long seq, int year) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    std::size_t close = pattern.find('}', i);
    std::string ph = pattern.substr(i + 1, close - i - 1);
    if (ph == "seq") {
      out += std::to_string(seq);
    } else if (ph.rfind("seq:", 0) == 0) {
      out += padded(seq, ph[4] - '0');
    } else if (ph == "yyyy") {
      out += std::to_string(year);
    } else if (ph == "yy") {
      out += padded(year % 100, 2);
    }
    i = close;
  }
  return out;
}

}  // namespace

void Engine::Impl::addJob(soci::session& sql, const std::string& kind, DocumentId document,
                          const std::string& payload, Millis runAt) {
  auto& st = store.prepared<detail::JobInsert>(sql);
  st.kind = kind;
  st.document = document;
  st.payload = payload;
  st.runAt = runAt;
  st.now = clock.nowMs();
  st.insert.execute(true);
}

void Engine::Impl::refreshAwaiting(soci::session& sql, const InstanceRow& inst,
                                   const workflow::WorkflowDefinition& def) {
  auto& st = store.prepared<detail::AwaitingUpdate>(sql);
  st.document = inst.document;
  st.clear.execute(true);
  const workflow::State* s = def.findState(inst.state);
  if (!s) return;
  std::set<std::string> roles;
  for (const auto& a : s->actions) roles.insert(a.by.begin(), a.by.end());
  for (const auto& a : s->approvals) roles.insert(a.by.begin(), a.by.end());
  if (inst.escalatedTo) roles.insert(*inst.escalatedTo);
  // In an editable state the work is the drafting department's.
  st.department = s->editable ? inst.department : std::string();
  st.since = inst.enteredAt;
  for (const auto& role : roles) {
    st.role = role;
    st.insert.execute(true);
  }
}

std::string Engine::Impl::assignNumber(soci::session& sql, InstanceRow& inst,
                                       const workflow::Step& step) {
  const std::string& series = *step.param("series");
  const std::string& pattern = *step.param("format");
  int year = yearOf(clock.nowMs());
  // Gapless: the counter row is updated inside the registering transaction, so a
  // rollback returns the number and concurrent registrations queue on the row.
  sql << "INSERT INTO registry_series (series, year, last_seq) VALUES (:s, :y, 0) ON CONFLICT "
         "DO NOTHING",
      soci::use(series), soci::use(year);
  long long seq = 0;
  sql << "UPDATE registry_series SET last_seq = last_seq + 1 WHERE series = :s AND year = :y "
         "RETURNING last_seq",
      soci::use(series), soci::use(year), soci::into(seq);
  std::string number = formatNumber(pattern, seq, year);
  inst.registryNumber = number;
  Millis now = clock.nowMs();
  sql << "UPDATE instances SET registry_number = :n, registered_at_ms = :t WHERE document_id = :d",
      soci::use(number), soci::use(now), soci::use(inst.document);
  return number;
}

std::string Engine::Impl::enterState(soci::session& sql, InstanceRow& inst,
                                     const workflow::WorkflowDefinition& def,
                                     const std::string& to, const std::string& actor, int depth) {
  if (depth > kMaxAutomaticMoves) {
    throw RuleError(RuleErrorKind::kInvalidInput,
                    "the workflow moves automatically more than " +
                        std::to_string(kMaxAutomaticMoves) + " times in a row from '" + to +
                        "' — its <next> elements form a loop; fix the definition");
  }
  const workflow::State* state = def.findState(to);
  if (!state) throw store::StorageError("state '" + to + "' is missing from " + def.name);
  Millis now = clock.nowMs();
  auto& st = store.prepared<detail::StateUpdate>(sql);
  st.state = to;
  st.now = now;
  st.document = inst.document;
  st.rowVersion = inst.rowVersion;
  st.update.execute(true);
  if (st.update.get_affected_rows() != 1) {
    throw RuleError(RuleErrorKind::kConflict,
                    "document " + std::to_string(inst.document) +
                        " changed while this change was being made — look again and retry");
  }
  inst.state = to;
  inst.rowVersion += 1;
  inst.entry += 1;
  inst.enteredAt = now;
  inst.escalatedTo.reset();
  inst.pendingStep.reset();
  refreshAwaiting(sql, inst, def);
  if (state->due) {
    Millis dueAt = now + state->due->count() * 1000;
    addJob(sql, "due", inst.document, "entry=" + std::to_string(inst.entry), dueAt);
  }
  return continueSteps(sql, inst, def, 0, actor, depth);
}

std::string Engine::Impl::continueSteps(soci::session& sql, InstanceRow& inst,
                                        const workflow::WorkflowDefinition& def, std::size_t from,
                                        const std::string& actor, int depth) {
  const workflow::State* state = def.findState(inst.state);
  Millis now = clock.nowMs();
  for (std::size_t i = from; i < state->steps.size(); ++i) {
    const workflow::Step& step = state->steps[i];
    std::string payload = "entry=" + std::to_string(inst.entry) + ";step=" + std::to_string(i);
    if (step.run == "assign-number") {
      if (inst.registryNumber) continue;  // a document keeps its number when re-registered
      std::string number = assignNumber(sql, inst, step);
      detail::appendEvent(store, sql,
                          {now, inst.document, actor, "registered", inst.state, inst.state,
                           "assign-number", "", "number=" + number + " series=" +
                                                    *step.param("series")});
      continue;
    }
    if (step.run == "dispatch") {
      createDispatches(sql, inst, step, actor);
      continue;
    }
    Millis runAt = now;
    if (step.run == "wait-until") {
      std::string content;
      sql << "SELECT content FROM revisions WHERE document_id = :d AND number = :n",
          soci::use(inst.document), soci::use(inst.revision), soci::into(content);
      std::string when = detail::evaluateString(content, *step.param("at"));
      if (when.empty()) continue;  // nothing to wait for (e.g. an immediate release)
      runAt = parseUtc(when);
      if (runAt < 0) {
        throw RuleError(RuleErrorKind::kInvalidInput,
                        "the time to wait for, '" + when + "', is not an ISO 8601 UTC time such "
                        "as 2026-11-28T09:00:00Z — correct the content");
      }
      if (runAt <= now) continue;
    }
    // Deferred: a durable job runs it; the pipeline resumes when it is done.
    int stepIndex = static_cast<int>(i);
    sql << "UPDATE instances SET pending_step = :s WHERE document_id = :d", soci::use(stepIndex),
        soci::use(inst.document);
    inst.pendingStep = stepIndex;
    addJob(sql, "step", inst.document, payload, runAt);
    detail::appendEvent(store, sql,
                        {now, inst.document, actor, "step-scheduled", inst.state, inst.state,
                         step.run, "", payload + " run_at=" + formatUtc(runAt)});
    return inst.state;
  }
  if (!state->next.empty()) {
    std::string from_state = inst.state;
    const std::string& to = state->next.front();
    detail::appendEvent(store, sql,
                        {now, inst.document, "chancery", "moved", from_state, to, "next", "", ""});
    return enterState(sql, inst, def, to, actor, depth + 1);
  }
  return inst.state;
}

ActResult Engine::act(const ActRequest& req) {
  ActResult result;
  store_.write([&](soci::session& sql) {
    result = ActResult{};
    actInTransaction(sql, req, result);
  });
  return result;
}

void Engine::actInTransaction(soci::session& sql, const ActRequest& req, ActResult& result) {
  std::optional<std::string> seenState;
  try {
    auto inst = detail::loadInstance(store_, sql, req.document, true);
    if (!inst) {
      throw RuleError(RuleErrorKind::kNotFound,
                      "there is no document " + std::to_string(req.document));
    }
    User u = impl_->loadUser(sql, req.user);
    auto def = impl_->definition(sql, inst->definitionId);
    const workflow::State* state = def->findState(inst->state);
    result.fromState = inst->state;

    std::vector<const workflow::Action*> alternatives;
    for (const auto& a : state->actions) {
      if (a.name == req.action) alternatives.push_back(&a);
    }
    const workflow::Approval* approval = nullptr;
    for (const auto& a : state->approvals) {
      if (a.name == req.action) approval = &a;
    }
    bool changed = req.expectedVersion && *req.expectedVersion != inst->rowVersion;
    if (changed) seenState = inst->state;
    if (alternatives.empty() && !approval) {
      auto possible = actionNames(*state);
      if (changed) {
        throw RuleError(RuleErrorKind::kConflict,
                        "document " + std::to_string(req.document) +
                            " changed since you looked at it: it is now in '" + inst->state +
                            "', where '" + req.action + "' is not possible (possible now: " +
                            (possible.empty() ? "nothing" : join(possible)) + ")",
                        possible);
      }
      throw RuleError(RuleErrorKind::kInvalidAction,
                      "'" + req.action + "' is not possible while document " +
                          std::to_string(req.document) + " is in '" + inst->state + "'" +
                          (possible.empty()
                               ? (state->final ? " (a final state: nothing more can be done)"
                                               : " — it is being processed automatically; wait "
                                                 "for its jobs to run (chancery jobs run)")
                               : " — possible now: " + join(possible)),
                      possible);
    }

    // Who may act: the roles named, or the role the state was escalated to.
    std::vector<std::string> allowed =
        approval ? approval->by : alternatives.front()->by;
    for (const auto* a : alternatives) {
      for (const auto& r : a->by) {
        if (std::find(allowed.begin(), allowed.end(), r) == allowed.end()) allowed.push_back(r);
      }
    }
    bool escalated = inst->escalatedTo && u.hasRole(*inst->escalatedTo);
    if (inst->escalatedTo) allowed.push_back(*inst->escalatedTo);
    std::vector<std::string> held;
    for (const auto& r : allowed) {
      if (u.hasRole(r)) held.push_back(r);
    }
    if (held.empty()) {
      throw RuleError(RuleErrorKind::kForbidden,
                      req.user + " may not '" + req.action + "' document " +
                          std::to_string(req.document) + " — it needs one of the roles: " +
                          join(allowed),
                      allowed);
    }
    bool allowDrafter = approval ? approval->allowDrafter : alternatives.front()->allowDrafter;
    bool separation = approval != nullptr || !state->editable;
    if (separation && !allowDrafter && u.id == inst->drafterId) {
      throw RuleError(RuleErrorKind::kForbidden,
                      req.user + " drafted document " + std::to_string(req.document) +
                          " and so may not '" + req.action + "' it (separation of duties) — "
                          "another holder of " + join(allowed, " or ") + " must",
                      allowed);
    }

    if (req.comment.size() > 4000) {
      throw RuleError(RuleErrorKind::kInvalidInput,
                      "the comment is longer than 4000 characters — shorten it");
    }
    if (std::any_of(req.comment.begin(), req.comment.end(), [](char c) {
          return (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
        })) {
      throw RuleError(RuleErrorKind::kInvalidInput,
                      "the comment contains control characters — write plain text");
    }
    Millis now = impl_->clock.nowMs();
    if (!alternatives.empty()) {
      const workflow::Action* chosen = nullptr;
      const workflow::Action* fallback = nullptr;
      std::string content;
      std::vector<std::string> failedGuards;
      for (const auto* a : alternatives) {
        if (a->when.empty() && !a->origin.has("when")) {
          fallback = a;
          continue;
        }
        if (content.empty()) {
          auto& q = store_.prepared<detail::ContentQuery>(sql);
          q.document = inst->document;
          q.revision = inst->revision;
          detail::fetchOne(q.select);
          content = q.content;
        }
        if (detail::evaluateGuard(content, a->when)) {
          chosen = a;
          break;
        }
        failedGuards.push_back(a->when);
      }
      if (!chosen) chosen = fallback;
      if (!chosen) {
        throw RuleError(RuleErrorKind::kGuardFailed,
                        "'" + req.action + "' is not possible for this content: it requires " +
                            join(failedGuards, " or ") + " — edit the content or choose "
                            "another action",
                        failedGuards);
      }
      if (chosen->commentRequired && req.comment.empty()) {
        throw RuleError(RuleErrorKind::kCommentRequired,
                        "'" + req.action + "' needs a comment saying why — add --comment TEXT");
      }
      detail::appendEvent(store_, sql,
                          {now, inst->document, req.user, "action", inst->state, chosen->to,
                           req.action, req.comment,
                           "role=" + held.front() + (escalated ? " escalated" : "")});
      result.toState = impl_->enterState(sql, *inst, *def, chosen->to, req.user);
    } else {
      // An approval: record it; move on when the quorum is reached.
      auto& ap = store_.prepared<detail::ApprovalStatements>(sql);
      ap.document = inst->document;
      ap.entry = inst->entry;
      ap.name = approval->name;
      ap.user = u.id;
      detail::fetchOne(ap.mine);
      if (ap.count) {
        throw RuleError(changed ? RuleErrorKind::kConflict : RuleErrorKind::kInvalidAction,
                        req.user + " has already given '" + approval->name +
                            "' for document " + std::to_string(req.document) + " in '" +
                            inst->state + "'");
      }
      std::set<std::string> covered;
      std::set<long long> people;
      ap.list.execute();
      while (ap.list.fetch()) {
        covered.insert(ap.role);
        people.insert(ap.who);
      }
      std::string role;
      if (approval->quorum == 0) {
        for (const auto& r : approval->by) {
          if (u.hasRole(r) && !covered.count(r)) {
            role = r;
            break;
          }
        }
        if (role.empty() && escalated) role = *inst->escalatedTo;
        if (role.empty()) {
          throw RuleError(changed ? RuleErrorKind::kConflict : RuleErrorKind::kInvalidAction,
                          "every role " + req.user + " holds for '" + approval->name +
                              "' has already approved; still needed: one of each of " +
                              join(approval->by));
        }
      } else {
        role = held.front();
      }
      ap.role = role;
      ap.comment = req.comment;
      ap.at = now;
      ap.insert.execute(true);
      auto& bump = store_.prepared<detail::VersionBump>(sql);
      bump.document = inst->document;
      bump.rowVersion = inst->rowVersion;
      bump.update.execute(true);
      if (bump.update.get_affected_rows() != 1) {
        throw RuleError(RuleErrorKind::kConflict, "the document changed meanwhile — retry");
      }
      inst->rowVersion += 1;
      covered.insert(role);
      people.insert(u.id);
      bool complete;
      if (role == inst->escalatedTo.value_or("")) {
        complete = true;  // the role it was escalated to decides alone
      } else if (approval->quorum == 0) {
        complete = std::all_of(approval->by.begin(), approval->by.end(),
                               [&](const auto& r) { return covered.count(r) != 0; });
      } else {
        complete = static_cast<int>(people.size()) >= approval->quorum;
      }
      result.approval = true;
      result.approvalsGiven = static_cast<int>(approval->quorum == 0 ? covered.size() : people.size());
      result.approvalsNeeded = approval->quorum == 0 ? static_cast<int>(approval->by.size())
                                                     : approval->quorum;
      detail::appendEvent(store_, sql,
                          {now, inst->document, req.user, "approval", inst->state,
                           complete ? approval->then : inst->state, approval->name, req.comment,
                           "role=" + role + " given=" + std::to_string(result.approvalsGiven) +
                               " needed=" + std::to_string(result.approvalsNeeded)});
      if (complete) {
        result.toState = impl_->enterState(sql, *inst, *def, approval->then, req.user);
      } else {
        result.toState = inst->state;
      }
    }
    result.rowVersion = inst->rowVersion;
    result.registryNumber = inst->registryNumber;
  } catch (const RuleError& e) {
    // Refused because the document moved on since the person looked: say so.
    bool refusal = e.kind() == RuleErrorKind::kInvalidAction ||
                   e.kind() == RuleErrorKind::kForbidden || e.kind() == RuleErrorKind::kGuardFailed;
    if (refusal && seenState && req.expectedVersion) {
      throw RuleError(RuleErrorKind::kConflict,
                      "document " + std::to_string(req.document) +
                          " changed since you looked at it and is now in '" + *seenState +
                          "': " + e.what(),
                      e.options());
    }
    throw;
  }
}

bool Engine::raiseEvent(DocumentId id, const std::string& event, const std::string& actor,
                        const std::string& detailText) {
  bool moved = false;
  store_.write(
      [&](soci::session& sql) { moved = impl_->raiseEventIn(sql, id, event, actor, detailText); });
  return moved;
}

bool Engine::Impl::raiseEventIn(soci::session& sql, DocumentId id, const std::string& event,
                                const std::string& actor, const std::string& detailText) {
  auto inst = detail::loadInstance(store, sql, id, true);
  if (!inst) throw RuleError(RuleErrorKind::kNotFound, "there is no document " + std::to_string(id));
  auto def = definition(sql, inst->definitionId);
  const workflow::State* state = def->findState(inst->state);
  Millis now = clock.nowMs();
  const workflow::EventMove* move = nullptr;
  for (const auto& e : state->events) {
    if (e.event == event) move = &e;
  }
  detail::appendEvent(store, sql,
                      {now, id, actor, "event", inst->state, move ? move->to : inst->state, event,
                       "", detailText});
  if (!move) return false;
  enterState(sql, *inst, *def, move->to, actor);
  return true;
}

}  // namespace chancery
