#include "envelope.hpp"

#include <libxml/tree.h>

#include <algorithm>
#include <cstring>

#include "chancery/diagnostics.hpp"
#include "chancery/xml/untrusted_xml.hpp"

namespace chancery::render::detail {
namespace {

constexpr int kMaxContentDepth = 64;

const xmlChar* x(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
const xmlChar* x(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

std::string mebibytes(std::size_t bytes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return buffer;
}

// Throws ContentError unless `text` is UTF-8 that XML 1.0 can carry.
void checkText(const std::string& text, const std::string& what) {
  std::size_t bad = xml::firstInvalidUtf8(text);
  if (bad != std::string::npos) {
    throw ContentError(what + " is not valid UTF-8 (byte " + std::to_string(bad) + ")");
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      throw ContentError(what + " contains the control character U+00" +
                         "0123456789ABCDEF"[c >> 4] + "0123456789ABCDEF"[c & 15] +
                         ", which XML cannot carry: remove it");
    }
    // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters either.
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
        static_cast<unsigned char>(text[i + 2]) >= 0xBE) {
      throw ContentError(what + " contains U+FFFE or U+FFFF, which XML cannot carry");
    }
  }
}

bool isLower(char c) { return c >= 'a' && c <= 'z'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlnum(char c) { return isLower(c) || isDigit(c) || (c >= 'A' && c <= 'Z'); }

void collectAddresseeRefs(xmlNode* node, std::vector<std::string>& refs) {
  for (xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (std::strcmp(reinterpret_cast<const char*>(n->name), "addressee") == 0) {
      if (xmlChar* ref = xmlGetNoNsProp(n, x("ref"))) {
        std::string id = reinterpret_cast<const char*>(ref);
        xmlFree(ref);
        if (!id.empty() && std::find(refs.begin(), refs.end(), id) == refs.end()) {
          refs.push_back(std::move(id));
        }
      }
    }
    collectAddresseeRefs(n->children, refs);
  }
}

void addText(xmlNode* parent, const char* name, const std::string& value, const std::string& what) {
  if (value.empty()) return;
  checkText(value, what);
  xmlNewTextChild(parent, nullptr, x(name), x(value));
}

void setAttribute(xmlNode* element, const char* name, const std::string& value,
                  const std::string& what) {
  checkText(value, what);
  xmlNewProp(element, x(name), x(value));
}

void addRecipient(xmlNode* document, const DirectoryEntry& entry, const std::string& language) {
  const std::string where = "the directory entry '" + entry.id + "'";
  xmlNode* recipient = xmlNewChild(document, nullptr, x("recipient"), nullptr);
  setAttribute(recipient, "id", entry.id, where + ": its id");
  setAttribute(recipient, "kind", entry.kind, where + ": its kind");
  setAttribute(recipient, "language", entry.language, where + ": its language");
  const DirectoryNames* names = entry.namesIn(language);
  if (names != nullptr) addText(recipient, "organisation", names->organisation, where);
  addText(recipient, "person", entry.person, where);
  addText(recipient, "title", entry.title, where);
  if (names != nullptr) {
    addText(recipient, "courtesy-title", names->courtesyTitle, where);
    addText(recipient, "salutation", names->salutation, where);
  }
  if (!entry.postal.empty()) {
    xmlNode* postal = xmlNewChild(recipient, nullptr, x("postal"), nullptr);
    for (const std::string& line : entry.postal) {
      checkText(line, where + ": its postal address");
      xmlNewTextChild(postal, nullptr, x("line"), x(line));
    }
  }
  addText(recipient, "email", entry.email, where);
}

}  // namespace

void checkTemplateNames(const std::string& kind, const std::string& language) {
  bool kindOk = !kind.empty() && kind.size() <= 64 && (isLower(kind[0]) || isDigit(kind[0])) &&
                std::all_of(kind.begin(), kind.end(),
                            [](char c) { return isLower(c) || isDigit(c) || c == '-'; });
  if (!kindOk) {
    throw ContentError("the document kind '" + kind +
                       "' cannot name a template (lower-case letters, digits and '-')");
  }
  // BCP 47-like: 2 or 3 lower-case letters, then "-subtag"s of 1 to 8 letters or digits.
  bool languageOk = language.size() >= 2 && language.size() <= 35;
  std::size_t i = 0;
  while (languageOk && i < language.size() && isLower(language[i])) ++i;
  languageOk = languageOk && (i == 2 || i == 3);
  while (languageOk && i < language.size()) {
    if (language[i] != '-') {
      languageOk = false;
      break;
    }
    std::size_t start = ++i;
    while (i < language.size() && isAlnum(language[i])) ++i;
    languageOk = i - start >= 1 && i - start <= 8;
  }
  if (!languageOk) {
    throw ContentError("the language '" + language +
                       "' is not a language tag such as en, fr or az");
  }
}

Envelope buildEnvelope(const RenderInput& input, const RendererOptions& options) {
  const std::size_t maxContentBytes = options.maxContentBytes;
  checkTemplateNames(input.kind, input.language);
  if (input.content.size() > maxContentBytes) {
    throw ContentError("the content is " + mebibytes(input.content.size()) +
                       "; the renderer takes at most " + mebibytes(maxContentBytes) +
                       ": split the document or move material to annexes");
  }
  xml::Limits limits;
  limits.maxBytes = maxContentBytes;
  limits.maxDepth = kMaxContentDepth;
  Diagnostics diagnostics("content");
  std::unique_ptr<xml::SourceDocument> content =
      xml::parseUntrusted(input.content, limits, diagnostics);
  if (!content) {
    std::string message = "the content cannot be rendered:";
    for (const Diagnostic& d : diagnostics.all()) message += " " + formatDiagnostic(d) + ";";
    if (diagnostics.all().empty()) message += " it is not well-formed XML";
    throw ContentError(message);
  }

  Envelope envelope;
  envelope.doc.reset(xmlNewDoc(x("1.0")));
  xmlDoc* doc = envelope.doc.get();
  xmlNode* root = xmlNewDocNode(doc, nullptr, x("document"), nullptr);
  xmlDocSetRootElement(doc, root);

  std::string time = formatUtc(input.timeMs);
  setAttribute(root, "kind", input.kind, "the kind");
  setAttribute(root, "language", input.language, "the language");
  setAttribute(root, "classification", input.classification, "the classification");
  if (input.number) setAttribute(root, "number", *input.number, "the registry number");
  setAttribute(root, "date", options.timeZone.localDate(input.timeMs), "the date");
  setAttribute(root, "time", time, "the time");
  setAttribute(root, "subject", input.subject, "the subject");
  setAttribute(root, "revision", std::to_string(input.revision), "the revision");

  std::vector<std::string> refs;
  collectAddresseeRefs(content->root(), refs);
  if (refs.empty()) {
    if (!input.recipients.empty()) addRecipient(root, input.recipients.front(), input.language);
  } else {
    for (const std::string& ref : refs) {
      auto found = std::find_if(input.recipients.begin(), input.recipients.end(),
                                [&](const DirectoryEntry& e) { return e.id == ref; });
      if (found != input.recipients.end()) {
        addRecipient(root, *found, input.language);
      } else {
        envelope.notes.push_back("the content addresses '" + ref +
                                 "', which is not a recipient found in the directory: the "
                                 "template gets no <recipient> for it");
      }
    }
  }

  xmlNode* holder = xmlNewChild(root, nullptr, x("content"), nullptr);
  xmlNode* copy = xmlDocCopyNode(content->root(), doc, 1);
  if (copy == nullptr) throw std::bad_alloc();
  xmlAddChild(holder, copy);
  return envelope;
}

}  // namespace chancery::render::detail
