// The parsed page layout: what layout_parser produces and typeset consumes.
//
// Every length is in PDF points (1/72 in), already resolved from mm/cm/in/% by the
// parser, and every value has been range-checked there, so the typesetter never has to
// report a malformed layout (only resources, such as images, can still fail later).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace chancery::pdf {

inline constexpr double kA4Width = 595.2756;   // 210 mm
inline constexpr double kA4Height = 841.8898;  // 297 mm

enum class Align { kLeft, kCenter, kRight, kJustify };

struct RunStyle {
  bool bold = false;
  bool italic = false;
  bool underline = false;
  bool operator==(const RunStyle&) const = default;
};

// Bytes [begin, end) of TextSegment::text carry `style`.
struct StyleSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  RunStyle style;
};

// Text between two <br/>s: plain UTF-8 (never markup), whitespace already collapsed.
// Spans cover the whole text, in order, without gaps.
struct TextSegment {
  std::string text;
  std::vector<StyleSpan> spans;
};

// Text properties inherited page -> block -> paragraph/cell/line.
struct TextStyle {
  std::string fontFamily = "Liberation Serif";
  double fontSize = 12;   // pt
  double lineHeight = 1;  // factor applied to the font's natural line height
  Align align = Align::kLeft;
  double leftIndent = 0;   // from the left margin, accumulated through blocks
  double rightIndent = 0;  // from the right margin, accumulated through blocks
  bool bold = false;
  bool italic = false;
  std::string lang = "en";
};

// Properties every block has. Spaces are "conditional": dropped at the top of a
// continuation page. Between two blocks the larger of space-after/space-before applies.
struct BlockCommon {
  int line = 0;  // source line, for error messages
  double spaceBefore = 0;
  double spaceAfter = 0;
  bool keepWithNext = false;  // no page break between this block and the next
  bool keepTogether = false;  // no page break inside this block
};

struct Paragraph {
  TextStyle style;
  double firstIndent = 0;             // extra indent of the first line; negative = hanging
  std::vector<TextSegment> segments;  // one per forced line break; never empty
  int widows = 2;
  int orphans = 2;
};

// Explicit vertical space (<space>), added to the gap between its neighbours.
struct Space {
  double height = 0;
};

struct PageBreak {};

struct Image {
  std::string src;              // relative to PdfOptions::resourceDir, checked at render time
  std::optional<double> width;  // at least one of width/height is set
  std::optional<double> height;
  Align align = Align::kLeft;  // left/center/right within the indented text width
  double leftIndent = 0;
  double rightIndent = 0;
};

// A reserved blank rectangle (seal, initials, handwritten signature), optionally with a
// label such as "L.S." centred in it.
struct BlankBox {
  double width = 0;
  double height = 0;
  Align align = Align::kLeft;
  double leftIndent = 0;
  double rightIndent = 0;
  std::string label;
  TextStyle labelStyle;
};

struct Cell {
  double x = 0;  // offset from the left margin
  double width = 0;
  TextStyle style;  // indents are ignored: the cell box is the measure
  std::vector<TextSegment> segments;
};

// Cells side by side, e.g. the registry number on the left and place and date on the
// right. A row never breaks across pages.
struct Row {
  std::vector<Cell> cells;
};

struct Block;

// A container (<block>, and the desugared <signature>). With anchorBottom the group is
// pushed to the foot of the page it ends up on, and the next block starts a new page.
struct Group {
  std::vector<Block> children;
  bool anchorBottom = false;
};

struct Block {
  BlockCommon common;
  std::variant<Paragraph, Space, PageBreak, Image, BlankBox, Row, Group> content;
};

struct PageSetup {
  double width = kA4Width;
  double height = kA4Height;
  double marginTop = 25 * 72 / 25.4;
  double marginBottom = 25 * 72 / 25.4;
  double marginLeft = 30 * 72 / 25.4;
  double marginRight = 20 * 72 / 25.4;
  TextStyle style;  // document defaults
  int line = 0;

  double textWidth() const { return width - marginLeft - marginRight; }
  double bodyHeight() const { return height - marginTop - marginBottom; }
};

enum class PageNumberAlign { kLeft, kCenter, kRight };

// Printed in the margins: the classification marking at the top and bottom of every
// page; the continuation header and the page number on pages 2..N only.
struct Furniture {
  int line = 0;
  double edgeDistance = 10 * 72 / 25.4;  // marking to the paper edge
  std::string fontFamily = "Liberation Serif";
  double fontSize = 10;
  std::string classification;  // empty: none
  double classificationSize = 11;
  std::string continuationHeader;  // empty: none
  bool pageNumbers = false;
  std::string pageNumberFormat = "{page}/{pages}";
  PageNumberAlign pageNumberAlign = PageNumberAlign::kCenter;
};

struct PageLayout {
  PageSetup page;
  Furniture furniture;
  std::vector<Block> flow;
};

}  // namespace chancery::pdf
