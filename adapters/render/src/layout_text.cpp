#include "layout_text.hpp"

#include <optional>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "chancery/render/text_wrap.hpp"
#include "layout_tree.hpp"

namespace chancery::render::detail {
namespace {

constexpr long kWidth = static_cast<long>(kTextWidth);
// Stands for <br/> while the text of a paragraph or cell is gathered: the private-use
// character U+E000, as in layout-to-text.xsl (so the character itself breaks lines too).
constexpr std::string_view kBreak = "\xEE\x80\x80";

long columns(std::string_view text) { return static_cast<long>(characterCount(text)); }

// `text`, pushed right or centred within the width when `align` says so and it fits.
void appendAligned(std::string& out, std::string_view text, std::string_view align) {
  long free = kWidth - columns(text);
  if (free > 0 && align == "center") out.append(static_cast<std::size_t>(free / 2), ' ');
  if (free > 0 && align == "right") out.append(static_cast<std::size_t>(free), ' ');
  out += text;
}

// The text below `container` with every <br/> as kBreak and tabs and line ends as spaces.
std::string flatText(const xmlNode* container) {
  std::string flat;
  walkBelow(
      container,
      [&](const xmlNode* node) {
        if (isText(node)) {
          for (const xmlChar* c = node->content; c != nullptr && *c != 0; ++c) {
            flat.push_back(*c == '\t' || *c == '\n' || *c == '\r' ? ' ' : static_cast<char>(*c));
          }
          return false;
        }
        if (isNamed(node, "br")) {
          flat += kBreak;
          return false;
        }
        return node->type == XML_ELEMENT_NODE;
      },
      [](const xmlNode*) {});
  return flat;
}

// The flat text on one line: breaks as spaces, white space collapsed.
std::string oneLine(const xmlNode* container) {
  std::string flat = flatText(container);
  std::string spaced;
  spaced.reserve(flat.size());
  std::string_view rest = flat;
  for (std::size_t at = rest.find(kBreak); at != std::string_view::npos; at = rest.find(kBreak)) {
    spaced.append(rest.substr(0, at)).push_back(' ');
    rest.remove_prefix(at + kBreak.size());
  }
  spaced.append(rest);
  return normalizeSpace(spaced);
}

// One line per part between breaks, each collapsed and aligned.
void appendLines(std::string& out, std::string_view flat, std::string_view align) {
  while (true) {
    std::size_t at = flat.find(kBreak);
    appendAligned(out, normalizeSpace(flat.substr(0, at)), align);
    if (at == std::string_view::npos) return;
    out += '\n';
    flat.remove_prefix(at + kBreak.size());
  }
}

// Two texts on one line, `right` flush right when both fit with three spaces between.
void appendRowLine(std::string& out, std::string_view left, std::string_view right) {
  long gap = kWidth - columns(left) - columns(right);
  if (right.empty()) {
    out += left;
  } else if (gap >= 3) {
    out.append(left).append(static_cast<std::size_t>(gap), ' ').append(right);
  } else if (left.empty()) {
    out += right;
  } else {
    out.append(left).append("   ").append(right);
  }
}

// Two flat texts side by side, line by line (their breaks taken in step).
void appendRowLines(std::string& out, std::string_view left, std::string_view right) {
  while (true) {
    std::size_t l = left.find(kBreak);
    std::size_t r = right.find(kBreak);
    appendRowLine(out, normalizeSpace(left.substr(0, l)), normalizeSpace(right.substr(0, r)));
    if (l == std::string_view::npos && r == std::string_view::npos) return;
    out += '\n';
    left = l == std::string_view::npos ? std::string_view() : left.substr(l + kBreak.size());
    right = r == std::string_view::npos ? std::string_view() : right.substr(r + kBreak.size());
  }
}

// The align of `element` or of its nearest ancestor that has one; "" when none has.
std::string inheritedAlign(const xmlNode* element) {
  for (const xmlNode* n = element; n != nullptr && n->type == XML_ELEMENT_NODE; n = n->parent) {
    if (std::optional<std::string> align = attribute(n, "align")) return *align;
  }
  return {};
}

void appendParagraph(std::string& out, const xmlNode* p) {
  appendLines(out, flatText(p), inheritedAlign(p));
}

void appendRow(std::string& out, const xmlNode* row) {
  std::vector<const xmlNode*> cells;
  for (const xmlNode* cell = row->children; cell != nullptr; cell = cell->next) {
    if (isNamed(cell, "cell")) cells.push_back(cell);
  }
  if (cells.size() == 1) {
    appendLines(out, flatText(cells[0]), attribute(cells[0], "align").value_or(""));
  } else if (cells.size() == 2) {
    appendRowLines(out, flatText(cells[0]), flatText(cells[1]));
  } else {
    // Three cells or more: all but the last on the left, each on one line.
    std::string left;
    for (std::size_t i = 0; i + 1 < cells.size(); ++i) {
      std::string text = oneLine(cells[i]);
      if (!left.empty() && !text.empty()) left += ' ';
      left += text;
    }
    appendRowLine(out, left, cells.empty() ? std::string() : oneLine(cells.back()));
  }
}

// Each line centred in the right half when it fits there.
void appendSignature(std::string& out, const xmlNode* signature) {
  constexpr long kHalf = kWidth / 2;
  bool first = true;
  for (const xmlNode* line = signature->children; line != nullptr; line = line->next) {
    if (!isNamed(line, "line")) continue;
    if (!first) out += '\n';
    first = false;
    std::string text = oneLine(line);
    long length = columns(text);
    if (length <= kHalf) out.append(static_cast<std::size_t>(kHalf + (kHalf - length) / 2), ' ');
    out += text;
  }
}

void appendSealLabel(std::string& out, const xmlNode* seal) {
  std::string label = "[";
  label.append(normalizeSpace(attribute(seal, "label").value_or(""))).append("]");
  appendAligned(out, label, attribute(seal, "align").value_or(""));
}

class TextWriter {
 public:
  TextWriter(const xmlNode* root, std::string& out) : root_(root), out_(out) {}

  // The blocks of every <flow>: a blank line between those of the flow, a line break
  // between those of a <block>.
  void appendFlows() {
    for (const xmlNode* flow = root_->children; flow != nullptr; flow = flow->next) {
      if (!isNamed(flow, "flow")) continue;
      walkBelow(
          flow, [&](const xmlNode* node) { return enter(node); },
          [&](const xmlNode*) { written_.pop_back(); });
    }
  }

 private:
  bool enter(const xmlNode* node) {
    if (!givesText(node)) return false;
    if (written_.back()) out_ += written_.size() == 1 ? "\n\n" : "\n";
    written_.back() = true;
    if (isNamed(node, "block")) {
      written_.push_back(false);
      return true;
    }
    std::string_view name = localName(node);
    if (name == "p") {
      appendParagraph(out_, node);
    } else if (name == "row") {
      appendRow(out_, node);
    } else if (name == "signature") {
      appendSignature(out_, node);
    } else {
      appendSealLabel(out_, node);
    }
    return false;
  }

  // Paragraphs, rows, signatures, labelled seal spaces, and blocks with a paragraph, row
  // or signature somewhere inside.
  bool givesText(const xmlNode* node) {
    std::string_view name = localName(node);
    if (name == "p" || name == "row" || name == "signature") return true;
    if (name == "seal-space") return !normalizeSpace(attribute(node, "label").value_or("")).empty();
    if (name != "block") return false;
    if (!enclosing_) findEnclosing();
    return enclosing_->contains(node);
  }

  // Every element with a paragraph, row or signature below it (each looked for once).
  void findEnclosing() {
    enclosing_.emplace();
    walkBelow(
        root_,
        [&](const xmlNode* node) {
          std::string_view name = localName(node);
          if (name != "p" && name != "row" && name != "signature") return true;
          for (const xmlNode* a = node->parent; a != nullptr && a->type == XML_ELEMENT_NODE;
               a = a->parent) {
            if (!enclosing_->insert(a).second) break;  // and its ancestors are in already
          }
          return true;
        },
        [](const xmlNode*) {});
  }

  const xmlNode* root_;
  std::string& out_;
  std::vector<bool> written_{false};  // per level of blocks: whether a block was written
  std::optional<std::unordered_set<const xmlNode*>> enclosing_;
};

}  // namespace

std::string layoutToText(const xmlDoc* layout) {
  const xmlNode* root = layoutRoot(layout);
  std::string marking;
  for (const xmlNode* f = root != nullptr ? root->children : nullptr; f != nullptr; f = f->next) {
    if (!isNamed(f, "furniture")) continue;
    const xmlNode* item = f->children;
    while (item != nullptr && !isNamed(item, "classification")) item = item->next;
    if (item == nullptr) continue;
    appendStringValue(item, marking, [](const xmlNode*) { return false; });
    break;
  }
  marking = normalizeSpace(marking);

  std::string text;
  text.reserve(4096);
  if (!marking.empty()) {
    appendAligned(text, marking, "center");
    text += "\n\n";
  }
  if (root != nullptr) TextWriter(root, text).appendFlows();
  text += '\n';
  if (!marking.empty()) {
    text += '\n';
    appendAligned(text, marking, "center");
    text += '\n';
  }
  return wrapText(text);
}

}  // namespace chancery::render::detail
