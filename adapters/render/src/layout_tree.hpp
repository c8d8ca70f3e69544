// Reading a page-layout tree (docs/page-layout.md) as libxml2 holds it, for the HTML and
// text writers: element names with or without the layout namespace, attributes, string
// values, XPath's white-space rules and a walk without recursion (layouts may be deep).
// Nothing here changes the tree; the functions are thread-safe on a tree that no one
// changes meanwhile.
#pragma once

#include <libxml/tree.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chancery::render::detail {

inline constexpr std::string_view kLayoutNamespace = "urn:chancery:page-layout:1";

// The local name of an element; "" for any other node.
std::string_view localName(const xmlNode* node);

// Whether `node` is an element named `name`, in any namespace (as local-name() = 'name').
bool isNamed(const xmlNode* node, std::string_view name);

// Whether `node` is an element named `name` in no namespace or in the layout namespace.
bool isLayoutElement(const xmlNode* node, std::string_view name);

// The root element when it is named page-layout (in any namespace); null otherwise, and
// for a document without a root element.
const xmlNode* layoutRoot(const xmlDoc* layout);

// The value of the attribute `name` (in no namespace); nullopt when there is none.
std::optional<std::string> attribute(const xmlNode* element, std::string_view name);

// The value of an attribute node.
std::string attributeValue(const xmlAttr* attribute);

// Text and CDATA nodes: what XPath calls text nodes.
bool isText(const xmlNode* node);

// XPath's white space: space, tab, line feed and carriage return.
constexpr bool isXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// XPath's normalize-space(): runs of white space become one space, none at either end.
std::string normalizeSpace(std::string_view text);

// The number of characters (code points) of UTF-8 `text`, as XPath's string-length().
std::size_t characterCount(std::string_view text);

// Visits the nodes below `top` in document order, without recursion. `enter(node)` says
// whether to visit the children of `node`; `leave(node)` follows the children of every
// node `enter` said yes to (and only of elements: other nodes are never descended into).
template <typename Enter, typename Leave>
void walkBelow(const xmlNode* top, Enter&& enter, Leave&& leave) {
  const xmlNode* node = top->children;
  while (node != nullptr) {
    bool descend = enter(node) && node->type == XML_ELEMENT_NODE;
    if (descend && node->children != nullptr) {
      node = node->children;
      continue;
    }
    if (descend) leave(node);
    while (node->next == nullptr) {
      node = node->parent;
      if (node == top || node == nullptr) return;
      leave(node);
    }
    node = node->next;
  }
}

// Appends the string value of `node` (XPath's string(): its text and CDATA descendants,
// in document order) to `out`, leaving out the text nodes `skip` says yes to.
template <typename Skip>
void appendStringValue(const xmlNode* node, std::string& out, Skip&& skip) {
  if (isText(node)) {
    if (node->content != nullptr && !skip(node))
      out += reinterpret_cast<const char*>(node->content);
    return;
  }
  walkBelow(
      node,
      [&](const xmlNode* n) {
        if (isText(n) && n->content != nullptr && !skip(n)) {
          out += reinterpret_cast<const char*>(n->content);
        }
        return true;
      },
      [](const xmlNode*) {});
}

}  // namespace chancery::render::detail
