#include "layout_parser.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chancery/pdf/errors.hpp"

namespace chancery::pdf {
namespace {

constexpr std::string_view kNamespace = "urn:chancery:page-layout:1";
constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kMinMeasure = 36;  // narrowest text column we accept, in pt
constexpr std::size_t kMaxAttributeChars = 1000;

struct XmlDocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct XmlParserCtxtDeleter {
  void operator()(xmlParserCtxt* ctxt) const { xmlFreeParserCtxt(ctxt); }
};
struct XmlCharDeleter {
  void operator()(xmlChar* chars) const { xmlFree(chars); }
};

std::string formatPoints(double pt) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1fmm", pt / kPointsPerMm);
  return buffer;
}

// ---------------------------------------------------------------------------------
// Well-formedness: libxml2 with a DOCTYPE trap.

struct ReadState {
  bool doctypeSeen = false;
  int doctypeLine = 0;
  bool errorSeen = false;
  int errorLine = 0;
  int errorColumn = 0;
  std::string errorMessage;
};

// Called by libxml2 as soon as "<!DOCTYPE name ..." is read, before the internal
// subset: stopping here means no entity declaration is ever parsed.
void onInternalSubset(void* ctx, const xmlChar* /*name*/, const xmlChar* /*externalId*/,
                      const xmlChar* /*systemId*/) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
  auto* state = static_cast<ReadState*>(ctxt->_private);
  state->doctypeSeen = true;
  state->doctypeLine = ctxt->input != nullptr ? ctxt->input->line : 0;
  xmlStopParser(ctxt);
}

// Keeps the first error and stops libxml2 from printing to stderr.
void onStructuredError(void* userData, xmlErrorPtr error) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(userData);
  if (ctxt == nullptr || error == nullptr || error->level < XML_ERR_ERROR) return;
  auto* state = static_cast<ReadState*>(ctxt->_private);
  if (state == nullptr || state->errorSeen) return;
  state->errorSeen = true;
  state->errorLine = error->line;
  state->errorColumn = error->int2;
  state->errorMessage = error->message != nullptr ? error->message : "malformed XML";
  while (!state->errorMessage.empty() &&
         (state->errorMessage.back() == '\n' || state->errorMessage.back() == ' ')) {
    state->errorMessage.pop_back();
  }
}

std::unique_ptr<xmlDoc, XmlDocDeleter> readXml(std::string_view xml) {
  if (xml.size() > kMaxLayoutBytes) {
    throw LayoutError(0, 0,
                      "the layout is " + std::to_string(xml.size()) + " bytes; at most " +
                          std::to_string(kMaxLayoutBytes) + " are accepted");
  }
  std::unique_ptr<xmlParserCtxt, XmlParserCtxtDeleter> ctxt(xmlNewParserCtxt());
  if (!ctxt || ctxt->sax == nullptr) throw RenderError("libxml2: cannot create a parser");
  ReadState state;
  ctxt->_private = &state;
  ctxt->sax->internalSubset = onInternalSubset;
  ctxt->sax->serror = onStructuredError;
  // Deliberately absent: XML_PARSE_NOENT (entity substitution), XML_PARSE_DTDLOAD,
  // XML_PARSE_DTDATTR, XML_PARSE_XINCLUDE, XML_PARSE_HUGE.
  const int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
  std::unique_ptr<xmlDoc, XmlDocDeleter> doc(xmlCtxtReadMemory(
      ctxt.get(), xml.data(), static_cast<int>(xml.size()), "page-layout.xml", nullptr, options));
  if (state.doctypeSeen) {
    throw LayoutError(state.doctypeLine, 0,
                      "DOCTYPE declarations are not allowed in a page layout (no DTDs, no "
                      "entities); remove the <!DOCTYPE ...> line");
  }
  if (state.errorSeen) {
    throw LayoutError(state.errorLine, state.errorColumn, "malformed XML: " + state.errorMessage);
  }
  if (!doc || ctxt->wellFormed == 0) throw LayoutError(0, 0, "malformed XML");
  return doc;
}

// ---------------------------------------------------------------------------------
// Element and attribute helpers.

std::string_view nameOf(const xmlNode* node) { return reinterpret_cast<const char*>(node->name); }

std::string_view contentOf(const xmlNode* node) {
  return node->content != nullptr ? reinterpret_cast<const char*>(node->content) : "";
}

// The line of an element; for a text node, the line of its first non-blank character.
// (libxml2 records the line where a text node ends, so count back over its newlines.)
int lineOf(const xmlNode* node) {
  const int line = static_cast<int>(xmlGetLineNo(node));
  if (node->type != XML_TEXT_NODE && node->type != XML_CDATA_SECTION_NODE) return line;
  const std::string_view text = contentOf(node);
  const std::size_t firstInk = std::min(text.find_first_not_of(" \t\r\n"), text.size());
  const auto newlines = std::count(text.begin(), text.end(), '\n');
  const auto leading = std::count(text.begin(), text.begin() + static_cast<long>(firstInk), '\n');
  const int start = line - static_cast<int>(newlines) + static_cast<int>(leading);
  const int floor = node->parent != nullptr ? static_cast<int>(xmlGetLineNo(node->parent)) : 1;
  return std::clamp(start, std::min(floor, line), line);
}

[[noreturn]] void failAt(const xmlNode* node, const std::string& message) {
  throw LayoutError(lineOf(node), 0, message);
}

std::string tag(std::string_view name) { return "<" + std::string(name) + ">"; }

std::string joinNames(const std::vector<std::string_view>& names) {
  std::string joined;
  for (std::string_view name : names) {
    if (!joined.empty()) joined += ", ";
    joined += name;
  }
  return joined.empty() ? "none" : joined;
}

void checkNamespace(const xmlNode* node) {
  if (node->ns != nullptr &&
      std::string_view(reinterpret_cast<const char*>(node->ns->href)) != kNamespace) {
    failAt(node, tag(nameOf(node)) + " is in namespace '" +
                     reinterpret_cast<const char*>(node->ns->href) +
                     "'; page-layout elements take no namespace or " + std::string(kNamespace));
  }
}

bool isWhitespace(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// Calls `onElement` for each child element of `parent`; comments and processing
// instructions are skipped, whitespace between elements is ignored, other text fails.
template <typename OnElement>
void forEachChildElement(const xmlNode* parent, OnElement&& onElement) {
  for (xmlNode* child = parent->children; child != nullptr; child = child->next) {
    switch (child->type) {
      case XML_ELEMENT_NODE:
        checkNamespace(child);
        onElement(child);
        break;
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        if (!isWhitespace(contentOf(child))) {
          failAt(child, "text is not allowed directly inside " + tag(nameOf(parent)) +
                            "; put it in a <p>");
        }
        break;
      case XML_COMMENT_NODE:
      case XML_PI_NODE:
        break;
      default:
        failAt(child, "unexpected XML node inside " + tag(nameOf(parent)));
    }
  }
}

// The attributes of one element, checked against the names the element allows, with
// typed accessors that report bad values against the element's line.
class Attributes {
 public:
  Attributes(const xmlNode* node, std::vector<std::string_view> allowed)
      : node_(node), allowed_(std::move(allowed)) {
    std::sort(allowed_.begin(), allowed_.end());
    for (xmlAttr* attr = node->properties; attr != nullptr; attr = attr->next) {
      std::string_view name = reinterpret_cast<const char*>(attr->name);
      if (attr->ns != nullptr) {
        fail(std::string("attribute '") + reinterpret_cast<const char*>(attr->ns->prefix) + ":" +
             std::string(name) + "' is not allowed; allowed here: " + joinNames(allowed_));
      }
      if (!std::binary_search(allowed_.begin(), allowed_.end(), name)) {
        fail("unknown attribute '" + std::string(name) + "'; allowed here: " + joinNames(allowed_));
      }
      std::unique_ptr<xmlChar, XmlCharDeleter> value(
          xmlNodeListGetString(node->doc, attr->children, 1));
      std::string text = value ? reinterpret_cast<const char*>(value.get()) : "";
      if (text.size() > kMaxAttributeChars) {
        fail("attribute '" + std::string(name) + "' is longer than " +
             std::to_string(kMaxAttributeChars) + " characters");
      }
      values_.emplace_back(std::string(name), std::move(text));
    }
  }

  int line() const { return lineOf(node_); }

  [[noreturn]] void fail(const std::string& message) const {
    failAt(node_, tag(nameOf(node_)) + ": " + message);
  }

  std::optional<std::string> text(std::string_view name) const {
    for (const auto& [key, value] : values_) {
      if (key == name) return value;
    }
    return std::nullopt;
  }

  std::string requiredText(std::string_view name) const {
    std::optional<std::string> value = text(name);
    if (!value || value->empty()) fail("attribute '" + std::string(name) + "' is required");
    return *value;
  }

  std::optional<bool> boolean(std::string_view name) const {
    std::optional<std::string> value = text(name);
    if (!value) return std::nullopt;
    if (*value == "true") return true;
    if (*value == "false") return false;
    fail(std::string(name) + "=\"" + *value + "\" must be \"true\" or \"false\"");
  }

  // A decimal number without unit, within [min, max].
  std::optional<double> number(std::string_view name, double min, double max) const {
    std::optional<std::string> value = text(name);
    if (!value) return std::nullopt;
    std::optional<double> parsed = parseDecimal(*value);
    if (!parsed || *parsed < min || *parsed > max) {
      fail(std::string(name) + "=\"" + *value + "\" must be a number from " + trimNumber(min) +
           " to " + trimNumber(max));
    }
    return parsed;
  }

  std::optional<int> integer(std::string_view name, int min, int max) const {
    std::optional<std::string> value = text(name);
    if (!value) return std::nullopt;
    const std::string_view spelled = *value;
    int parsed = 0;
    const auto [end, ec] = std::from_chars(spelled.begin(), spelled.end(), parsed);
    if (ec != std::errc() || end != spelled.end() || parsed < min || parsed > max) {
      fail(std::string(name) + "=\"" + *value + "\" must be a whole number from " +
           std::to_string(min) + " to " + std::to_string(max));
    }
    return parsed;
  }

  // A length such as "12pt", "25mm", "2.5cm", "1in", "0", or (when percentBase is set)
  // "50%" of percentBase. Result in points, within [min, max].
  std::optional<double> length(std::string_view name, double min, double max,
                               std::optional<double> percentBase = std::nullopt) const {
    std::optional<std::string> value = text(name);
    if (!value) return std::nullopt;
    const std::string_view spelled = *value;
    const std::size_t unitStart = spelled.find_first_not_of("+-0123456789.");
    const std::string_view unit =
        unitStart == std::string_view::npos ? std::string_view() : spelled.substr(unitStart);
    const std::optional<double> number = parseDecimal(spelled.substr(0, unitStart));
    std::optional<double> points;
    if (number) {
      if (unit == "pt")
        points = *number;
      else if (unit == "mm")
        points = *number * kPointsPerMm;
      else if (unit == "cm")
        points = *number * 10 * kPointsPerMm;
      else if (unit == "in")
        points = *number * 72;
      else if (unit == "%" && percentBase)
        points = *number / 100 * *percentBase;
      else if (unit.empty() && *number == 0)
        points = 0;
    }
    const std::string units = percentBase ? "pt, mm, cm, in or %" : "pt, mm, cm or in";
    if (!points) {
      fail(std::string(name) + "=\"" + *value + "\" is not a length; write a number with " + units +
           " (e.g. \"12pt\", \"25mm\")");
    }
    // A little slack so that "100%" or a margin computed in mm is not refused by rounding.
    if (*points < min - 1e-6 || *points > max + 1e-6) {
      fail(std::string(name) + "=\"" + *value + "\" is out of range; it must lie between " +
           formatPoints(min) + " and " + formatPoints(max));
    }
    return std::clamp(*points, min, max);
  }

  // One of `choices`; returns its index.
  std::optional<std::size_t> choice(std::string_view name,
                                    std::initializer_list<std::string_view> choices) const {
    std::optional<std::string> value = text(name);
    if (!value) return std::nullopt;
    std::size_t index = 0;
    for (std::string_view candidate : choices) {
      if (*value == candidate) return index;
      ++index;
    }
    fail(std::string(name) + "=\"" + *value +
         "\" must be one of: " + joinNames(std::vector<std::string_view>(choices)));
  }

 private:
  // "12", "-3.5", "+0.25"; no exponents, no inf/nan.
  static std::optional<double> parseDecimal(std::string_view text) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    double parsed = 0;
    auto [end, ec] =
        std::from_chars(text.data(), text.data() + text.size(), parsed, std::chars_format::fixed);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(parsed)) {
      return std::nullopt;
    }
    return parsed;
  }

  static std::string trimNumber(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
  }

  const xmlNode* node_;
  std::vector<std::string_view> allowed_;
  std::vector<std::pair<std::string, std::string>> values_;
};

std::vector<std::string_view> operator+(std::vector<std::string_view> left,
                                        const std::vector<std::string_view>& right) {
  left.insert(left.end(), right.begin(), right.end());
  return left;
}

// Attributes that set inherited text properties.
const std::vector<std::string_view> kStyleAttributes = {
    "align",        "font-family", "font-size", "line-height", "left-indent",
    "right-indent", "bold",        "italic",    "lang"};
// Spacing and keeps of a block that may break across pages.
const std::vector<std::string_view> kBreakableAttributes = {"space-before", "space-after",
                                                            "keep-with-next", "keep-together"};
// Spacing and keeps of a block that never breaks.
const std::vector<std::string_view> kAtomicAttributes = {"space-before", "space-after",
                                                         "keep-with-next"};

// ---------------------------------------------------------------------------------
// Inline content: text, <b>, <i>, <u>, <br/>.

// Builds TextSegments from mixed content, collapsing XML whitespace (space, tab, CR,
// LF, and U+2028/U+2029) into single spaces and trimming it at both ends of every
// segment, as HTML and XSL-FO do. Text is copied verbatim: nothing is markup.
class InlineCollector {
 public:
  void collect(const xmlNode* parent, RunStyle style) {
    for (xmlNode* child = parent->children; child != nullptr; child = child->next) {
      switch (child->type) {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          appendText(contentOf(child), style);
          break;
        case XML_ELEMENT_NODE:
          collectElement(parent, child, style);
          break;
        case XML_COMMENT_NODE:
        case XML_PI_NODE:
          break;
        default:
          failAt(child, "unexpected XML node inside " + tag(nameOf(parent)));
      }
    }
  }

  std::vector<TextSegment> finish() { return std::move(segments_); }

 private:
  void collectElement(const xmlNode* parent, const xmlNode* element, RunStyle style) {
    checkNamespace(element);
    std::string_view name = nameOf(element);
    Attributes attributes(element, {});
    if (name == "br") {
      if (element->children != nullptr) failAt(element, "<br> must be empty: write <br/>");
      segments_.emplace_back();
      pendingSpace_ = false;
      return;
    }
    if (name == "b")
      style.bold = true;
    else if (name == "i")
      style.italic = true;
    else if (name == "u")
      style.underline = true;
    else {
      failAt(element, tag(name) + " is not allowed inside " + tag(nameOf(parent)) +
                          "; text there may contain only <b>, <i>, <u> and <br/>");
    }
    collect(element, style);
  }

  void appendText(std::string_view text, RunStyle style) {
    TextSegment& segment = segments_.back();
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        markSpace(style);
        continue;
      }
      // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR would make pango break
      // (and stretch justified lines); line breaks come only from <br/>.
      if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
          (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
        markSpace(style);
        i += 2;
        continue;
      }
      if (pendingSpace_ && !segment.text.empty()) append(segment, ' ', pendingSpaceStyle_);
      pendingSpace_ = false;
      append(segment, c, style);
    }
  }

  // A collapsed space keeps the style of the first whitespace character of its run, so
  // that "a <u>b</u>" does not underline the space before "b".
  void markSpace(RunStyle style) {
    if (!pendingSpace_) pendingSpaceStyle_ = style;
    pendingSpace_ = true;
  }

  static void append(TextSegment& segment, char c, RunStyle style) {
    if (segment.spans.empty() || !(segment.spans.back().style == style)) {
      segment.spans.push_back({segment.text.size(), segment.text.size(), style});
    }
    segment.text.push_back(c);
    segment.spans.back().end = segment.text.size();
  }

  std::vector<TextSegment> segments_ = std::vector<TextSegment>(1);
  bool pendingSpace_ = false;
  RunStyle pendingSpaceStyle_;
};

std::vector<TextSegment> collectInline(const xmlNode* parent) {
  InlineCollector collector;
  collector.collect(parent, RunStyle{});
  return collector.finish();
}

// Plain text only (classification, header): whitespace collapsed, no child elements.
std::string collectPlainText(const xmlNode* parent, std::size_t maxChars) {
  for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE) {
      failAt(child, tag(nameOf(child)) + " is not allowed inside " + tag(nameOf(parent)) +
                        "; it holds plain text only");
    }
  }
  std::vector<TextSegment> segments = collectInline(parent);
  std::string text = segments.front().text;
  if (text.size() > maxChars) {
    failAt(parent, tag(nameOf(parent)) + " is longer than " + std::to_string(maxChars) + " bytes");
  }
  return text;
}

// ---------------------------------------------------------------------------------
// The document.

class LayoutReader {
 public:
  PageLayout read(const xmlNode* root) {
    checkNamespace(root);
    if (nameOf(root) != "page-layout") {
      failAt(root, "the root element must be <page-layout>, not " + tag(nameOf(root)));
    }
    Attributes attributes(root, {"version"});
    if (attributes.requiredText("version") != "1") {
      attributes.fail("version=\"" + *attributes.text("version") +
                      "\" is not supported; this typesetter reads version=\"1\"");
    }
    int stage = 0;  // 1 = page seen, 2 = furniture seen, 3 = flow seen
    forEachChildElement(root, [&](const xmlNode* child) {
      std::string_view name = nameOf(child);
      if (name == "page" && stage < 1) {
        readPage(child);
        stage = 1;
      } else if (name == "furniture" && stage < 2) {
        readFurniture(child);
        stage = 2;
      } else if (name == "flow" && stage < 3) {
        TextStyle style = layout_.page.style;
        readBlocks(child, style, layout_.flow, /*topLevel=*/true);
        stage = 3;
      } else if (name == "page" || name == "furniture" || name == "flow") {
        failAt(child, tag(name) +
                          " is repeated or out of order; <page-layout> holds "
                          "<page>, <furniture>, <flow> in this order, each once");
      } else {
        failAt(child, "unknown element " + tag(name) +
                          " in <page-layout>; allowed: <page>, <furniture>, <flow>");
      }
    });
    if (stage < 3) failAt(root, "<page-layout> has no <flow>");
    return std::move(layout_);
  }

 private:
  double textWidth() const { return layout_.page.textWidth(); }
  double bodyHeight() const { return layout_.page.bodyHeight(); }

  void readPage(const xmlNode* node) {
    Attributes attributes(
        node, {"size", "margin-top", "margin-bottom", "margin-left", "margin-right", "font-family",
               "font-size", "line-height", "align", "lang", "widows", "orphans"});
    PageSetup& page = layout_.page;
    page.line = attributes.line();
    if (auto size = attributes.text("size"); size && *size != "A4") {
      attributes.fail("size=\"" + *size + "\" is not supported; only \"A4\" is");
    }
    const double maxMargin = 100 * kPointsPerMm;
    page.marginTop = attributes.length("margin-top", 0, maxMargin).value_or(page.marginTop);
    page.marginBottom =
        attributes.length("margin-bottom", 0, maxMargin).value_or(page.marginBottom);
    page.marginLeft = attributes.length("margin-left", 0, maxMargin).value_or(page.marginLeft);
    page.marginRight = attributes.length("margin-right", 0, maxMargin).value_or(page.marginRight);
    if (page.textWidth() < 50 * kPointsPerMm || page.bodyHeight() < 50 * kPointsPerMm) {
      attributes.fail("the margins leave less than 50mm of text width or height");
    }
    readStyle(attributes, page.style);
    widows_ = attributes.integer("widows", 1, 10).value_or(widows_);
    orphans_ = attributes.integer("orphans", 1, 10).value_or(orphans_);
  }

  void readFurniture(const xmlNode* node) {
    Attributes attributes(node, {"edge-distance", "font-family", "font-size"});
    Furniture& furniture = layout_.furniture;
    furniture.line = attributes.line();
    furniture.fontFamily = layout_.page.style.fontFamily;
    furniture.edgeDistance =
        attributes.length("edge-distance", 0, 50 * kPointsPerMm).value_or(furniture.edgeDistance);
    furniture.fontFamily = readFontFamily(attributes).value_or(furniture.fontFamily);
    furniture.fontSize = attributes.length("font-size", 4, 36).value_or(furniture.fontSize);
    bool classificationSeen = false;
    bool headerSeen = false;
    bool numberSeen = false;
    auto once = [](const xmlNode* child, bool& seen) {
      if (seen) failAt(child, tag(nameOf(child)) + " may appear only once in <furniture>");
      seen = true;
    };
    forEachChildElement(node, [&](const xmlNode* child) {
      std::string_view name = nameOf(child);
      if (name == "classification") {
        once(child, classificationSeen);
        Attributes childAttributes(child, {"font-size"});
        furniture.classificationSize =
            childAttributes.length("font-size", 4, 36).value_or(furniture.fontSize + 1);
        furniture.classification = collectPlainText(child, 200);
      } else if (name == "continuation-header") {
        once(child, headerSeen);
        Attributes childAttributes(child, {});
        furniture.continuationHeader = collectPlainText(child, 300);
      } else if (name == "page-number") {
        once(child, numberSeen);
        Attributes childAttributes(child, {"format", "align"});
        if (child->children != nullptr) failAt(child, "<page-number> must be empty");
        furniture.pageNumbers = true;
        furniture.pageNumberFormat =
            childAttributes.text("format").value_or(furniture.pageNumberFormat);
        checkPageNumberFormat(childAttributes, furniture.pageNumberFormat);
        if (auto align = childAttributes.choice("align", {"left", "center", "right"})) {
          furniture.pageNumberAlign = static_cast<PageNumberAlign>(*align);
        }
      } else {
        failAt(child, "unknown element " + tag(name) +
                          " in <furniture>; allowed: <classification>, "
                          "<continuation-header>, <page-number>");
      }
    });
    if (!furniture.continuationHeader.empty() && furniture.pageNumbers &&
        furniture.pageNumberAlign == PageNumberAlign::kLeft) {
      failAt(node,
             "<page-number align=\"left\"> would overprint <continuation-header>, "
             "which stands on the left; use align=\"center\" or \"right\"");
    }
  }

  static void checkPageNumberFormat(const Attributes& attributes, const std::string& format) {
    bool hasPage = false;
    for (std::size_t at = format.find('{'); at != std::string::npos;
         at = format.find('{', at + 1)) {
      std::string_view rest = std::string_view(format).substr(at);
      if (rest.starts_with("{page}"))
        hasPage = true;
      else if (!rest.starts_with("{pages}")) {
        attributes.fail("format=\"" + format +
                        "\" may contain only the placeholders {page} and {pages}");
      }
    }
    if (!hasPage) attributes.fail("format=\"" + format + "\" must contain {page}");
  }

  std::optional<std::string> readFontFamily(const Attributes& attributes) const {
    std::optional<std::string> family = attributes.text("font-family");
    if (family && (family->empty() || family->size() > 100)) {
      attributes.fail("font-family must name a font, e.g. \"Liberation Serif\"");
    }
    return family;
  }

  // Applies the kStyleAttributes present on the element to `style`. Indents accumulate.
  void readStyle(const Attributes& attributes, TextStyle& style) const {
    if (auto align = attributes.choice("align", {"left", "center", "right", "justify"})) {
      style.align = static_cast<Align>(*align);
    }
    style.fontFamily = readFontFamily(attributes).value_or(style.fontFamily);
    style.fontSize = attributes.length("font-size", 4, 96).value_or(style.fontSize);
    style.lineHeight = attributes.number("line-height", 0.5, 4).value_or(style.lineHeight);
    style.leftIndent += attributes.length("left-indent", 0, textWidth(), textWidth()).value_or(0);
    style.rightIndent += attributes.length("right-indent", 0, textWidth(), textWidth()).value_or(0);
    style.bold = attributes.boolean("bold").value_or(style.bold);
    style.italic = attributes.boolean("italic").value_or(style.italic);
    if (auto lang = attributes.text("lang")) {
      const bool valid = !lang->empty() && lang->size() <= 35 &&
                         std::all_of(lang->begin(), lang->end(), [](char c) {
                           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                  (c >= '0' && c <= '9') || c == '-';
                         });
      if (!valid) attributes.fail("lang=\"" + *lang + "\" is not a language tag like \"az\"");
      style.lang = *lang;
    }
    if (textWidth() - style.leftIndent - style.rightIndent < kMinMeasure) {
      attributes.fail("the indents leave less than " + formatPoints(kMinMeasure) +
                      " of line width");
    }
  }

  BlockCommon readCommon(const Attributes& attributes) const {
    BlockCommon common;
    common.line = attributes.line();
    common.spaceBefore = attributes.length("space-before", 0, bodyHeight()).value_or(0);
    common.spaceAfter = attributes.length("space-after", 0, bodyHeight()).value_or(0);
    common.keepWithNext = attributes.boolean("keep-with-next").value_or(false);
    common.keepTogether = attributes.boolean("keep-together").value_or(false);
    return common;
  }

  void readBlocks(const xmlNode* parent, const TextStyle& style, std::vector<Block>& out,
                  bool topLevel) {
    forEachChildElement(parent, [&](const xmlNode* child) {
      std::string_view name = nameOf(child);
      if (name == "p")
        out.push_back(readParagraph(child, style));
      else if (name == "block")
        out.push_back(readGroup(child, style, topLevel));
      else if (name == "space")
        out.push_back(readSpace(child));
      else if (name == "page-break")
        out.push_back(readPageBreak(child));
      else if (name == "image")
        out.push_back(readImage(child, style));
      else if (name == "seal-space")
        out.push_back(readSealSpace(child, style));
      else if (name == "signature")
        out.push_back(readSignature(child, style));
      else if (name == "row")
        out.push_back(readRow(child, style));
      else {
        failAt(child, "unknown element " + tag(name) + " in " + tag(nameOf(parent)) +
                          "; allowed: <p>, <block>, <space>, <page-break>, <image>, "
                          "<seal-space>, <signature>, <row>");
      }
    });
  }

  Block readParagraph(const xmlNode* node, TextStyle style) const {
    Attributes attributes(node,
                          kStyleAttributes + kBreakableAttributes +
                              std::vector<std::string_view>{"first-indent", "widows", "orphans"});
    Block block{readCommon(attributes), Paragraph{}};
    auto& paragraph = std::get<Paragraph>(block.content);
    readStyle(attributes, style);
    paragraph.style = style;
    paragraph.firstIndent =
        attributes.length("first-indent", -textWidth() / 2, textWidth() / 2).value_or(0);
    paragraph.widows = attributes.integer("widows", 1, 10).value_or(widows_);
    paragraph.orphans = attributes.integer("orphans", 1, 10).value_or(orphans_);
    paragraph.segments = collectInline(node);
    return block;
  }

  Block readGroup(const xmlNode* node, TextStyle style, bool topLevel) {
    Attributes attributes(
        node, kStyleAttributes + kBreakableAttributes + std::vector<std::string_view>{"anchor"});
    Block block{readCommon(attributes), Group{}};
    auto& group = std::get<Group>(block.content);
    readStyle(attributes, style);
    if (auto anchor = attributes.choice("anchor", {"flow", "page-bottom"})) {
      group.anchorBottom = *anchor == 1;
    }
    if (group.anchorBottom) {
      if (!topLevel) attributes.fail("anchor=\"page-bottom\" is allowed only directly in <flow>");
      block.common.keepTogether = true;
    }
    readBlocks(node, style, group.children, /*topLevel=*/false);
    if (group.anchorBottom && containsPageBreak(group.children)) {
      attributes.fail("a page-bottom block may not contain <page-break>");
    }
    return block;
  }

  static bool containsPageBreak(const std::vector<Block>& blocks) {
    return std::any_of(blocks.begin(), blocks.end(), [](const Block& block) {
      if (std::holds_alternative<PageBreak>(block.content)) return true;
      const auto* group = std::get_if<Group>(&block.content);
      return group != nullptr && containsPageBreak(group->children);
    });
  }

  Block readSpace(const xmlNode* node) const {
    Attributes attributes(node, {"height"});
    expectEmpty(node);
    Block block{BlockCommon{attributes.line()}, Space{}};
    std::get<Space>(block.content).height =
        attributes.length("height", 0, bodyHeight()).value_or(0);
    if (!attributes.text("height")) attributes.fail("attribute 'height' is required");
    return block;
  }

  Block readPageBreak(const xmlNode* node) const {
    Attributes attributes(node, {});
    expectEmpty(node);
    return Block{BlockCommon{attributes.line()}, PageBreak{}};
  }

  Block readImage(const xmlNode* node, TextStyle style) const {
    Attributes attributes(
        node, kAtomicAttributes + std::vector<std::string_view>{"src", "width", "height", "align",
                                                                "left-indent", "right-indent"});
    expectEmpty(node);
    Block block{readCommon(attributes), Image{}};
    auto& image = std::get<Image>(block.content);
    image.src = attributes.requiredText("src");
    applyBoxPlacement(attributes, style, image.align, image.leftIndent, image.rightIndent);
    const double measure = textWidth() - image.leftIndent - image.rightIndent;
    image.width = attributes.length("width", 1, measure, measure);
    image.height = attributes.length("height", 1, bodyHeight());
    if (!image.width && !image.height) {
      attributes.fail(
          "give a width or a height (or both); the other follows the picture's "
          "proportions");
    }
    return block;
  }

  Block readSealSpace(const xmlNode* node, TextStyle style) const {
    Attributes attributes(
        node, kAtomicAttributes + std::vector<std::string_view>{"width", "height", "align", "label",
                                                                "left-indent", "right-indent",
                                                                "font-size"});
    expectEmpty(node);
    Block block{readCommon(attributes), BlankBox{}};
    auto& box = std::get<BlankBox>(block.content);
    applyBoxPlacement(attributes, style, box.align, box.leftIndent, box.rightIndent);
    const double measure = textWidth() - box.leftIndent - box.rightIndent;
    box.width = attributes.length("width", 0, measure, measure).value_or(40 * kPointsPerMm);
    box.height = attributes.length("height", 1, bodyHeight()).value_or(30 * kPointsPerMm);
    box.label = attributes.text("label").value_or("");
    box.labelStyle = style;
    box.labelStyle.fontSize =
        attributes.length("font-size", 4, 96).value_or(box.labelStyle.fontSize);
    return block;
  }

  // The placement of an image or blank box: align left/center/right within the text
  // width narrowed by the (accumulated) indents.
  void applyBoxPlacement(const Attributes& attributes, TextStyle& style, Align& align,
                         double& leftIndent, double& rightIndent) const {
    align = style.align == Align::kJustify ? Align::kLeft : style.align;
    if (auto choice = attributes.choice("align", {"left", "center", "right"})) {
      align = static_cast<Align>(*choice);
    }
    leftIndent = style.leftIndent +
                 attributes.length("left-indent", 0, textWidth(), textWidth()).value_or(0);
    rightIndent = style.rightIndent +
                  attributes.length("right-indent", 0, textWidth(), textWidth()).value_or(0);
    if (textWidth() - leftIndent - rightIndent < kMinMeasure) {
      attributes.fail("the indents leave less than " + formatPoints(kMinMeasure) + " of width");
    }
  }

  // <signature> becomes a keep-together group: a blank box for the handwritten
  // signature, then one paragraph per <line>. By default it stands in the right half
  // of the text width with its lines centred.
  Block readSignature(const xmlNode* node, TextStyle style) const {
    std::vector<std::string_view> allowed = kStyleAttributes + kAtomicAttributes;
    allowed.push_back("sign-space");
    Attributes attributes(node, allowed);
    Block block{readCommon(attributes), Group{}};
    block.common.keepTogether = true;
    style.align = Align::kCenter;
    if (!attributes.text("left-indent")) style.leftIndent += textWidth() / 2;
    readStyle(attributes, style);
    auto& group = std::get<Group>(block.content);
    BlankBox signSpace;
    signSpace.height = attributes.length("sign-space", 0, bodyHeight()).value_or(15 * kPointsPerMm);
    signSpace.leftIndent = style.leftIndent;
    signSpace.rightIndent = style.rightIndent;
    if (signSpace.height > 0) {
      group.children.push_back(Block{BlockCommon{attributes.line()}, std::move(signSpace)});
    }
    int lines = 0;
    forEachChildElement(node, [&](const xmlNode* child) {
      if (nameOf(child) != "line") {
        failAt(child, "unknown element " + tag(nameOf(child)) + " in <signature>; allowed: <line>");
      }
      Attributes lineAttributes(child, {});
      Paragraph paragraph;
      paragraph.style = style;
      paragraph.segments = collectInline(child);
      group.children.push_back(Block{BlockCommon{lineAttributes.line()}, std::move(paragraph)});
      ++lines;
    });
    if (lines == 0) attributes.fail("a signature needs at least one <line> (the name)");
    return block;
  }

  Block readRow(const xmlNode* node, TextStyle style) const {
    Attributes attributes(node, kStyleAttributes + kAtomicAttributes);
    Block block{readCommon(attributes), Row{}};
    readStyle(attributes, style);
    auto& row = std::get<Row>(block.content);
    const double rowWidth = textWidth() - style.leftIndent - style.rightIndent;
    std::vector<std::optional<double>> widths;
    forEachChildElement(node, [&](const xmlNode* child) {
      if (nameOf(child) != "cell") {
        failAt(child, "unknown element " + tag(nameOf(child)) + " in <row>; allowed: <cell>");
      }
      Attributes cellAttributes(child, {"width", "align", "font-family", "font-size", "line-height",
                                        "bold", "italic", "lang"});
      Cell cell;
      cell.style = style;
      readStyle(cellAttributes, cell.style);
      cell.segments = collectInline(child);
      widths.push_back(cellAttributes.length("width", 1, rowWidth, rowWidth));
      row.cells.push_back(std::move(cell));
    });
    if (row.cells.empty() || row.cells.size() > 8) {
      attributes.fail("a row holds 1 to 8 <cell> elements");
    }
    double fixed = 0;
    std::size_t open = 0;
    for (const auto& width : widths) {
      if (width)
        fixed += *width;
      else
        ++open;
    }
    if (fixed > rowWidth + 0.01) {
      attributes.fail("the cell widths add up to " + formatPoints(fixed) +
                      ", more than the row's " + formatPoints(rowWidth));
    }
    const double share = open > 0 ? (rowWidth - fixed) / static_cast<double>(open) : 0;
    if (open > 0 && share < 10) {
      attributes.fail("the cells without a width get less than " + formatPoints(10) + " each");
    }
    double x = style.leftIndent;
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      row.cells[i].x = x;
      row.cells[i].width = widths[i].value_or(share);
      x += row.cells[i].width;
    }
    return block;
  }

  static void expectEmpty(const xmlNode* node) {
    forEachChildElement(node, [&](const xmlNode* child) {
      failAt(child, tag(nameOf(node)) + " must be empty, but contains " + tag(nameOf(child)));
    });
  }

  PageLayout layout_;
  int widows_ = 2;
  int orphans_ = 2;
};

}  // namespace

PageLayout parsePageLayout(std::string_view xml) {
  std::unique_ptr<xmlDoc, XmlDocDeleter> doc = readXml(xml);
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) throw LayoutError(0, 0, "the layout has no root element");
  return LayoutReader().read(root);
}

}  // namespace chancery::pdf
