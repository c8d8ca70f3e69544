#include "layout_html.hpp"

#include <string_view>
#include <utility>
#include <vector>

#include "layout_css.hpp"
#include "layout_tree.hpp"

namespace chancery::render::detail {
namespace {

constexpr std::string_view kPrologue =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
    "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">"
    "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"";

constexpr std::string_view kHead =
    "<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" /><title>";

constexpr std::string_view kStyleSheet =
    "</title><style type=\"text/css\">\n"
    "body { margin: 0; padding: 0; background: #ffffff; color: #000000; }\n"
    ".sheet { max-width: 160mm; margin: 0 auto; padding: 8mm 10mm; }\n"
    ".marking { text-align: center; font-weight: bold; font-size: 11pt; letter-spacing: "
    "0.05em; }\n"
    ".marking-top { margin: 0 0 8mm 0; }\n"
    ".marking-bottom { margin: 10mm 0 0 0; }\n"
    "p { margin: 0; padding: 0; }\n"
    "div.block { margin: 0; padding: 0; }\n"
    "div.page-bottom { margin-top: 15mm; }\n"
    "table.row { width: 100%; border-collapse: collapse; border-spacing: 0; margin: 0; }\n"
    "table.row td { padding: 0; vertical-align: top; text-indent: 0; }\n"
    "div.seal { border: 0; text-align: center; }\n"
    "div.signature { margin-left: 50%; text-align: center; text-indent: 0; }\n"
    "div.signature div.line { margin: 0; }\n"
    "div.space { margin: 0; padding: 0; }\n"
    "hr.page-break { border: 0; border-top: 1px dashed #999999; margin: 8mm 0; }\n"
    "span.u { text-decoration: underline; }\n"
    "</style></head><body><div class=\"sheet\" style=\"";

constexpr std::string_view kDefaultFont =
    "font-family: 'Liberation Serif', 'Times New Roman', Times, serif; ";

// What libxml2 writes for `c` in XHTML: in text <, >, & and CR are escaped; in
// attribute values also ", tab and line feed. "" for a character written as it is.
std::string_view entityOf(char c, bool inAttribute) {
  switch (c) {
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '&':
      return "&amp;";
    case '\r':
      return "&#13;";
    case '"':
      return inAttribute ? "&quot;" : "";
    case '\t':
      return inAttribute ? "&#9;" : "";
    case '\n':
      return inAttribute ? "&#10;" : "";
    default:
      return "";
  }
}

void appendEscaped(std::string& out, std::string_view text, bool inAttribute) {
  for (char c : text) {
    std::string_view entity = entityOf(c, inAttribute);
    if (entity.empty()) {
      out.push_back(c);
    } else {
      out += entity;
    }
  }
}

void appendEscapedText(std::string& out, std::string_view text) { appendEscaped(out, text, false); }

void appendAttribute(std::string& out, std::string_view name, std::string_view value) {
  out.append(" ").append(name).append("=\"");
  appendEscaped(out, value, true);
  out.push_back('"');
}

// White space that the stylesheet stripped from the layout before reading it: a
// white-space-only text node directly in one of these elements.
bool isStrippedSpace(const xmlNode* node) {
  if (node->type != XML_TEXT_NODE || node->parent == nullptr) return false;
  const xmlNode* parent = node->parent;
  bool stripping = false;
  for (std::string_view name : {"flow", "block", "row", "signature", "furniture", "page-layout"}) {
    stripping = stripping || isLayoutElement(parent, name);
  }
  if (!stripping) return false;
  for (const xmlChar* c = node->content; c != nullptr && *c != 0; ++c) {
    if (!isXmlSpace(static_cast<char>(*c))) return false;
  }
  return true;
}

std::string normalizedText(const xmlNode* node) {
  std::string text;
  if (node != nullptr) appendStringValue(node, text, isStrippedSpace);
  return normalizeSpace(text);
}

void appendLangAttributes(std::string& out, const LayoutAttributes& attributes) {
  std::string lang = safeLanguage(attributes.lang);
  if (lang.empty()) return;
  appendAttribute(out, "lang", lang);
  appendAttribute(out, "xml:lang", lang);
}

// The style attribute of a paragraph, block or row, when it has any property.
void appendBlockStyle(std::string& out, const LayoutAttributes& attributes, bool skipSpaceBefore) {
  std::string css;
  appendTextStyle(css, attributes);
  appendIndents(css, attributes);
  if (!skipSpaceBefore) appendLength(css, "margin-top", attributes.spaceBefore);
  appendLength(css, "margin-bottom", attributes.spaceAfter);
  if (!css.empty()) appendAttribute(out, "style", normalizeSpace(css));
}

// The XHTML of the inline elements <b>, <i> and <u>.
struct InlineMarkup {
  std::string_view element, open, close;
};
constexpr InlineMarkup kInlineMarkup[] = {
    {"b", "<b>", "</b>"}, {"i", "<i>", "</i>"}, {"u", "<span class=\"u\">", "</span>"}};

const InlineMarkup* inlineMarkupOf(const xmlNode* node) {
  for (const InlineMarkup& markup : kInlineMarkup) {
    if (isLayoutElement(node, markup.element)) return &markup;
  }
  return nullptr;
}

// Text with <b>, <i>, <u> and <br/>: what is inside a paragraph, a cell or a signature
// line. Any other element gives its content without markup.
void appendInline(std::string& out, const xmlNode* container) {
  walkBelow(
      container,
      [&](const xmlNode* node) {
        if (isText(node)) {
          if (node->content != nullptr && !isStrippedSpace(node)) {
            appendEscapedText(out, reinterpret_cast<const char*>(node->content));
          }
          return false;
        }
        if (isLayoutElement(node, "br")) {
          out += "<br />";
          return false;
        }
        if (const InlineMarkup* markup = inlineMarkupOf(node)) out += markup->open;
        return node->type == XML_ELEMENT_NODE;
      },
      [&](const xmlNode* node) {
        if (const InlineMarkup* markup = inlineMarkupOf(node)) out += markup->close;
      });
}

void appendParagraph(std::string& out, const xmlNode* p) {
  LayoutAttributes attributes = readAttributes(p);
  out += "<p";
  appendLangAttributes(out, attributes);
  appendBlockStyle(out, attributes, false);
  out += ">";
  appendInline(out, p);
  if (p->children == nullptr) out += "\u00a0";  // an empty paragraph is an empty line
  out += "</p>";
}

void appendRow(std::string& out, const xmlNode* row) {
  out += "<table class=\"row\"";
  appendBlockStyle(out, readAttributes(row), false);
  out += "><tr>";
  for (const xmlNode* cell = row->children; cell != nullptr; cell = cell->next) {
    if (!isNamed(cell, "cell")) continue;
    LayoutAttributes attributes = readAttributes(cell);
    out += "<td";
    appendLangAttributes(out, attributes);
    std::string css;
    appendTextStyle(css, attributes);
    appendLength(css, "width", attributes.width);
    appendAttribute(out, "style", css);
    out += ">";
    appendInline(out, cell);
    out += "</td>";
  }
  out += "</tr></table>";
}

void appendSignature(std::string& out, const xmlNode* signature) {
  LayoutAttributes attributes = readAttributes(signature);
  std::string signSpace = safeLength(attributes.signSpace);
  out += "<div class=\"signature\"";
  appendLangAttributes(out, attributes);
  std::string css;
  appendTextStyle(css, attributes);
  appendIndents(css, attributes);
  appendSpacing(css, attributes);
  css.append("padding-top: ").append(signSpace.empty() ? "15mm" : signSpace).append("; ");
  appendAttribute(out, "style", css);
  out += ">";
  for (const xmlNode* line = signature->children; line != nullptr; line = line->next) {
    if (!isNamed(line, "line")) continue;
    out += "<div class=\"line\">";
    appendInline(out, line);
    out += "</div>";
  }
  out += "</div>";
}

void appendSealSpace(std::string& out, const xmlNode* seal) {
  LayoutAttributes attributes = readAttributes(seal);
  std::string width = safeLength(attributes.width);
  std::string height = safeLength(attributes.height);
  std::string css;
  css.append("width: ").append(width.empty() ? "40mm" : width);
  css.append("; height: ").append(height.empty() ? "30mm" : height).append("; ");
  std::string align = attributes.align.value_or("");
  if (align == "left") {
    css += "margin-left: 0; margin-right: auto; ";
  } else if (align == "center") {
    css += "margin-left: auto; margin-right: auto; ";
  } else {
    css += "margin-left: auto; margin-right: 0; ";
  }
  appendSpacing(css, attributes);
  out += "<div class=\"seal\"";
  appendAttribute(out, "style", css);
  out += ">";
  appendEscapedText(out, normalizeSpace(attributes.label.value_or("")));
  out += "</div>";
}

void appendSpace(std::string& out, const xmlNode* space) {
  std::string height = safeLength(attribute(space, "height"));
  out += "<div class=\"space\"";
  if (!height.empty()) appendAttribute(out, "style", "height: " + height + ";");
  out += "></div>";
}

void appendPageBreak(std::string& out, const xmlNode*) { out += "<hr class=\"page-break\" />"; }

using BlockWriter = void (*)(std::string&, const xmlNode*);
constexpr std::pair<std::string_view, BlockWriter> kBlockWriters[] = {
    {"p", appendParagraph},          {"row", appendRow},     {"signature", appendSignature},
    {"seal-space", appendSealSpace}, {"space", appendSpace}, {"page-break", appendPageBreak}};

// The blocks of a <flow>, blocks in blocks included. Images, text between blocks and
// anything unknown are left out.
void appendFlow(std::string& out, const xmlNode* flow) {
  walkBelow(
      flow,
      [&](const xmlNode* node) {
        if (isLayoutElement(node, "block")) {
          LayoutAttributes attributes = readAttributes(node);
          bool bottom = attributes.anchor == "page-bottom";
          out += bottom ? "<div class=\"block page-bottom\"" : "<div class=\"block\"";
          appendLangAttributes(out, attributes);
          appendBlockStyle(out, attributes, bottom);
          out += ">";
          return true;
        }
        for (const auto& [name, write] : kBlockWriters) {
          if (!isLayoutElement(node, name)) continue;
          write(out, node);
          break;
        }
        return false;
      },
      [&](const xmlNode*) { out += "</div>"; });
}

void appendMarking(std::string& out, const std::string& marking, std::string_view where) {
  if (marking.empty()) return;
  out.append("<div class=\"marking ").append(where).append("\">");
  appendEscapedText(out, marking);
  out += "</div>";
}

// The first child of a <furniture> named `name`.
const xmlNode* furnitureItem(const std::vector<const xmlNode*>& furniture, std::string_view name) {
  for (const xmlNode* f : furniture) {
    for (const xmlNode* item = f->children; item != nullptr; item = item->next) {
      if (isNamed(item, name)) return item;
    }
  }
  return nullptr;
}

}  // namespace

std::string layoutToHtml(const xmlDoc* layout) {
  const xmlNode* root = layoutRoot(layout);
  std::vector<const xmlNode*> pages, furniture, flows;
  for (const xmlNode* n = root != nullptr ? root->children : nullptr; n != nullptr; n = n->next) {
    if (isNamed(n, "page")) pages.push_back(n);
    if (isNamed(n, "furniture")) furniture.push_back(n);
    if (isNamed(n, "flow")) flows.push_back(n);
  }
  LayoutAttributes page = readAttributes(pages);
  std::string lang = safeLanguage(page.lang);
  if (lang.empty()) lang = "en";
  std::string marking = normalizedText(furnitureItem(furniture, "classification"));
  std::string title = normalizedText(furnitureItem(furniture, "continuation-header"));

  std::string out;
  out.reserve(4096);
  out += kPrologue;
  out.append(lang).append("\" lang=\"").append(lang).append("\">");
  out += kHead;
  appendEscapedText(out, title.empty() ? "Document" : title);
  out += kStyleSheet;
  std::string css;
  appendTextStyle(css, page);
  if (!page.fontFamily) css += kDefaultFont;
  if (!page.fontSize) css += "font-size: 12pt; ";
  appendEscaped(out, css, true);
  out += "\">";
  appendMarking(out, marking, "marking-top");
  for (const xmlNode* flow : flows) appendFlow(out, flow);
  appendMarking(out, marking, "marking-bottom");
  out += "</div></body></html>";
  return out;
}

}  // namespace chancery::render::detail
