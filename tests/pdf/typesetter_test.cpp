// The typesetter end to end, judged by poppler-utils the way a reader's viewer would:
// page size, embedded fonts, text and its order, furniture on every page, page breaks.
#include "chancery/pdf/typesetter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "pdf_test_support.hpp"

namespace chancery::pdf {
namespace {

namespace fs = std::filesystem;
using testing::longLayout;
using testing::pdfPagesText;
using testing::runCommand;
using testing::shellQuote;
using testing::TempDir;
using testing::writeFile;

constexpr const char* kRegistrationTime = "2026-11-28T09:41:00Z";

PdfOptions defaultOptions() {
  PdfOptions options;
  options.creationDate = kRegistrationTime;
  return options;
}

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(' ') != std::string::npos) lines.push_back(line);
  }
  return lines;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// `text` with every run of whitespace (line breaks, layout padding) made one space.
std::string normalized(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\f' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

class TypesetterTest : public ::testing::Test {
 protected:
  // One Typesetter for the suite, as in production: created once, reused.
  static void SetUpTestSuite() { typesetter_ = std::make_unique<Typesetter>(); }
  static void TearDownTestSuite() { typesetter_.reset(); }

  // Renders `xml` into dir_/name and returns the path.
  fs::path renderToFile(const std::string& xml, const std::string& name,
                        const PdfOptions& options = defaultOptions()) {
    fs::path path = dir_.path() / name;
    writeFile(path, typesetter_->render(xml, options));
    return path;
  }

  static std::unique_ptr<Typesetter> typesetter_;
  TempDir dir_;
};

std::unique_ptr<Typesetter> TypesetterTest::typesetter_;

std::string simpleLayout(const std::string& flow) {
  return "<page-layout version=\"1\"><flow>" + flow + "</flow></page-layout>";
}

TEST_F(TypesetterTest, PageIsA4) {
  const fs::path pdf = renderToFile(simpleLayout("<p>Note verbale</p>"), "a4.pdf");
  const std::string info = runCommand("pdfinfo " + shellQuote(pdf));
  double width = 0;
  double height = 0;
  const auto at = info.find("Page size:");
  ASSERT_NE(at, std::string::npos) << info;
  ASSERT_EQ(std::sscanf(info.c_str() + at, "Page size: %lf x %lf", &width, &height), 2);
  EXPECT_EQ(std::lround(width), 595);
  EXPECT_EQ(std::lround(height), 842);
  EXPECT_TRUE(contains(info, "(A4)")) << info;
  EXPECT_TRUE(contains(info, "Pages:           1")) << info;
}

TEST_F(TypesetterTest, FontsAreEmbeddedSubsetsWithUnicodeMaps) {
  const fs::path pdf =
      renderToFile(simpleLayout("<p>Regular <b>bold</b> <i>italic</i> Məmmədov</p>"), "fonts.pdf");
  const std::vector<std::string> lines = splitLines(runCommand("pdffonts " + shellQuote(pdf)));
  ASSERT_GE(lines.size(), 3u);  // header, rule, at least one font
  for (std::size_t i = 2; i < lines.size(); ++i) {
    EXPECT_TRUE(contains(lines[i], "LiberationSerif")) << lines[i];
    EXPECT_TRUE(contains(lines[i], " yes yes yes ")) << "not embedded/subset/unicode: " << lines[i];
  }
  const std::string all = runCommand("pdffonts " + shellQuote(pdf));
  EXPECT_TRUE(contains(all, "LiberationSerif-Bold"));
  EXPECT_TRUE(contains(all, "LiberationSerif-Italic"));
}

TEST_F(TypesetterTest, FurnitureOnEveryPageAndNumbersOnContinuationPagesOnly) {
  const fs::path pdf = renderToFile(longLayout(40, "RESTRICTED"), "long.pdf");
  const std::vector<std::string> pages = pdfPagesText(pdf);
  const std::size_t count = pages.size();
  ASSERT_GE(count, 4u) << "40 paragraphs should need several pages";
  const std::string total = "/" + std::to_string(count);
  for (std::size_t p = 0; p < count; ++p) {
    SCOPED_TRACE("page " + std::to_string(p + 1));
    const std::vector<std::string> lines = splitLines(pages[p]);
    ASSERT_GE(lines.size(), 3u);
    EXPECT_TRUE(contains(lines.front(), "RESTRICTED")) << lines.front();
    EXPECT_TRUE(contains(lines.back(), "RESTRICTED")) << lines.back();
    const std::string number = std::to_string(p + 1) + total;
    if (p == 0) {
      EXPECT_FALSE(contains(pages[p], "1" + total));
      EXPECT_FALSE(contains(pages[p], "Note No. 4/2-0123/2026"));
    } else {
      // The second line holds the continuation header (left) and the number (right).
      EXPECT_TRUE(contains(lines[1], "Note No. 4/2-0123/2026")) << lines[1];
      EXPECT_TRUE(contains(lines[1], number)) << lines[1];
    }
  }
  const std::string info = runCommand("pdfinfo " + shellQuote(pdf));
  EXPECT_TRUE(contains(info, "Pages:           " + std::to_string(count))) << info;
}

TEST_F(TypesetterTest, RenderDocumentReportsThePageCount) {
  const RenderedPdf pdf = typesetter_->renderDocument(longLayout(40, ""), defaultOptions());
  writeFile(dir_.path() / "count.pdf", pdf.bytes);
  EXPECT_EQ(static_cast<std::size_t>(pdf.pageCount),
            pdfPagesText(dir_.path() / "count.pdf").size());
}

TEST_F(TypesetterTest, TextComesOutInReadingOrder) {
  const fs::path pdf = renderToFile(longLayout(40, "RESTRICTED"), "order.pdf");
  const std::string text = runCommand("pdftotext " + shellQuote(pdf) + " -");
  std::size_t at = text.find("Programme of the consultations");
  ASSERT_NE(at, std::string::npos);
  for (int i = 1; i <= 40; ++i) {
    const std::size_t start = text.find("Paragraph " + std::to_string(i) + ".", at);
    ASSERT_NE(start, std::string::npos) << "paragraph " << i << " missing or out of order";
    const std::size_t end = text.find("End of paragraph " + std::to_string(i) + ".", start);
    ASSERT_NE(end, std::string::npos) << "paragraph " << i << " does not end in order";
    at = end;
  }
  EXPECT_NE(text.find("Jeyhun Bayramov", at), std::string::npos);
}

TEST_F(TypesetterTest, AzerbaijaniAndFrenchLettersSurvive) {
  const std::string azerbaijani = "ə ğ ı ş ç ö ü Ə Ğ İ Ş Ç Ö Ü Məmmədov Şıxəli Ağdam Gülşən";
  const std::string french = "é è ê ë à â ç î ï ô œ ù û ÿ Hélène Lefèvre François Béranger";
  const fs::path pdf =
      renderToFile(simpleLayout("<p lang=\"az\">" + azerbaijani +
                                "</p><p lang=\"fr\" align=\"justify\">" + french + "</p>"),
                   "letters.pdf");
  const std::string text = runCommand("pdftotext -layout " + shellQuote(pdf) + " -");
  EXPECT_TRUE(contains(text, azerbaijani)) << text;
  EXPECT_TRUE(contains(text, french)) << text;
}

TEST_F(TypesetterTest, SameInputGivesByteIdenticalPdf) {
  const std::string layout = longLayout(12, "CONFIDENTIAL");
  const std::string first = typesetter_->render(layout, defaultOptions());
  const std::string second = typesetter_->render(layout, defaultOptions());
  Typesetter another;
  const std::string third = another.render(layout, defaultOptions());
  EXPECT_EQ(first, second);
  EXPECT_EQ(first, third);
  EXPECT_FALSE(contains(first, "/ID"));

  PdfOptions later = defaultOptions();
  later.creationDate = "2026-11-29T10:00:00Z";
  EXPECT_NE(typesetter_->render(layout, later), first);
}

TEST_F(TypesetterTest, DatesAndMetadataComeFromTheOptions) {
  PdfOptions options = defaultOptions();
  options.creationDate = "2026-11-28T13:41:00+04:00";
  options.title = "Note verbale No. 4/2-0123/2026";
  options.author = "Ministry of Foreign Affairs of the Republic of Azerbaijan";
  options.subject = "Political consultations — Məsləhətləşmələr";
  const fs::path pdf = renderToFile(simpleLayout("<p>x</p>"), "meta.pdf", options);
  const std::string info = runCommand("pdfinfo -isodates " + shellQuote(pdf));
  EXPECT_TRUE(contains(info, "Title:           Note verbale No. 4/2-0123/2026")) << info;
  EXPECT_TRUE(contains(info, "Author:          Ministry of Foreign Affairs")) << info;
  EXPECT_TRUE(contains(info, "Məsləhətləşmələr")) << info;
  EXPECT_TRUE(contains(info, "CreationDate:    2026-11-28T13:41:00+04")) << info;
  EXPECT_TRUE(contains(info, "ModDate:         2026-11-28T13:41:00+04")) << info;
}

TEST_F(TypesetterTest, RefusesAMalformedCreationDate) {
  for (const char* date : {"", "28 November 2026", "2026-11-28", "2026-13-28T09:41:00Z",
                           "2026-11-28T09:41:00", "2026-11-28T09:41:00+4"}) {
    PdfOptions options = defaultOptions();
    options.creationDate = date;
    EXPECT_THROW(typesetter_->render(simpleLayout("<p>x</p>"), options), std::invalid_argument)
        << date;
  }
}

TEST_F(TypesetterTest, MarkupLookingTextIsPrintedLiterally) {
  const fs::path pdf = renderToFile(
      simpleLayout("<p>&lt;b&gt;not bold&lt;/b&gt; &lt;span foreground=\"red\"&gt;plain"
                   "&lt;/span&gt; &amp;amp; &lt;i&gt;x</p>"
                   "<p><![CDATA[<big>cdata</big> & <u>u</u>]]></p>"),
      "markup.pdf");
  const std::string text = runCommand("pdftotext -layout " + shellQuote(pdf) + " -");
  EXPECT_TRUE(contains(text, "<b>not bold</b> <span foreground=\"red\">plain</span> &amp; <i>x"))
      << text;
  EXPECT_TRUE(contains(text, "<big>cdata</big> & <u>u</u>")) << text;
  const std::string fonts = runCommand("pdffonts " + shellQuote(pdf));
  EXPECT_FALSE(contains(fonts, "Bold")) << fonts;
  EXPECT_FALSE(contains(fonts, "Italic")) << fonts;
}

TEST_F(TypesetterTest, LayoutErrorsCarryTheLine) {
  try {
    typesetter_->render(
        "<page-layout version=\"1\">\n<flow>\n<p>x</p>\n<note>y</note>\n"
        "</flow></page-layout>",
        defaultOptions());
    FAIL() << "expected a LayoutError";
  } catch (const LayoutError& error) {
    EXPECT_EQ(error.line(), 4);
    EXPECT_TRUE(contains(error.what(), "line 4")) << error.what();
    EXPECT_TRUE(contains(error.what(), "<note>")) << error.what();
  }
  EXPECT_THROW(typesetter_->render("<!DOCTYPE x><page-layout version=\"1\"><flow/></page-layout>",
                                   defaultOptions()),
               LayoutError);
}

// Where each marker line ("W01" ...) ends up: page index per marker.
std::map<std::string, std::size_t> markerPages(const std::vector<std::string>& pages,
                                               const std::vector<std::string>& markers) {
  std::map<std::string, std::size_t> found;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    for (const std::string& marker : markers) {
      if (contains(pages[p], marker)) found[marker] = p;
    }
  }
  return found;
}

// A paragraph of six forced lines W01..W06 preceded by filler and a growing space, so
// that the page break falls at every possible place inside the paragraph. Returns, per
// space tried, how many of its lines each page holds.
std::vector<std::map<std::size_t, int>> sweepParagraphOverPageBreak(
    const std::function<fs::path(const std::string&)>& render, const std::string& pAttributes) {
  std::vector<std::string> markers;
  std::string lines;
  for (int i = 1; i <= 6; ++i) {
    markers.push_back("W0" + std::to_string(i) + " line");
    lines += (i > 1 ? "<br/>" : "") + markers.back() + " of the watched paragraph";
  }
  std::string filler;
  for (int i = 0; i < 14; ++i) {
    filler += "<p space-after=\"6pt\">Filler paragraph " + std::to_string(i) +
              " that takes up two lines of the first page so that the watched paragraph "
              "comes near the bottom of it.</p>";
  }
  std::vector<std::map<std::size_t, int>> results;
  for (int space = 40; space <= 100; space += 2) {  // 2mm steps: finer than a line
    std::string flow = filler;
    flow += "<space height=\"" + std::to_string(space) + "mm\"/>";
    flow.append("<p ").append(pAttributes).append(">").append(lines).append("</p>");
    const fs::path pdf = render(simpleLayout(flow));
    const auto found = markerPages(pdfPagesText(pdf), markers);
    EXPECT_EQ(found.size(), markers.size()) << "space " << space;
    std::map<std::size_t, int> perPage;
    for (const auto& [marker, page] : found) ++perPage[page];
    results.push_back(perPage);
  }
  return results;
}

TEST_F(TypesetterTest, NoParagraphLeavesASingleLineOnAPage) {
  auto render = [&](const std::string& xml) { return renderToFile(xml, "widow.pdf"); };
  int splits = 0;
  for (const auto& perPage : sweepParagraphOverPageBreak(render, "")) {
    if (perPage.size() > 1) ++splits;
    for (const auto& [page, count] : perPage) {
      EXPECT_GE(count, 2) << count << " line(s) of the paragraph alone on page " << page + 1;
    }
  }
  EXPECT_GE(splits, 3) << "the sweep should split the paragraph 2/4, 3/3 and 4/2";

  // The same sweep with the rule switched off does leave single lines: the test has teeth.
  int lonely = 0;
  for (const auto& perPage : sweepParagraphOverPageBreak(render, "widows=\"1\" orphans=\"1\"")) {
    for (const auto& [page, count] : perPage) lonely += count == 1 ? 1 : 0;
  }
  EXPECT_GE(lonely, 2) << "without widow/orphan control both a widow and an orphan appear";
}

// keep-with-next on the closing formula keeps it on the page of the signature.
TEST_F(TypesetterTest, ClosingFormulaStaysWithTheSignature) {
  std::string filler;
  for (int i = 0; i < 9; ++i) {
    filler += "<p space-after=\"6pt\">Paragraph " + std::to_string(i) +
              " of the body of the letter, long enough to fill about three lines of text on "
              "an A4 page set in twelve point Liberation Serif with ordinary margins.</p>";
  }
  for (int space = 0; space <= 160; space += 5) {
    const std::string layout =
        simpleLayout(filler + "<space height=\"" + std::to_string(space) +
                     "mm\"/>"
                     "<p keep-with-next=\"true\" keep-together=\"true\">Accept, Excellency, the "
                     "assurances of my highest consideration.</p>"
                     "<signature sign-space=\"20mm\"><line>Jeyhun Bayramov</line>"
                     "<line>Minister of Foreign Affairs</line></signature>");
    const auto found =
        markerPages(pdfPagesText(renderToFile(layout, "close.pdf")),
                    {"Accept, Excellency", "Jeyhun Bayramov", "Minister of Foreign Affairs"});
    ASSERT_EQ(found.size(), 3u) << "space " << space;
    EXPECT_EQ(found.at("Accept, Excellency"), found.at("Jeyhun Bayramov")) << "space " << space;
    EXPECT_EQ(found.at("Jeyhun Bayramov"), found.at("Minister of Foreign Affairs"))
        << "space " << space;
  }
}

// The bottom edge (in pt from the top of the page) of the last occurrence of `word` on
// page `page`, from pdftotext's word boxes; -1 if absent.
double wordBottom(const fs::path& pdf, int page, const std::string& word) {
  const std::string boxes = runCommand("pdftotext -bbox -f " + std::to_string(page) + " -l " +
                                       std::to_string(page) + " " + shellQuote(pdf) + " -");
  double bottom = -1;
  std::istringstream in(boxes);
  for (std::string line; std::getline(in, line);) {
    const auto at = line.find("yMax=\"");
    if (at != std::string::npos && contains(line, ">" + word + "</word>")) {
      bottom = std::stod(line.substr(at + 6));
    }
  }
  return bottom;
}

TEST_F(TypesetterTest, PageBottomBlockGoesToTheFootOfTheLastPage) {
  const double footOfBody = 841.89 - 25 * 72 / 25.4;  // default bottom margin 25mm
  for (int paragraphs : {3, 44, 47}) {
    SCOPED_TRACE(std::to_string(paragraphs) + " paragraphs");
    std::string flow;
    for (int i = 0; i < paragraphs; ++i) {
      flow += "<p space-after=\"6pt\">Body paragraph " + std::to_string(i) + ".</p>";
    }
    flow +=
        "<block anchor=\"page-bottom\" space-before=\"12pt\"><p>Embassy of the French "
        "Republic</p><p>Baku</p></block>";
    const fs::path pdf = renderToFile(simpleLayout(flow), "foot.pdf");
    const std::vector<std::string> pages = pdfPagesText(pdf);
    const std::vector<std::string> last = splitLines(pages.back());
    ASSERT_GE(last.size(), 2u);
    EXPECT_TRUE(contains(last[last.size() - 2], "Embassy of the French Republic"));
    EXPECT_TRUE(contains(last.back(), "Baku"));
    const double bottom = wordBottom(pdf, static_cast<int>(pages.size()), "Baku");
    EXPECT_NEAR(bottom, footOfBody, 4.0) << "the addressee's last line sits on the margin";
  }
}

TEST_F(TypesetterTest, PageBreakAndEmptyFlow) {
  EXPECT_EQ(
      pdfPagesText(renderToFile(simpleLayout("<p>one</p><page-break/><p>two</p>"), "break.pdf"))
          .size(),
      2u);
  const RenderedPdf empty = typesetter_->renderDocument(simpleLayout(""), defaultOptions());
  EXPECT_EQ(empty.pageCount, 1);
}

TEST_F(TypesetterTest, FurnitureThatDoesNotFitTheMarginIsRefused) {
  try {
    typesetter_->render(
        "<page-layout version=\"1\"><page margin-top=\"12mm\"/>\n<furniture>"
        "<classification>SECRET</classification><page-number/></furniture><flow/></page-layout>",
        defaultOptions());
    FAIL() << "expected a LayoutError";
  } catch (const LayoutError& error) {
    EXPECT_EQ(error.line(), 2);
    EXPECT_TRUE(contains(error.what(), "margin-top")) << error.what();
  }
}

TEST_F(TypesetterTest, SampleNoteVerbaleLooksLikeANote) {
  PdfOptions options = defaultOptions();
  options.resourceDir = dir_.path();
  testing::writeEmblemPng(dir_.path() / "emblem.png", 240, 240);
  const std::string layout = testing::readFile(testing::dataDir() / "note-verbale-layout.xml");
  const fs::path pdf = renderToFile(layout, "note-verbale.pdf", options);
  const std::vector<std::string> pages = pdfPagesText(pdf);
  ASSERT_EQ(pages.size(), 1u);
  const std::vector<std::string> lines = splitLines(pages[0]);
  const auto numberLine = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return contains(line, "No. 4/2-0123/2026");
  });
  ASSERT_NE(numberLine, lines.end());
  EXPECT_TRUE(contains(*numberLine, "Baku, 28 November 2026")) << "number and date share a line";
  EXPECT_LT(numberLine->find("No."), numberLine->find("Baku")) << "number left, date right";
  const std::string text = normalized(pages[0]);
  EXPECT_TRUE(contains(text,
                       "The Ministry of Foreign Affairs of the Republic of Azerbaijan "
                       "presents its compliments to the Embassy of the French Republic"))
      << text;
  EXPECT_TRUE(contains(text,
                       "avails itself of this opportunity to renew to the Embassy of the "
                       "French Republic in the Republic of Azerbaijan the assurances of its "
                       "highest consideration."))
      << text;
  EXPECT_LT(text.find("presents its compliments"), text.find("highest consideration"));
  EXPECT_TRUE(contains(lines.back(), "Baku")) << "the addressee ends the page";
  EXPECT_TRUE(contains(lines[lines.size() - 3], "Embassy of the French Republic"));
  const std::vector<std::string> images =
      splitLines(runCommand("pdfimages -list " + shellQuote(pdf)));
  // page num type ...: the emblem once (its alpha channel is listed apart as "smask").
  EXPECT_EQ(std::count_if(images.begin(), images.end(),
                          [](const std::string& line) {
                            std::istringstream fields(line);
                            std::string page, number, type;
                            fields >> page >> number >> type;
                            return type == "image";
                          }),
            1);
}

// One Typesetter per thread; all threads must produce the same bytes.
class TypesetterThreadsTest : public ::testing::TestWithParam<int> {};

TEST_P(TypesetterThreadsTest, OneTypesetterPerThreadGivesIdenticalOutput) {
  const std::string layout = longLayout(15, "RESTRICTED");
  const std::string expected = Typesetter().render(layout, defaultOptions());
  std::vector<std::string> results(static_cast<std::size_t>(GetParam()));
  std::vector<std::exception_ptr> errors(results.size());
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      try {
        Typesetter own;
        for (int i = 0; i < 3; ++i) results[t] = own.render(layout, defaultOptions());
      } catch (...) {
        errors[t] = std::current_exception();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (std::size_t t = 0; t < results.size(); ++t) {
    if (errors[t]) std::rethrow_exception(errors[t]);
    EXPECT_EQ(results[t], expected) << "thread " << t;
  }
}

INSTANTIATE_TEST_SUITE_P(ThreadCounts, TypesetterThreadsTest, ::testing::Values(1, 2, 4));

}  // namespace
}  // namespace chancery::pdf
