// The HTML and text writers on page layouts written by hand: what a reader of the
// preview, of the email's HTML part and of its text part gets, and what a hostile or
// broken layout cannot get into them.
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include "layout_html.hpp"
#include "layout_text.hpp"
#include "render_test_support.hpp"

namespace chancery::render {
namespace {

using DocPtr = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;
using testing::count;

DocPtr parse(std::string_view xml) {
  DocPtr doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
             &xmlFreeDoc);
  if (!doc) throw std::runtime_error("not well-formed: " + std::string(xml));
  return doc;
}

std::string html(std::string_view layout) { return detail::layoutToHtml(parse(layout).get()); }
std::string text(std::string_view layout) { return detail::layoutToText(parse(layout).get()); }

// The part of the HTML after the embedded style sheet: the body.
std::string body(const std::string& document) {
  std::size_t at = document.find("<body>");
  return at == std::string::npos ? document : document.substr(at);
}

std::string flowOf(std::string_view blocks) {
  return "<page-layout version=\"1\"><flow>" + std::string(blocks) + "</flow></page-layout>";
}

// Every attribute name of every element of an XHTML document, which must be well-formed.
std::set<std::string> attributeNames(const std::string& document) {
  std::set<std::string> names;
  for (const auto& [name, value] : testing::xmlAttributes(document)) names.insert(name);
  return names;
}

constexpr std::string_view kNote = R"(<page-layout version="1" xmlns="urn:chancery:page-layout:1">
  <page lang="en" align="justify" font-size="12pt"/>
  <furniture>
    <classification>RESTRICTED</classification>
    <continuation-header>Note No. 7/2026</continuation-header>
    <page-number format="{page}/{pages}" align="right"/>
  </furniture>
  <flow>
    <image src="emblem.png" height="24mm" align="center"/>
    <p align="center" bold="true">MINISTRY OF FOREIGN AFFAIRS<br/>OF THE REPUBLIC</p>
    <row space-before="12mm"><cell align="left">No. 7/2026</cell><cell align="right">Baku, 28 November 2026</cell></row>
    <p first-indent="12.5mm" space-after="6pt">The Ministry <i>presents</i> its compliments.</p>
    <seal-space width="45mm" height="35mm" label="L.S."/>
    <page-break/>
    <signature sign-space="20mm"><line><b>Jeyhun Bayramov</b></line><line>Minister</line></signature>
    <space height="6pt"/>
    <p/>
    <block anchor="page-bottom" align="left" space-before="6mm">
      <p>Embassy of the French Republic</p>
      <p><u>Baku</u></p>
    </block>
  </flow>
</page-layout>)";

// ---------------------------------------------------------------------------- HTML

TEST(LayoutHtml, IsACompleteXhtmlDocumentWithItsOwnStyleSheet) {
  std::string out = html(kNote);
  EXPECT_EQ(
      out.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD "
                "XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">"
                "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\"><head>"
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" />"
                "<title>Note No. 7/2026</title><style type=\"text/css\">\nbody {",
                0),
      0u)
      << out;
  // The whole sheet: markings top and bottom, the row as a table, the seal as an empty
  // box with its label, a rule for the page break, no image, the foot block after a gap.
  EXPECT_EQ(body(out),
            "<body><div class=\"sheet\" style=\"text-align: justify; font-size: 12pt; "
            "font-family: 'Liberation Serif', 'Times New Roman', Times, serif; \">"
            "<div class=\"marking marking-top\">RESTRICTED</div>"
            "<p style=\"text-align: center; font-weight: bold;\">MINISTRY OF FOREIGN AFFAIRS"
            "<br />OF THE REPUBLIC</p>"
            "<table class=\"row\" style=\"margin-top: 12mm;\"><tr><td style=\"text-align: left; "
            "\">No. 7/2026</td><td style=\"text-align: right; \">Baku, 28 November 2026</td>"
            "</tr></table>"
            "<p style=\"text-indent: 12.5mm; margin-bottom: 6pt;\">The Ministry <i>presents</i> "
            "its compliments.</p>"
            "<div class=\"seal\" style=\"width: 45mm; height: 35mm; margin-left: auto; "
            "margin-right: 0; \">L.S.</div>"
            "<hr class=\"page-break\" />"
            "<div class=\"signature\" style=\"padding-top: 20mm; \"><div class=\"line\">"
            "<b>Jeyhun Bayramov</b></div><div class=\"line\">Minister</div></div>"
            "<div class=\"space\" style=\"height: 6pt;\"></div>"
            "<p>\u00a0</p>"
            "<div class=\"block page-bottom\" style=\"text-align: left;\">"
            "<p>Embassy of the French Republic</p><p><span class=\"u\">Baku</span></p></div>"
            "<div class=\"marking marking-bottom\">RESTRICTED</div></div></body></html>");
  EXPECT_EQ(out.find("emblem"), std::string::npos);
  EXPECT_EQ(body(out).find("1/"), std::string::npos) << "no page numbers";
}

TEST(LayoutHtml, HostileTextIsEscaped) {
  std::string out = html(
      flowOf("<p>&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;amp; \"quoted\" 'single'</p>"
             "<seal-space label=\"&lt;img src=x onerror=alert(1)&gt;\"/>"
             "<row><cell>&lt;/td&gt;&lt;/tr&gt;</cell></row>"));
  EXPECT_EQ(out.find("<script"), std::string::npos) << out;
  EXPECT_EQ(out.find("<img"), std::string::npos) << out;
  EXPECT_NE(out.find("<p>&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;amp; \"quoted\" "
                     "'single'</p>"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("&lt;img src=x onerror=alert(1)&gt;</div>"), std::string::npos) << out;
  EXPECT_NE(out.find("<td style=\"\">&lt;/td&gt;&lt;/tr&gt;</td>"), std::string::npos) << out;
}

TEST(LayoutHtml, AttributeValuesOfTheLayoutNeverBecomeMarkup) {
  std::string out = html(
      "<page-layout version=\"1\"><page lang=\"en&quot; onload=&quot;alert(1)\" "
      "font-family=\"a&quot;b\"/><furniture><continuation-header>\"&gt;&lt;x&gt;"
      "</continuation-header></furniture><flow>"
      "<p lang=\"fr&quot; onclick=&quot;x\" align=\"&quot;&gt;&lt;script&gt;\">a</p>"
      "<block style=\"color:red\" onmouseover=\"x\" class=\"evil\"><p id=\"x\">b</p></block>"
      "<signature lang=\"&lt;\"><line href=\"http://x/\">c</line></signature>"
      "</flow></page-layout>");
  EXPECT_EQ(attributeNames(out),
            (std::set<std::string>{"class", "content", "http-equiv", "lang", "style", "type"}))
      << out;
  EXPECT_EQ(out.find("onload"), std::string::npos);
  EXPECT_EQ(out.find("onclick"), std::string::npos);
  EXPECT_EQ(out.find("evil"), std::string::npos);
  EXPECT_EQ(body(out).find("color"), std::string::npos);
  EXPECT_NE(out.find("<title>\"&gt;&lt;x&gt;</title>"), std::string::npos) << out;
}

TEST(LayoutHtml, UncheckedCssValuesAreLeftOut) {
  std::string out = body(html(flowOf(
      "<p font-family=\"x;}body{display:none\" align=\"left;color:red\" first-indent=\"12mm;x\" "
      "line-height=\"1;x\" font-size=\"12pt}\" space-after=\"url(http://x/)\" "
      "left-indent=\"expression(alert(1))\" right-indent=\"12 mm\" bold=\"bolder\">a</p>"
      "<signature sign-space=\"1mm;background:url(x)\" space-before=\"1mm/**/\"><line>b</line>"
      "</signature>"
      "<seal-space width=\"10mm;x\" height=\"5em\" align=\"left;x\"/>"
      "<space height=\"5mm;x\"/>"
      "<row><cell width=\"50%;x\" align=\"center\">c</cell></row>")));
  for (const char* leaked : {"display", "color", "url", "expression", "background", ";x", "/*", "}",
                             "em;", "bolder", "12 mm"}) {
    EXPECT_EQ(out.find(leaked), std::string::npos) << leaked << " in " << out;
  }
  EXPECT_NE(out.find("<p>a</p>"), std::string::npos) << out;
  EXPECT_NE(out.find("<div class=\"signature\" style=\"padding-top: 15mm; \">"), std::string::npos)
      << out;
  EXPECT_NE(out.find("<div class=\"seal\" style=\"width: 40mm; height: 30mm; margin-left: auto; "
                     "margin-right: 0; \"></div>"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("<div class=\"space\"></div>"), std::string::npos) << out;
  EXPECT_NE(out.find("<td style=\"text-align: center; \">c</td>"), std::string::npos) << out;
}

TEST(LayoutHtml, CheckedCssValuesAreKept) {
  std::string out = body(
      html(flowOf("<p align=\"right\" italic=\"true\" font-size=\" 13pt \" line-height=\"1.50\" "
                  "font-family=\" Liberation  Sans \" first-indent=\"-8mm\" left-indent=\"2.5cm\" "
                  "right-indent=\"1in\" space-before=\"0\" space-after=\"10%\">a</p>")));
  EXPECT_NE(out.find("<p style=\"text-align: right; font-style: italic; font-size: 13pt; "
                     "line-height: 1.5; font-family: &quot;Liberation Sans&quot;, &quot;Times "
                     "New Roman&quot;, Times, serif; text-indent: -8mm; margin-left: 2.5cm; "
                     "margin-right: 1in; margin-top: 0; margin-bottom: 10%;\">a</p>"),
            std::string::npos)
      << out;
}

TEST(LayoutHtml, ALanguageCodeThatIsNotALanguageIsLeftOut) {
  std::string out = html(
      "<page-layout version=\"1\"><page lang=\"en;x\"/><flow>"
      "<p lang=\"de-CH\">a</p><p lang=\"x y\">b</p><p lang=\"\">c</p>"
      "<p lang=\"abcdefghijklmnopqrstuvwxyz0123456789\">d</p></flow></page-layout>");
  EXPECT_NE(out.find("<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">"),
            std::string::npos);
  EXPECT_NE(out.find("<p lang=\"de-CH\" xml:lang=\"de-CH\">a</p><p>b</p><p>c</p><p>d</p>"),
            std::string::npos)
      << out;
  EXPECT_NE(
      html("<page-layout><page lang=\"az\"/></page-layout>").find("xml:lang=\"az\" lang=\"az\""),
      std::string::npos);
}

TEST(LayoutHtml, WhiteSpaceBetweenBlocksIsIgnoredAndKeptInParagraphs) {
  std::string out =
      body(html("<page-layout>\n <flow>\n  <p> a  <b> b </b>\n c </p>\n  <block>\n"
                "   <p>d</p>\n  </block>\n </flow>\n</page-layout>"));
  EXPECT_NE(out.find("\"><p> a  <b> b </b>\n c </p><div class=\"block\"><p>d</p></div></div>"),
            std::string::npos)
      << out;
}

TEST(LayoutHtml, SeveralPagesTakeTheFirstValueOfEachProperty) {
  std::string out = html(
      "<page-layout><page lang=\"az\" align=\"x;y\" font-size=\"11pt\"/>"
      "<page lang=\"fr\" align=\"center\" font-family=\"DejaVu Sans\" font-size=\"9pt\"/>"
      "<flow><p>a</p></flow></page-layout>");
  EXPECT_NE(out.find("xml:lang=\"az\" lang=\"az\""), std::string::npos);
  EXPECT_NE(out.find("<div class=\"sheet\" style=\"font-size: 11pt; font-family: &quot;DejaVu "
                     "Sans&quot;, &quot;Times New Roman&quot;, Times, serif; \">"),
            std::string::npos)
      << out;
}

// ---------------------------------------------------------------------------- text

TEST(LayoutText, OneLinePerParagraphRowsSideBySideSignatureOnTheRight) {
  EXPECT_EQ(text(kNote),
            "                               RESTRICTED\n"
            "\n"
            "                      MINISTRY OF FOREIGN AFFAIRS\n"
            "                            OF THE REPUBLIC\n"
            "\n"
            "No. 7/2026                                        Baku, 28 November 2026\n"
            "\n"
            "The Ministry presents its compliments.\n"
            "\n"
            "[L.S.]\n"
            "\n"
            "                                              Jeyhun Bayramov\n"
            "                                                  Minister\n"
            "\n"
            "\n"
            "\n"
            "Embassy of the French Republic\n"
            "Baku\n"
            "\n"
            "                               RESTRICTED\n");
}

TEST(LayoutText, HostileTextIsLiteral) {
  std::string out = text(flowOf("<p>&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;amp;</p>"));
  EXPECT_EQ(out, "<script>alert(1)</script> ]]> &amp;\n");
}

TEST(LayoutText, LongParagraphsAreWrappedAndBreaksInCellsGiveLinesSideBySide) {
  std::string out = text(flowOf(
      "<p align=\"right\">The Ministry of Foreign Affairs of the Republic of Azerbaijan presents "
      "its compliments</p>"
      "<row><cell>No. UN/0001/2026<br/>Confidential</cell><cell>New York, 27 November 2026"
      "</cell></row>"
      "<row><cell>a</cell><cell/><cell>b</cell><cell>c</cell></row>"
      "<block align=\"center\"><p>centred</p><p align=\"left\">left</p></block>"));
  EXPECT_EQ(out,
            "The Ministry of Foreign Affairs of the Republic of Azerbaijan presents\n"
            "its compliments\n"
            "\n"
            "No. UN/0001/2026                              New York, 27 November 2026\n"
            "Confidential\n"
            "\n"
            "a b                                                                    c\n"
            "\n"
            "                                centred\n"
            "left\n");
}

// ------------------------------------------------------------------- both writers

TEST(LayoutWriters, TheLayoutNamespaceIsOptional) {
  std::string plain = flowOf("<p bold=\"true\">a<br/>b</p><block><p>c</p></block>");
  std::string inNamespace =
      "<page-layout version=\"1\" xmlns=\"urn:chancery:page-layout:1\"><flow><p bold=\"true\">"
      "a<br/>b</p><block><p>c</p></block></flow></page-layout>";
  std::string prefixed =
      "<l:page-layout version=\"1\" xmlns:l=\"urn:chancery:page-layout:1\"><l:flow>"
      "<l:p bold=\"true\">a<l:br/>b</l:p><l:block><l:p>c</l:p></l:block></l:flow></l:page-layout>";
  EXPECT_EQ(html(inNamespace), html(plain));
  EXPECT_EQ(html(prefixed), html(plain));
  EXPECT_EQ(text(inNamespace), text(plain));
  EXPECT_EQ(text(prefixed), text(plain));
  EXPECT_EQ(text(plain), "a\nb\n\nc\n");
}

TEST(LayoutWriters, BlocksInAnotherNamespaceAreLeftOutOfTheHtml) {
  std::string layout = flowOf(
      "<o:p xmlns:o=\"urn:other\">foreign</o:p><p>a<o:b xmlns:o=\"urn:"
      "other\">b</o:b></p>");
  std::string out = body(html(layout));
  EXPECT_EQ(out.find("foreign"), std::string::npos) << out;
  EXPECT_NE(out.find("<p>ab</p>"), std::string::npos) << out;  // markup dropped, text kept
}

TEST(LayoutWriters, AnEmptyLayoutGivesAnEmptySheet) {
  const std::string emptySheet =
      "<body><div class=\"sheet\" style=\"font-family: 'Liberation Serif', 'Times New Roman', "
      "Times, serif; font-size: 12pt; \"></div></body></html>";
  for (std::string_view layout :
       {"<page-layout version=\"1\"/>", "<page-layout><page/><furniture/><flow/></page-layout>",
        "<document><flow><p>not a layout</p></flow></document>"}) {
    std::string out = html(layout);
    EXPECT_EQ(body(out), emptySheet) << layout;
    EXPECT_NE(out.find("<title>Document</title>"), std::string::npos) << layout;
    EXPECT_NE(out.find("xml:lang=\"en\" lang=\"en\""), std::string::npos) << layout;
    EXPECT_EQ(text(layout), "\n") << layout;
  }
  // An empty paragraph is an empty line.
  EXPECT_NE(html(flowOf("<p/>")).find("<p>\u00a0</p>"), std::string::npos);
  EXPECT_EQ(text(flowOf("<p>a</p><p/><p>b</p>")), "a\n\n\n\nb\n");
}

TEST(LayoutWriters, DeepNestingNeitherCrashesNorLosesText) {
  constexpr int kDepth = 100'000;  // far beyond any stack a recursive walk would have
  DocPtr doc(xmlNewDoc(BAD_CAST "1.0"), &xmlFreeDoc);
  xmlNode* root = xmlNewNode(nullptr, BAD_CAST "page-layout");
  xmlDocSetRootElement(doc.get(), root);
  xmlNode* node = xmlNewChild(root, nullptr, BAD_CAST "flow", nullptr);
  for (int i = 0; i < kDepth; ++i) node = xmlNewChild(node, nullptr, BAD_CAST "block", nullptr);
  node = xmlNewChild(node, nullptr, BAD_CAST "p", nullptr);
  for (int i = 0; i < kDepth; ++i) node = xmlNewChild(node, nullptr, BAD_CAST "b", nullptr);
  xmlNodeAddContent(node, BAD_CAST "deep inside");

  std::string out = detail::layoutToHtml(doc.get());
  EXPECT_EQ(count(out, "<div class=\"block\">"), static_cast<std::size_t>(kDepth));
  EXPECT_EQ(count(out, "<b>"), static_cast<std::size_t>(kDepth));
  EXPECT_EQ(count(out, "</b>"), static_cast<std::size_t>(kDepth));
  EXPECT_NE(out.find("<b>deep inside</b></b>"), std::string::npos);
  EXPECT_NE(out.find("</b></p></div></div>"), std::string::npos);
  EXPECT_EQ(out.substr(out.size() - 26), "</div></div></body></html>");
  EXPECT_EQ(detail::layoutToText(doc.get()), "deep inside\n");
}

}  // namespace
}  // namespace chancery::render
