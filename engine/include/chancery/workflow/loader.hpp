// Loading workflow definitions: the safe XML parse, the schema
// (workflows/schema/workflow.xsd, compiled into the binary), then the semantic
// rules. Every problem found is reported, each with file:line:column.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "chancery/diagnostics.hpp"
#include "chancery/workflow/definition.hpp"
#include "chancery/workflow/step_catalogue.hpp"
#include "chancery/xml/untrusted_xml.hpp"

namespace chancery::workflow {

struct LoadResult {
  std::shared_ptr<const WorkflowDefinition> definition;  // null when there are errors
  std::vector<Diagnostic> diagnostics;                   // sorted by position
  std::string xml;                                       // the exact bytes loaded

  bool ok() const { return definition != nullptr; }
  // SHA-256 of the bytes, hex: the definition version a document instance pins.
  std::string fingerprint() const;
};

// Holds the compiled schema; create once and reuse. load* may be called from several
// threads at once (the compiled schema is read-only; each call has its own contexts).
class DefinitionLoader {
 public:
  explicit DefinitionLoader(const StepCatalogue& steps = StepCatalogue::builtIn());
  ~DefinitionLoader();
  DefinitionLoader(const DefinitionLoader&) = delete;
  DefinitionLoader& operator=(const DefinitionLoader&) = delete;

  LoadResult loadFile(const std::string& path) const;
  // `name` is what diagnostics call the source (a path or "<stored definition 3>").
  LoadResult loadText(std::string xml, const std::string& name) const;

 private:
  LoadResult finish(std::unique_ptr<xml::SourceDocument> doc, Diagnostics& diags) const;

  struct Schema;
  std::unique_ptr<Schema> schema_;
  const StepCatalogue& steps_;
};

// The semantic rules, on an already-built definition (used by the loader; public
// for tests and for tools that build definitions in code).
void checkSemantics(const WorkflowDefinition& def, const StepCatalogue& steps,
                    Diagnostics& diags);

// The schema text compiled into the binary.
const char* workflowSchemaXsd();

}  // namespace chancery::workflow
