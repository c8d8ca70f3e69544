// The recipient directory: imported from XML, read by the renderer and dispatch.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include "chancery/xml/untrusted_xml.hpp"
#include "engine_impl.hpp"

namespace chancery {
namespace {

const std::set<std::string> kKinds = {"foreign-embassy", "own-embassy", "permanent-mission",
                                      "international-organisation", "media"};

std::string attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetNoNsProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string out = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return out;
}

std::string text(const xmlNode* n) {
  xmlChar* v = xmlNodeGetContent(n);
  std::string raw = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  std::string out;
  bool space = false;
  for (char c : raw) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

bool named(const xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE &&
         std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

bool plainText(const std::string& s, std::size_t max) {
  return s.size() <= max && std::none_of(s.begin(), s.end(), [](char c) {
           return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
         });
}

bool validId(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
  });
}

}  // namespace

// A plain RFC 5321 mailbox: local@domain, no spaces, quotes, brackets or controls.
bool validEmailAddress(const std::string& s) {
  if (s.size() < 3 || s.size() > 254) return false;
  std::size_t at = s.find('@');
  if (at == std::string::npos || at == 0 || at > 64 || s.find('@', at + 1) != std::string::npos) {
    return false;
  }
  std::string domain = s.substr(at + 1);
  if (domain.empty() || domain.find('.') == std::string::npos || domain.front() == '.' ||
      domain.back() == '.' || domain.find("..") != std::string::npos) {
    return false;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool ok = std::isalnum(c) || std::strchr(i < at ? ".!#$%&'*+-/=?^_`{|}~" : ".-", c) != nullptr;
    if (i != at && !ok) return false;
  }
  return true;
}

const DirectoryNames* DirectoryEntry::namesIn(const std::string& lang) const {
  for (const std::string& l : {lang, language}) {
    auto it = names.find(l);
    if (it != names.end()) return &it->second;
  }
  return names.empty() ? nullptr : &names.begin()->second;
}

DirectoryImport Engine::importDirectory(const std::string& xmlText, const std::string& sourceName,
                                        const std::string& actor) {
  Diagnostics diags(sourceName);
  xml::Limits limits;
  limits.maxBytes = 16 << 20;
  auto doc = xml::parseUntrusted(xmlText, limits, diags);
  std::vector<DirectoryEntry> entries;
  if (doc) {
    const xmlNode* root = doc->root();
    if (!named(root, "directory")) {
      diags.error(doc->positionOf(root), "not-a-directory",
                  "the root element must be <directory> — is this a directory file?");
    } else {
      std::set<std::string> seen;
      for (const xmlNode* n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (!named(n, "entry")) {
          diags.error(doc->positionOf(n), "directory-element",
                      std::string("<") + reinterpret_cast<const char*>(n->name) +
                          "> is not allowed here — a directory holds <entry> elements");
          continue;
        }
        DirectoryEntry e;
        e.id = attr(n, "id");
        e.kind = attr(n, "kind");
        e.language = attr(n, "language");
        e.email = attr(n, "email");
        auto problem = [&](const char* attribute, const std::string& message) {
          diags.error(doc->positionOf(n, attribute), "directory-entry", message);
        };
        if (!validId(e.id)) {
          problem("id", "entry id '" + e.id + "' — use lower-case letters, digits, '-', '.', '_'");
        } else if (!seen.insert(e.id).second) {
          problem("id", "entry id '" + e.id + "' appears twice — keep one");
        }
        if (!kKinds.count(e.kind)) {
          problem("kind", "kind '" + e.kind + "' — use foreign-embassy, own-embassy, "
                          "permanent-mission, international-organisation or media");
        }
        if (e.language.size() != 2) problem("language", "language — give a code such as en");
        if (!validEmailAddress(e.email)) {
          problem("email", "email '" + e.email + "' is not a plain address like name@host.test");
        }
        for (const xmlNode* c = n->children; c; c = c->next) {
          if (named(c, "person")) {
            e.person = text(c);
          } else if (named(c, "title")) {
            e.title = text(c);
          } else if (named(c, "postal")) {
            for (const xmlNode* l = c->children; l; l = l->next) {
              if (named(l, "line")) e.postal.push_back(text(l));
            }
          } else if (named(c, "names")) {
            std::string lang = attr(c, "lang");
            DirectoryNames names{attr(c, "organisation"), attr(c, "courtesy-title"),
                                 attr(c, "salutation")};
            if (lang.size() != 2 || names.organisation.empty()) {
              diags.error(doc->positionOf(c), "directory-entry",
                          "<names> needs lang=\"xx\" and organisation=\"...\"");
            }
            e.names[lang] = names;
          } else if (c->type == XML_ELEMENT_NODE) {
            diags.error(doc->positionOf(c), "directory-element",
                        std::string("<") + reinterpret_cast<const char*>(c->name) +
                            "> is not allowed in an entry — use person, title, names, postal");
          }
        }
        if (e.names.empty()) {
          diags.error(doc->positionOf(n), "directory-entry",
                      "entry '" + e.id + "' has no <names lang=... organisation=...>");
        }
        bool textOk = plainText(e.person, 300) && plainText(e.title, 300);
        for (const auto& l : e.postal) textOk = textOk && plainText(l, 300);
        for (const auto& [lang, nm] : e.names) {
          textOk = textOk && plainText(nm.organisation, 300) && plainText(nm.courtesyTitle, 500) &&
                   plainText(nm.salutation, 200);
        }
        if (!textOk) {
          diags.error(doc->positionOf(n), "directory-entry",
                      "entry '" + e.id + "' has text that is too long or holds control characters");
        }
        entries.push_back(std::move(e));
      }
    }
  }
  if (diags.hasErrors()) {
    std::string message = "the directory is refused; nothing was imported:";
    for (const auto& d : diags.all()) message += "\n  " + formatDiagnostic(d);
    throw RuleError(RuleErrorKind::kInvalidInput, message);
  }
  DirectoryImport result;
  store_.write([&](soci::session& sql) {
    result = DirectoryImport{};
    Millis now = clock_.nowMs();
    for (const auto& e : entries) {
      std::string postal;
      for (const auto& l : e.postal) postal += (postal.empty() ? "" : "\n") + l;
      auto existing = impl_->directoryEntry(sql, e.id);
      if (existing) {
        bool same = existing->kind == e.kind && existing->language == e.language &&
                    existing->person == e.person && existing->title == e.title &&
                    existing->email == e.email && existing->postal == e.postal;
        for (const auto& [lang, nm] : e.names) {
          auto it = existing->names.find(lang);
          same = same && it != existing->names.end() &&
                 it->second.organisation == nm.organisation &&
                 it->second.courtesyTitle == nm.courtesyTitle &&
                 it->second.salutation == nm.salutation;
        }
        same = same && existing->names.size() == e.names.size();
        if (same) {
          ++result.unchanged;
          continue;
        }
        sql << "DELETE FROM directory_names WHERE entry_id = :id", soci::use(e.id);
        sql << "UPDATE directory_entries SET kind = :k, language = :l, person = :p, title = :t, "
               "email = :e, postal = :post, updated_at_ms = :now WHERE id = :id",
            soci::use(e.kind), soci::use(e.language), soci::use(e.person), soci::use(e.title),
            soci::use(e.email), soci::use(postal), soci::use(now), soci::use(e.id);
        ++result.updated;
      } else {
        sql << "INSERT INTO directory_entries (id, kind, language, person, title, email, postal, "
               "updated_at_ms) VALUES (:id, :k, :l, :p, :t, :e, :post, :now)",
            soci::use(e.id), soci::use(e.kind), soci::use(e.language), soci::use(e.person),
            soci::use(e.title), soci::use(e.email), soci::use(postal), soci::use(now);
        ++result.added;
      }
      for (const auto& [lang, nm] : e.names) {
        sql << "INSERT INTO directory_names (entry_id, language, organisation, courtesy_title, "
               "salutation) VALUES (:id, :l, :o, :c, :s)",
            soci::use(e.id), soci::use(lang), soci::use(nm.organisation),
            soci::use(nm.courtesyTitle), soci::use(nm.salutation);
      }
    }
    detail::appendEvent(store_, sql,
                        {now, std::nullopt, actor, "directory-imported", "", "", "", "",
                         "source=" + sourceName + " added=" + std::to_string(result.added) +
                             " updated=" + std::to_string(result.updated) +
                             " unchanged=" + std::to_string(result.unchanged)});
  });
  return result;
}

std::optional<DirectoryEntry> Engine::Impl::directoryEntry(soci::session& sql,
                                                           const std::string& id) {
  DirectoryEntry e;
  std::string postal;
  sql << "SELECT id, kind, language, person, title, email, postal FROM directory_entries WHERE "
         "id = :id",
      soci::use(id), soci::into(e.id), soci::into(e.kind), soci::into(e.language),
      soci::into(e.person), soci::into(e.title), soci::into(e.email), soci::into(postal);
  if (!sql.got_data()) return std::nullopt;
  std::size_t start = 0;
  while (start < postal.size()) {
    std::size_t nl = postal.find('\n', start);
    e.postal.push_back(postal.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  std::string lang;
  DirectoryNames names;
  soci::statement st =
      (sql.prepare << "SELECT language, organisation, courtesy_title, salutation FROM "
                      "directory_names WHERE entry_id = :id ORDER BY language",
       soci::use(id), soci::into(lang), soci::into(names.organisation),
       soci::into(names.courtesyTitle), soci::into(names.salutation));
  st.execute();
  while (st.fetch()) e.names[lang] = names;
  return e;
}

std::optional<DirectoryEntry> Engine::directoryEntry(const std::string& id) {
  std::optional<DirectoryEntry> e;
  store_.read([&](soci::session& sql) { e = impl_->directoryEntry(sql, id); });
  return e;
}

std::vector<DirectoryEntry> Engine::directory() {
  std::vector<DirectoryEntry> out;
  store_.read([&](soci::session& sql) {
    std::vector<std::string> ids;
    std::string id;
    soci::statement st = (sql.prepare << "SELECT id FROM directory_entries ORDER BY id",
                          soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
    for (const auto& i : ids) {
      if (auto e = impl_->directoryEntry(sql, i)) out.push_back(std::move(*e));
    }
  });
  return out;
}

}  // namespace chancery
