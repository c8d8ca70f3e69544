// Users, definitions, documents and the read side of the engine.
#include <algorithm>
#include <filesystem>
#include <set>

#include "chancery/util/sha256.hpp"
#include "engine_impl.hpp"
#include "statements.hpp"

namespace chancery {
namespace {

bool validName(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '-' || c == '_' || c == '@';
  });
}

bool hasControl(const std::string& s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

void requireText(const std::string& what, const std::string& value, std::size_t max) {
  if (value.empty()) throw RuleError(RuleErrorKind::kInvalidInput, what + " is empty — give one");
  if (value.size() > max) {
    throw RuleError(RuleErrorKind::kInvalidInput,
                    what + " is longer than " + std::to_string(max) + " characters — shorten it");
  }
  if (hasControl(value)) {
    throw RuleError(RuleErrorKind::kInvalidInput,
                    what + " contains a line break or control character — write it on one line");
  }
}

}  // namespace

const char* ruleErrorKindName(RuleErrorKind k) {
  switch (k) {
    case RuleErrorKind::kNotFound: return "not-found";
    case RuleErrorKind::kForbidden: return "forbidden";
    case RuleErrorKind::kInvalidAction: return "invalid-action";
    case RuleErrorKind::kGuardFailed: return "guard-failed";
    case RuleErrorKind::kCommentRequired: return "comment-required";
    case RuleErrorKind::kConflict: return "conflict";
    case RuleErrorKind::kInvalidInput: return "invalid-input";
  }
  return "error";
}

bool User::hasRole(const std::string& role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

Engine::Engine(store::Store& store, const Clock& clock, std::string workflowsDir)
    : impl_(std::make_unique<Impl>(store, clock, std::move(workflowsDir))),
      store_(store),
      clock_(clock) {}

Engine::~Engine() = default;

// ---------------------------------------------------------------------------
// Definitions

std::shared_ptr<const workflow::WorkflowDefinition> Engine::Impl::definition(soci::session& sql,
                                                                             long long id) {
  {
    std::lock_guard lock(mutex);
    auto it = definitions.find(id);
    if (it != definitions.end()) return it->second;
  }
  std::string xml;
  sql << "SELECT xml FROM workflow_definitions WHERE id = :id", soci::use(id), soci::into(xml);
  if (!sql.got_data()) {
    throw store::StorageError("workflow definition " + std::to_string(id) + " is missing");
  }
  auto result = loader.loadText(xml, "<stored definition " + std::to_string(id) + ">");
  if (!result.ok()) {
    throw store::StorageError("stored workflow definition " + std::to_string(id) +
                              " no longer validates: " + formatDiagnostic(result.diagnostics[0]));
  }
  std::lock_guard lock(mutex);
  definitions[id] = result.definition;
  return result.definition;
}

std::pair<long long, std::shared_ptr<const workflow::WorkflowDefinition>>
Engine::Impl::definitionForKind(soci::session& sql, const std::string& kind) {
  namespace fs = std::filesystem;
  std::optional<workflow::LoadResult> best;
  std::vector<std::string> kinds;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(workflowsDir, ec)) {
    if (entry.path().extension() != ".xml") continue;
    workflow::LoadResult r = loader.loadFile(entry.path().string());
    if (!r.ok()) {
      if (r.xml.find("document-kind=\"" + kind + "\"") != std::string::npos) {
        throw RuleError(RuleErrorKind::kInvalidInput,
                        "the workflow for " + kind + " does not validate: " +
                            formatDiagnostic(r.diagnostics[0]) + " — run chancery validate");
      }
      continue;
    }
    kinds.push_back(r.definition->documentKind);
    if (r.definition->documentKind == kind &&
        (!best || r.definition->version > best->definition->version)) {
      best = std::move(r);
    }
  }
  if (ec) {
    throw store::StorageError("cannot read the workflows folder " + workflowsDir + ": " +
                              ec.message());
  }
  if (!best) {
    std::sort(kinds.begin(), kinds.end());
    std::string list;
    for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
    throw RuleError(RuleErrorKind::kInvalidInput,
                    "no workflow handles documents of kind '" + kind + "' — the kinds are: " + list,
                    kinds);
  }
  std::string sha = best->fingerprint();
  long long id = 0;
  sql << "SELECT id FROM workflow_definitions WHERE sha256 = :sha", soci::use(sha), soci::into(id);
  if (!sql.got_data()) {
    // Another writer may store the same definition at the same moment: the unique
    // sha256 makes one insert win, and both read its id.
    const auto& def = *best->definition;
    Millis now = clock.nowMs();
    sql << "INSERT INTO workflow_definitions (name, version, document_kind, sha256, xml, "
           "stored_at_ms) VALUES (:name, :version, :kind, :sha, :xml, :now) ON CONFLICT (sha256) "
           "DO NOTHING",
        soci::use(def.name), soci::use(def.version), soci::use(def.documentKind), soci::use(sha),
        soci::use(best->xml), soci::use(now);
    sql << "SELECT id FROM workflow_definitions WHERE sha256 = :sha", soci::use(sha),
        soci::into(id);
  }
  std::lock_guard lock(mutex);
  definitions.emplace(id, best->definition);
  return {id, best->definition};
}

std::string Engine::Impl::contentSchemaFor(const std::string& kind) {
  std::string dir;
  {
    std::lock_guard lock(mutex);
    dir = settings.contentSchemas;
  }
  if (dir.empty()) return "";
  std::filesystem::path file = std::filesystem::path(dir) / kind / "content.rng";
  std::error_code ec;
  return std::filesystem::is_regular_file(file, ec) ? file.string() : "";
}

// ---------------------------------------------------------------------------
// Users

User Engine::Impl::loadUser(soci::session& sql, const std::string& name) {
  auto& q = store.prepared<detail::UserQuery>(sql);
  q.name = name;
  User u;
  q.user.execute();
  bool found = false;
  while (q.user.fetch()) {
    found = true;
    if (q.roleInd == soci::i_ok) u.roles.push_back(q.role);
  }
  if (!found) {
    throw RuleError(RuleErrorKind::kNotFound,
                    "there is no user '" + name + "' — add one with chancery user add");
  }
  u.id = q.id;
  u.name = q.foundName;
  u.department = q.department;
  return u;
}

long long Engine::addUser(const std::string& name, const std::vector<std::string>& roles,
                          const std::string& department) {
  if (!validName(name)) {
    throw RuleError(RuleErrorKind::kInvalidInput,
                    "user name '" + name + "' is not allowed — use 1 to 64 letters, digits, "
                    "'.', '-', '_' or '@'");
  }
  if (roles.empty()) {
    throw RuleError(RuleErrorKind::kInvalidInput, "give the user at least one role (--role R)");
  }
  for (const auto& r : roles) {
    if (!validName(r)) {
      throw RuleError(RuleErrorKind::kInvalidInput,
                      "role '" + r + "' is not allowed — use letters, digits and '-'");
    }
  }
  if (department.size() > 100 || hasControl(department)) {
    throw RuleError(RuleErrorKind::kInvalidInput, "the department name is not allowed");
  }
  long long id = 0;
  store_.write([&](soci::session& sql) {
    long long existing = 0;
    sql << "SELECT count(*) FROM users WHERE name = :n", soci::use(name), soci::into(existing);
    if (existing) {
      throw RuleError(RuleErrorKind::kInvalidInput, "user '" + name + "' already exists");
    }
    Millis now = clock_.nowMs();
    sql << "INSERT INTO users (name, department, created_at_ms) VALUES (:n, :d, :t) RETURNING id",
        soci::use(name), soci::use(department), soci::use(now), soci::into(id);
    std::set<std::string> unique(roles.begin(), roles.end());
    for (const auto& r : unique) {
      sql << "INSERT INTO user_roles (user_id, role) VALUES (:u, :r)", soci::use(id), soci::use(r);
    }
    std::string list;
    for (const auto& r : unique) list += (list.empty() ? "" : ",") + r;
    detail::appendEvent(store_, sql,
                        {now, std::nullopt, "chancery", "user-added", "", "", "", "",
                         "user=" + name + " roles=" + list + " department=" + department});
  });
  return id;
}

std::vector<User> Engine::users() {
  std::vector<User> out;
  store_.read([&](soci::session& sql) {
    std::string name;
    soci::statement st = (sql.prepare << "SELECT name FROM users ORDER BY name", soci::into(name));
    st.execute();
    std::vector<std::string> names;
    while (st.fetch()) names.push_back(name);
    for (const auto& n : names) out.push_back(impl_->loadUser(sql, n));
  });
  return out;
}

User Engine::user(const std::string& name) {
  User u;
  store_.read([&](soci::session& sql) { u = impl_->loadUser(sql, name); });
  return u;
}

// ---------------------------------------------------------------------------
// Documents

DocumentId Engine::createDocument(const NewDocument& d) {
  requireText("the subject", d.subject, 500);
  if (!validName(d.kind)) throw RuleError(RuleErrorKind::kInvalidInput, "give the document kind");
  static const std::set<std::string> kClassifications = {"unclassified", "restricted",
                                                         "confidential"};
  if (!kClassifications.count(d.classification)) {
    throw RuleError(RuleErrorKind::kInvalidInput,
                    "classification '" + d.classification +
                        "' is unknown — use unclassified, restricted or confidential");
  }
  if (d.language.size() != 2 || !std::all_of(d.language.begin(), d.language.end(),
                                               [](char c) { return c >= 'a' && c <= 'z'; })) {
    throw RuleError(RuleErrorKind::kInvalidInput,
                    "language '" + d.language + "' — give a two-letter code such as en, fr or az");
  }
  for (const auto& r : d.recipients) requireText("a recipient", r, 320);
  if (d.campaign.size() > 200 || hasControl(d.campaign)) {
    throw RuleError(RuleErrorKind::kInvalidInput, "the campaign name is not allowed");
  }
  // Without content a draft starts empty; what is given is checked in full.
  std::string content = d.content.empty() ? "<" + d.kind + "/>" : d.content;
  detail::checkContent(d.kind, content, d.content.empty() ? "" : impl_->contentSchemaFor(d.kind));

  DocumentId id = 0;
  store_.write([&](soci::session& sql) {
    User drafter = impl_->loadUser(sql, d.drafter);
    for (const auto& r : d.recipients) {
      if (!validEmailAddress(r) && !impl_->directoryEntry(sql, r)) {
        throw RuleError(RuleErrorKind::kInvalidInput,
                        "recipient '" + r + "' is neither in the directory nor a mail address — "
                        "give a directory id (chancery directory list) or name@host");
      }
    }
    auto [definitionId, def] = impl_->definitionForKind(sql, d.kind);
    // Who drafts: the roles of the initial state's first action (its "submit").
    const workflow::State* initial = def->initialState();
    std::vector<std::string> drafting =
        initial->actions.empty() ? std::vector<std::string>{} : initial->actions.front().by;
    if (std::none_of(drafting.begin(), drafting.end(),
                     [&](const std::string& r) { return drafter.hasRole(r); })) {
      std::string list;
      for (const auto& r : drafting) list += (list.empty() ? "" : " or ") + r;
      throw RuleError(RuleErrorKind::kForbidden,
                      d.drafter + " cannot draft a " + d.kind + " — that needs the role " + list,
                      drafting);
    }
    Millis now = clock_.nowMs();
    soci::indicator campaignInd = d.campaign.empty() ? soci::i_null : soci::i_ok;
    sql << "INSERT INTO documents (kind, subject, language, classification, campaign, drafter_id, "
           "department, created_at_ms) VALUES (:kind, :subject, :lang, :class, :campaign, "
           ":drafter, :dept, :now) RETURNING id",
        soci::use(d.kind), soci::use(d.subject), soci::use(d.language),
        soci::use(d.classification), soci::use(d.campaign, campaignInd), soci::use(drafter.id),
        soci::use(drafter.department), soci::use(now), soci::into(id);
    std::string sha = sha256Hex(content);
    sql << "INSERT INTO revisions (document_id, number, content, sha256, author_id, "
           "created_at_ms) VALUES (:doc, 1, :content, :sha, :author, :now)",
        soci::use(id), soci::use(content), soci::use(sha), soci::use(drafter.id), soci::use(now);
    for (std::size_t i = 0; i < d.recipients.size(); ++i) {
      int position = static_cast<int>(i) + 1;
      sql << "INSERT INTO recipients (document_id, position, address) VALUES (:d, :p, :a)",
          soci::use(id), soci::use(position), soci::use(d.recipients[i]);
    }
    detail::InstanceRow inst;
    inst.document = id;
    inst.definitionId = definitionId;
    inst.state = "";
    inst.revision = 1;
    inst.drafterId = drafter.id;
    inst.department = drafter.department;
    inst.kind = d.kind;
    sql << "INSERT INTO instances (document_id, definition_id, state, row_version, entry, "
           "entered_at_ms, revision) VALUES (:d, :def, :state, 0, 0, :now, 1)",
        soci::use(id), soci::use(definitionId), soci::use(initial->name), soci::use(now);
    detail::appendEvent(store_, sql,
                        {now, id, drafter.name, "created", "", initial->name, "", "",
                         "kind=" + d.kind + " workflow=" + def->name + "@" +
                             std::to_string(def->version) + " revision=1 sha256=" + sha});
    impl_->enterState(sql, inst, *def, initial->name, drafter.name);
  });
  return id;
}

int Engine::editDocument(DocumentId id, const std::string& content, const std::string& userName) {
  int revision = 0;
  store_.write([&](soci::session& sql) {
    auto inst = detail::loadInstance(store_, sql, id, true);
    if (!inst) {
      throw RuleError(RuleErrorKind::kNotFound, "there is no document " + std::to_string(id));
    }
    User u = impl_->loadUser(sql, userName);
    auto def = impl_->definition(sql, inst->definitionId);
    const workflow::State* state = def->findState(inst->state);
    if (!state->editable) {
      throw RuleError(RuleErrorKind::kInvalidAction,
                      "document " + std::to_string(id) + " is in '" + inst->state +
                          "', where it cannot be edited — it must be returned to its drafter");
    }
    std::string drafterDepartment;
    sql << "SELECT department FROM users WHERE id = :id", soci::use(inst->drafterId),
        soci::into(drafterDepartment);
    bool isDrafter = u.id == inst->drafterId;
    bool sameDepartmentDrafter = !u.department.empty() && u.department == inst->department &&
                                 u.hasRole("drafter");
    if (!isDrafter && !sameDepartmentDrafter) {
      throw RuleError(RuleErrorKind::kForbidden,
                      userName + " may not edit document " + std::to_string(id) +
                          ": only its drafter or a drafter of the " + inst->department +
                          " department may",
                      {"drafter"});
    }
    detail::checkContent(inst->kind, content, impl_->contentSchemaFor(inst->kind));
    revision = inst->revision + 1;
    Millis now = impl_->clock.nowMs();
    std::string sha = sha256Hex(content);
    sql << "INSERT INTO revisions (document_id, number, content, sha256, author_id, "
           "created_at_ms) VALUES (:doc, :n, :content, :sha, :author, :now)",
        soci::use(id), soci::use(revision), soci::use(content), soci::use(sha), soci::use(u.id),
        soci::use(now);
    soci::statement st =
        (sql.prepare << "UPDATE instances SET revision = :r, row_version = row_version + 1 "
                        "WHERE document_id = :d AND row_version = :v",
         soci::use(revision), soci::use(id), soci::use(inst->rowVersion));
    st.execute(true);
    if (st.get_affected_rows() != 1) {
      throw RuleError(RuleErrorKind::kConflict, "the document changed meanwhile — try again");
    }
    detail::appendEvent(store_, sql,
                        {now, id, userName, "edited", inst->state, inst->state, "", "",
                         "revision=" + std::to_string(revision) + " sha256=" + sha});
  });
  return revision;
}

namespace detail {

template <bool kLock>
std::optional<InstanceRow> queryInstance(store::Store& store, soci::session& sql, DocumentId id) {
  auto& q = store.prepared<InstanceQuery<kLock>>(sql);
  q.id = id;
  if (!fetchOne(q.select)) return std::nullopt;
  InstanceRow r;
  r.document = q.document;
  r.definitionId = q.definitionId;
  r.state = q.state;
  r.rowVersion = q.rowVersion;
  r.entry = q.entry;
  r.enteredAt = q.enteredAt;
  r.revision = q.revision;
  if (q.numberInd == soci::i_ok) r.registryNumber = q.registryNumber;
  if (q.escalatedInd == soci::i_ok) r.escalatedTo = q.escalatedTo;
  if (q.stepInd == soci::i_ok) r.pendingStep = q.pendingStep;
  r.drafterId = q.drafterId;
  r.department = q.department;
  r.kind = q.kind;
  return r;
}

std::optional<InstanceRow> loadInstance(store::Store& store, soci::session& sql, DocumentId id,
                                        bool lock) {
  return lock ? queryInstance<true>(store, sql, id) : queryInstance<false>(store, sql, id);
}

}  // namespace detail

DocumentView Engine::document(DocumentId id) {
  DocumentView v;
  store_.read([&](soci::session& sql) {
    auto inst = detail::loadInstance(store_, sql, id, false);
    if (!inst) {
      throw RuleError(RuleErrorKind::kNotFound, "there is no document " + std::to_string(id));
    }
    soci::indicator campaignInd;
    sql << "SELECT d.kind, d.subject, d.language, d.classification, d.campaign, u.name, "
           "d.department, d.created_at_ms FROM documents d JOIN users u ON u.id = d.drafter_id "
           "WHERE d.id = :id",
        soci::use(id), soci::into(v.kind), soci::into(v.subject), soci::into(v.language),
        soci::into(v.classification), soci::into(v.campaign, campaignInd), soci::into(v.drafter),
        soci::into(v.department), soci::into(v.createdAt);
    v.id = id;
    v.state = inst->state;
    v.rowVersion = inst->rowVersion;
    v.registryNumber = inst->registryNumber;
    v.revision = inst->revision;
    v.stateEnteredAt = inst->enteredAt;
    v.escalatedTo = inst->escalatedTo;
    long long registeredAt = 0;
    soci::indicator registeredInd;
    sql << "SELECT registered_at_ms FROM instances WHERE document_id = :d", soci::use(id),
        soci::into(registeredAt, registeredInd);
    if (registeredInd == soci::i_ok) v.registeredAt = registeredAt;
    sql << "SELECT content FROM revisions WHERE document_id = :d AND number = :n", soci::use(id),
        soci::use(inst->revision), soci::into(v.content);
    std::string address;
    soci::statement st = (sql.prepare << "SELECT address FROM recipients WHERE document_id = :d "
                                         "ORDER BY position",
                          soci::use(id), soci::into(address));
    st.execute();
    while (st.fetch()) v.recipients.push_back(address);
    auto def = impl_->definition(sql, inst->definitionId);
    v.workflow = def->name;
    v.workflowVersion = def->version;
    sql << "SELECT sha256 FROM workflow_definitions WHERE id = :id", soci::use(inst->definitionId),
        soci::into(v.workflowSha256);
    if (const workflow::State* s = def->findState(inst->state)) {
      v.final = s->final;
      std::set<std::string> names;
      for (const auto& a : s->actions) names.insert(a.name);
      for (const auto& a : s->approvals) names.insert(a.name);
      v.possibleActions.assign(names.begin(), names.end());
    }
  });
  return v;
}

std::optional<RevisionView> Engine::revision(DocumentId id, int revision) {
  std::optional<RevisionView> out;
  store_.read([&](soci::session& sql) {
    RevisionView v;
    v.number = revision;
    sql << "SELECT content, created_at_ms FROM revisions WHERE document_id = :d AND number = :n",
        soci::use(id), soci::use(revision), soci::into(v.content), soci::into(v.createdAt);
    if (!sql.got_data()) return;
    long long registeredAt = 0;
    soci::indicator registered = soci::i_null;
    sql << "SELECT registered_at_ms FROM instances WHERE document_id = :d", soci::use(id),
        soci::into(registeredAt, registered);
    if (registered == soci::i_ok) {
      // Replaced before registration: a later revision existed when the number was given.
      long long later = 0;
      sql << "SELECT count(*) FROM revisions WHERE document_id = :d AND number > :n AND "
             "created_at_ms <= :t",
          soci::use(id), soci::use(revision), soci::use(registeredAt), soci::into(later);
      v.bearsRegistryNumber = later == 0;
    }
    out = std::move(v);
  });
  return out;
}

std::vector<HistoryEntry> Engine::history(DocumentId id) {
  std::vector<HistoryEntry> out;
  store_.read([&](soci::session& sql) {
    long long exists = 0;
    sql << "SELECT count(*) FROM documents WHERE id = :id", soci::use(id), soci::into(exists);
    if (!exists) {
      throw RuleError(RuleErrorKind::kNotFound, "there is no document " + std::to_string(id));
    }
    HistoryEntry h;
    soci::statement st =
        (sql.prepare << "SELECT seq, at_ms, actor, kind, from_state, to_state, action, comment, "
                        "detail FROM events WHERE document_id = :d ORDER BY seq",
         soci::use(id), soci::into(h.seq), soci::into(h.at), soci::into(h.actor),
         soci::into(h.kind), soci::into(h.fromState), soci::into(h.toState), soci::into(h.action),
         soci::into(h.comment), soci::into(h.detail));
    st.execute();
    while (st.fetch()) out.push_back(h);
  });
  return out;
}

std::vector<InboxItem> Engine::inbox(const std::string& userName, std::size_t limit) {
  std::vector<InboxItem> out;
  store_.read([&](soci::session& sql) {
    User u = impl_->loadUser(sql, userName);
    struct Candidate {
      DocumentId id;
      Millis since;
      std::string role;
    };
    std::vector<Candidate> candidates;
    long long fetchLimit = static_cast<long long>(limit) * 2 + 10;
    for (const auto& role : u.roles) {
      DocumentId id = 0;
      Millis since = 0;
      soci::statement st =
          (sql.prepare << "SELECT document_id, since_ms FROM awaiting WHERE role = :role AND "
                          "(department = '' OR department = :dept) ORDER BY since_ms, document_id "
                          "LIMIT :n",
           soci::use(role), soci::use(u.department), soci::use(fetchLimit), soci::into(id),
           soci::into(since));
      st.execute();
      while (st.fetch()) candidates.push_back({id, since, role});
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
      return a.since != b.since ? a.since < b.since : a.id < b.id;
    });
    std::set<DocumentId> seen;
    for (const auto& c : candidates) {
      if (out.size() >= limit) break;
      if (!seen.insert(c.id).second) continue;
      auto inst = detail::loadInstance(store_, sql, c.id, false);
      if (!inst) continue;
      auto def = impl_->definition(sql, inst->definitionId);
      const workflow::State* s = def->findState(inst->state);
      if (!s) continue;
      bool escalatedToMe = inst->escalatedTo && u.hasRole(*inst->escalatedTo);
      bool drafter = u.id == inst->drafterId;
      std::set<std::string> actions;
      for (const auto& a : s->actions) {
        bool mayAct = escalatedToMe || std::any_of(a.by.begin(), a.by.end(),
                                                   [&](const auto& r) { return u.hasRole(r); });
        if (mayAct && (!drafter || s->editable || a.allowDrafter)) actions.insert(a.name);
      }
      for (const auto& a : s->approvals) {
        bool mayAct = escalatedToMe || std::any_of(a.by.begin(), a.by.end(),
                                                   [&](const auto& r) { return u.hasRole(r); });
        if (!mayAct || (drafter && !a.allowDrafter)) continue;
        long long given = 0;
        sql << "SELECT count(*) FROM approvals WHERE document_id = :d AND entry = :e AND name = "
               ":n AND user_id = :u",
            soci::use(c.id), soci::use(inst->entry), soci::use(a.name), soci::use(u.id),
            soci::into(given);
        if (!given) actions.insert(a.name);
      }
      if (actions.empty()) continue;
      InboxItem item;
      item.id = c.id;
      item.state = inst->state;
      item.since = c.since;
      item.actions.assign(actions.begin(), actions.end());
      sql << "SELECT kind, subject FROM documents WHERE id = :id", soci::use(c.id),
          soci::into(item.kind), soci::into(item.subject);
      out.push_back(std::move(item));
    }
  });
  return out;
}

}  // namespace chancery
