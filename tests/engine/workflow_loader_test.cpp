// Workflow definitions: the four shipped definitions load cleanly, and every rule
// has a fixture in tests/fixtures/workflows/invalid/ whose lines carry the expected
// findings as <!-- expect: CODE --> comments.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>

#include "chancery/workflow/loader.hpp"
#include "chancery/workflow/outline.hpp"

namespace fs = std::filesystem;
using chancery::workflow::DefinitionLoader;

namespace {

const DefinitionLoader& loader() {
  static DefinitionLoader instance;
  return instance;
}

using Finding = std::pair<int, std::string>;  // line, code

std::vector<Finding> expectedFindings(const fs::path& file) {
  std::ifstream in(file);
  std::vector<Finding> out;
  std::regex marker(R"(expect: ([a-z-]+))");
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    for (std::sregex_iterator it(line.begin(), line.end(), marker), end; it != end; ++it) {
      out.emplace_back(n, (*it)[1].str());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<fs::path> filesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".xml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

const fs::path kInvalid = fs::path(CHANCERY_TEST_DATA) / "fixtures/workflows/invalid";
const fs::path kShipped = fs::path(CHANCERY_SOURCE_DIR) / "workflows";

}  // namespace

class ShippedDefinition : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedDefinition, ValidatesWithoutFindings) {
  auto result = loader().loadFile((kShipped / GetParam()).string());
  for (const auto& d : result.diagnostics) ADD_FAILURE() << chancery::formatDiagnostic(d);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.fingerprint().size(), 64u);
  EXPECT_NE(result.definition->initialState(), nullptr);
}

INSTANTIATE_TEST_SUITE_P(Workflows, ShippedDefinition,
                         ::testing::Values("note-verbale.xml", "un-letter.xml",
                                           "letter-to-organisation.xml", "press-release.xml",
                                           "first-person-note.xml", "circular-note.xml"));

class InvalidFixture : public ::testing::TestWithParam<fs::path> {};

TEST_P(InvalidFixture, ReportsExactlyTheMarkedFindings) {
  const fs::path& file = GetParam();
  auto expected = expectedFindings(file);
  ASSERT_FALSE(expected.empty()) << file << " has no expect: markers";
  auto result = loader().loadFile(file.string());
  EXPECT_FALSE(result.ok());
  std::vector<Finding> actual;
  for (const auto& d : result.diagnostics) {
    if (d.severity == chancery::Severity::kError) actual.emplace_back(d.pos.line, d.code);
    EXPECT_EQ(d.file, file.string());
    EXPECT_GT(d.pos.column, 0) << chancery::formatDiagnostic(d);
    EXPECT_NE(d.message.find(" — "), std::string::npos)
        << "the message should say what to do: " << d.message;
  }
  std::sort(actual.begin(), actual.end());
  std::string report;
  for (const auto& d : result.diagnostics) report += chancery::formatDiagnostic(d) + "\n";
  EXPECT_EQ(actual, expected) << report;
}

INSTANTIATE_TEST_SUITE_P(Rules, InvalidFixture, ::testing::ValuesIn(filesIn(kInvalid)),
                         [](const auto& info) {
                           std::string n = info.param.stem().string();
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(DefinitionLoader, PointsAtTheOffendingAttribute) {
  auto result = loader().loadFile((kInvalid / "target-unknown.xml").string());
  ASSERT_FALSE(result.diagnostics.empty());
  const auto& first = result.diagnostics.front();
  EXPECT_EQ(first.code, "target-unknown");
  EXPECT_EQ(first.pos.line, 9);
  // `    <action name="sign" by="director" to="registraton"/>`: to= starts at column 39.
  EXPECT_EQ(first.pos.column, 39);
  EXPECT_NE(first.message.find("did you mean 'registration'?"), std::string::npos)
      << first.message;
}

TEST(DefinitionLoader, FormatsFindingsLikeACompiler) {
  auto result = loader().loadFile((kInvalid / "quorum-invalid.xml").string());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  std::string line = chancery::formatDiagnostic(result.diagnostics[0]);
  EXPECT_EQ(line.rfind((kInvalid / "quorum-invalid.xml").string() + ":9:", 0), 0u) << line;
  EXPECT_NE(line.find(": error: quorum=\"0\""), std::string::npos) << line;
}

TEST(DefinitionLoader, SchemaMessagesDropTheNamespaceNoise) {
  auto result = loader().loadFile((kInvalid / "schema-violation.xml").string());
  for (const auto& d : result.diagnostics) {
    EXPECT_EQ(d.message.find("{urn:chancery"), std::string::npos) << d.message;
  }
}

TEST(DefinitionLoader, BuildsTheModelOfTheNoteVerbale) {
  auto result = loader().loadFile((kShipped / "note-verbale.xml").string());
  ASSERT_TRUE(result.ok());
  const auto& def = *result.definition;
  EXPECT_EQ(def.name, "note-verbale");
  EXPECT_EQ(def.documentKind, "note-verbale");
  const auto* initial = def.initialState();
  ASSERT_NE(initial, nullptr);
  EXPECT_TRUE(initial->editable);
  bool numbers = false;
  for (const auto& s : def.states) {
    for (const auto& step : s.steps) numbers = numbers || step.run == "assign-number";
  }
  EXPECT_TRUE(numbers) << "a note verbale is numbered on registration";
}

TEST(DefinitionLoader, SameBytesSameFingerprint) {
  std::ifstream in(kShipped / "note-verbale.xml");
  std::string xml((std::istreambuf_iterator<char>(in)), {});
  auto a = loader().loadText(xml, "a");
  auto b = loader().loadText(xml + "\n", "b");
  auto c = loader().loadText(xml, "c");
  EXPECT_EQ(a.fingerprint(), c.fingerprint());
  EXPECT_NE(a.fingerprint(), b.fingerprint());
}

TEST(Outline, ShowsStatesWhoActsAndWhereActionsLead) {
  auto result = loader().loadFile((kShipped / "note-verbale.xml").string());
  ASSERT_TRUE(result.ok());
  std::string text = chancery::workflow::outline(*result.definition);
  EXPECT_NE(text.find("Workflow note-verbale"), std::string::npos);
  for (const auto& s : result.definition->states) {
    EXPECT_NE(text.find("* " + s.name), std::string::npos) << s.name;
    for (const auto& a : s.actions) {
      EXPECT_NE(text.find("-> " + a.to), std::string::npos) << a.name;
    }
  }
  EXPECT_NE(text.find("[initial"), std::string::npos);
  EXPECT_NE(text.find("final"), std::string::npos);
}
