// Document content XML: checked on the way in, queried by guards.
#include <libxml/relaxng.h>
#include <libxml/xpath.h>

#include <map>
#include <mutex>

#include "chancery/xml/untrusted_xml.hpp"
#include "engine_impl.hpp"

namespace chancery::detail {
namespace {

constexpr std::size_t kMaxContentBytes = 4 << 20;

xml::Limits contentLimits() {
  xml::Limits limits;
  limits.maxBytes = kMaxContentBytes;
  limits.maxDepth = 64;
  return limits;
}

struct XPathResult {
  std::unique_ptr<xml::SourceDocument> doc;
  std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctx{nullptr,
                                                                       &xmlXPathFreeContext};
  std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> value{nullptr,
                                                                       &xmlXPathFreeObject};
};

void ignoreXPathError(void*, xmlErrorPtr) {}

XPathResult evaluate(const std::string& content, const std::string& expression) {
  XPathResult r;
  Diagnostics diags("content");
  r.doc = xml::parseUntrusted(content, contentLimits(), diags);
  if (!r.doc) {
    throw RuleError(RuleErrorKind::kInvalidInput,
                    "the document's content is not valid XML: " +
                        (diags.all().empty() ? std::string("unknown") : diags.all()[0].message));
  }
  r.ctx.reset(xmlXPathNewContext(r.doc->doc()));
  r.ctx->error = ignoreXPathError;
  r.value.reset(
      xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(expression.c_str()), r.ctx.get()));
  if (!r.value) {
    throw RuleError(RuleErrorKind::kInvalidInput,
                    "the workflow's expression '" + expression + "' cannot be evaluated");
  }
  return r;
}

}  // namespace

bool evaluateGuard(const std::string& content, const std::string& expression) {
  XPathResult r = evaluate(content, expression);
  return xmlXPathCastToBoolean(r.value.get()) != 0;
}

std::string evaluateString(const std::string& content, const std::string& expression) {
  XPathResult r = evaluate(content, expression);
  xmlChar* s = xmlXPathCastToString(r.value.get());
  std::string out = s ? reinterpret_cast<const char*>(s) : "";
  xmlFree(s);
  return out;
}

namespace {

// Compiled content schemas, by file; compiled once. Validation holds the schema's
// lock: libxml2 does not promise that one compiled RELAX NG grammar validates on
// several threads at once.
struct CompiledSchema {
  std::mutex mutex;
  xmlRelaxNGPtr grammar = nullptr;
  std::string error;
};

std::mutex gSchemasMutex;
std::map<std::string, std::unique_ptr<CompiledSchema>> gSchemas;

void collectText(void* userData, xmlErrorPtr error) {
  auto* out = static_cast<std::string*>(userData);
  if (error && error->message && out->empty()) *out = error->message;
}

CompiledSchema& compiled(const std::string& file) {
  std::lock_guard lock(gSchemasMutex);
  auto& slot = gSchemas[file];
  if (!slot) {
    slot = std::make_unique<CompiledSchema>();
    xmlRelaxNGParserCtxtPtr parser = xmlRelaxNGNewParserCtxt(file.c_str());
    xmlRelaxNGSetParserStructuredErrors(parser, collectText, &slot->error);
    slot->grammar = xmlRelaxNGParse(parser);
    xmlRelaxNGFreeParserCtxt(parser);
  }
  return *slot;
}

struct SchemaSink {
  const xml::SourceDocument* doc;
  Diagnostics* diags;
};

void onSchemaError(void* userData, xmlErrorPtr error) {
  auto* sink = static_cast<SchemaSink*>(userData);
  if (!error) return;
  std::string message = error->message ? error->message : "does not match the schema";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  SourcePos pos = sink->doc->positionOf(static_cast<const xmlNode*>(error->node));
  if (pos.line == 0) pos.line = error->line;
  sink->diags->error(pos, "content-schema",
                     message + " — see the content schema of this kind of document");
}

}  // namespace

void checkContent(const std::string& kind, const std::string& content,
                  const std::string& schemaFile) {
  Diagnostics diags("content");
  auto doc = xml::parseUntrusted(content, contentLimits(), diags);
  if (!doc) {
    std::string message = "the content is refused:";
    for (const auto& d : diags.all()) message += "\n  " + formatDiagnostic(d);
    throw RuleError(RuleErrorKind::kInvalidInput, message);
  }
  std::string root = reinterpret_cast<const char*>(doc->root()->name);
  if (root != kind) {
    throw RuleError(RuleErrorKind::kInvalidInput,
                    "the content's root element is <" + root + "> but the document is a " + kind +
                        " — the content of a " + kind + " starts with <" + kind + ">");
  }
  if (schemaFile.empty()) return;
  CompiledSchema& schema = compiled(schemaFile);
  if (!schema.grammar) {
    throw store::StorageError("the content schema " + schemaFile + " does not compile: " +
                              schema.error);
  }
  {
    std::lock_guard lock(schema.mutex);
    SchemaSink sink{doc.get(), &diags};
    xmlRelaxNGValidCtxtPtr valid = xmlRelaxNGNewValidCtxt(schema.grammar);
    xmlRelaxNGSetValidStructuredErrors(valid, onSchemaError, &sink);
    xmlRelaxNGValidateDoc(valid, doc->doc());
    xmlRelaxNGFreeValidCtxt(valid);
  }
  if (diags.hasErrors()) {
    diags.sortByPosition();
    std::string message = "the content of this " + kind + " does not match its schema:";
    for (const auto& d : diags.all()) message += "\n  " + formatDiagnostic(d);
    throw RuleError(RuleErrorKind::kInvalidInput, message);
  }
}

}  // namespace chancery::detail
