#include "output.hpp"

#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <ostream>

namespace chancery::cli {
namespace {

// Characters on screen (UTF-8 continuation bytes take no column).
std::size_t columns(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Each column as wide as its widest cell.
std::vector<std::size_t> columnWidths(const std::vector<std::string>& header,
                                      const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) width[c] = columns(header[c]);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size() && c < width.size(); ++c) {
      width[c] = std::max(width[c], columns(row[c]));
    }
  }
  return width;
}

std::string formatRow(const std::vector<std::string>& cells,
                      const std::vector<std::size_t>& width) {
  std::string text;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    text += cells[c];
    if (c + 1 < cells.size()) text += std::string(width[c] - columns(cells[c]) + 2, ' ');
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

void printTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
  auto width = columnWidths(header, rows);
  out << formatRow(header, width) << "\n";
  for (const auto& row : rows) out << formatRow(row, width) << "\n";
}

Poco::Dynamic::Var orNull(const std::optional<std::string>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

Poco::JSON::Array::Ptr jsonArray(const std::vector<std::string>& items) {
  Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
  for (const auto& i : items) a->add(i);
  return a;
}

std::string transition(const std::string& from, const std::string& to) {
  if (from.empty() && to.empty()) return "";
  if (from == to) return from;
  return (from.empty() ? "" : from + " ") + "→ " + to;
}

}  // namespace

std::string joinList(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : separator) + i;
  return out;
}

void writeWholeFile(const std::string& path, const std::string& bytes) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      std::remove(tmp.c_str());
      throw RuleError(RuleErrorKind::kInvalidInput, "cannot write " + path);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw RuleError(RuleErrorKind::kInvalidInput, "cannot write " + path);
  }
}

std::string printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

Poco::JSON::Object::Ptr jsonObject() {
  return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

void printJson(std::ostream& out, const Poco::Dynamic::Var& value) {
  Poco::JSON::Stringifier::stringify(value, out, 2);
  out << "\n";
}

Poco::JSON::Object::Ptr toJson(const User& user) {
  auto o = jsonObject();
  o->set("name", user.name);
  o->set("department", user.department);
  o->set("roles", jsonArray(user.roles));
  return o;
}

Poco::JSON::Object::Ptr toJson(const DocumentView& d) {
  auto o = jsonObject();
  o->set("id", d.id);
  o->set("kind", d.kind);
  o->set("subject", d.subject);
  o->set("language", d.language);
  o->set("classification", d.classification);
  o->set("campaign", d.campaign.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(d.campaign));
  o->set("drafter", d.drafter);
  o->set("department", d.department);
  o->set("state", d.state);
  o->set("final", d.final);
  o->set("stateEnteredAt", formatUtc(d.stateEnteredAt));
  o->set("rowVersion", d.rowVersion);
  o->set("registryNumber", orNull(d.registryNumber));
  o->set("revision", d.revision);
  auto workflow = jsonObject();
  workflow->set("name", d.workflow);
  workflow->set("version", d.workflowVersion);
  workflow->set("sha256", d.workflowSha256);
  o->set("workflow", workflow);
  o->set("recipients", jsonArray(d.recipients));
  o->set("possibleActions", jsonArray(d.possibleActions));
  o->set("escalatedTo", orNull(d.escalatedTo));
  o->set("createdAt", formatUtc(d.createdAt));
  o->set("content", d.content);
  return o;
}

Poco::JSON::Object::Ptr toJson(const HistoryEntry& h) {
  auto o = jsonObject();
  o->set("seq", h.seq);
  o->set("at", formatUtc(h.at));
  o->set("actor", h.actor);
  o->set("kind", h.kind);
  o->set("from", h.fromState);
  o->set("to", h.toState);
  o->set("action", h.action);
  o->set("comment", h.comment);
  o->set("detail", h.detail);
  return o;
}

Poco::JSON::Object::Ptr toJson(const InboxItem& item) {
  auto o = jsonObject();
  o->set("id", item.id);
  o->set("kind", item.kind);
  o->set("subject", item.subject);
  o->set("state", item.state);
  o->set("since", formatUtc(item.since));
  o->set("actions", jsonArray(item.actions));
  return o;
}

Poco::JSON::Object::Ptr toJson(const AuditReport& r) {
  auto o = jsonObject();
  o->set("ok", r.ok);
  o->set("events", r.events);
  o->set("head", r.head);
  o->set("firstBadSeq", r.ok ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.firstBadSeq));
  o->set("problem", r.ok ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.problem));
  return o;
}

Poco::JSON::Object::Ptr toJson(DocumentId document, const ActResult& r) {
  auto o = jsonObject();
  o->set("document", document);
  o->set("from", r.fromState);
  o->set("to", r.toState);
  o->set("rowVersion", r.rowVersion);
  o->set("registryNumber", orNull(r.registryNumber));
  if (r.approval) {
    auto a = jsonObject();
    a->set("given", r.approvalsGiven);
    a->set("needed", r.approvalsNeeded);
    o->set("approval", a);
  } else {
    o->set("approval", Poco::Dynamic::Var());
  }
  return o;
}

void printUsers(std::ostream& out, const std::vector<User>& users) {
  if (users.empty()) {
    out << "no users yet — add one with chancery user add NAME --role R\n";
    return;
  }
  std::vector<std::vector<std::string>> rows;
  rows.reserve(users.size());
  for (const auto& u : users) {
    rows.push_back({printable(u.name), printable(u.department), joinList(u.roles)});
  }
  printTable(out, {"NAME", "DEPARTMENT", "ROLES"}, rows);
}

void printDocument(std::ostream& out, const DocumentView& d) {
  auto field = [&](const char* name, const std::string& value) {
    std::string label = std::string(name) + ":";
    out << "  " << label << std::string(label.size() < 18 ? 18 - label.size() : 1, ' ') << value
        << "\n";
  };
  out << "Document " << d.id << " (" << d.kind << ")\n";
  field("Subject", printable(d.subject));
  field("State", d.state + (d.final ? " (final)" : "") + " since " + formatUtc(d.stateEnteredAt));
  field("Registry number", d.registryNumber ? *d.registryNumber : "(not registered yet)");
  field("Revision", std::to_string(d.revision));
  field("Drafter",
        printable(d.drafter) + (d.department.empty() ? "" : " (" + printable(d.department) + ")"));
  field("Language", d.language);
  field("Classification", d.classification);
  if (!d.campaign.empty()) field("Campaign", printable(d.campaign));
  field("Workflow", d.workflow + "@" + std::to_string(d.workflowVersion));
  field("Workflow sha256", d.workflowSha256);
  field("Recipients", d.recipients.empty() ? "(none)" : printable(joinList(d.recipients)));
  field("Possible actions", d.possibleActions.empty() ? "(none)" : joinList(d.possibleActions));
  if (d.escalatedTo) field("Escalated to", *d.escalatedTo);
  field("Row version", std::to_string(d.rowVersion));
  field("Created", formatUtc(d.createdAt));
  out << "Content (revision " << d.revision << "):\n" << d.content;
  if (d.content.empty() || d.content.back() != '\n') out << "\n";
}

void printHistory(std::ostream& out, const std::vector<HistoryEntry>& history) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(history.size());
  for (const auto& h : history) {
    rows.push_back({std::to_string(h.seq), formatUtc(h.at), printable(h.actor), h.kind,
                    transition(h.fromState, h.toState), h.action});
  }
  std::vector<std::string> header = {"SEQ", "TIME (UTC)", "ACTOR", "EVENT", "FROM → TO", "ACTION"};
  auto width = columnWidths(header, rows);
  out << formatRow(header, width) << "\n";
  std::string indent(width[0] + 2, ' ');
  for (std::size_t i = 0; i < history.size(); ++i) {
    out << formatRow(rows[i], width) << "\n";
    const HistoryEntry& h = history[i];
    if (!h.comment.empty()) out << indent << "comment: " << printable(h.comment) << "\n";
    if (!h.detail.empty()) out << indent << "detail: " << printable(h.detail) << "\n";
  }
}

void printInbox(std::ostream& out, const std::string& user, const std::vector<InboxItem>& items) {
  if (items.empty()) {
    out << "nothing awaits " << printable(user) << "\n";
    return;
  }
  std::vector<std::vector<std::string>> rows;
  rows.reserve(items.size());
  for (const auto& i : items) {
    rows.push_back({std::to_string(i.id), i.kind, printable(i.subject), i.state, formatUtc(i.since),
                    joinList(i.actions)});
  }
  printTable(out, {"ID", "KIND", "SUBJECT", "STATE", "WAITING SINCE", "ACTIONS"}, rows);
}

void printActResult(std::ostream& out, DocumentId document, const ActResult& r) {
  out << "document " << document << ": ";
  if (r.approval) {
    out << "approval recorded (" << r.approvalsGiven << " of " << r.approvalsNeeded << ")";
    if (r.toState == r.fromState) {
      out << ", still in " << r.fromState << "\n";
    } else {
      out << ": " << r.fromState << " → " << r.toState << "\n";
    }
  } else {
    out << r.fromState << " → " << r.toState << "\n";
  }
  if (r.registryNumber) out << "registry number: " << *r.registryNumber << "\n";
}

}  // namespace chancery::cli
