#include "chancery/workflow/step_catalogue.hpp"

#include <libxml/xpath.h>

#include <algorithm>
#include <sstream>

namespace chancery::workflow {
namespace {

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::optional<std::string> checkFormats(std::string_view value) {
  auto list = words(value);
  if (list.empty()) return "name at least one format: pdf, html or text";
  for (const auto& f : list) {
    if (f != "pdf" && f != "html" && f != "text") {
      return "unknown format '" + f + "' — use pdf, html and/or text";
    }
  }
  return std::nullopt;
}

std::optional<std::string> oneOf(std::string_view value, std::vector<std::string> allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return std::nullopt;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  return "'" + std::string(value) + "' is not one of: " + list;
}

StepCatalogue makeBuiltIn() {
  StepCatalogue c;
  c.add({"assign-number",
         "gives the document the next number of a registry series",
         {{"series", true, "the registry series, e.g. NV",
           [](std::string_view v) -> std::optional<std::string> {
             if (v.empty() || v.size() > 32) return "give a series name of 1 to 32 characters";
             return std::nullopt;
           }},
          {"format", true, "the number pattern, e.g. NV-{seq:4}/{yyyy}", checkNumberFormat}}});
  c.add({"render",
         "renders the current revision from its template",
         {{"formats", true, "space-separated: pdf html text", checkFormats}}});
  c.add({"dispatch",
         "sends the rendered document to every recipient, one durable job each",
         {{"channel", false, "email or files",
           [](std::string_view v) { return oneOf(v, {"email", "files"}); }},
          {"recipients", false, "document (its recipients) or media-list",
           [](std::string_view v) { return oneOf(v, {"document", "media-list"}); }}}});
  c.add({"wait-until",
         "waits until a time given by the content (e.g. a press embargo)",
         {{"at", true, "XPath giving an ISO 8601 UTC time; empty means no wait",
           [](std::string_view v) { return checkXPath(v); }}}});
  return c;
}

}  // namespace

const StepParam* StepType::findParam(std::string_view param) const {
  for (const auto& p : params) {
    if (p.name == param) return &p;
  }
  return nullptr;
}

const StepCatalogue& StepCatalogue::builtIn() {
  static const StepCatalogue catalogue = makeBuiltIn();
  return catalogue;
}

void StepCatalogue::add(StepType type) { types_.push_back(std::move(type)); }

const StepType* StepCatalogue::find(std::string_view name) const {
  for (const auto& t : types_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::string StepCatalogue::namesList() const {
  std::vector<std::string> names;
  for (const auto& t : types_) names.push_back(t.name);
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

const std::vector<std::string>& knownEvents() {
  static const std::vector<std::string> events = {
      "all-sent",       "all-delivered",  "all-acknowledged",
      "any-bounced",    "reply-received", "symbol-recorded"};
  return events;
}

std::optional<std::string> checkNumberFormat(std::string_view format) {
  bool hasSeq = false;
  for (std::size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c == '}') return "a '}' without its '{' — placeholders are {seq:N}, {seq}, {yyyy}, {yy}";
    if (c != '{') continue;
    std::size_t close = format.find('}', i);
    if (close == std::string_view::npos) return "a '{' is not closed — write {seq:4}";
    std::string_view ph = format.substr(i + 1, close - i - 1);
    if (ph == "seq") {
      hasSeq = true;
    } else if (ph.starts_with("seq:") && ph.size() == 5 && ph[4] >= '1' && ph[4] <= '9') {
      hasSeq = true;
    } else if (ph != "yyyy" && ph != "yy") {
      return "unknown placeholder {" + std::string(ph) +
             "} — use {seq:N} (N digits), {seq}, {yyyy} or {yy}";
    }
    i = close;
  }
  if (!hasSeq) return "the pattern has no {seq} — numbers would repeat; add {seq:4}";
  return std::nullopt;
}

namespace {
void collectXPathError(void* userData, xmlErrorPtr error) {
  auto* out = static_cast<std::string*>(userData);
  if (out->empty() && error && error->message) {
    *out = error->message;
    while (!out->empty() && (out->back() == '\n' || out->back() == ' ')) out->pop_back();
  }
}
}  // namespace

std::optional<std::string> checkXPath(std::string_view expression) {
  if (expression.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return "the expression is empty — give an XPath 1.0 expression or remove the attribute";
  }
  std::string reason;
  std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctx(xmlXPathNewContext(nullptr),
                                                                       &xmlXPathFreeContext);
  ctx->error = collectXPathError;
  ctx->userData = &reason;
  std::string expr(expression);
  xmlXPathCompExprPtr comp =
      xmlXPathCtxtCompile(ctx.get(), reinterpret_cast<const xmlChar*>(expr.c_str()));
  if (comp != nullptr) {
    xmlXPathFreeCompExpr(comp);
    return std::nullopt;
  }
  return reason.empty() ? std::string("invalid XPath expression") : reason;
}

}  // namespace chancery::workflow
