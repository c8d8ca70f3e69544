// The page-layout vocabulary: what parses into what, and which input is refused with
// which message and line. Hostile input (DOCTYPE, entities) is covered here too.
#include "layout_parser.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "chancery/pdf/errors.hpp"

namespace chancery::pdf {
namespace {

std::string wrapFlow(const std::string& flow) {
  return "<page-layout version=\"1\">\n<flow>\n" + flow + "\n</flow>\n</page-layout>\n";
}

// Expects parsing to fail at `line` with a message containing `fragment`.
void expectLayoutError(const std::string& xml, int line, const std::string& fragment) {
  try {
    parsePageLayout(xml);
    ADD_FAILURE() << "no LayoutError; expected one mentioning: " << fragment;
  } catch (const LayoutError& error) {
    EXPECT_EQ(error.line(), line) << error.what();
    EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
  }
}

const Paragraph& firstParagraph(const PageLayout& layout) {
  return std::get<Paragraph>(layout.flow.at(0).content);
}

TEST(LayoutParser, CollapsesWhitespaceAndKeepsStylesAsSpans) {
  const PageLayout layout =
      parsePageLayout(wrapFlow("<p>\n   Note  <b>verbale</b>\tNo.<i>12</i> <br/>  Baku  </p>"));
  const Paragraph& paragraph = firstParagraph(layout);
  ASSERT_EQ(paragraph.segments.size(), 2u);
  EXPECT_EQ(paragraph.segments[0].text, "Note verbale No.12");
  EXPECT_EQ(paragraph.segments[1].text, "Baku");
  const TextSegment& segment = paragraph.segments[0];
  ASSERT_EQ(segment.spans.size(), 4u);  // "Note " | "verbale" | " No." | "12"
  auto spanText = [&](const StyleSpan& span) {
    return segment.text.substr(span.begin, span.end - span.begin);
  };
  EXPECT_EQ(spanText(segment.spans[1]), "verbale");
  EXPECT_TRUE(segment.spans[1].style.bold);
  EXPECT_FALSE(segment.spans[2].style.bold);
  EXPECT_TRUE(segment.spans[3].style.italic);
}

// A collapsed space takes the style of the place where the whitespace stood.
TEST(LayoutParser, CollapsedSpaceKeepsTheStyleWhereItStood) {
  const PageLayout layout =
      parsePageLayout(wrapFlow("<p>in <u>Baku</u></p><p><u>Baku </u>city</p>"));
  const TextSegment& outside = std::get<Paragraph>(layout.flow.at(0).content).segments[0];
  ASSERT_EQ(outside.spans.size(), 2u);
  EXPECT_EQ(outside.spans[0].end, 3u);  // "in " not underlined
  EXPECT_FALSE(outside.spans[0].style.underline);
  const TextSegment& inside = std::get<Paragraph>(layout.flow.at(1).content).segments[0];
  ASSERT_EQ(inside.spans.size(), 2u);
  EXPECT_EQ(inside.spans[0].end, 5u);  // "Baku " underlined
  EXPECT_TRUE(inside.spans[0].style.underline);
}

TEST(LayoutParser, ResolvesLengthsAndInheritsStyles) {
  const PageLayout layout = parsePageLayout(
      "<page-layout version=\"1\" xmlns=\"urn:chancery:page-layout:1\">"
      "<page margin-left=\"30mm\" margin-right=\"20mm\" font-size=\"11pt\" align=\"justify\"/>"
      "<flow><block left-indent=\"10%\" font-size=\"10pt\">"
      "<p first-indent=\"1cm\" space-after=\"6pt\" left-indent=\"0.5in\">x</p></block>"
      "</flow></page-layout>");
  const auto& group = std::get<Group>(layout.flow.at(0).content);
  const auto& paragraph = std::get<Paragraph>(group.children.at(0).content);
  EXPECT_NEAR(paragraph.style.leftIndent, 0.1 * layout.page.textWidth() + 36, 1e-6);
  EXPECT_NEAR(paragraph.firstIndent, 72 / 2.54, 1e-6);
  EXPECT_DOUBLE_EQ(paragraph.style.fontSize, 10);
  EXPECT_EQ(paragraph.style.align, Align::kJustify);
  EXPECT_DOUBLE_EQ(group.children.at(0).common.spaceAfter, 6);
  EXPECT_NEAR(layout.page.textWidth(), 160 * 72 / 25.4, 1e-3);
}

TEST(LayoutParser, SignatureBecomesAKeepTogetherGroupInTheRightHalf) {
  const PageLayout layout = parsePageLayout(
      wrapFlow("<signature sign-space=\"20mm\"><line>Name</line><line>Title</line></signature>"));
  const Block& block = layout.flow.at(0);
  EXPECT_TRUE(block.common.keepTogether);
  const auto& group = std::get<Group>(block.content);
  ASSERT_EQ(group.children.size(), 3u);
  EXPECT_NEAR(std::get<BlankBox>(group.children[0].content).height, 20 * 72 / 25.4, 1e-6);
  const auto& name = std::get<Paragraph>(group.children[1].content);
  EXPECT_NEAR(name.style.leftIndent, layout.page.textWidth() / 2, 1e-6);
  EXPECT_EQ(name.style.align, Align::kCenter);
}

TEST(LayoutParser, RowCellsShareTheWidthLeftOver) {
  const PageLayout layout =
      parsePageLayout(wrapFlow("<row><cell width=\"40%\">No. 1</cell><cell/><cell/></row>"));
  const auto& row = std::get<Row>(layout.flow.at(0).content);
  const double width = layout.page.textWidth();
  EXPECT_NEAR(row.cells[0].width, 0.4 * width, 1e-6);
  EXPECT_NEAR(row.cells[1].width, 0.3 * width, 1e-6);
  EXPECT_NEAR(row.cells[2].x, 0.7 * width, 1e-6);
}

TEST(LayoutParser, FurnitureDefaults) {
  const PageLayout layout = parsePageLayout(
      "<page-layout version=\"1\"><furniture><classification> RESTRICTED </classification>"
      "<page-number/></furniture><flow/></page-layout>");
  EXPECT_EQ(layout.furniture.classification, "RESTRICTED");
  EXPECT_TRUE(layout.furniture.pageNumbers);
  EXPECT_EQ(layout.furniture.pageNumberFormat, "{page}/{pages}");
  EXPECT_TRUE(layout.furniture.continuationHeader.empty());
}

TEST(LayoutParser, RefusesDoctype) {
  expectLayoutError(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE page-layout>\n"
      "<page-layout version=\"1\"><flow/></page-layout>",
      2, "DOCTYPE");
}

TEST(LayoutParser, RefusesExternalEntityBeforeReadingIt) {
  expectLayoutError(
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE p [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
      "<page-layout version=\"1\"><flow><p>&xxe;</p></flow></page-layout>",
      2, "DOCTYPE");
}

TEST(LayoutParser, RefusesEntityBombQuickly) {
  std::string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    bomb += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j)
      bomb += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    bomb += "\">\n";
  }
  bomb += "]>\n<page-layout version=\"1\"><flow><p>&lol9;</p></flow></page-layout>\n";
  const auto start = std::chrono::steady_clock::now();
  expectLayoutError(bomb, 2, "DOCTYPE");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(LayoutParser, UndeclaredEntityIsMalformedXmlWithLineAndColumn) {
  try {
    parsePageLayout(wrapFlow("<p>a</p>\n<p>&nbsp;</p>"));
    ADD_FAILURE() << "expected a LayoutError";
  } catch (const LayoutError& error) {
    EXPECT_EQ(error.line(), 4);
    EXPECT_GT(error.column(), 0);
    EXPECT_NE(std::string(error.what()).find("nbsp"), std::string::npos) << error.what();
  }
}

TEST(LayoutParser, RefusesOversizedInput) {
  std::string huge = wrapFlow(std::string(kMaxLayoutBytes, ' '));
  expectLayoutError(huge, 0, "at most");
}

TEST(LayoutParser, UnknownElementNamesItsLineAndTheAllowedOnes) {
  expectLayoutError(wrapFlow("<p>fine</p>\n\n<para>oops</para>"), 5, "<para>");
  expectLayoutError(wrapFlow("<p>fine</p>\n\n<para>oops</para>"), 5, "allowed: <p>, <block>");
  expectLayoutError(wrapFlow("<p>a <span>b</span></p>"), 3, "only <b>, <i>, <u> and <br/>");
}

TEST(LayoutParser, UnknownAttributeNamesItAndTheAllowedOnes) {
  expectLayoutError(wrapFlow("\n<p indent=\"3mm\">x</p>"), 4, "unknown attribute 'indent'");
  expectLayoutError(wrapFlow("\n<p indent=\"3mm\">x</p>"), 4, "first-indent");
  expectLayoutError(wrapFlow("<p xml:space=\"preserve\">x</p>"), 3, "xml:space");
  expectLayoutError(wrapFlow("<b>x</b>"), 3, "unknown element <b> in <flow>");
}

TEST(LayoutParser, BadValuesSayWhatToWrite) {
  expectLayoutError(wrapFlow("<p font-size=\"12\">x</p>"), 3, "write a number with pt");
  expectLayoutError(wrapFlow("<p align=\"middle\">x</p>"), 3, "left, center, right, justify");
  expectLayoutError(wrapFlow("<p keep-together=\"yes\">x</p>"), 3, "\"true\" or \"false\"");
  expectLayoutError(wrapFlow("<p space-before=\"-2mm\">x</p>"), 3, "out of range");
  expectLayoutError(wrapFlow("<p left-indent=\"100%\">x</p>"), 3, "indents leave");
  expectLayoutError(wrapFlow("<image src=\"e.png\"/>"), 3, "give a width or a height");
  expectLayoutError(wrapFlow("<space/>"), 3, "'height' is required");
}

TEST(LayoutParser, StructureErrors) {
  expectLayoutError("<layout version=\"1\"/>", 1, "root element must be <page-layout>");
  expectLayoutError("<page-layout version=\"2\"><flow/></page-layout>", 1, "version=\"1\"");
  expectLayoutError("<page-layout version=\"1\"/>", 1, "has no <flow>");
  expectLayoutError("<page-layout version=\"1\"><flow/>\n<page/></page-layout>", 2, "out of order");
  expectLayoutError(wrapFlow("Loose text"), 3, "put it in a <p>");
  expectLayoutError("<page-layout version=\"1\" xmlns=\"urn:example\"><flow/></page-layout>", 1,
                    "namespace");
  expectLayoutError("<page-layout version=\"1\"><page size=\"Letter\"/><flow/></page-layout>", 1,
                    "only \"A4\"");
  expectLayoutError(wrapFlow("<block><block anchor=\"page-bottom\"/></block>"), 3,
                    "only directly in <flow>");
  expectLayoutError(
      "<page-layout version=\"1\"><furniture>\n<page-number format=\"{n}\"/></furniture>"
      "<flow/></page-layout>",
      2, "{page} and {pages}");
}

}  // namespace
}  // namespace chancery::pdf
