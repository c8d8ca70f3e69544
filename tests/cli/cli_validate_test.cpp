// `chancery validate` and `chancery workflows show`, run as the real executable.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace {

struct Outcome {
  int exitCode;
  std::string out;  // stdout and stderr together
};

Outcome chancery(const std::string& args, bool withStderr = true) {
  std::string cmd = std::string(CHANCERY_BINARY) + " " + args + (withStderr ? " 2>&1" : " 2>/dev/null");
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  int status = pclose(pipe);
  return {WEXITSTATUS(status), out};
}

const std::string kSrc = CHANCERY_SOURCE_DIR;
const std::string kInvalid = std::string(CHANCERY_TEST_DATA) + "/fixtures/workflows/invalid/";

}  // namespace

TEST(ValidateCommand, AllShippedWorkflowsAreValid) {
  Outcome r = chancery("validate " + kSrc + "/workflows/note-verbale.xml " + kSrc +
                   "/workflows/un-letter.xml " + kSrc + "/workflows/letter-to-organisation.xml " +
                   kSrc + "/workflows/press-release.xml");
  EXPECT_EQ(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("note-verbale.xml: valid"), std::string::npos) << r.out;
}

TEST(ValidateCommand, ReportsEveryProblemAsFileLineColumn) {
  Outcome r = chancery("validate " + kInvalid + "many-errors.xml");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.out.find(kInvalid + "many-errors.xml:6:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(kInvalid + "many-errors.xml:11:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(": error: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("did you mean 'draft'?"), std::string::npos) << r.out;
}

TEST(ValidateCommand, OneBadFileAmongGoodOnesFailsTheRun) {
  Outcome r = chancery("validate " + kSrc + "/workflows/note-verbale.xml " + kInvalid +
                   "state-trap.xml");
  EXPECT_EQ(r.exitCode, 1) << r.out;
  EXPECT_NE(r.out.find("note-verbale.xml: valid"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("state-trap.xml:8:"), std::string::npos) << r.out;
}

TEST(ValidateCommand, JsonGivesTheSameFindingsForTools) {
  Outcome text = chancery("validate " + kInvalid + "many-errors.xml", true);
  Outcome json = chancery("validate --format json " + kInvalid + "many-errors.xml", false);
  EXPECT_EQ(json.exitCode, 1);
  Poco::JSON::Parser parser;
  auto findings = parser.parse(json.out).extract<Poco::JSON::Array::Ptr>();
  ASSERT_GT(findings->size(), 3u);
  for (std::size_t i = 0; i < findings->size(); ++i) {
    auto f = findings->getObject(static_cast<unsigned>(i));
    for (const char* key : {"file", "line", "column", "severity", "code", "message"}) {
      EXPECT_TRUE(f->has(key)) << key;
    }
    std::string where = f->getValue<std::string>("file") + ":" +
                        std::to_string(f->getValue<int>("line")) + ":" +
                        std::to_string(f->getValue<int>("column"));
    EXPECT_NE(text.out.find(where), std::string::npos) << where;
  }
  Outcome valid = chancery("validate --format json " + kSrc + "/workflows/note-verbale.xml", false);
  EXPECT_EQ(valid.exitCode, 0);
  EXPECT_EQ(parser.parse(valid.out).extract<Poco::JSON::Array::Ptr>()->size(), 0u);
}

TEST(ValidateCommand, UsageMistakesExitWithTwo) {
  EXPECT_EQ(chancery("validate").exitCode, 2);
  EXPECT_EQ(chancery("validate --format yaml x.xml").exitCode, 2);
  EXPECT_EQ(chancery("frobnicate").exitCode, 2);
  EXPECT_EQ(chancery("").exitCode, 2);
  EXPECT_EQ(chancery("--help").exitCode, 0);
}

TEST(WorkflowsShow, PrintsAReadableOutline) {
  Outcome r = chancery("workflows show " + kSrc + "/workflows/note-verbale.xml");
  EXPECT_EQ(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("Workflow note-verbale"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Roles:"), std::string::npos);
  EXPECT_NE(r.out.find("assign-number"), std::string::npos);
  Outcome bad = chancery("workflows show " + kInvalid + "state-trap.xml");
  EXPECT_EQ(bad.exitCode, 1);
  EXPECT_NE(bad.out.find("state-trap"), std::string::npos);
}
