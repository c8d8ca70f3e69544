// The values of a page layout that reach the CSS of the HTML rendition, and the checks
// they pass first. Nothing from the layout goes into a style attribute unchecked: a
// length is a number with pt, mm, cm, in or %, an alignment one of four words, a line
// height a plain number, a font name letters, digits, spaces and hyphens; anything else
// is left out, as if the attribute were absent. Pure functions; thread-safe.
#pragma once

#include <libxml/tree.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace chancery::render::detail {

// The attributes (in no namespace) of one layout element that the HTML writer reads,
// raw. For several elements at once (a layout with several <page>), each is the first
// value in document order.
struct LayoutAttributes {
  std::optional<std::string> align, fontSize, lineHeight, fontFamily, firstIndent;
  std::optional<std::string> leftIndent, rightIndent, spaceBefore, spaceAfter;
  std::optional<std::string> lang, anchor, width, height, signSpace, label;
  // Whether any of the elements has bold="true", bold="false", italic="true", ...
  bool bold = false, notBold = false, italic = false, notItalic = false;
};

LayoutAttributes readAttributes(std::span<const xmlNode* const> elements);
LayoutAttributes readAttributes(const xmlNode* element);

// The length `value` with the white space around it removed, when it is a length of the
// layout (a number with pt, mm, cm, in or %, or a zero without unit); "" otherwise.
// Accepts what layout-to-html.xsl accepted, "-" and "-mm" (XPath reads "-" as zero)
// included.
std::string safeLength(const std::optional<std::string>& value);

// `value` when it looks like a language code (ASCII letters, digits and hyphens, at most
// 35 of them); "" otherwise.
std::string safeLanguage(const std::optional<std::string>& value);

// Appends "property: length; " when `value` is a length (see safeLength).
void appendLength(std::string& css, std::string_view property,
                  const std::optional<std::string>& value);

// Appends the text properties as CSS declarations, each followed by a space, in a fixed
// order: text-align, font-weight, font-style, font-size, line-height, font-family,
// text-indent (from first-indent).
void appendTextStyle(std::string& css, const LayoutAttributes& attributes);

// Appends margin-left and margin-right (from left-indent and right-indent).
void appendIndents(std::string& css, const LayoutAttributes& attributes);

// Appends margin-top and margin-bottom (from space-before and space-after).
void appendSpacing(std::string& css, const LayoutAttributes& attributes);

}  // namespace chancery::render::detail
