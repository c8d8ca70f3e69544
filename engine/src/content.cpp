// Document content XML: checked on the way in, queried by guards.
#include <libxml/xpath.h>

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

void checkContent(const std::string& kind, const std::string& content) {
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
}

}  // namespace chancery::detail
