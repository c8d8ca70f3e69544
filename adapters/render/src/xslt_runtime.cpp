#include "xslt_runtime.hpp"

#include <libexslt/exslt.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxslt/documents.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltutils.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>

#include "chancery/render/errors.hpp"
#include "chancery/xml/untrusted_xml.hpp"

namespace chancery::render::detail {
namespace {

// Templates and the files they read (settings.xml) are small; this only stops a stray
// link to something huge.
constexpr std::uintmax_t kMaxTemplateFileBytes = 8u << 20;
constexpr std::size_t kMaxSummaryBytes = 2000;

thread_local XsltScope* tScope = nullptr;

xsltSecurityPrefsPtr gPrefs = nullptr;
xmlGenericErrorFunc gPreviousXsltError = nullptr;
void* gPreviousXsltErrorContext = nullptr;

std::string vformat(const char* format, va_list args) {
  va_list copy;
  va_copy(copy, args);
  char small[512];
  // The analyzer cannot see that every caller va_start()ed `args`.
  int n = std::vsnprintf(small, sizeof small, format, copy);  // NOLINT(clang-analyzer-valist.*)
  va_end(copy);
  if (n < 0) return format;
  if (static_cast<std::size_t>(n) < sizeof small)
    return std::string(small, static_cast<std::size_t>(n));
  std::string big(static_cast<std::size_t>(n) + 1, '\0');
  std::vsnprintf(big.data(), big.size(), format, args);
  big.resize(static_cast<std::size_t>(n));
  return big;
}

// libxml2's and libxslt's printf-style handlers: `context` is the ErrorSink.
void reportToSink(void* context, const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::string text = vformat(format, args);
  va_end(args);
  static_cast<ErrorSink*>(context)->add(text);
}

void reportStructuredToSink(void* context, xmlErrorPtr error) {
  if (error == nullptr) return;
  std::string text;
  if (error->file != nullptr) text += error->file;
  if (error->line > 0) text += ":" + std::to_string(error->line);
  if (!text.empty()) text += ": ";
  text += error->message != nullptr ? error->message : "unknown libxml2 error";
  static_cast<ErrorSink*>(context)->add(text);
}

// libxslt's process-wide generic error function: into the thread's scope, else to the
// handler that was installed before the renderer's.
void reportXsltError(void*, const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::string text = vformat(format, args);
  va_end(args);
  if (tScope != nullptr) {
    tScope->sink().add(text);
  } else if (gPreviousXsltError != nullptr) {
    gPreviousXsltError(gPreviousXsltErrorContext, "%s", text.c_str());
  }
}

int refuse(xsltTransformContextPtr, const std::string& what) {
  if (tScope != nullptr) tScope->sink().refuse(what);
  return 0;
}

std::string valueOf(const char* value) { return value != nullptr ? value : "(nothing)"; }

// "reading the file X (templates may read only files in ROOT)", with where X leads when
// a link or ".." makes it another file.
std::string readRefusal(const std::filesystem::path& file) {
  std::string what = "reading the file " + file.string();
  std::error_code ec;
  std::filesystem::path resolved =
      std::filesystem::weakly_canonical(std::filesystem::absolute(file, ec), ec);
  if (!ec && resolved != file) what += ", which is " + resolved.string() + ",";
  std::string root = tScope != nullptr ? tScope->root().string() : "(no templates directory)";
  return what + " (templates may read only files in " + root + ")";
}

int checkReadFile(xsltSecurityPrefsPtr, xsltTransformContextPtr context, const char* value) {
  if (tScope != nullptr && value != nullptr && isBelow(tScope->root(), value)) return 1;
  return refuse(context, value != nullptr ? readRefusal(value) : "reading a file without a name");
}

int refuseWriteFile(xsltSecurityPrefsPtr, xsltTransformContextPtr context, const char* value) {
  return refuse(context, "writing the file " + valueOf(value));
}

int refuseCreateDirectory(xsltSecurityPrefsPtr, xsltTransformContextPtr context,
                          const char* value) {
  return refuse(context, "creating the directory " + valueOf(value));
}

int refuseReadNetwork(xsltSecurityPrefsPtr, xsltTransformContextPtr context, const char* value) {
  return refuse(context, "reading " + valueOf(value) + " from the network");
}

int refuseWriteNetwork(xsltSecurityPrefsPtr, xsltTransformContextPtr context, const char* value) {
  return refuse(context, "writing " + valueOf(value) + " to the network");
}

// The local file a URI names: a path, or a file: URI; nullopt for anything else.
std::optional<std::filesystem::path> localPath(const char* uri) {
  if (uri == nullptr || *uri == '\0') return std::nullopt;
  xmlURIPtr parsed = xmlParseURI(uri);
  if (parsed == nullptr) return std::nullopt;
  std::optional<std::filesystem::path> path;
  bool local = parsed->scheme == nullptr || std::strcmp(parsed->scheme, "file") == 0;
  bool noHost = parsed->server == nullptr || *parsed->server == '\0' ||
                std::strcmp(parsed->server, "localhost") == 0;
  if (local && noHost && parsed->path != nullptr && parsed->query == nullptr) {
    path = std::filesystem::path(parsed->path);
  }
  xmlFreeURI(parsed);
  return path;
}

bool readSmallFile(const std::filesystem::path& file, std::string& bytes, std::string& problem) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    problem = "there is no file " + file.string();
    return false;
  }
  std::uintmax_t size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxTemplateFileBytes) {
    problem = file.string() + " is larger than 8 MiB or cannot be read";
    return false;
  }
  std::ifstream in(file, std::ios::binary);
  bytes.assign(static_cast<std::size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    problem = file.string() + " cannot be read";
    return false;
  }
  return true;
}

// libxslt's document loader (stylesheets, their imports and includes, and document()):
// local files below the scope's root only, parsed without network, DTD or entities.
xmlDocPtr loadDocument(const xmlChar* uri, xmlDictPtr dict, int options, void*, xsltLoadType) {
  const char* text = reinterpret_cast<const char*>(uri);
  if (tScope == nullptr) return nullptr;
  std::optional<std::filesystem::path> file = localPath(text);
  if (!file) {
    tScope->sink().refuse("loading " + valueOf(text) + " (only local files can be read)");
    return nullptr;
  }
  if (!isBelow(tScope->root(), *file)) {
    tScope->sink().refuse(readRefusal(*file));
    return nullptr;
  }
  std::string bytes;
  std::string problem;
  if (!readSmallFile(*file, bytes, problem)) {
    tScope->sink().add(problem);
    return nullptr;
  }
  xmlParserCtxtPtr parser = xmlNewParserCtxt();
  if (parser == nullptr) return nullptr;
  if (dict != nullptr) {
    if (parser->dict != nullptr) xmlDictFree(parser->dict);
    parser->dict = dict;
    xmlDictReference(dict);
  }
  int safe = (options | XML_PARSE_NONET | XML_PARSE_NOCDATA) &
             ~(XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_DTDATTR | XML_PARSE_DTDVALID |
               XML_PARSE_XINCLUDE | XML_PARSE_HUGE);
  xmlDocPtr doc =
      xmlCtxtReadMemory(parser, bytes.data(), static_cast<int>(bytes.size()), text, nullptr, safe);
  bool wellFormed = parser->wellFormed != 0;
  xmlFreeParserCtxt(parser);
  if (doc != nullptr && !wellFormed) {
    xmlFreeDoc(doc);
    doc = nullptr;
  }
  if (doc != nullptr && doc->intSubset != nullptr) {
    tScope->sink().add(file->string() +
                       ": a DOCTYPE is not allowed in templates or in the files they read");
    xmlFreeDoc(doc);
    return nullptr;
  }
  return doc;
}

bool usesDisableOutputEscaping(xmlNode* root) {
  // Iterative walk: result trees may be deep.
  xmlNode* node = root->children;
  while (node != nullptr) {
    if (node->type == XML_TEXT_NODE && node->name != nullptr &&
        std::strcmp(reinterpret_cast<const char*>(node->name),
                    reinterpret_cast<const char*>(xmlStringTextNoenc)) == 0) {
      return true;
    }
    if (node->children != nullptr && node->type == XML_ELEMENT_NODE) {
      node = node->children;
      continue;
    }
    while (node->next == nullptr) {
      node = node->parent;
      if (node == nullptr || node == root) return false;
    }
    node = node->next;
  }
  return false;
}

std::string since(const ErrorSink& sink, std::size_t mark) {
  ErrorSink part;
  part.messages = sink.messages.substr(std::min(mark, sink.messages.size()));
  return part.summary();
}

XsltScope& requireScope() {
  if (tScope == nullptr) throw std::logic_error("chancery::render: no XsltScope on this thread");
  return *tScope;
}

}  // namespace

void ErrorSink::add(std::string_view message) {
  messages += message;
  if (!messages.empty() && messages.back() != '\n') messages.push_back('\n');
}

void ErrorSink::refuse(std::string what) {
  add("refused: " + what);
  refusals.push_back(std::move(what));
}

std::string ErrorSink::summary() const {
  std::string out;
  std::size_t start = 0;
  std::string previous;
  while (start < messages.size()) {
    std::size_t end = messages.find('\n', start);
    if (end == std::string::npos) end = messages.size();
    std::string line = messages.substr(start, end - start);
    start = end + 1;
    std::size_t a = line.find_first_not_of(" \t\r");
    if (a == std::string::npos) continue;
    line = line.substr(a, line.find_last_not_of(" \t\r") - a + 1);
    // libxslt prints "error" or "warning" on a line of its own before the message.
    if (line == previous || line == "error" || line == "warning") continue;
    previous = line;
    if (!out.empty()) out += "; ";
    out += line;
    if (out.size() > kMaxSummaryBytes) {
      std::size_t cut = kMaxSummaryBytes;
      while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
      out.resize(cut);
      out += " …";
      break;
    }
  }
  return out;
}

void initialiseXslt() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xsltInit();
    exsltCommonRegister();
    exsltMathRegister();
    exsltSetsRegister();
    exsltStrRegister();
    exsltFuncRegister();
    exsltDynRegister();
    gPreviousXsltError = xsltGenericError;
    gPreviousXsltErrorContext = xsltGenericErrorContext;
    xsltSetGenericErrorFunc(nullptr, &reportXsltError);
    gPrefs = xsltNewSecurityPrefs();
    xsltSetSecurityPrefs(gPrefs, XSLT_SECPREF_READ_FILE, &checkReadFile);
    xsltSetSecurityPrefs(gPrefs, XSLT_SECPREF_WRITE_FILE, &refuseWriteFile);
    xsltSetSecurityPrefs(gPrefs, XSLT_SECPREF_CREATE_DIRECTORY, &refuseCreateDirectory);
    xsltSetSecurityPrefs(gPrefs, XSLT_SECPREF_READ_NETWORK, &refuseReadNetwork);
    xsltSetSecurityPrefs(gPrefs, XSLT_SECPREF_WRITE_NETWORK, &refuseWriteNetwork);
    xsltSetDefaultSecurityPrefs(gPrefs);
    xsltSetLoaderFunc(&loadDocument);
  });
}

XsltScope::XsltScope(const std::filesystem::path& root, ErrorSink& sink)
    : root_(root),
      sink_(sink),
      previous_(tScope),
      savedGenericContext_(xmlGenericErrorContext),
      savedGeneric_(xmlGenericError),
      savedStructuredContext_(xmlStructuredErrorContext),
      savedStructured_(xmlStructuredError) {
  tScope = this;
  xmlSetGenericErrorFunc(&sink_, &reportToSink);
  xmlSetStructuredErrorFunc(&sink_, &reportStructuredToSink);
}

XsltScope::~XsltScope() {
  xmlSetStructuredErrorFunc(savedStructuredContext_, savedStructured_);
  xmlSetGenericErrorFunc(savedGenericContext_, savedGeneric_);
  tScope = previous_;
}

void StylesheetFree::operator()(xsltStylesheet* style) const { xsltFreeStylesheet(style); }

bool isBelow(const std::filesystem::path& root, const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  if (ec) return false;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(absolute, ec);
  if (ec) return false;
  std::filesystem::path relative = canonical.lexically_relative(root);
  if (relative.empty() || relative == ".") return false;
  return *relative.begin() != "..";
}

StylesheetPtr compileStylesheet(const std::filesystem::path& file, const std::string& name,
                                std::vector<std::string>& warnings) {
  XsltScope& scope = requireScope();
  ErrorSink& sink = scope.sink();
  std::size_t mark = sink.messages.size();
  std::size_t refusals = sink.refusals.size();
  std::string uri = file.string();
  DocPtr doc(loadDocument(reinterpret_cast<const xmlChar*>(uri.c_str()), nullptr, 0, nullptr,
                          XSLT_LOAD_START));
  if (!doc) {
    throw TemplateError(name, "template " + name + " cannot be loaded: " + since(sink, mark));
  }
  xsltStylesheetPtr raw = xsltParseStylesheetDoc(doc.get());
  if (raw == nullptr) {
    throw TemplateError(name, "template " + name + " does not compile: " + since(sink, mark));
  }
  static_cast<void>(doc.release());  // the stylesheet owns it now
  StylesheetPtr style(raw);
  if (style->errors > 0 || sink.refusals.size() > refusals) {
    throw TemplateError(name, "template " + name + " does not compile: " + since(sink, mark));
  }
  if (style->warnings > 0 || sink.messages.size() > mark) {
    std::string text = since(sink, mark);
    if (!text.empty()) warnings.push_back(name + ": " + text);
  }
  return style;
}

DocumentCache::~DocumentCache() {
  for (xmlDoc* doc : documents_) xmlFreeDoc(doc);
}

void DocumentCache::lendTo(xsltTransformContextPtr context) const {
  std::lock_guard lock(mutex_);
  for (xmlDoc* doc : documents_) {
    xsltDocumentPtr lent = xsltNewDocument(context, doc);
    if (lent == nullptr) throw std::bad_alloc();
    lent->main = 1;  // libxslt frees the document of an entry only when main is 0
  }
}

void DocumentCache::keepFrom(xsltTransformContextPtr context) {
  std::lock_guard lock(mutex_);
  for (xsltDocumentPtr entry = context->docList; entry != nullptr; entry = entry->next) {
    if (entry->main != 0 || entry->doc == nullptr || entry->doc->URL == nullptr) continue;
    if (documents_.size() >= kMaxDocuments) break;
    bool known = false;
    for (xmlDoc* doc : documents_) {
      known = known || xmlStrEqual(doc->URL, entry->doc->URL) != 0;
    }
    if (known) continue;  // another thread kept it first
    // A copy of its own, without the transform's string dictionary (the one it was
    // parsed into dies with the context and is not safe to share), numbered in
    // document order once, here, so readers never write to it.
    xmlDoc* copy = xmlCopyDoc(entry->doc, 1);
    if (copy == nullptr) continue;
    if (copy->URL == nullptr) {
      xmlFreeDoc(copy);
      continue;
    }
    xmlXPathOrderDocElems(copy);
    documents_.push_back(copy);
  }
}

DocPtr applyStylesheet(xsltStylesheet* style, xmlDoc* input, const std::string& name,
                       std::vector<std::string>& notes, DocumentCache* cache) {
  ErrorSink& sink = requireScope().sink();
  std::size_t mark = sink.messages.size();
  std::size_t refusals = sink.refusals.size();
  xsltTransformContextPtr context = xsltNewTransformContext(style, input);
  if (context == nullptr) throw std::bad_alloc();
  xsltSetCtxtSecurityPrefs(gPrefs, context);
  xsltSetTransformErrorFunc(context, &sink, &reportToSink);
  xsltSetCtxtParseOptions(context, XML_PARSE_NONET | XML_PARSE_NOCDATA);
  context->xinclude = 0;
  if (cache != nullptr) cache->lendTo(context);
  DocPtr result(xsltApplyStylesheetUser(style, input, nullptr, nullptr, nullptr, context));
  xsltTransformState state = context->state;
  if (cache != nullptr && result && state == XSLT_STATE_OK &&
      sink.refusals.size() == refusals) {
    cache->keepFrom(context);
  }
  xsltFreeTransformContext(context);

  if (sink.refusals.size() > refusals) {
    std::string what;
    for (std::size_t i = refusals; i < sink.refusals.size(); ++i) {
      what += (what.empty() ? "" : "; ") + sink.refusals[i];
    }
    throw TemplateError(name, "template " + name + " did something the renderer forbids: " + what +
                                  " (templates may read files in the templates directory only, "
                                  "and never write files or use the network)");
  }
  if (!result || state != XSLT_STATE_OK) {
    std::string detail = since(sink, mark);
    throw TemplateError(name, "template " + name + " failed: " +
                                  (detail.empty() ? std::string("no message") : detail));
  }
  if (usesDisableOutputEscaping(reinterpret_cast<xmlNode*>(result.get()))) {
    throw TemplateError(name, "template " + name +
                                  " uses disable-output-escaping, which the rendering "
                                  "contract forbids (text must stay text)");
  }
  std::string messages = since(sink, mark);
  if (!messages.empty()) notes.push_back(name + ": " + messages);
  return result;
}

std::string serialiseResult(xmlDoc* result, xsltStylesheet* style, const std::string& name) {
  xmlChar* buffer = nullptr;
  int size = 0;
  if (xsltSaveResultToString(&buffer, &size, result, style) != 0) {
    if (buffer != nullptr) xmlFree(buffer);
    throw TemplateError(name, "the output of template " + name + " cannot be serialised");
  }
  std::string bytes;
  if (buffer != nullptr) {
    bytes.assign(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(size));
    xmlFree(buffer);
  }
  if (xml::firstInvalidUtf8(bytes) != std::string::npos) {
    throw TemplateError(name, "the output of template " + name +
                                  " is not UTF-8: give <xsl:output encoding=\"UTF-8\"/>");
  }
  return bytes;
}

void checkSingleRoot(xmlDoc* result, const std::string& name) {
  int elements = 0;
  bool text = false;
  for (xmlNode* node = result->children; node != nullptr; node = node->next) {
    if (node->type == XML_ELEMENT_NODE) ++elements;
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      for (const xmlChar* c = node->content; c != nullptr && *c != 0; ++c) {
        text = text || (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r');
      }
    }
  }
  if (elements != 1 || text) {
    throw TemplateError(name, "template " + name +
                                  " made a page layout that is not one XML document (it must "
                                  "have exactly one root element and no text outside it)");
  }
  if (result->intSubset != nullptr) {
    throw TemplateError(name, "template " + name +
                                  " made a page layout with a DOCTYPE (drop doctype-system "
                                  "and doctype-public from its xsl:output)");
  }
}

}  // namespace chancery::render::detail
