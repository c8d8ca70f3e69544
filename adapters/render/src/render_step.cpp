#include "chancery/render/render_step.hpp"

#include <libxml/tree.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "chancery/diagnostics.hpp"
#include "chancery/xml/untrusted_xml.hpp"

namespace chancery::render {
namespace {

// The ref attributes of the content's <addressee> elements; none when the content does
// not parse (the renderer then reports the content itself).
std::vector<std::string> addresseeRefs(const std::string& content) {
  std::vector<std::string> refs;
  xml::Limits limits;
  limits.maxBytes = RendererOptions{}.maxContentBytes;
  Diagnostics diagnostics("content");
  auto doc = xml::parseUntrusted(content, limits, diagnostics);
  if (!doc) return refs;
  std::vector<xmlNode*> stack{doc->root()};
  while (!stack.empty()) {
    xmlNode* node = stack.back();
    stack.pop_back();
    for (xmlNode* n = node; n != nullptr; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      if (std::strcmp(reinterpret_cast<const char*>(n->name), "addressee") == 0) {
        if (xmlChar* ref = xmlGetNoNsProp(n, reinterpret_cast<const xmlChar*>("ref"))) {
          refs.emplace_back(reinterpret_cast<const char*>(ref));
          xmlFree(ref);
        }
      }
      if (n->children != nullptr) stack.push_back(n->children);
    }
  }
  return refs;
}

}  // namespace

RenderInput renderInputFor(Engine& engine, DocumentId document) {
  DocumentView view = engine.document(document);
  RenderInput input;
  input.kind = view.kind;
  input.language = view.language;
  input.classification = view.classification;
  input.subject = view.subject;
  input.number = view.registryNumber;
  input.timeMs = view.registeredAt.value_or(view.createdAt);
  input.revision = view.revision;
  input.content = view.content;

  std::vector<std::string> ids = view.recipients;
  for (std::string& ref : addresseeRefs(view.content)) {
    if (std::find(ids.begin(), ids.end(), ref) == ids.end()) ids.push_back(std::move(ref));
  }
  for (const std::string& id : ids) {
    if (std::optional<DirectoryEntry> entry = engine.directoryEntry(id)) {
      input.recipients.push_back(std::move(*entry));
    }
  }
  return input;
}

std::vector<Format> stepFormats(const workflow::Step& step) {
  const std::string* param = step.param("formats");
  if (param == nullptr) {
    throw std::invalid_argument("the render step has no formats: give formats=\"pdf html text\"");
  }
  std::vector<Format> formats;
  std::istringstream words(*param);
  std::string word;
  while (words >> word) {
    std::optional<Format> format = parseFormat(word);
    if (!format) {
      throw std::invalid_argument("the render step asks for the format '" + word +
                                  "': the formats are pdf, html and text");
    }
    if (std::find(formats.begin(), formats.end(), *format) == formats.end()) {
      formats.push_back(*format);
    }
  }
  if (formats.empty()) {
    throw std::invalid_argument("the render step has no formats: give formats=\"pdf html text\"");
  }
  return formats;
}

void RenderStep::run(DocumentId document, const workflow::Step& step, const std::string&) {
  std::vector<Format> formats = stepFormats(step);
  RenderInput input = renderInputFor(engine_, document);
  std::vector<Format> missing;
  for (Format format : formats) {
    if (!engine_.artifact(document, input.revision, formatName(format))) missing.push_back(format);
  }
  if (missing.empty()) return;  // a rerun after a crash: all stored already
  std::vector<Rendition> renditions = renderer_.render(input, missing);
  for (const Rendition& r : renditions) {
    engine_.storeArtifact(document, input.revision, formatName(r.format), r.mediaType, r.bytes);
  }
}

}  // namespace chancery::render
