// Dispatch and tracking: one durable job per recipient, sent through a Channel;
// delivery reports, acknowledgements and replies recorded per recipient; the
// workflow events that follow (all-sent, all-delivered, all-acknowledged,
// any-bounced, reply-received).
#include <algorithm>
#include <cctype>
#include <random>
#include <set>

#include "chancery/util/base64.hpp"
#include "chancery/util/sha256.hpp"
#include "engine_impl.hpp"

namespace chancery {
namespace {

const std::set<std::string> kSentOrLater = {"sent", "delivered", "acknowledged", "answered"};
const std::set<std::string> kDeliveredOrLater = {"delivered", "acknowledged", "answered"};
const std::set<std::string> kAcknowledgedOrLater = {"acknowledged", "answered"};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool hasControl(const std::string& s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

std::string clip(const std::string& s, std::size_t max) {
  return s.size() <= max ? s : s.substr(0, max) + "…";
}

// The dispatch id in an envelope id "dispatch-17", or 0.
long long dispatchFromEnvelope(const std::string& envelopeId) {
  const std::string prefix = "dispatch-";
  if (envelopeId.rfind(prefix, 0) != 0) return 0;
  return std::atoll(envelopeId.c_str() + prefix.size());
}

std::string stripAngles(std::string s) {
  while (!s.empty() && (s.front() == '<' || s.front() == ' ')) s.erase(s.begin());
  while (!s.empty() && (s.back() == '>' || s.back() == ' ')) s.pop_back();
  return s;
}

struct DispatchRow {
  long long id = 0;
  DocumentId document = 0;
  int revision = 0;
  std::string recipient, directoryId, channel, status, messageId, lastReply;
  int attempts = 0;
  Millis createdAt = 0;
};

std::optional<DispatchRow> loadDispatch(soci::session& sql, long long id) {
  DispatchRow d;
  sql << "SELECT id, document_id, revision, recipient, directory_id, channel, status, message_id, "
         "last_reply, attempts, created_at_ms FROM dispatches WHERE id = :id",
      soci::use(id), soci::into(d.id), soci::into(d.document), soci::into(d.revision),
      soci::into(d.recipient), soci::into(d.directoryId), soci::into(d.channel),
      soci::into(d.status), soci::into(d.messageId), soci::into(d.lastReply),
      soci::into(d.attempts), soci::into(d.createdAt);
  if (!sql.got_data()) return std::nullopt;
  return d;
}

long long dispatchByMessageId(soci::session& sql, const std::string& messageId) {
  long long id = 0;
  std::string bracketed = "<" + stripAngles(messageId) + ">";
  sql << "SELECT id FROM dispatches WHERE message_id = :m", soci::use(bracketed), soci::into(id);
  return sql.got_data() ? id : 0;
}

}  // namespace

void Engine::configure(const EngineSettings& settings) {
  if (!validEmailAddress(settings.registryAddress)) {
    throw RuleError(RuleErrorKind::kInvalidInput,
                    "the registry address '" + settings.registryAddress + "' is not a valid address");
  }
  std::lock_guard lock(impl_->mutex);
  impl_->settings = settings;
}

void Engine::registerChannel(const std::string& name, std::shared_ptr<Channel> channel) {
  std::lock_guard lock(impl_->mutex);
  impl_->channels[name] = std::move(channel);
}

void Engine::Impl::createDispatches(soci::session& sql, InstanceRow& inst,
                                    const workflow::Step& step, const std::string& actor) {
  Millis now = clock.nowMs();
  const std::string* channelParam = step.param("channel");
  std::string channel = channelParam ? *channelParam : "default";
  const std::string* recipientsParam = step.param("recipients");
  // Who: the document's recipients, or every media entry of the directory.
  std::vector<std::pair<std::string, std::string>> targets;  // address, directory id
  std::vector<std::string> names;
  if (recipientsParam && *recipientsParam == "media-list") {
    std::string id;
    soci::statement st = (sql.prepare << "SELECT id FROM directory_entries WHERE kind = 'media' "
                                         "ORDER BY id",
                          soci::into(id));
    st.execute();
    while (st.fetch()) names.push_back(id);
  } else {
    std::string address;
    soci::statement st = (sql.prepare << "SELECT address FROM recipients WHERE document_id = :d "
                                         "ORDER BY position",
                          soci::use(inst.document), soci::into(address));
    st.execute();
    while (st.fetch()) names.push_back(address);
  }
  for (const auto& n : names) {
    if (auto entry = directoryEntry(sql, n)) {
      targets.emplace_back(entry->email, entry->id);
    } else {
      targets.emplace_back(n, "");
    }
  }
  EngineSettings s;
  {
    std::lock_guard lock(mutex);
    s = settings;
  }
  int created = 0, skipped = 0;
  for (const auto& [address, directoryId] : targets) {
    // A recipient that already has this revision is not sent it again.
    std::string latest;
    sql << "SELECT status FROM dispatches WHERE document_id = :d AND revision = :r AND recipient "
           "= :a ORDER BY id DESC LIMIT 1",
        soci::use(inst.document), soci::use(inst.revision), soci::use(address), soci::into(latest);
    if (sql.got_data() && latest != "bounced" && latest != "failed") {
      ++skipped;
      continue;
    }
    bool valid = validEmailAddress(address);
    std::string status = valid ? "queued" : "failed";
    std::string reply = valid ? "" : "'" + clip(address, 80) + "' is not a valid address";
    // The Message-ID is fixed before anything is sent, so a resend after a crash
    // carries the same one.
    std::string placeholder = "<pending-" + sha256Hex(address + std::to_string(now) +
                                                      std::to_string(inst.document) +
                                                      std::to_string(created)) + ">";
    long long id = 0;
    sql << "INSERT INTO dispatches (document_id, revision, recipient, directory_id, channel, "
           "status, message_id, last_reply, created_at_ms, updated_at_ms) VALUES (:d, :r, :a, "
           ":dir, :c, :s, :m, :reply, :t, :t2) RETURNING id",
        soci::use(inst.document), soci::use(inst.revision), soci::use(address),
        soci::use(directoryId), soci::use(channel), soci::use(status), soci::use(placeholder),
        soci::use(reply), soci::use(now), soci::use(now), soci::into(id);
    std::string messageId = "<dispatch-" + std::to_string(id) + ".doc-" +
                            std::to_string(inst.document) + "@" + s.messageIdDomain + ">";
    sql << "UPDATE dispatches SET message_id = :m WHERE id = :id", soci::use(messageId),
        soci::use(id);
    detail::appendEvent(store, sql,
                        {now, inst.document, actor, valid ? "dispatch-queued" : "dispatch-failed",
                         inst.state, inst.state, "dispatch", "",
                         "dispatch=" + std::to_string(id) + " to=" + clip(address, 200) +
                             " channel=" + channel + (valid ? "" : " error=" + reply)});
    if (valid) addJob(sql, "dispatch", inst.document, "dispatch=" + std::to_string(id), now);
    ++created;
  }
  if (targets.empty()) {
    detail::appendEvent(store, sql,
                        {now, inst.document, actor, "dispatch-empty", inst.state, inst.state,
                         "dispatch", "", "the document has no recipients: nothing to send"});
  } else if (skipped > 0) {
    detail::appendEvent(store, sql,
                        {now, inst.document, actor, "dispatch-skipped", inst.state, inst.state,
                         "dispatch", "",
                         std::to_string(skipped) + " recipient(s) already have revision " +
                             std::to_string(inst.revision)});
  }
}

bool Engine::Impl::runDispatchJob(long long dispatchId, int attempts,
                                  std::string& error) {
  // Gather the message outside any transaction.
  std::optional<DispatchRow> d;
  OutgoingMessage msg;
  std::shared_ptr<Channel> channel;
  EngineSettings s;
  {
    std::lock_guard lock(mutex);
    s = settings;
  }
  store.read([&](soci::session& sql) {
    d = loadDispatch(sql, dispatchId);
    if (!d) return;
    std::string subject, number;
    soci::indicator numberInd;
    sql << "SELECT d.subject, i.registry_number FROM documents d JOIN instances i ON "
           "i.document_id = d.id WHERE d.id = :id",
        soci::use(d->document), soci::into(subject), soci::into(number, numberInd);
    if (numberInd != soci::i_ok) number.clear();
    msg.dispatchId = d->id;
    msg.documentId = d->document;
    msg.messageId = d->messageId;
    msg.envelopeId = "dispatch-" + std::to_string(d->id);
    msg.from = s.registryAddress;
    msg.to = d->recipient;
    if (!d->directoryId.empty()) {
      if (auto entry = directoryEntry(sql, d->directoryId)) {
        if (const DirectoryNames* n = entry->namesIn(entry->language)) msg.toName = n->organisation;
      }
    }
    msg.subject = number.empty() ? subject : number + " — " + subject;
    msg.registryNumber = number;
    msg.date = d->createdAt;
    std::string format, encoded;
    soci::statement st =
        (sql.prepare << "SELECT format, content_base64 FROM artifacts WHERE document_id = :d AND "
                        "revision = :r ORDER BY format",
         soci::use(d->document), soci::use(d->revision), soci::into(format), soci::into(encoded));
    st.execute();
    while (st.fetch()) {
      std::string bytes = base64Decode(encoded).value_or("");
      if (format == "text") msg.text = bytes;
      if (format == "html") msg.html = bytes;
      if (format == "pdf") {
        std::string file = number.empty() ? "document-" + std::to_string(d->document) : number;
        std::replace(file.begin(), file.end(), '/', '-');
        msg.attachments.push_back({file + ".pdf", "application/pdf", bytes});
      }
    }
    if (msg.text.empty()) {
      msg.text = (number.empty() ? "" : number + "\n") + subject + "\n";
    }
  });
  if (!d || kSentOrLater.count(d->status) || d->status == "bounced" || d->status == "failed") {
    return true;  // gone, or already settled (a job re-run after a crash)
  }
  std::string via = d->channel;  // the channel that carries it, by its registered name
  {
    std::lock_guard lock(mutex);
    auto it = channels.find(d->channel);
    if (it == channels.end()) {
      it = channels.find("default");
      // "default" is another channel under a second name: say which.
      for (const auto& [name, registered] : channels) {
        if (it != channels.end() && name != "default" && registered == it->second) via = name;
      }
      if (it != channels.end() && via == d->channel) via = "default";
    }
    if (it != channels.end()) channel = it->second;
  }
  for (const std::string* header : {&msg.from, &msg.to, &msg.toName, &msg.subject,
                                    &msg.registryNumber, &msg.messageId}) {
    if (hasControl(*header)) {
      error = "a header value contains CR, LF or NUL";
      channel = nullptr;
    }
  }
  SendOutcome outcome;
  if (!channel) {
    if (error.empty()) error = "no channel '" + d->channel + "' is configured in this chancery";
    outcome = {SendStatus::kDeferred, error};
  } else {
    outcome = channel->send(msg);
  }
  // Record the outcome.
  bool settled = true;
  store.write([&](soci::session& sql) {
    Millis now = clock.nowMs();
    auto fresh = loadDispatch(sql, dispatchId);
    if (!fresh) return;
    std::string status;
    std::string kind;
    bool giveUp = now - fresh->createdAt >= std::chrono::duration_cast<std::chrono::milliseconds>(
                                                s.giveUpAfter).count();
    switch (outcome.status) {
      case SendStatus::kSent:
        status = "sent";
        kind = "dispatch-sent";
        break;
      case SendStatus::kFailed:
        status = "failed";
        kind = "dispatch-failed";
        break;
      case SendStatus::kDeferred:
        status = giveUp ? "failed" : "deferred";
        kind = giveUp ? "dispatch-failed" : "dispatch-deferred";
        break;
    }
    std::string reply = clip(outcome.reply, 1000);
    // The media do not acknowledge a press release: nothing is due from them.
    bool media = false;
    if (!fresh->directoryId.empty()) {
      std::string kind;
      sql << "SELECT kind FROM directory_entries WHERE id = :id", soci::use(fresh->directoryId),
          soci::into(kind);
      media = kind == "media";
    }
    Millis ackDue = media ? 0
                          : now + std::chrono::duration_cast<std::chrono::milliseconds>(
                                      s.acknowledgementDue).count();
    if (status == "sent") {
      sql << "UPDATE dispatches SET status = 'sent', attempts = :a, last_reply = :r, sent_at_ms = "
             ":t, updated_at_ms = :t2, ack_due_ms = :due, channel = :c WHERE id = :id",
          soci::use(attempts), soci::use(reply), soci::use(now), soci::use(now), soci::use(ackDue),
          soci::use(via), soci::use(dispatchId);
    } else {
      sql << "UPDATE dispatches SET status = :s, attempts = :a, last_reply = :r, updated_at_ms = "
             ":t WHERE id = :id",
          soci::use(status), soci::use(attempts), soci::use(reply), soci::use(now),
          soci::use(dispatchId);
    }
    auto inst = detail::loadInstance(store, sql, fresh->document, true);
    std::string state = inst ? inst->state : "";
    detail::appendEvent(store, sql,
                        {now, fresh->document, "chancery", kind, state, state, "dispatch", "",
                         "dispatch=" + std::to_string(dispatchId) + " to=" + fresh->recipient +
                             " via=" + via + " attempt=" + std::to_string(attempts) +
                             " reply=" + reply});
    dispatchEvents(sql, fresh->document, "chancery", status);
    settled = status != "deferred";
  });
  if (!settled) error = outcome.reply.empty() ? "deferred" : outcome.reply;
  return settled;
}

void Engine::Impl::dispatchEvents(soci::session& sql, DocumentId document,
                                  const std::string& actor, const std::string& trigger) {
  auto inst = detail::loadInstance(store, sql, document, true);
  if (!inst) return;
  // The latest dispatch of each recipient of the current revision.
  std::vector<std::string> statuses;
  std::string status;
  soci::statement st =
      (sql.prepare << "SELECT d.status FROM dispatches d WHERE d.document_id = :doc AND "
                      "d.revision = :rev AND d.id = (SELECT max(d2.id) FROM dispatches d2 WHERE "
                      "d2.document_id = d.document_id AND d2.revision = d.revision AND "
                      "d2.recipient = d.recipient)",
       soci::use(document), soci::use(inst->revision), soci::into(status));
  st.execute();
  while (st.fetch()) statuses.push_back(status);
  if (statuses.empty()) return;
  auto all = [&](const std::set<std::string>& ok) {
    return std::all_of(statuses.begin(), statuses.end(),
                       [&](const std::string& x) { return ok.count(x) != 0; });
  };
  std::string detailText = std::to_string(statuses.size()) + " recipient(s)";
  if (trigger == "failed" || trigger == "bounced") {
    raiseEventIn(sql, document, "any-bounced", actor, detailText);
  } else if (trigger == "sent" && all(kSentOrLater)) {
    raiseEventIn(sql, document, "all-sent", actor, detailText);
  } else if (trigger == "delivered" && all(kDeliveredOrLater)) {
    raiseEventIn(sql, document, "all-delivered", actor, detailText);
  } else if ((trigger == "acknowledged" || trigger == "answered") && all(kAcknowledgedOrLater)) {
    raiseEventIn(sql, document, "all-acknowledged", actor, detailText);
  }
  if (trigger == "answered") raiseEventIn(sql, document, "reply-received", actor, detailText);
}

namespace {

DispatchView viewOf(soci::session& sql, long long id) {
  DispatchView v;
  soci::indicator sentInd, deliveredInd, ackInd, answeredInd, numberInd;
  long long sent = 0, delivered = 0, ack = 0, answered = 0;
  std::string number;
  sql << "SELECT d.id, d.document_id, d.revision, d.recipient, d.directory_id, d.channel, "
         "d.status, d.message_id, d.attempts, d.last_reply, d.created_at_ms, d.updated_at_ms, "
         "d.sent_at_ms, d.delivered_at_ms, d.acknowledged_at_ms, d.answered_at_ms, d.ack_due_ms, "
         "i.registry_number, doc.subject FROM dispatches d JOIN instances i ON i.document_id = "
         "d.document_id JOIN documents doc ON doc.id = d.document_id WHERE d.id = :id",
      soci::use(id), soci::into(v.id), soci::into(v.document), soci::into(v.revision),
      soci::into(v.recipient), soci::into(v.directoryId), soci::into(v.channel),
      soci::into(v.status), soci::into(v.messageId), soci::into(v.attempts),
      soci::into(v.lastReply), soci::into(v.createdAt), soci::into(v.updatedAt),
      soci::into(sent, sentInd), soci::into(delivered, deliveredInd), soci::into(ack, ackInd),
      soci::into(answered, answeredInd), soci::into(v.acknowledgementDue),
      soci::into(number, numberInd), soci::into(v.subject);
  if (sentInd == soci::i_ok) v.sentAt = sent;
  if (deliveredInd == soci::i_ok) v.deliveredAt = delivered;
  if (ackInd == soci::i_ok) v.acknowledgedAt = ack;
  if (answeredInd == soci::i_ok) v.answeredAt = answered;
  if (numberInd == soci::i_ok) v.registryNumber = number;
  return v;
}

std::vector<DispatchView> viewsOf(soci::session& sql, const std::string& query, long long param) {
  std::vector<long long> ids;
  long long id = 0;
  soci::statement st = (sql.prepare << query, soci::use(param), soci::into(id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  std::vector<DispatchView> out;
  for (long long i : ids) out.push_back(viewOf(sql, i));
  return out;
}

}  // namespace

std::vector<DispatchView> Engine::dispatches(DocumentId id) {
  std::vector<DispatchView> out;
  store_.read([&](soci::session& sql) {
    long long exists = 0;
    sql << "SELECT count(*) FROM documents WHERE id = :id", soci::use(id), soci::into(exists);
    if (!exists) throw RuleError(RuleErrorKind::kNotFound, "there is no document " + std::to_string(id));
    out = viewsOf(sql, "SELECT id FROM dispatches WHERE document_id = :d ORDER BY id", id);
  });
  return out;
}

std::optional<DispatchView> Engine::dispatch(long long dispatchId) {
  std::optional<DispatchView> out;
  store_.read([&](soci::session& sql) {
    long long exists = 0;
    sql << "SELECT count(*) FROM dispatches WHERE id = :id", soci::use(dispatchId),
        soci::into(exists);
    if (exists) out = viewOf(sql, dispatchId);
  });
  return out;
}

std::vector<DispatchView> Engine::overdueDispatches() {
  std::vector<DispatchView> out;
  Millis now = clock_.nowMs();
  store_.read([&](soci::session& sql) {
    out = viewsOf(sql,
                  "SELECT id FROM dispatches WHERE status IN ('sent', 'delivered') AND "
                  "ack_due_ms > 0 AND ack_due_ms < :now ORDER BY ack_due_ms, id",
                  now);
  });
  return out;
}

ReceiveOutcome Engine::receive(const InboundMessage& m) {
  ReceiveOutcome outcome;
  std::string key = m.messageId.empty()
                        ? "<no-id-" + sha256Hex(m.from + "\n" + m.subject + "\n" +
                                                std::to_string(m.date) + "\n" + m.text) + ">"
                        : "<" + stripAngles(m.messageId) + ">";
  store_.write([&](soci::session& sql) {
    outcome = ReceiveOutcome{};
    Millis now = clock_.nowMs();
    long long seen = 0;
    sql << "SELECT id FROM inbound WHERE message_id = :m", soci::use(key), soci::into(seen);
    if (sql.got_data()) {
      outcome.kind = ReceiveOutcome::Kind::kDuplicate;
      outcome.inboundId = seen;
      return;
    }
    struct Change {
      long long dispatch;
      std::string status;  // the new status, or "" for a note only
      std::string note;
    };
    std::vector<Change> changes;
    std::string kind = "unmatched";
    if (m.isDeliveryReport) {
      long long id = dispatchFromEnvelope(m.originalEnvelopeId);
      if (id == 0 && !m.originalMessageId.empty()) id = dispatchByMessageId(sql, m.originalMessageId);
      auto d = id ? loadDispatch(sql, id) : std::nullopt;
      if (d) {
        kind = "delivery-report";
        for (const auto& s : m.statuses) {
          if (m.statuses.size() > 1 && lower(s.finalRecipient) != lower(d->recipient)) continue;
          std::string note = s.action + " " + s.status + (s.diagnostic.empty() ? "" : " " + s.diagnostic);
          if (s.action == "delivered" && !kDeliveredOrLater.count(d->status)) {
            changes.push_back({d->id, "delivered", note});
          } else if (s.action == "failed") {
            changes.push_back({d->id, "bounced", note});
          } else {
            changes.push_back({d->id, "", note});  // delayed, relayed: a hint only
          }
        }
      }
    } else {
      std::vector<std::string> refs = m.references;
      if (!m.inReplyTo.empty()) refs.insert(refs.begin(), m.inReplyTo);
      long long id = 0;
      for (const auto& r : refs) {
        if ((id = dispatchByMessageId(sql, r)) != 0) break;
      }
      if (id == 0) {
        // Fallback: a registry number of ours in the subject, from a recipient.
        std::string number;
        long long document = 0;
        soci::statement st = (sql.prepare << "SELECT document_id, registry_number FROM instances "
                                             "WHERE registry_number IS NOT NULL",
                              soci::into(document), soci::into(number));
        st.execute();
        while (st.fetch() && id == 0) {
          if (!number.empty() && m.subject.find(number) != std::string::npos) {
            std::string from = lower(stripAngles(m.from));
            long long candidate = 0;
            std::string recipient;
            soci::statement ds = (sql.prepare << "SELECT id, recipient FROM dispatches WHERE "
                                                 "document_id = :d ORDER BY id DESC",
                                  soci::use(document), soci::into(candidate),
                                  soci::into(recipient));
            ds.execute();
            long long first = 0;
            while (ds.fetch()) {
              if (!first) first = candidate;
              if (from.find(lower(recipient)) != std::string::npos) {
                id = candidate;
                break;
              }
            }
            if (!id) id = first;
          }
        }
      }
      if (auto d = id ? loadDispatch(sql, id) : std::nullopt) {
        if (m.isAcknowledgement) {
          kind = "acknowledgement";
          changes.push_back({d->id, "acknowledged", clip(m.subject, 200)});
        } else if (m.isAutomaticReply) {
          // An out-of-office message says nothing about the letter: a note only.
          kind = "automatic-reply";
          changes.push_back({d->id, "", "automatic reply: " + clip(m.subject, 200)});
        } else {
          kind = "reply";
          changes.push_back({d->id, "answered", clip(m.subject, 200)});
        }
      }
    }
    long long dispatchId = changes.empty() ? 0 : changes.front().dispatch;
    soci::indicator dispatchInd = dispatchId ? soci::i_ok : soci::i_null;
    std::string from = clip(m.from, 320), subject = clip(m.subject, 500), body = clip(m.text, 100000);
    // The message as it came, whole: the evidence; its hash goes into the audit trail.
    std::string rawBase64 = base64Encode(m.raw);
    std::string rawSha256 = m.raw.empty() ? std::string() : sha256Hex(m.raw);
    long long rawBytes = static_cast<long long>(m.raw.size());
    std::string evidence = m.raw.empty() ? std::string() : " sha256=" + rawSha256;
    sql << "INSERT INTO inbound (message_id, received_at_ms, from_address, subject, kind, "
           "dispatch_id, body, raw_base64, raw_sha256, raw_bytes) VALUES (:m, :t, :f, :s, :k, "
           ":d, :b, :rb, :rs, :rn) RETURNING id",
        soci::use(key), soci::use(now), soci::use(from), soci::use(subject), soci::use(kind),
        soci::use(dispatchId, dispatchInd), soci::use(body), soci::use(rawBase64),
        soci::use(rawSha256), soci::use(rawBytes), soci::into(outcome.inboundId);
    for (const auto& c : changes) {
      auto d = loadDispatch(sql, c.dispatch);
      std::string column = c.status == "delivered"      ? "delivered_at_ms"
                           : c.status == "acknowledged" ? "acknowledged_at_ms"
                           : c.status == "answered"     ? "answered_at_ms"
                                                        : "";
      // Statuses only move forward: a late delivery report does not undo an answer.
      bool forward = !c.status.empty() &&
                     !(c.status == "delivered" && kDeliveredOrLater.count(d->status)) &&
                     !(c.status == "acknowledged" && kAcknowledgedOrLater.count(d->status)) &&
                     !(c.status == "answered" && d->status == "answered");
      std::string newStatus = forward ? c.status : d->status;
      std::string note = clip(c.note, 1000);
      sql << "UPDATE dispatches SET status = :s, last_reply = :r, updated_at_ms = :t WHERE id = :id",
          soci::use(newStatus), soci::use(note), soci::use(now), soci::use(c.dispatch);
      if (forward && !column.empty()) {
        sql << "UPDATE dispatches SET " + column + " = :t WHERE id = :id", soci::use(now),
            soci::use(c.dispatch);
      }
      auto inst = detail::loadInstance(store_, sql, d->document, true);
      std::string state = inst ? inst->state : "";
      detail::appendEvent(store_, sql,
                          {now, d->document, "mail", forward ? "dispatch-" + c.status : "dispatch-note",
                           state, state, kind, "",
                           "dispatch=" + std::to_string(c.dispatch) + " inbound=" +
                               std::to_string(outcome.inboundId) + evidence + " " + note});
      outcome.dispatches.push_back(c.dispatch);
      if (forward) impl_->dispatchEvents(sql, d->document, "mail", c.status);
    }
    if (changes.empty()) {
      detail::appendEvent(store_, sql,
                          {now, std::nullopt, "mail", "inbound-unmatched", "", "", "", "",
                           "inbound=" + std::to_string(outcome.inboundId) + evidence +
                               " from=" + from + " subject=" + clip(subject, 200)});
    }
    outcome.kind = kind == "delivery-report"   ? ReceiveOutcome::Kind::kDeliveryReport
                   : kind == "acknowledgement" ? ReceiveOutcome::Kind::kAcknowledgement
                   : kind == "reply"           ? ReceiveOutcome::Kind::kReply
                   : kind == "automatic-reply" ? ReceiveOutcome::Kind::kAutomaticReply
                                               : ReceiveOutcome::Kind::kUnmatched;
  });
  return outcome;
}

void Engine::acknowledge(long long dispatchId, const std::string& userName,
                         const std::string& comment) {
  store_.write([&](soci::session& sql) {
    User u = impl_->loadUser(sql, userName);
    if (!u.hasRole("registry")) {
      throw RuleError(RuleErrorKind::kForbidden,
                      userName + " may not record acknowledgements — that needs the role registry",
                      {"registry"});
    }
    auto d = loadDispatch(sql, dispatchId);
    if (!d) throw RuleError(RuleErrorKind::kNotFound, "there is no dispatch " + std::to_string(dispatchId));
    if (!kSentOrLater.count(d->status)) {
      throw RuleError(RuleErrorKind::kInvalidAction,
                      "dispatch " + std::to_string(dispatchId) + " is " + d->status +
                          ": only a sent document can be acknowledged");
    }
    if (kAcknowledgedOrLater.count(d->status)) {
      throw RuleError(RuleErrorKind::kInvalidAction,
                      "dispatch " + std::to_string(dispatchId) + " is already " + d->status);
    }
    if (comment.size() > 4000 || std::any_of(comment.begin(), comment.end(), [](char c) {
          return static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t';
        })) {
      throw RuleError(RuleErrorKind::kInvalidInput, "the comment must be plain text (4000 at most)");
    }
    Millis now = impl_->clock.nowMs();
    std::string note = "acknowledged by hand: " + clip(comment, 900);
    sql << "UPDATE dispatches SET status = 'acknowledged', acknowledged_at_ms = :t, last_reply = "
           ":r, updated_at_ms = :t2 WHERE id = :id",
        soci::use(now), soci::use(note), soci::use(now), soci::use(dispatchId);
    auto inst = detail::loadInstance(store_, sql, d->document, true);
    std::string state = inst ? inst->state : "";
    detail::appendEvent(store_, sql,
                        {now, d->document, userName, "dispatch-acknowledged", state, state,
                         "acknowledge", comment, "dispatch=" + std::to_string(dispatchId)});
    impl_->dispatchEvents(sql, d->document, userName, "acknowledged");
  });
}

std::vector<InboundItem> Engine::inbound(bool unmatchedOnly) {
  std::vector<InboundItem> out;
  store_.read([&](soci::session& sql) {
    InboundItem i;
    long long dispatchId = 0;
    long long rawBytes = 0;
    soci::indicator dispatchInd;
    soci::statement st =
        (sql.prepare << std::string("SELECT id, message_id, from_address, subject, kind, "
                                    "dispatch_id, received_at_ms, body, raw_bytes, raw_sha256 "
                                    "FROM inbound") +
                            (unmatchedOnly ? " WHERE kind = 'unmatched'" : "") +
                            " ORDER BY received_at_ms, id",
         soci::into(i.id), soci::into(i.messageId), soci::into(i.from), soci::into(i.subject),
         soci::into(i.kind), soci::into(dispatchId, dispatchInd), soci::into(i.receivedAt),
         soci::into(i.text), soci::into(rawBytes), soci::into(i.rawSha256));
    st.execute();
    while (st.fetch()) {
      i.dispatch = dispatchInd == soci::i_ok ? std::optional<long long>(dispatchId) : std::nullopt;
      i.rawBytes = static_cast<std::size_t>(rawBytes);
      out.push_back(i);
    }
  });
  return out;
}

std::optional<std::string> Engine::inboundMessage(long long inboundId) {
  std::optional<std::string> out;
  store_.read([&](soci::session& sql) {
    std::string encoded, recorded;
    sql << "SELECT raw_base64, raw_sha256 FROM inbound WHERE id = :id", soci::use(inboundId),
        soci::into(encoded), soci::into(recorded);
    if (!sql.got_data()) {
      throw RuleError(RuleErrorKind::kNotFound,
                      "there is no inbound message " + std::to_string(inboundId));
    }
    if (recorded.empty()) return;  // not retrieved whole: only its headers were registered
    std::optional<std::string> raw = base64Decode(encoded);
    if (!raw || sha256Hex(*raw) != recorded) {
      throw store::StorageError("inbound message " + std::to_string(inboundId) +
                                " no longer matches the SHA-256 recorded when it was received "
                                "(" + recorded + "): the stored copy was altered — compare "
                                "with a backup and run chancery audit verify");
    }
    out = std::move(raw);
  });
  return out;
}

void Engine::assignInbound(long long inboundId, long long dispatchId, const std::string& userName) {
  store_.write([&](soci::session& sql) {
    User u = impl_->loadUser(sql, userName);
    if (!u.hasRole("registry")) {
      throw RuleError(RuleErrorKind::kForbidden, userName + " needs the role registry", {"registry"});
    }
    std::string kind;
    sql << "SELECT kind FROM inbound WHERE id = :id", soci::use(inboundId), soci::into(kind);
    if (!sql.got_data()) throw RuleError(RuleErrorKind::kNotFound, "there is no inbound message " + std::to_string(inboundId));
    if (kind != "unmatched") {
      throw RuleError(RuleErrorKind::kInvalidAction,
                      "inbound message " + std::to_string(inboundId) + " is already matched");
    }
    auto d = loadDispatch(sql, dispatchId);
    if (!d) throw RuleError(RuleErrorKind::kNotFound, "there is no dispatch " + std::to_string(dispatchId));
    Millis now = impl_->clock.nowMs();
    sql << "UPDATE inbound SET kind = 'reply', dispatch_id = :d WHERE id = :id", soci::use(dispatchId),
        soci::use(inboundId);
    if (d->status != "answered") {
      sql << "UPDATE dispatches SET status = 'answered', answered_at_ms = :t, updated_at_ms = :t2 "
             "WHERE id = :id",
          soci::use(now), soci::use(now), soci::use(dispatchId);
    }
    auto inst = detail::loadInstance(store_, sql, d->document, true);
    std::string state = inst ? inst->state : "";
    detail::appendEvent(store_, sql,
                        {now, d->document, userName, "dispatch-answered", state, state, "assign",
                         "", "dispatch=" + std::to_string(dispatchId) + " inbound=" +
                                 std::to_string(inboundId)});
    impl_->dispatchEvents(sql, d->document, userName, "answered");
  });
}

}  // namespace chancery
