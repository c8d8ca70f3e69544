#include "layout_css.hpp"

#include <libxml/xpath.h>

#include <algorithm>
#include <new>
#include <utility>

#include "layout_tree.hpp"

namespace chancery::render::detail {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool isAsciiAlnum(char c) { return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// XPath's number() of `text`, as libxml2 reads it (layout-to-html.xsl checked numbers
// with it): NaN for anything that is not a number. "-" alone reads as zero.
double xpathNumber(const std::string& text) {
  return xmlXPathCastStringToNumber(reinterpret_cast<const xmlChar*>(text.c_str()));
}

// line-height: a plain number of at most 7 digits and dots, written as XPath's string()
// writes number(value), rounding noise included ("9.101" gives "9.101000000000001").
std::optional<std::string> safeLineHeight(const std::string& value) {
  if (value.size() >= 8 ||
      !std::all_of(value.begin(), value.end(), [](char c) { return isDigit(c) || c == '.'; })) {
    return std::nullopt;
  }
  double number = xpathNumber(value);
  if (xmlXPathIsNaN(number)) return std::nullopt;
  xmlChar* written = xmlXPathCastNumberToString(number);
  if (written == nullptr) throw std::bad_alloc();
  std::string out = reinterpret_cast<const char*>(written);
  xmlFree(written);
  return out;
}

// font-family: letters, digits, spaces and hyphens, fewer than 64 characters.
bool isSafeFontName(const std::string& value) {
  return characterCount(value) < 64 && std::all_of(value.begin(), value.end(), [](char c) {
           return isAsciiAlnum(c) || c == ' ' || c == '-';
         });
}

bool isAlignment(const std::string& value) {
  return value == "left" || value == "center" || value == "right" || value == "justify";
}

// The attributes kept as they are: the first value of each.
using Slot = std::optional<std::string> LayoutAttributes::*;
constexpr std::pair<std::string_view, Slot> kValues[] = {
    {"align", &LayoutAttributes::align},
    {"font-size", &LayoutAttributes::fontSize},
    {"line-height", &LayoutAttributes::lineHeight},
    {"font-family", &LayoutAttributes::fontFamily},
    {"first-indent", &LayoutAttributes::firstIndent},
    {"left-indent", &LayoutAttributes::leftIndent},
    {"right-indent", &LayoutAttributes::rightIndent},
    {"space-before", &LayoutAttributes::spaceBefore},
    {"space-after", &LayoutAttributes::spaceAfter},
    {"lang", &LayoutAttributes::lang},
    {"anchor", &LayoutAttributes::anchor},
    {"width", &LayoutAttributes::width},
    {"height", &LayoutAttributes::height},
    {"sign-space", &LayoutAttributes::signSpace},
    {"label", &LayoutAttributes::label},
};

void readInto(LayoutAttributes& to, const xmlNode* element) {
  for (const xmlAttr* a = element->properties; a != nullptr; a = a->next) {
    if (a->ns != nullptr || a->name == nullptr) continue;
    std::string_view name = reinterpret_cast<const char*>(a->name);
    if (name == "bold" || name == "italic") {
      std::string value = attributeValue(a);
      bool& yes = name == "bold" ? to.bold : to.italic;
      bool& no = name == "bold" ? to.notBold : to.notItalic;
      yes = yes || value == "true";
      no = no || value == "false";
      continue;
    }
    for (const auto& [known, slot] : kValues) {
      if (name != known) continue;
      if (!(to.*slot)) to.*slot = attributeValue(a);
      break;
    }
  }
}

}  // namespace

LayoutAttributes readAttributes(std::span<const xmlNode* const> elements) {
  LayoutAttributes attributes;
  for (const xmlNode* element : elements) readInto(attributes, element);
  return attributes;
}

LayoutAttributes readAttributes(const xmlNode* element) {
  LayoutAttributes attributes;
  readInto(attributes, element);
  return attributes;
}

std::string safeLength(const std::optional<std::string>& value) {
  if (!value) return {};
  std::string s = normalizeSpace(*value);
  if (s.empty() || s.size() >= 16) return {};
  std::size_t unitStart = s.find_first_not_of("0123456789.-");
  std::string number = s.substr(0, std::min(unitStart, s.size()));
  std::string_view unit = std::string_view(s).substr(number.size());
  double amount = xpathNumber(number);
  if (xmlXPathIsNaN(amount)) return {};
  bool unitOk = unit == "pt" || unit == "mm" || unit == "cm" || unit == "in" || unit == "%";
  return unitOk || (unit.empty() && amount == 0) ? s : std::string();
}

std::string safeLanguage(const std::optional<std::string>& value) {
  if (!value || value->empty() || value->size() >= 36) return {};
  bool code =
      std::all_of(value->begin(), value->end(), [](char c) { return isAsciiAlnum(c) || c == '-'; });
  return code ? *value : std::string();
}

void appendLength(std::string& css, std::string_view property,
                  const std::optional<std::string>& value) {
  std::string length = safeLength(value);
  if (length.empty()) return;
  css.append(property).append(": ").append(length).append("; ");
}

void appendTextStyle(std::string& css, const LayoutAttributes& a) {
  // With several <page>, layout-to-html.xsl wrote the first align when any of them was
  // valid; only a valid first one is written here.
  if (a.align && isAlignment(*a.align)) css.append("text-align: ").append(*a.align).append("; ");
  if (a.bold) css.append("font-weight: bold; ");
  if (a.notBold) css.append("font-weight: normal; ");
  if (a.italic) css.append("font-style: italic; ");
  if (a.notItalic) css.append("font-style: normal; ");
  appendLength(css, "font-size", a.fontSize);
  if (a.lineHeight) {
    if (std::optional<std::string> number = safeLineHeight(*a.lineHeight)) {
      css.append("line-height: ").append(*number).append("; ");
    }
  }
  if (a.fontFamily && isSafeFontName(*a.fontFamily)) {
    css.append("font-family: \"")
        .append(normalizeSpace(*a.fontFamily))
        .append("\", \"Times New Roman\", Times, serif; ");
  }
  appendLength(css, "text-indent", a.firstIndent);
}

void appendIndents(std::string& css, const LayoutAttributes& a) {
  appendLength(css, "margin-left", a.leftIndent);
  appendLength(css, "margin-right", a.rightIndent);
}

void appendSpacing(std::string& css, const LayoutAttributes& a) {
  appendLength(css, "margin-top", a.spaceBefore);
  appendLength(css, "margin-bottom", a.spaceAfter);
}

}  // namespace chancery::render::detail
