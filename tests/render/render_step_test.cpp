// RenderStep against a real Engine on SQLite: the input it gathers (document, directory,
// addressee), the artifacts it stores, and that running it again changes nothing.
#include "chancery/render/render_step.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "chancery/engine/engine.hpp"
#include "chancery/store/store.hpp"
#include "pdf_test_support.hpp"
#include "render_test_support.hpp"

namespace chancery::render {
namespace {

const char* kContent =
    "<note-verbale>\n"
    "  <addressee ref=\"ch-embassy-baku\">Embassy of the Swiss Confederation</addressee>\n"
    "  <paragraph>has the honour to inform the Embassy that the consultations will be held "
    "in Baku.</paragraph>\n"
    "</note-verbale>\n";

class RenderStepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::StoreOptions options;
    options.url = "sqlite:" + (dir_.path() / "chancery.db").string();
    options.sqliteSynchronous = "NORMAL";
    store_ = std::make_unique<store::Store>(options);
    store_->migrate();
    engine_ =
        std::make_unique<Engine>(*store_, clock_, std::string(CHANCERY_SOURCE_DIR) + "/workflows");
    engine_->addUser("aliyev", {"drafter"}, "europe");
    engine_->addUser("registrar", {"registry"}, "registry");
    engine_->importDirectory(
        testing::readFile(std::string(CHANCERY_SOURCE_DIR) + "/deploy/directory-sample.xml"),
        "directory-sample.xml", "registrar");
  }

  DocumentId newNote(std::vector<std::string> recipients) {
    NewDocument d;
    d.kind = "note-verbale";
    d.subject = "Consultations";
    d.content = kContent;
    d.recipients = std::move(recipients);
    d.drafter = "aliyev";
    return engine_->createDocument(d);
  }

  static workflow::Step renderStep(const std::string& formats) {
    workflow::Step step;
    step.run = "render";
    step.params.emplace("formats", formats);
    return step;
  }

  pdf::testing::TempDir dir_;
  ManualClock clock_{parseUtc("2026-11-28T09:41:00Z")};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Engine> engine_;
  Renderer renderer_{testing::fixtureTemplatesDir()};
};

TEST_F(RenderStepTest, GathersTheDocumentAndItsRecipients) {
  DocumentId id = newNote({"fr-embassy-baku", "someone@elsewhere.test", "ch-embassy-baku"});
  RenderInput input = renderInputFor(*engine_, id);
  EXPECT_EQ(input.kind, "note-verbale");
  EXPECT_EQ(input.language, "en");
  EXPECT_EQ(input.subject, "Consultations");
  EXPECT_FALSE(input.number.has_value());  // not registered
  EXPECT_EQ(input.timeMs, parseUtc("2026-11-28T09:41:00Z"));
  EXPECT_EQ(input.content, kContent);
  ASSERT_EQ(input.recipients.size(), 2u);  // the address is not in the directory
  EXPECT_EQ(input.recipients[0].id, "fr-embassy-baku");
  EXPECT_EQ(input.recipients[1].id, "ch-embassy-baku");
}

TEST_F(RenderStepTest, TheAddresseeIsLookedUpEvenWhenNotARecipient) {
  DocumentId id = newNote({"someone@elsewhere.test"});
  RenderInput input = renderInputFor(*engine_, id);
  ASSERT_EQ(input.recipients.size(), 1u);
  EXPECT_EQ(input.recipients[0].id, "ch-embassy-baku");
  std::string envelope = renderer_.envelope(input);
  EXPECT_NE(envelope.find("<recipient id=\"ch-embassy-baku\""), std::string::npos) << envelope;
}

TEST_F(RenderStepTest, StoresEveryFormatOnceForTheRevision) {
  DocumentId id = newNote({"ch-embassy-baku"});
  RenderStep step(*engine_, renderer_);
  step.run(id, renderStep("pdf html text"), "{}");
  int revision = engine_->document(id).revision;

  std::optional<Artifact> pdf = engine_->artifact(id, revision, "pdf");
  std::optional<Artifact> html = engine_->artifact(id, revision, "html");
  std::optional<Artifact> text = engine_->artifact(id, revision, "text");
  ASSERT_TRUE(pdf && html && text);
  EXPECT_EQ(pdf->mediaType, "application/pdf");
  EXPECT_EQ(html->mediaType, "application/xhtml+xml");
  EXPECT_EQ(text->mediaType, "text/plain; charset=utf-8");
  EXPECT_EQ(pdf->bytes.substr(0, 5), "%PDF-");
  EXPECT_NE(html->bytes.find("<td style=\"text-align: right; \">Baku, 28\u00a0November\u00a02026"),
            std::string::npos)
      << html->bytes;
  EXPECT_NE(text->bytes.find("Embassy of the Swiss Confederation"), std::string::npos)
      << text->bytes;
  EXPECT_NE(text->bytes.find("Baku, 28\u00a0November\u00a02026"), std::string::npos) << text->bytes;
  EXPECT_EQ(engine_->artifacts(id).size(), 3u);

  // Again (a retry after a crash): nothing new, the first bytes stay.
  clock_.advance(std::chrono::hours(1));
  step.run(id, renderStep("pdf html text"), "{}");
  EXPECT_EQ(engine_->artifacts(id).size(), 3u);
  EXPECT_EQ(engine_->artifact(id, revision, "pdf")->sha256, pdf->sha256);
}

TEST_F(RenderStepTest, RendersOnlyTheFormatsAsked) {
  DocumentId id = newNote({"ch-embassy-baku"});
  RenderStep step(*engine_, renderer_);
  step.run(id, renderStep("text"), "{}");
  EXPECT_EQ(engine_->artifacts(id).size(), 1u);
  step.run(id, renderStep("text html"), "{}");  // only html is missing
  EXPECT_EQ(engine_->artifacts(id).size(), 2u);
}

TEST_F(RenderStepTest, BadParametersAndTemplatesAreErrors) {
  DocumentId id = newNote({"ch-embassy-baku"});
  RenderStep step(*engine_, renderer_);
  EXPECT_THROW(step.run(id, renderStep("pdf docx"), "{}"), std::invalid_argument);
  EXPECT_THROW(step.run(id, workflow::Step{}, "{}"), std::invalid_argument);

  Renderer empty(testing::dataDir());  // no templates for note-verbale there
  RenderStep broken(*engine_, empty);
  EXPECT_THROW(broken.run(id, renderStep("pdf"), "{}"), TemplateError);
  EXPECT_TRUE(engine_->artifacts(id).empty());
}

}  // namespace
}  // namespace chancery::render
