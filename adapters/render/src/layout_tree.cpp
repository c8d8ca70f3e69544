#include "layout_tree.hpp"

namespace chancery::render::detail {

std::string_view localName(const xmlNode* node) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE || node->name == nullptr) return {};
  return reinterpret_cast<const char*>(node->name);
}

bool isNamed(const xmlNode* node, std::string_view name) { return localName(node) == name; }

bool isLayoutElement(const xmlNode* node, std::string_view name) {
  if (localName(node) != name) return false;
  return node->ns == nullptr || (node->ns->href != nullptr &&
                                 reinterpret_cast<const char*>(node->ns->href) == kLayoutNamespace);
}

const xmlNode* layoutRoot(const xmlDoc* layout) {
  for (const xmlNode* node = layout->children; node != nullptr; node = node->next) {
    if (node->type == XML_ELEMENT_NODE) return isNamed(node, "page-layout") ? node : nullptr;
  }
  return nullptr;
}

std::string attributeValue(const xmlAttr* attribute) {
  const xmlNode* only = attribute->children;
  if (only == nullptr) return {};
  if (only->next == nullptr && only->type == XML_TEXT_NODE) {
    return only->content != nullptr ? reinterpret_cast<const char*>(only->content) : "";
  }
  xmlChar* value = xmlNodeListGetString(attribute->doc, attribute->children, 1);
  std::string out = value != nullptr ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return out;
}

std::optional<std::string> attribute(const xmlNode* element, std::string_view name) {
  for (const xmlAttr* a = element->properties; a != nullptr; a = a->next) {
    if (a->ns == nullptr && reinterpret_cast<const char*>(a->name) == name) {
      return attributeValue(a);
    }
  }
  return std::nullopt;
}

bool isText(const xmlNode* node) {
  return node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE;
}

std::string normalizeSpace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pendingSpace = false;
  for (char c : text) {
    if (isXmlSpace(c)) {
      pendingSpace = !out.empty();
      continue;
    }
    if (pendingSpace) out.push_back(' ');
    pendingSpace = false;
    out.push_back(c);
  }
  return out;
}

std::size_t characterCount(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

}  // namespace chancery::render::detail
