// Parsing XML that comes from outside (workflow definitions, document content,
// directory imports) with libxml2 under safe settings:
//   - any DOCTYPE is refused, so no entity is ever declared or expanded;
//   - no network access and no file access beyond the bytes handed in;
//   - a size limit (checked before a file is read) and a nesting-depth limit;
//   - the text must be UTF-8 without NUL bytes.
// Every refusal is a Diagnostic with line and column. Thread-safe: each call uses
// its own parser context.
#pragma once

#include <libxml/tree.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/diagnostics.hpp"

namespace chancery::xml {

struct Limits {
  std::size_t maxBytes = 1 << 20;  // 1 MiB
  int maxDepth = 64;
};

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

// A parsed document that remembers where each element and attribute stood in the
// source, so later checks (schema, semantics) can point at file:line:column.
class SourceDocument {
 public:
  SourceDocument(std::string source, DocPtr doc);

  xmlDoc* doc() const { return doc_.get(); }
  xmlNode* root() const { return xmlDocGetRootElement(doc_.get()); }
  const std::string& source() const { return source_; }

  // Position of an element's '<' or, for an attribute node, of the attribute name.
  SourcePos positionOf(const xmlNode* node) const;
  // Position of the named attribute of an element; the element's own when absent.
  SourcePos positionOf(const xmlNode* element, std::string_view attribute) const;
  SourcePos positionAtOffset(std::size_t offset) const;

 private:
  struct TagSpan {
    const xmlNode* node;
    std::size_t begin;  // offset of '<'
    std::size_t end;    // offset of the closing '>'
  };
  const TagSpan* spanOf(const xmlNode* node) const;

  std::string source_;
  DocPtr doc_;
  std::vector<std::size_t> lineStarts_;
  std::vector<TagSpan> spans_;  // sorted by node address for lookup
};

// Reads a file of at most maxBytes; a larger file is refused after a stat, unread.
// Returns false (with a diagnostic) when the file cannot be read or is too large.
bool readFileLimited(const std::string& path, std::size_t maxBytes, std::string& out,
                     Diagnostics& diags);

// Parses bytes under the safe settings above. Returns null when refused; every
// reason is in diags.
std::unique_ptr<SourceDocument> parseUntrusted(std::string bytes, const Limits& limits,
                                               Diagnostics& diags);

// readFileLimited + parseUntrusted.
std::unique_ptr<SourceDocument> loadUntrustedFile(const std::string& path, const Limits& limits,
                                                  Diagnostics& diags);

// Offset of the first byte that is not valid UTF-8 (or is NUL); npos when all valid.
std::size_t firstInvalidUtf8(std::string_view text);

}  // namespace chancery::xml
