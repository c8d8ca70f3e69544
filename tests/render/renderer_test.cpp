// The renderer's mechanics on the fixture templates of tests/render/data/templates:
// envelope, the three outputs (HTML and text from Chancery's layout writers, PDF from the
// typesetter), escaping, determinism, fallback, errors, limits, threads.
#include "chancery/render/renderer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <regex>
#include <thread>

#include "pdf_test_support.hpp"
#include "render_test_support.hpp"

namespace chancery::render {
namespace {

namespace fs = std::filesystem;
using testing::count;
using testing::fixtureInput;
using testing::fixtureTemplatesDir;

class RendererTest : public ::testing::Test {
 protected:
  static Renderer& renderer() {
    static Renderer r(fixtureTemplatesDir());
    return r;
  }
};

// ---------------------------------------------------------------------------- envelope

TEST_F(RendererTest, EnvelopeCarriesTheRegistryData) {
  std::string xml = renderer().envelope(fixtureInput());
  EXPECT_NE(xml.find("<document kind=\"fixture-note\" language=\"en\" "
                     "classification=\"restricted\" number=\"NV-0001/2026\" "
                     "date=\"2026-11-28\" time=\"2026-11-28T09:41:00Z\" "
                     "subject=\"Missing persons: request for cooperation\" revision=\"3\">"),
            std::string::npos)
      << xml;
}

// A note registered at 21:30 UTC is dated the next day in Baku (UTC+4).
TEST_F(RendererTest, TheDateIsTheMinistrysLocalDate) {
  RenderInput input = fixtureInput();
  input.timeMs = parseUtc("2026-11-28T21:30:00Z");
  EXPECT_NE(renderer().envelope(input).find("date=\"2026-11-28\""), std::string::npos);
  RendererOptions options;
  options.timeZone = TimeZone::load("Asia/Baku");
  Renderer baku(fixtureTemplatesDir(), options);
  std::string envelope = baku.envelope(input);
  EXPECT_NE(envelope.find("date=\"2026-11-29\" time=\"2026-11-28T21:30:00Z\""), std::string::npos)
      << envelope;
  EXPECT_NE(baku.render(input, Format::kText).bytes.find("29\u00a0November\u00a02026"),
            std::string::npos);
}

TEST_F(RendererTest, EnvelopeHasNoNumberBeforeRegistration) {
  RenderInput input = fixtureInput();
  input.number.reset();
  std::string xml = renderer().envelope(input);
  EXPECT_EQ(xml.find("number="), std::string::npos);
  EXPECT_NE(xml.find("date=\"2026-11-28\""), std::string::npos);
}

TEST_F(RendererTest, EnvelopeRecipientNamesAreInTheDocumentLanguage) {
  RenderInput input = fixtureInput();
  std::string en = renderer().envelope(input);
  EXPECT_NE(en.find("<recipient id=\"ch-embassy-baku\" kind=\"foreign-embassy\" language=\"fr\">"
                    "<organisation>Embassy of the Swiss Confederation</organisation>"
                    "<person>Mr. Jean Dupont</person><title>Ambassador</title>"
                    "<courtesy-title>His Excellency Mr. Jean Dupont, Ambassador of the Swiss "
                    "Confederation</courtesy-title><salutation>Excellency,</salutation>"
                    "<postal><line>Embassy of the Swiss Confederation</line><line>Baku</line>"
                    "</postal><email>embassy.switzerland@mfa-baku.test</email></recipient>"),
            std::string::npos)
      << en;
  input.language = "az";
  std::string az = renderer().envelope(input);
  EXPECT_NE(az.find("<organisation>İsveçrə Konfederasiyasının Səfirliyi</organisation>"),
            std::string::npos);
  EXPECT_NE(az.find("<salutation>Zati-aliləri,</salutation>"), std::string::npos);
  input.language = "fr";
  EXPECT_NE(renderer().envelope(input).find("<salutation>Excellence,</salutation>"),
            std::string::npos);
}

TEST_F(RendererTest, EnvelopeRecipientIsTheAddresseeNotTheFirstRecipient) {
  RenderInput input = fixtureInput();
  input.recipients = {testing::unSecretaryGeneral(), testing::swissEmbassy()};
  std::string xml = renderer().envelope(input);
  EXPECT_EQ(count(xml, "<recipient "), 1u);
  EXPECT_NE(xml.find("<recipient id=\"ch-embassy-baku\""), std::string::npos);
}

TEST_F(RendererTest, EnvelopeRecipientIsTheFirstWhenTheContentNamesNone) {
  RenderInput input = fixtureInput();
  input.content = "<fixture-note><paragraph>Text.</paragraph></fixture-note>";
  input.recipients = {testing::unSecretaryGeneral(), testing::swissEmbassy()};
  std::string xml = renderer().envelope(input);
  EXPECT_EQ(count(xml, "<recipient "), 1u);
  EXPECT_NE(xml.find("<recipient id=\"un-sg\""), std::string::npos);
  // Names missing in the document's language: the entry's own language.
  input.language = "az";
  EXPECT_NE(renderer().envelope(input).find("<organisation>United Nations</organisation>"),
            std::string::npos);
}

TEST_F(RendererTest, EnvelopeOneRecipientPerAddressee) {
  RenderInput input = fixtureInput();
  input.content =
      "<fixture-note><addressee ref=\"un-sg\"/><addressee ref=\"ch-embassy-baku\"/>"
      "<addressee ref=\"un-sg\"/><paragraph>x</paragraph></fixture-note>";
  input.recipients = {testing::swissEmbassy(), testing::unSecretaryGeneral()};
  std::string xml = renderer().envelope(input);
  EXPECT_EQ(count(xml, "<recipient "), 2u);
  EXPECT_LT(xml.find("id=\"un-sg\""), xml.find("id=\"ch-embassy-baku\""));
}

TEST_F(RendererTest, UnresolvedAddresseeGivesNoRecipientAndANote) {
  RenderInput input = fixtureInput();
  input.content =
      "<fixture-note><addressee ref=\"xx-unknown\">Embassy of X</addressee>"
      "<paragraph>x</paragraph></fixture-note>";
  EXPECT_EQ(renderer().envelope(input).find("<recipient"), std::string::npos);
  Rendition r = renderer().render(input, Format::kText);
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes.front().find("xx-unknown"), std::string::npos);
}

TEST_F(RendererTest, EnvelopeCopiesTheContentVerbatim) {
  RenderInput input = fixtureInput();
  input.content =
      "<?xml version=\"1.0\"?>\n<!-- outside -->\n"
      "<fixture-note xmlns:x=\"urn:x\" a=\"1\">\n  <paragraph x:k=\"v\">A &amp; B "
      "<emphasis>C</emphasis>\u00a0D</paragraph>\n  <!-- inside -->\n</fixture-note>";
  std::string xml = renderer().envelope(input);
  EXPECT_NE(xml.find("<content><fixture-note xmlns:x=\"urn:x\" a=\"1\">\n  <paragraph "
                     "x:k=\"v\">A &amp; B <emphasis>C</emphasis>\u00a0D</paragraph>\n  "
                     "<!-- inside -->\n</fixture-note></content>"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("outside"), std::string::npos);
}

TEST_F(RendererTest, SubjectWithMarkupStaysText) {
  RenderInput input = fixtureInput();
  input.subject = "<b>\"Bold\" & 'quoted'</b>";
  std::string xml = renderer().envelope(input);
  EXPECT_NE(xml.find("subject=\"&lt;b&gt;&quot;Bold&quot; &amp; 'quoted'&lt;/b&gt;\""),
            std::string::npos)
      << xml;
  std::string text = renderer().render(input, Format::kText).bytes;
  EXPECT_NE(text.find("Subject: <b>\"Bold\" & 'quoted'</b>"), std::string::npos) << text;
}

// --------------------------------------------------------------------- content errors

TEST_F(RendererTest, MalformedContentIsAContentError) {
  RenderInput input = fixtureInput();
  input.content = "<fixture-note><paragraph>unclosed</fixture-note>";
  try {
    renderer().render(input, Format::kHtml);
    FAIL() << "rendered malformed content";
  } catch (const ContentError& e) {
    EXPECT_NE(std::string(e.what()).find("content"), std::string::npos) << e.what();
  }
  input.content = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
  EXPECT_THROW(renderer().render(input, Format::kText), ContentError);
}

TEST_F(RendererTest, ControlCharactersInRegistryDataAreAContentError) {
  RenderInput input = fixtureInput();
  input.subject = "bell\x07";
  EXPECT_THROW(renderer().envelope(input), ContentError);
  input = fixtureInput();
  input.recipients[0].names["en"].organisation = "bad\xff utf-8";
  EXPECT_THROW(renderer().envelope(input), ContentError);
}

TEST_F(RendererTest, KindAndLanguageCannotClimbOutOfTheTemplates) {
  RenderInput input = fixtureInput();
  input.kind = "../hostile-read";
  EXPECT_THROW(renderer().layout(input), ContentError);
  input = fixtureInput();
  input.language = "en/../../x";
  EXPECT_THROW(renderer().layout(input), ContentError);
  EXPECT_FALSE(renderer().hasTemplate("../fixture-note", "en"));
}

// ----------------------------------------------------------------------------- outputs

TEST_F(RendererTest, LayoutUsesImportsSettingsAndDate) {
  std::string layout = renderer().layout(fixtureInput());
  EXPECT_NE(layout.find("Ministry of Fixtures"), std::string::npos) << layout;  // settings.xml
  EXPECT_NE(layout.find("Baku, 28\u00a0November\u00a02026"), std::string::npos) << layout;
  EXPECT_NE(layout.find("No.\u00a0NV-0001/2026"), std::string::npos);
  EXPECT_NE(layout.find("<classification>RESTRICTED</classification>"), std::string::npos);
}

TEST_F(RendererTest, RendersAllThreeFormats) {
  const Format formats[] = {Format::kPdf, Format::kHtml, Format::kText};
  std::vector<Rendition> r = renderer().render(fixtureInput(), formats);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].format, Format::kPdf);
  EXPECT_EQ(r[0].mediaType, "application/pdf");
  EXPECT_EQ(r[0].bytes.substr(0, 5), "%PDF-");
  EXPECT_EQ(r[0].pages, 1);
  EXPECT_EQ(r[1].mediaType, "application/xhtml+xml");
  const std::string& html = r[1].bytes;
  EXPECT_NE(html.find("<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">"),
            std::string::npos);
  EXPECT_NE(html.find("<div class=\"marking marking-top\">RESTRICTED</div>"), std::string::npos);
  EXPECT_NE(html.find("<td style=\"text-align: right; \">Baku, 28\u00a0November\u00a02026</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("(<i>Şıxəli Qurbanov küçəsi 50</i>)"), std::string::npos) << html;
  EXPECT_EQ(r[2].mediaType, "text/plain; charset=utf-8");
  const std::string& text = r[2].bytes;
  EXPECT_EQ(text.rfind("                               RESTRICTED\n\n", 0), 0u) << text;
  EXPECT_NE(text.find("\nNo.\u00a0NV-0001/2026                                  "
                      "Baku, 28\u00a0November\u00a02026\n"),
            std::string::npos)
      << text;  // the date flush right at 72 columns
  EXPECT_EQ(r[2].templateFile, "fixture-note/en.xsl");
  EXPECT_FALSE(r[2].languageFallback);
  EXPECT_TRUE(r[2].notes.empty());

  std::string pdf = testing::pdfText(r[0].bytes);
  EXPECT_NE(pdf.find("Gülşən Əliyeva"), std::string::npos) << pdf;
  EXPECT_NE(pdf.find("RESTRICTED"), std::string::npos);
}

TEST_F(RendererTest, PdfMetadataComesFromTheInput) {
  Rendition r = renderer().render(fixtureInput(), Format::kPdf);
  // cairo 1.16 writes the dates without "D:" and the title as a (UTF-16 or literal) string.
  EXPECT_NE(r.bytes.find("/CreationDate (20261128094100Z)"), std::string::npos);
  EXPECT_NE(r.bytes.find("Missing persons: request for cooperation"), std::string::npos);
}

TEST_F(RendererTest, TextIsWrappedAtSeventyTwoColumns) {
  std::string text = renderer().render(fixtureInput(), Format::kText).bytes;
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find('\r'), std::string::npos);
  std::size_t start = 0;
  int lines = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    std::size_t cols = 0;
    for (unsigned char c : line) cols += (c & 0xC0) != 0x80;
    EXPECT_LE(cols, 72u) << line;
    start = end + 1;
    ++lines;
  }
  EXPECT_GT(lines, 8);
  EXPECT_NE(text.find("Gülşən"), std::string::npos);
}

TEST_F(RendererTest, HostileContentIsEscapedInHtmlAndLiteralInTextAndPdf) {
  RenderInput input = fixtureInput();
  input.content =
      "<fixture-note><addressee ref=\"ch-embassy-baku\"/><paragraph>&lt;script&gt;alert(1)"
      "&lt;/script&gt; ]]&gt; &amp;amp;</paragraph></fixture-note>";
  const Format formats[] = {Format::kPdf, Format::kHtml, Format::kText};
  std::vector<Rendition> r = renderer().render(input, formats);
  const std::string& html = r[1].bytes;
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;amp;"), std::string::npos)
      << html;
  EXPECT_NE(r[2].bytes.find("<script>alert(1)</script> ]]> &amp;"), std::string::npos)
      << r[2].bytes;
  std::string pdf = testing::pdfText(r[0].bytes);
  EXPECT_NE(pdf.find("<script>alert(1)</script> ]]> &amp;"), std::string::npos) << pdf;
}

TEST_F(RendererTest, SameInputGivesIdenticalBytes) {
  const Format formats[] = {Format::kPdf, Format::kHtml, Format::kText};
  std::vector<Rendition> a = renderer().render(fixtureInput(), formats);
  Renderer fresh(fixtureTemplatesDir());  // another cache and another typesetter
  std::vector<Rendition> b = fresh.render(fixtureInput(), formats);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(a[i].bytes, b[i].bytes) << formatName(formats[i]);
  EXPECT_EQ(renderer().render(fixtureInput(), Format::kPdf).bytes, a[0].bytes);
}

TEST_F(RendererTest, ConcurrentRendersAgree) {
  const Format formats[] = {Format::kPdf, Format::kHtml, Format::kText};
  Renderer shared(fixtureTemplatesDir());
  std::vector<Rendition> expected = shared.render(fixtureInput(), formats);
  for (int threads : {2, 4, 8}) {
    std::vector<std::future<bool>> results;
    for (int t = 0; t < threads; ++t) {
      results.push_back(std::async(std::launch::async, [&, t] {
        RenderInput input = fixtureInput();
        if (t % 2 == 1) input.language = "fr";  // another template, compiled concurrently
        for (int i = 0; i < 3; ++i) {
          std::vector<Rendition> r = shared.render(input, formats);
          if (t % 2 == 0) {
            for (std::size_t k = 0; k < 3; ++k) {
              if (r[k].bytes != expected[k].bytes) return false;
            }
          }
        }
        return true;
      }));
    }
    for (auto& f : results) {
      ASSERT_EQ(f.wait_for(std::chrono::seconds(60)), std::future_status::ready);
      EXPECT_TRUE(f.get()) << threads << " threads";
    }
  }
}

// ----------------------------------------------------------------- templates and errors

// HTML and text come from Chancery's writers: a templates directory needs nothing but
// the kind templates (and what they read) for every format.
TEST_F(RendererTest, AKindTemplateAloneGivesEveryFormat) {
  pdf::testing::TempDir dir;
  fs::create_directories(dir.path() / "minimal");
  pdf::testing::writeFile(
      dir.path() / "minimal/en.xsl",
      "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
      "<xsl:template match=\"/\"><page-layout version=\"1\"><flow><p align=\"center\">"
      "<xsl:value-of select=\"/document/@subject\"/></p></flow></page-layout>"
      "</xsl:template></xsl:stylesheet>");
  Renderer minimal(dir.path());
  RenderInput input = fixtureInput();
  input.kind = "minimal";
  const Format formats[] = {Format::kPdf, Format::kHtml, Format::kText};
  std::vector<Rendition> r = minimal.render(input, formats);
  EXPECT_EQ(r[0].pages, 1);
  EXPECT_NE(r[1].bytes.find("<p style=\"text-align: center;\">Missing persons: request for "
                            "cooperation</p>"),
            std::string::npos)
      << r[1].bytes;
  EXPECT_EQ(r[2].bytes, std::string(16, ' ') + "Missing persons: request for cooperation\n");
}

TEST_F(RendererTest, MissingLanguageFallsBackToEnglishAndSaysSo) {
  RenderInput input = fixtureInput();
  input.language = "az";
  Rendition r = renderer().render(input, Format::kText);
  EXPECT_TRUE(r.languageFallback);
  EXPECT_EQ(r.templateFile, "fixture-note/en.xsl");
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes.front().find("no az template"), std::string::npos) << r.notes.front();
  // The envelope keeps the document's language (names in Azerbaijani).
  EXPECT_NE(r.bytes.find("Zati-aliləri,"), std::string::npos) << r.bytes;

  input.language = "fr";
  Rendition fr = renderer().render(input, Format::kText);
  EXPECT_FALSE(fr.languageFallback);
  EXPECT_EQ(fr.templateFile, "fixture-note/fr.xsl");
  EXPECT_NE(fr.bytes.find("Bakou, le 28\u00a0novembre\u00a02026"), std::string::npos) << fr.bytes;
}

TEST_F(RendererTest, MissingTemplateIsATemplateError) {
  RenderInput input = fixtureInput();
  input.kind = "press-release";  // no fixture for it
  input.language = "fr";
  try {
    renderer().render(input, Format::kHtml);
    FAIL() << "rendered without a template";
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.templateFile(), "press-release/fr.xsl");
    std::string what = e.what();
    EXPECT_NE(what.find("press-release/fr.xsl"), std::string::npos) << what;
    EXPECT_NE(what.find("press-release/en.xsl"), std::string::npos) << what;
  }
  EXPECT_THROW(Renderer("/nonexistent/templates"), TemplateError);
}

TEST_F(RendererTest, TemplateThatDoesNotCompileNamesItself) {
  RenderInput input = fixtureInput();
  input.kind = "broken";
  try {
    renderer().layout(input);
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.templateFile(), "broken/en.xsl");
    std::string what = e.what();
    EXPECT_NE(what.find("broken/en.xsl"), std::string::npos) << what;
    EXPECT_NE(what.find("does not compile"), std::string::npos) << what;
  }
}

TEST_F(RendererTest, RunTimeErrorIsATemplateError) {
  RenderInput input = fixtureInput();
  input.kind = "runtime-error";
  try {
    renderer().layout(input);
    FAIL();
  } catch (const TemplateError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("template runtime-error/en.xsl failed"), std::string::npos) << what;
    EXPECT_NE(what.find("line 5"), std::string::npos) << what;
  }
}

TEST_F(RendererTest, TerminatingMessageIsATemplateError) {
  RenderInput input = fixtureInput();
  input.kind = "terminate";
  try {
    renderer().layout(input);
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_NE(std::string(e.what()).find("this kind needs a reference number"), std::string::npos)
        << e.what();
  }
}

TEST_F(RendererTest, MessagesOfASuccessfulTemplateAreNotes) {
  RenderInput input = fixtureInput();
  input.kind = "chatty";
  Rendition r = renderer().render(input, Format::kText);
  EXPECT_EQ(r.bytes, "fine\n");
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "chatty/en.xsl: no annex given");
}

TEST_F(RendererTest, BadLayoutIsALayoutErrorNamingTheTemplate) {
  RenderInput input = fixtureInput();
  input.kind = "bad-layout";
  try {
    renderer().render(input, Format::kPdf);
    FAIL() << "the typesetter took an unknown element";
  } catch (const pdf::LayoutError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("bad-layout/en.xsl"), std::string::npos) << what;
    EXPECT_NE(what.find("paragraph"), std::string::npos) << what;
    EXPECT_GT(e.line(), 0);
  }
}

TEST_F(RendererTest, ALayoutThatIsNotOneDocumentIsRefusedForEveryFormat) {
  RenderInput input = fixtureInput();
  input.kind = "two-roots";
  for (Format format : {Format::kHtml, Format::kText, Format::kPdf}) {
    try {
      renderer().render(input, format);
      ADD_FAILURE() << formatName(format) << " rendered a layout with two root elements";
    } catch (const TemplateError& e) {
      std::string what = e.what();
      EXPECT_NE(what.find("two-roots/en.xsl"), std::string::npos) << what;
      EXPECT_NE(what.find("exactly one root element"), std::string::npos) << what;
    }
  }
}

// The settings a template reads with document() are read once per Renderer, like the
// compiled templates: an edit shows after a restart (a new Renderer), never half-way.
TEST_F(RendererTest, SettingsAreReadOncePerRenderer) {
  fs::path dir = fs::temp_directory_path() / ("chancery-settings-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(fixtureTemplatesDir(), dir, fs::copy_options::recursive);
  Renderer first(dir);
  EXPECT_NE(first.layout(fixtureInput()).find("Ministry of Fixtures"), std::string::npos);

  std::string settings = testing::readFile(dir / "settings.xml");
  settings.replace(settings.find("Ministry of Fixtures"), 20, "Ministry of Revisions");
  pdf::testing::writeFile(dir / "settings.xml", settings);
  std::string again = first.layout(fixtureInput());
  EXPECT_NE(again.find("Ministry of Fixtures"), std::string::npos) << again;
  EXPECT_EQ(first.render(fixtureInput(), Format::kText).bytes.find("Revisions"), std::string::npos);

  Renderer restarted(dir);
  EXPECT_NE(restarted.layout(fixtureInput()).find("Ministry of Revisions"), std::string::npos);
  fs::remove_all(dir);
}

// ------------------------------------------------------------------------------ limits

TEST_F(RendererTest, ContentOverTheLimitIsRefusedClearly) {
  RenderInput input = fixtureInput();
  std::string paragraph = "<paragraph>" + std::string(1000, 'x') + "</paragraph>";
  input.content = "<fixture-note>";
  while (input.content.size() < (5u << 20)) input.content += paragraph;
  input.content += "</fixture-note>";
  auto started = std::chrono::steady_clock::now();
  try {
    renderer().render(input, Format::kHtml);
    FAIL() << "5 MiB of content rendered";
  } catch (const ContentError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("5.0 MiB"), std::string::npos) << what;
    EXPECT_NE(what.find("4.0 MiB"), std::string::npos) << what;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

TEST_F(RendererTest, ContentAtTheLimitRenders) {
  // 4 MiB in paragraphs of about 1,000 characters: 877 pages, about 4 s.
  RenderInput input = fixtureInput();
  std::string words =
      "The Ministry of Foreign Affairs presents its compliments and has the "
      "honour to inform the Embassy that the consultations will be held. ";
  std::string paragraph = "<paragraph>";
  while (paragraph.size() < 1000) paragraph += words;
  paragraph += "</paragraph>\n";
  input.content = "<fixture-note>";
  while (input.content.size() + paragraph.size() + 20 < (4u << 20)) input.content += paragraph;
  input.content += "</fixture-note>";
  const Format formats[] = {Format::kPdf, Format::kHtml, Format::kText};
  std::vector<Rendition> r = renderer().render(input, formats);
  EXPECT_GT(r[0].pages, 800);
  EXPECT_GT(r[1].bytes.size(), 4'000'000u);
  EXPECT_GT(r[2].bytes.size(), 4'000'000u);
}

TEST_F(RendererTest, AParagraphTheTypesetterWouldDropIsRefused) {
  RenderInput input = fixtureInput();
  std::string words = "The Ministry presents its compliments. ";
  std::string paragraph = "<paragraph>";
  while (paragraph.size() < 150'000) paragraph += words;
  input.content = "<fixture-note>" + paragraph + "</paragraph></fixture-note>";
  for (Format format : {Format::kPdf, Format::kHtml}) {
    try {
      renderer().render(input, format);
      ADD_FAILURE() << "a paragraph of 150,000 characters rendered as " << formatName(format);
    } catch (const ContentError& e) {
      EXPECT_NE(std::string(e.what()).find("at most 100000 in one paragraph"), std::string::npos)
          << e.what();
    }
  }
  RendererOptions options;
  options.maxParagraphChars = 200'000;
  Renderer lenient(fixtureTemplatesDir(), options);
  Rendition pdf = lenient.render(input, Format::kPdf);
  EXPECT_GT(pdf.pages, 25);
  std::string text = testing::pdfText(pdf.bytes);
  EXPECT_GT(text.size(), 150'000u);  // the whole paragraph is there
}

}  // namespace
}  // namespace chancery::render
