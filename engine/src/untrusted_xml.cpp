#include "chancery/xml/untrusted_xml.hpp"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace chancery::xml {
namespace {

std::size_t findFrom(std::string_view s, std::string_view what, std::size_t from) {
  std::size_t at = s.find(what, from);
  return at == std::string_view::npos ? s.size() : at + what.size();
}

// Start tags in document order. Inside a well-formed document without a DTD every
// '<' that begins a name starts an element: text and attribute values cannot hold
// a raw '<', and comments, CDATA and processing instructions are skipped.
std::vector<std::pair<std::size_t, std::size_t>> scanStartTags(std::string_view s) {
  std::vector<std::pair<std::size_t, std::size_t>> tags;
  std::size_t i = 0;
  while ((i = s.find('<', i)) != std::string_view::npos) {
    std::string_view rest = s.substr(i);
    if (rest.starts_with("<!--")) {
      i = findFrom(s, "-->", i + 4);
    } else if (rest.starts_with("<![CDATA[")) {
      i = findFrom(s, "]]>", i + 9);
    } else if (rest.starts_with("<?")) {
      i = findFrom(s, "?>", i + 2);
    } else if (rest.starts_with("<!") || rest.starts_with("</")) {
      i = findFrom(s, ">", i + 2);
    } else {
      std::size_t j = i + 1;
      char quote = 0;
      for (; j < s.size(); ++j) {
        char c = s[j];
        if (quote) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '>') {
          break;
        }
      }
      tags.emplace_back(i, j);
      i = j;
    }
  }
  return tags;
}

void collectElements(xmlNode* node, std::vector<xmlNode*>& out) {
  for (xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    out.push_back(n);
    collectElements(n->children, out);
  }
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Parser state shared with the SAX callbacks through ctxt->_private.
struct ParseState {
  Diagnostics* diags;
  std::string_view source;
  const SourceDocument* positions;  // null during parsing
  int depth = 0;
  int maxDepth = 0;
  bool refused = false;
  startElementNsSAX2Func defaultStart = nullptr;
  endElementNsSAX2Func defaultEnd = nullptr;
};

ParseState& stateOf(void* ctx) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
  return *static_cast<ParseState*>(ctxt->_private);
}

SourcePos offsetToPos(std::string_view s, std::size_t offset) {
  SourcePos pos{1, 1};
  for (std::size_t i = 0; i < offset && i < s.size(); ++i) {
    if (s[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      ++pos.column;
    }
  }
  return pos;
}

void onDoctype(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  ParseState& st = stateOf(ctx);
  std::size_t at = st.source.find("<!DOCTYPE");
  st.diags->error(offsetToPos(st.source, at == std::string_view::npos ? 0 : at), "xml-doctype",
                  "a DOCTYPE declaration is not allowed (DTDs and entities are refused for "
                  "safety) — remove the <!DOCTYPE ...> and any entity references");
  st.refused = true;
  xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
}

void onStartElement(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri,
                    int nbNamespaces, const xmlChar** namespaces, int nbAttributes,
                    int nbDefaulted, const xmlChar** attributes) {
  ParseState& st = stateOf(ctx);
  if (++st.depth > st.maxDepth) {
    auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
    st.diags->error({xmlSAX2GetLineNumber(ctxt), xmlSAX2GetColumnNumber(ctxt)}, "xml-too-deep",
                    "elements are nested more than " + std::to_string(st.maxDepth) +
                        " levels deep — flatten the structure");
    st.refused = true;
    xmlStopParser(ctxt);
    return;
  }
  st.defaultStart(ctx, localname, prefix, uri, nbNamespaces, namespaces, nbAttributes,
                  nbDefaulted, attributes);
}

void onEndElement(void* ctx, const xmlChar* localname, const xmlChar* prefix,
                  const xmlChar* uri) {
  ParseState& st = stateOf(ctx);
  --st.depth;
  st.defaultEnd(ctx, localname, prefix, uri);
}

std::string trimmed(const char* message) {
  std::string m = message ? message : "unknown error";
  while (!m.empty() && isSpace(m.back())) m.pop_back();
  return m;
}

void onParserError(void* ctx, xmlErrorPtr error) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
  if (ctxt == nullptr || ctxt->_private == nullptr || error == nullptr) return;
  ParseState& st = *static_cast<ParseState*>(ctxt->_private);
  SourcePos pos{error->line, error->int2};
  std::string message = trimmed(error->message);
  if (error->level == XML_ERR_WARNING) {
    st.diags->warning(pos, "xml-warning", message);
  } else if (!st.refused) {
    // Only the first: what libxml2 reports after it is mostly a consequence.
    st.refused = true;
    st.diags->error(pos, "xml-malformed",
                    "not well-formed XML: " + message + " — correct the XML syntax here");
  }
}

}  // namespace

std::size_t firstInvalidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (int k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

SourceDocument::SourceDocument(std::string source, DocPtr doc)
    : source_(std::move(source)), doc_(std::move(doc)) {
  lineStarts_.push_back(0);
  for (std::size_t i = 0; i < source_.size(); ++i) {
    if (source_[i] == '\n') lineStarts_.push_back(i + 1);
  }
  std::vector<xmlNode*> elements;
  collectElements(root(), elements);
  auto tags = scanStartTags(source_);
  if (tags.size() == elements.size()) {
    spans_.reserve(tags.size());
    for (std::size_t i = 0; i < tags.size(); ++i) {
      spans_.push_back({elements[i], tags[i].first, tags[i].second});
    }
    std::sort(spans_.begin(), spans_.end(),
              [](const TagSpan& a, const TagSpan& b) { return a.node < b.node; });
  }
}

const SourceDocument::TagSpan* SourceDocument::spanOf(const xmlNode* node) const {
  auto it = std::lower_bound(spans_.begin(), spans_.end(), node,
                             [](const TagSpan& s, const xmlNode* n) { return s.node < n; });
  return (it != spans_.end() && it->node == node) ? &*it : nullptr;
}

SourcePos SourceDocument::positionAtOffset(std::size_t offset) const {
  auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  std::size_t lineIndex = static_cast<std::size_t>(it - lineStarts_.begin()) - 1;
  int column = 1;
  for (std::size_t i = lineStarts_[lineIndex]; i < offset && i < source_.size(); ++i) {
    if ((static_cast<unsigned char>(source_[i]) & 0xC0) != 0x80) ++column;
  }
  return {static_cast<int>(lineIndex) + 1, column};
}

SourcePos SourceDocument::positionOf(const xmlNode* node) const {
  if (node == nullptr) return {};
  if (node->type == XML_ATTRIBUTE_NODE) {
    return positionOf(node->parent, reinterpret_cast<const char*>(node->name));
  }
  if (const TagSpan* span = spanOf(node)) return positionAtOffset(span->begin);
  return {static_cast<int>(xmlGetLineNo(node)), 0};
}

SourcePos SourceDocument::positionOf(const xmlNode* element, std::string_view attribute) const {
  const TagSpan* span = spanOf(element);
  if (span == nullptr) return positionOf(element);
  std::string_view tag(source_.data() + span->begin, span->end - span->begin);
  char quote = 0;
  for (std::size_t k = 1; k + attribute.size() < tag.size(); ++k) {
    char c = tag[k];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
      continue;
    }
    if (!isSpace(tag[k - 1]) || tag.compare(k, attribute.size(), attribute) != 0) continue;
    std::size_t after = k + attribute.size();
    while (after < tag.size() && isSpace(tag[after])) ++after;
    if (after < tag.size() && tag[after] == '=') return positionAtOffset(span->begin + k);
  }
  return positionAtOffset(span->begin);
}

bool readFileLimited(const std::string& path, std::size_t maxBytes, std::string& out,
                     Diagnostics& diags) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    diags.error({}, "file-unreadable",
                std::string("cannot open the file: ") + std::strerror(errno) +
                    " — check the path and permissions");
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    diags.error({}, "file-unreadable", "not a regular file — give the path of an XML file");
    return false;
  }
  if (static_cast<std::size_t>(st.st_size) > maxBytes) {
    diags.error({}, "xml-too-large",
                "the file is " + std::to_string(st.st_size) + " bytes; the limit is " +
                    std::to_string(maxBytes) + " bytes — is this the right file?");
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error({}, "file-unreadable", "cannot open the file — check permissions");
    return false;
  }
  out.assign(static_cast<std::size_t>(st.st_size), '\0');
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  out.resize(static_cast<std::size_t>(in.gcount()));
  // The file may have grown between stat and read: read one more byte to be sure.
  if (in.peek() != std::char_traits<char>::eof()) {
    diags.error({}, "xml-too-large",
                "the file grew while being read; the limit is " + std::to_string(maxBytes) +
                    " bytes");
    return false;
  }
  return true;
}

std::unique_ptr<SourceDocument> parseUntrusted(std::string bytes, const Limits& limits,
                                               Diagnostics& diags) {
  if (bytes.size() > limits.maxBytes) {
    diags.error({1, 1}, "xml-too-large",
                "the input is " + std::to_string(bytes.size()) + " bytes; the limit is " +
                    std::to_string(limits.maxBytes) + " bytes");
    return nullptr;
  }
  if (std::size_t bad = firstInvalidUtf8(bytes); bad != std::string::npos) {
    bool nul = bytes[bad] == '\0';
    diags.error(offsetToPos(bytes, bad), "xml-encoding",
                nul ? "the file contains a NUL byte, so it is not a text file — give an XML "
                      "file saved as UTF-8"
                    : "the text is not valid UTF-8 (byte " + std::to_string(bad) +
                          ") — save the file as UTF-8");
    return nullptr;
  }
  if (bytes.find_first_not_of(" \t\r\n\xEF\xBB\xBF") == std::string::npos) {
    diags.error({1, 1}, "xml-malformed", "the file is empty — give an XML document");
    return nullptr;
  }

  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(xmlNewParserCtxt(),
                                                                    &xmlFreeParserCtxt);
  if (!ctxt) throw std::bad_alloc();
  ParseState state{&diags, bytes, nullptr};
  state.maxDepth = limits.maxDepth;
  xmlSAXHandler* sax = ctxt->sax;
  state.defaultStart = sax->startElementNs;
  state.defaultEnd = sax->endElementNs;
  sax->internalSubset = onDoctype;
  sax->externalSubset = onDoctype;
  sax->startElementNs = onStartElement;
  sax->endElementNs = onEndElement;
  sax->serror = onParserError;
  ctxt->_private = &state;

  const int options = XML_PARSE_NONET | XML_PARSE_IGNORE_ENC | XML_PARSE_NOCDATA;
  xmlDoc* raw = xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()),
                                  nullptr, "UTF-8", options);
  DocPtr doc(raw);
  ctxt->_private = nullptr;
  if (state.refused || !doc || diags.hasErrors()) {
    if (!diags.hasErrors()) {
      diags.error({1, 1}, "xml-malformed", "the file could not be parsed as XML");
    }
    return nullptr;
  }
  return std::make_unique<SourceDocument>(std::move(bytes), std::move(doc));
}

std::unique_ptr<SourceDocument> loadUntrustedFile(const std::string& path, const Limits& limits,
                                                  Diagnostics& diags) {
  std::string bytes;
  if (!readFileLimited(path, limits.maxBytes, bytes, diags)) return nullptr;
  return parseUntrusted(std::move(bytes), limits, diags);
}

}  // namespace chancery::xml
