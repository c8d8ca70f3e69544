// The real templates of templates/ through the renderer, with its security preferences:
// the note verbale in English in detail, and every kind and language against golden
// files (tests/render/golden/<kind>-<lang>.html|.txt, made from the hand-made envelopes
// templates/tests/envelope-<kind>[-<lang>].xml). Set CHANCERY_UPDATE_GOLDEN=1 to
// (re)write the golden files after a deliberate template change, then read the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>

#include "chancery/render/renderer.hpp"
#include "pdf_test_support.hpp"
#include "render_test_support.hpp"

namespace chancery::render {
namespace {

namespace fs = std::filesystem;

Renderer& realRenderer() {
  static Renderer renderer(testing::realTemplatesWithEmblem());
  return renderer;
}

fs::path goldenDir() { return fs::path(CHANCERY_RENDER_GOLDEN_DIR); }

bool updatingGolden() {
  const char* value = std::getenv("CHANCERY_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

// Where `actual` first differs from `expected`: the line, and 60 bytes of each around it.
std::string firstDifference(const std::string& expected, const std::string& actual) {
  std::size_t at = 0;
  while (at < expected.size() && at < actual.size() && expected[at] == actual[at]) ++at;
  int line = 1;
  for (std::size_t i = 0; i < at; ++i) line += expected[i] == '\n';
  std::size_t from = at > 60 ? at - 60 : 0;
  while (from > 0 && (static_cast<unsigned char>(expected[from]) & 0xC0) == 0x80) --from;
  return "line " + std::to_string(line) + " (byte " + std::to_string(at) + ")\n  golden: …" +
         expected.substr(from, at - from + 60) + "…\n  actual: …" +
         actual.substr(from, at - from + 60) + "…";
}

void compareWithGolden(const std::string& actual, const fs::path& golden) {
  if (updatingGolden()) {
    fs::create_directories(golden.parent_path());
    pdf::testing::writeFile(golden, actual);
    std::cout << "wrote " << golden << "\n";
    return;
  }
  if (!fs::exists(golden)) {
    ADD_FAILURE() << "no golden file " << golden
                  << ": run with CHANCERY_UPDATE_GOLDEN=1 and check what it wrote";
    return;
  }
  std::string expected = testing::readFile(golden);
  if (expected != actual) {
    ADD_FAILURE() << golden.filename() << " differs at " << firstDifference(expected, actual)
                  << "\n(after a deliberate template change: CHANCERY_UPDATE_GOLDEN=1)";
  }
}

RenderInput noteVerbale() {
  RenderInput input = testing::fixtureInput();
  input.kind = "note-verbale";
  input.content =
      "<note-verbale legal-clearance=\"required\">\n"
      "  <addressee ref=\"ch-embassy-baku\">Embassy of the Swiss Confederation</addressee>\n"
      "  <paragraph>inform the Embassy that the fourth round of political consultations "
      "will be held in Baku on 15–16 January 2027.</paragraph>\n"
      "  <paragraph>The delegation will include Ms. Gülşən Əliyeva and Mr. Rəşid Şükürov. "
      "&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;amp;</paragraph>\n"
      "</note-verbale>\n";
  return input;
}

TEST(RealTemplates, NoteVerbaleInEnglish) {
  if (!realRenderer().hasTemplate("note-verbale", "en")) {
    GTEST_SKIP() << "templates/note-verbale/en.xsl does not exist yet";
  }
  const Format formats[] = {Format::kPdf, Format::kHtml, Format::kText};
  std::vector<Rendition> r = realRenderer().render(noteVerbale(), formats);
  EXPECT_EQ(r[0].pages, 1);
  EXPECT_FALSE(r[0].languageFallback);
  EXPECT_EQ(r[0].templateFile, "note-verbale/en.xsl");

  const std::string& text = r[2].bytes;
  EXPECT_NE(text.find("RESTRICTED"), std::string::npos) << text;
  EXPECT_NE(text.find("NV-0001/2026"), std::string::npos) << text;
  EXPECT_NE(text.find("28\u00a0November\u00a02026"), std::string::npos) << text;
  EXPECT_NE(text.find("presents\nits compliments to the Embassy of the Swiss Confederation"),
            std::string::npos)
      << text;  // the formula, wrapped at 72 columns
  EXPECT_NE(text.find("Gülşən Əliyeva"), std::string::npos);
  EXPECT_NE(text.find("<script>alert(1)</script> ]]> &amp;"), std::string::npos) << text;

  const std::string& html = r[1].bytes;
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;amp;"), std::string::npos);
  EXPECT_NE(html.find("<!DOCTYPE html"), std::string::npos);

  std::string pdf = testing::pdfText(r[0].bytes);
  EXPECT_NE(pdf.find("presents its"), std::string::npos) << pdf;
  EXPECT_NE(pdf.find("Embassy of the Swiss Confederation"), std::string::npos) << pdf;
  EXPECT_NE(pdf.find("<script>alert(1)</script> ]]> &amp;"), std::string::npos) << pdf;
  EXPECT_NE(pdf.find("Gülşən Əliyeva"), std::string::npos) << pdf;

  // Deterministic: a second render gives the same bytes.
  std::vector<Rendition> again = realRenderer().render(noteVerbale(), formats);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(again[i].bytes, r[i].bytes);
}

struct Case {
  std::string kind;
  std::string language;
};

void PrintTo(const Case& c, std::ostream* out) { *out << c.kind << "/" << c.language; }

class RealTemplateGolden : public ::testing::TestWithParam<Case> {};

TEST_P(RealTemplateGolden, MatchesTheGoldenFiles) {
  const Case& c = GetParam();
  if (!realRenderer().hasTemplate(c.kind, c.language)) {
    GTEST_SKIP() << "templates/" << c.kind << "/" << c.language << ".xsl does not exist yet";
  }
  fs::path envelope =
      testing::realTemplatesDir() / "tests" /
      ("envelope-" + c.kind + (c.language == "en" ? "" : "-" + c.language) + ".xml");
  if (!fs::exists(envelope)) GTEST_SKIP() << envelope << " does not exist yet";
  RenderInput input = testing::inputFromEnvelope(envelope);
  ASSERT_EQ(input.kind, c.kind);
  ASSERT_EQ(input.language, c.language);

  const Format formats[] = {Format::kPdf, Format::kHtml, Format::kText};
  std::vector<Rendition> r = realRenderer().render(input, formats);
  EXPECT_FALSE(r[0].languageFallback);
  EXPECT_TRUE(r[0].notes.empty()) << r[0].notes.front();
  EXPECT_GE(r[0].pages, 1);
  std::string base = c.kind + "-" + c.language;
  compareWithGolden(r[1].bytes, goldenDir() / (base + ".html"));
  compareWithGolden(r[2].bytes, goldenDir() / (base + ".txt"));

  // The PDF is not compared byte for byte with a file (fonts differ between machines),
  // but it carries the registry number and is the same when rendered again.
  if (input.number) {
    std::string pdf = testing::pdfText(r[0].bytes);
    std::string digits = input.number->substr(input.number->find_first_of("0123456789"));
    EXPECT_NE(pdf.find(digits), std::string::npos) << pdf;
  }
  EXPECT_EQ(realRenderer().render(input, Format::kPdf).bytes, r[0].bytes);
}

std::vector<Case> allCases() {
  std::vector<Case> cases;
  for (const char* kind : {"note-verbale", "first-person-note", "circular-note", "un-letter",
                           "letter", "press-release"}) {
    for (const char* language : {"en", "fr", "az"}) cases.push_back({kind, language});
  }
  return cases;
}

// Every kind and language at once on four threads through one renderer (which lends
// the parsed settings.xml to all of them) gives what one thread gives.
TEST(RealTemplates, ConcurrentRendersOfEveryKindAgree) {
  Renderer& renderer = realRenderer();
  std::vector<RenderInput> inputs;
  for (const Case& c : allCases()) {
    fs::path envelope =
        testing::realTemplatesDir() / "tests" /
        ("envelope-" + c.kind + (c.language == "en" ? "" : "-" + c.language) + ".xml");
    if (fs::exists(envelope)) inputs.push_back(testing::inputFromEnvelope(envelope));
  }
  ASSERT_FALSE(inputs.empty());
  const Format formats[] = {Format::kHtml, Format::kText};
  std::vector<std::vector<Rendition>> expected;
  for (const RenderInput& input : inputs) expected.push_back(renderer.render(input, formats));

  std::vector<std::future<std::string>> workers;
  for (int t = 0; t < 4; ++t) {
    workers.push_back(std::async(std::launch::async, [&, t]() -> std::string {
      for (int round = 0; round < 5; ++round) {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
          std::size_t at = (i + static_cast<std::size_t>(t) * 5) % inputs.size();
          std::vector<Rendition> r = renderer.render(inputs[at], formats);
          for (std::size_t k = 0; k < 2; ++k) {
            if (r[k].bytes != expected[at][k].bytes) {
              return inputs[at].kind + "/" + inputs[at].language + " " + formatName(formats[k]) +
                     " differs on thread " + std::to_string(t);
            }
          }
        }
      }
      return "";
    }));
  }
  for (auto& w : workers) EXPECT_EQ(w.get(), "");
}

INSTANTIATE_TEST_SUITE_P(EveryKindAndLanguage, RealTemplateGolden, ::testing::ValuesIn(allCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name = info.param.kind + "_" + info.param.language;
                           for (char& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace chancery::render
