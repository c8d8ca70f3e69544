#include "chancery/workflow/loader.hpp"

#include <libxml/xmlschemas.h>

#include <cctype>
#include <cstring>
#include <stdexcept>

#include "chancery/util/sha256.hpp"
#include "chancery/workflow/duration.hpp"

namespace chancery::workflow {
namespace {

constexpr const char* kNamespace = "urn:chancery:workflow:1";

std::string attr(const xmlNode* node, const char* name) {
  xmlChar* v = xmlGetNoNsProp(node, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

bool isTrue(const std::string& v) { return v == "true" || v == "1"; }

bool named(const xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

std::string collapseSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pendingSpace = false;
  for (char ch : text) {
    if (std::isspace(static_cast<unsigned char>(ch))) {
      pendingSpace = !out.empty();
    } else {
      if (pendingSpace) out += ' ';
      pendingSpace = false;
      out += ch;
    }
  }
  return out;
}

std::string textOf(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string collapsed = collapseSpaces(c ? reinterpret_cast<const char*>(c) : "");
  xmlFree(c);
  return collapsed;  // descriptions are written wrapped in the file
}

std::vector<std::string> splitRoles(std::string_view v) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < v.size()) {
    while (i < v.size() && std::isspace(static_cast<unsigned char>(v[i]))) ++i;
    std::size_t start = i;
    while (i < v.size() && !std::isspace(static_cast<unsigned char>(v[i]))) ++i;
    if (i > start) out.emplace_back(v.substr(start, i - start));
  }
  return out;
}

Origin originOf(const xml::SourceDocument& doc, const xmlNode* n) {
  Origin o;
  o.element = doc.positionOf(n);
  o.attributes.reserve(8);
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    const char* name = reinterpret_cast<const char*>(a->name);
    o.attributes.emplace_back(name, doc.positionOf(n, name));
  }
  return o;
}

std::string withoutNamespace(std::string message) {
  const std::string braced = std::string("{") + kNamespace + "}";
  for (std::size_t at; (at = message.find(braced)) != std::string::npos;) {
    message.erase(at, braced.size());
  }
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  return message;
}

struct SchemaErrorSink {
  const xml::SourceDocument* doc;
  Diagnostics* diags;
};

void onSchemaError(void* userData, xmlErrorPtr error) {
  auto* sink = static_cast<SchemaErrorSink*>(userData);
  if (error == nullptr) return;
  SourcePos pos = sink->doc->positionOf(static_cast<const xmlNode*>(error->node));
  if (pos.line == 0) pos.line = error->line;
  sink->diags->error(pos, "schema",
                     withoutNamespace(error->message ? error->message : "schema violation") +
                         " — see docs/workflow-language.md for what is allowed here");
}

void collectSchemaCompileError(void* userData, xmlErrorPtr error) {
  auto* out = static_cast<std::string*>(userData);
  if (error && error->message) *out += error->message;
}

// Builds the model from a schema-checked (or, when the schema failed, partly
// checked) document; missing attributes become empty values.
WorkflowDefinition buildModel(const xml::SourceDocument& doc) {
  WorkflowDefinition def;
  const xmlNode* root = doc.root();
  def.name = attr(root, "name");
  def.documentKind = attr(root, "document-kind");
  std::string version = attr(root, "version");
  def.version = version.empty() ? 0 : std::atoi(version.c_str());
  def.origin = originOf(doc, root);
  for (const xmlNode* n = root->children; n != nullptr; n = n->next) {
    if (named(n, "description")) {
      def.description = textOf(n);
    } else if (named(n, "role")) {
      def.roles.push_back({attr(n, "name"), attr(n, "description"), originOf(doc, n)});
    } else if (named(n, "state")) {
      State s;
      s.name = attr(n, "name");
      s.initial = isTrue(attr(n, "initial"));
      s.final = isTrue(attr(n, "final"));
      s.editable = isTrue(attr(n, "editable"));
      s.dueText = attr(n, "due");
      if (!s.dueText.empty()) s.due = parseDuration(s.dueText);
      std::string overdue = attr(n, "on-overdue");
      s.onOverdue = overdue == "remind"     ? Overdue::kRemind
                    : overdue == "escalate" ? Overdue::kEscalate
                                            : Overdue::kNone;
      s.escalateTo = attr(n, "escalate-to");
      s.origin = originOf(doc, n);
      for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
        if (named(c, "description")) {
          s.description = textOf(c);
        } else if (named(c, "action")) {
          Action a;
          a.name = attr(c, "name");
          a.by = splitRoles(attr(c, "by"));
          a.to = attr(c, "to");
          a.when = attr(c, "when");
          a.commentRequired = attr(c, "comment") == "required";
          a.allowDrafter = isTrue(attr(c, "allow-drafter"));
          a.label = attr(c, "label");
          a.origin = originOf(doc, c);
          s.actions.push_back(std::move(a));
        } else if (named(c, "approval")) {
          Approval a;
          if (std::string name = attr(c, "name"); !name.empty()) a.name = name;
          a.by = splitRoles(attr(c, "by"));
          if (std::string q = attr(c, "quorum"); !q.empty()) a.quorumText = q;
          a.quorum = a.quorumText == "all" ? 0 : std::atoi(a.quorumText.c_str());
          a.then = attr(c, "then");
          a.allowDrafter = isTrue(attr(c, "allow-drafter"));
          a.origin = originOf(doc, c);
          s.approvals.push_back(std::move(a));
        } else if (named(c, "step")) {
          Step step;
          step.origin = originOf(doc, c);
          for (const xmlAttr* a = c->properties; a != nullptr; a = a->next) {
            std::string key = reinterpret_cast<const char*>(a->name);
            if (key == "run") {
              step.run = attr(c, "run");
            } else {
              step.params.emplace(key, attr(c, key.c_str()));
            }
          }
          s.steps.push_back(std::move(step));
        } else if (named(c, "on")) {
          s.events.push_back({attr(c, "event"), attr(c, "to"), originOf(doc, c)});
        } else if (named(c, "next")) {
          s.next.push_back(attr(c, "to"));
          s.nextOrigins.push_back(originOf(doc, c));
        }
      }
      def.states.push_back(std::move(s));
    }
  }
  return def;
}

}  // namespace

std::string LoadResult::fingerprint() const { return sha256Hex(xml); }

struct DefinitionLoader::Schema {
  xmlSchemaPtr compiled = nullptr;
  ~Schema() {
    if (compiled) xmlSchemaFree(compiled);
  }
};

DefinitionLoader::DefinitionLoader(const StepCatalogue& steps)
    : schema_(std::make_unique<Schema>()), steps_(steps) {
  const char* xsd = workflowSchemaXsd();
  xmlSchemaParserCtxtPtr parser = xmlSchemaNewMemParserCtxt(xsd, static_cast<int>(std::strlen(xsd)));
  std::string errors;
  xmlSchemaSetParserStructuredErrors(parser, collectSchemaCompileError, &errors);
  schema_->compiled = xmlSchemaParse(parser);
  xmlSchemaFreeParserCtxt(parser);
  if (schema_->compiled == nullptr) {
    throw std::logic_error("the built-in workflow schema does not compile: " + errors);
  }
}

DefinitionLoader::~DefinitionLoader() = default;

LoadResult DefinitionLoader::loadFile(const std::string& path) const {
  Diagnostics diags(path);
  std::string bytes;
  if (!xml::readFileLimited(path, xml::Limits{}.maxBytes, bytes, diags)) {
    return {nullptr, diags.all(), {}};
  }
  return loadText(std::move(bytes), path);
}

LoadResult DefinitionLoader::loadText(std::string xml, const std::string& name) const {
  Diagnostics diags(name);
  auto doc = xml::parseUntrusted(std::move(xml), xml::Limits{}, diags);
  std::string bytes = doc ? doc->source() : std::string();
  LoadResult result = finish(std::move(doc), diags);
  result.xml = std::move(bytes);
  return result;
}

LoadResult DefinitionLoader::finish(std::unique_ptr<xml::SourceDocument> doc,
                                    Diagnostics& diags) const {
  LoadResult result;
  if (!doc) {
    result.diagnostics = diags.all();
    return result;
  }
  const xmlNode* root = doc->root();
  const char* ns = (root && root->ns && root->ns->href) ? reinterpret_cast<const char*>(root->ns->href) : "";
  if (!named(root, "workflow") || std::strcmp(ns, kNamespace) != 0) {
    diags.error(doc->positionOf(root), "not-a-workflow",
                std::string("the root element must be <workflow xmlns=\"") + kNamespace +
                    "\"> — is this a workflow definition?");
    result.diagnostics = diags.all();
    return result;
  }
  SchemaErrorSink sink{doc.get(), &diags};
  xmlSchemaValidCtxtPtr valid = xmlSchemaNewValidCtxt(schema_->compiled);
  xmlSchemaSetValidStructuredErrors(valid, onSchemaError, &sink);
  xmlSchemaValidateDoc(valid, doc->doc());
  xmlSchemaFreeValidCtxt(valid);

  auto def = std::make_shared<WorkflowDefinition>(buildModel(*doc));
  checkSemantics(*def, steps_, diags);
  diags.sortByPosition();
  result.diagnostics = diags.all();
  if (!diags.hasErrors()) result.definition = std::move(def);
  return result;
}

}  // namespace chancery::workflow
