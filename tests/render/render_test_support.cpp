#include "render_test_support.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cstring>
#include <memory>
#include <stdexcept>

#include "pdf_test_support.hpp"

namespace chancery::render::testing {

std::filesystem::path dataDir() { return CHANCERY_RENDER_TEST_DATA; }

std::filesystem::path fixtureTemplatesDir() { return dataDir() / "templates"; }

std::filesystem::path realTemplatesDir() {
  return std::filesystem::path(CHANCERY_SOURCE_DIR) / "templates";
}

DirectoryEntry swissEmbassy() {
  DirectoryEntry e;
  e.id = "ch-embassy-baku";
  e.kind = "foreign-embassy";
  e.language = "fr";
  e.person = "Mr. Jean Dupont";
  e.title = "Ambassador";
  e.email = "embassy.switzerland@mfa-baku.test";
  e.postal = {"Embassy of the Swiss Confederation", "Baku"};
  e.names["en"] = {"Embassy of the Swiss Confederation",
                   "His Excellency Mr. Jean Dupont, Ambassador of the Swiss Confederation",
                   "Excellency,"};
  e.names["fr"] = {"Ambassade de Suisse",
                   "Son Excellence Monsieur Jean Dupont, Ambassadeur de la Confédération suisse",
                   "Excellence,"};
  e.names["az"] = {"İsveçrə Konfederasiyasının Səfirliyi",
                   "Zati-aliləri cənab Jean Dupont, İsveçrə Konfederasiyasının Səfiri",
                   "Zati-aliləri,"};
  return e;
}

DirectoryEntry unSecretaryGeneral() {
  DirectoryEntry e;
  e.id = "un-sg";
  e.kind = "international-organisation";
  e.language = "en";
  e.person = "Mr. António Guterres";
  e.title = "Secretary-General of the United Nations";
  e.email = "sg.office@un.test";
  e.postal = {"United Nations Headquarters", "New York, NY 10017"};
  e.names["en"] = {"United Nations",
                   "His Excellency Mr. António Guterres, Secretary-General of the United Nations",
                   "Excellency,"};
  e.names["fr"] = {"Organisation des Nations Unies",
                   "Son Excellence Monsieur António Guterres, Secrétaire général de "
                   "l'Organisation des Nations Unies",
                   "Excellence,"};
  return e;
}

RenderInput fixtureInput() {
  RenderInput input;
  input.kind = "fixture-note";
  input.language = "en";
  input.classification = "restricted";
  input.subject = "Missing persons: request for cooperation";
  input.number = "NV-0001/2026";
  input.timeMs = parseUtc("2026-11-28T09:41:00Z");
  input.revision = 3;
  input.content =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<fixture-note>\n"
      "  <addressee ref=\"ch-embassy-baku\">Embassy of the Swiss Confederation</addressee>\n"
      "  <paragraph>The Ministry of Foreign Affairs of the Republic of Azerbaijan presents "
      "its compliments to the Embassy of the Swiss Confederation and has the honour to "
      "inform the Embassy that the consultations will be held in Baku.</paragraph>\n"
      "  <paragraph>The delegation will include Ms. Gülşən Əliyeva and Mr. Rəşid Şükürov "
      "(<emphasis>Şıxəli Qurbanov küçəsi 50</emphasis>).</paragraph>\n"
      "  <paragraph>The Ministry avails itself of this opportunity to renew to the Embassy "
      "the assurances of its highest consideration.</paragraph>\n"
      "</fixture-note>\n";
  input.recipients = {swissEmbassy()};
  return input;
}

namespace {

std::string attribute(xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string out = value != nullptr ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return out;
}

std::string text(xmlNode* node) {
  xmlChar* value = xmlNodeGetContent(node);
  std::string out = value != nullptr ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return out;
}

bool named(xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE &&
         std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

}  // namespace

RenderInput inputFromEnvelope(const std::filesystem::path& envelopeFile) {
  std::string bytes = readFile(envelopeFile);
  std::unique_ptr<xmlDoc, void (*)(xmlDoc*)> doc(
      xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
      xmlFreeDoc);
  if (!doc) throw std::runtime_error("not well-formed: " + envelopeFile.string());
  xmlNode* root = xmlDocGetRootElement(doc.get());
  RenderInput input;
  input.kind = attribute(root, "kind");
  input.language = attribute(root, "language");
  input.classification = attribute(root, "classification");
  if (input.classification.empty()) input.classification = "unclassified";
  input.subject = attribute(root, "subject");
  if (xmlHasProp(root, reinterpret_cast<const xmlChar*>("number"))) {
    input.number = attribute(root, "number");
  }
  input.timeMs = parseUtc(attribute(root, "time"));
  input.revision = std::stoi(attribute(root, "revision"));
  for (xmlNode* child = root->children; child != nullptr; child = child->next) {
    if (named(child, "recipient")) {
      DirectoryEntry entry;
      entry.id = attribute(child, "id");
      entry.kind = attribute(child, "kind");
      entry.language = attribute(child, "language");
      DirectoryNames& names = entry.names[input.language];
      for (xmlNode* field = child->children; field != nullptr; field = field->next) {
        if (named(field, "organisation")) names.organisation = text(field);
        if (named(field, "courtesy-title")) names.courtesyTitle = text(field);
        if (named(field, "salutation")) names.salutation = text(field);
        if (named(field, "person")) entry.person = text(field);
        if (named(field, "title")) entry.title = text(field);
        if (named(field, "email")) entry.email = text(field);
        if (named(field, "postal")) {
          for (xmlNode* line = field->children; line != nullptr; line = line->next) {
            if (named(line, "line")) entry.postal.push_back(text(line));
          }
        }
      }
      input.recipients.push_back(std::move(entry));
    } else if (named(child, "content")) {
      for (xmlNode* element = child->children; element != nullptr; element = element->next) {
        if (element->type != XML_ELEMENT_NODE) continue;
        xmlBufferPtr buffer = xmlBufferCreate();
        xmlNodeDump(buffer, doc.get(), element, 0, 0);
        input.content = reinterpret_cast<const char*>(xmlBufferContent(buffer));
        xmlBufferFree(buffer);
      }
    }
  }
  return input;
}

std::filesystem::path realTemplatesWithEmblem() {
  static pdf::testing::TempDir dir;
  static const std::filesystem::path copy = [] {
    std::filesystem::path templates = dir.path() / "templates";
    std::filesystem::copy(realTemplatesDir(), templates, std::filesystem::copy_options::recursive);
    if (!std::filesystem::exists(templates / "emblem.png")) {
      pdf::testing::writeEmblemPng(templates / "emblem.png", 240, 240);
    }
    return templates;
  }();
  return copy;
}

std::string pdfText(const std::string& pdfBytes) {
  pdf::testing::TempDir dir;
  std::filesystem::path file = dir.path() / "out.pdf";
  pdf::testing::writeFile(file, pdfBytes);
  return pdf::testing::runCommand("pdftotext -layout " + pdf::testing::shellQuote(file) + " -");
}

std::vector<std::pair<std::string, std::string>> xmlAttributes(const std::string& xml) {
  std::unique_ptr<xmlDoc, void (*)(xmlDoc*)> doc(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
      xmlFreeDoc);
  if (!doc) throw std::runtime_error("not well-formed XML");
  std::vector<std::pair<std::string, std::string>> attributes;
  xmlNode* node = xmlDocGetRootElement(doc.get());
  while (node != nullptr) {
    for (xmlAttr* a = node->properties; a != nullptr; a = a->next) {
      xmlChar* value = xmlNodeListGetString(doc.get(), a->children, 1);
      attributes.emplace_back(reinterpret_cast<const char*>(a->name),
                              value != nullptr ? reinterpret_cast<const char*>(value) : "");
      xmlFree(value);
    }
    if (node->children != nullptr) {
      node = node->children;
      continue;
    }
    while (node != nullptr && node->next == nullptr) node = node->parent;
    if (node != nullptr) node = node->next;
  }
  return attributes;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

std::string readFile(const std::filesystem::path& path) { return pdf::testing::readFile(path); }

}  // namespace chancery::render::testing
