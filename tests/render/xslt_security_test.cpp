// Templates run under libxslt security preferences: no reading outside templates/, no
// writing, no directories, no network; no DOCTYPE; no disable-output-escaping; and
// nothing libxslt says reaches stderr. Whatever layout a template makes, the HTML gets
// no script, markup or unchecked style from it. The hostile stylesheets are in
// tests/render/data/templates/hostile-*.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "chancery/render/renderer.hpp"
#include "pdf_test_support.hpp"
#include "render_test_support.hpp"

namespace chancery::render {
namespace {

namespace fs = std::filesystem;
using testing::fixtureInput;
using testing::fixtureTemplatesDir;

RenderInput hostile(const std::string& kind, const std::string& body = "") {
  RenderInput input = fixtureInput();
  input.kind = kind;
  input.content = "<" + kind + ">" + body + "<paragraph>x</paragraph></" + kind + ">";
  return input;
}

// Renders `input` (text), expects a TemplateError and returns its message; also checks
// that libxslt printed nothing on stderr and that the renderer still works afterwards.
std::string refusal(Renderer& renderer, const RenderInput& input) {
  std::string message;
  ::testing::internal::CaptureStderr();
  try {
    renderer.render(input, Format::kText);
    ADD_FAILURE() << input.kind << " was not refused";
  } catch (const TemplateError& e) {
    message = e.what();
    EXPECT_EQ(e.templateFile(), input.kind + "/en.xsl");
  }
  std::string stderrText = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(stderrText, "") << "libxml2/libxslt wrote to stderr";
  EXPECT_NO_THROW(renderer.render(fixtureInput(), Format::kText));
  return message;
}

class XsltSecurityTest : public ::testing::Test {
 protected:
  static Renderer& renderer() {
    static Renderer r(fixtureTemplatesDir());
    return r;
  }
};

TEST_F(XsltSecurityTest, ImportsAndSettingsInsideTheTemplatesWork) {
  RenderInput input = fixtureInput();
  input.language = "fr";  // fr.xsl imports en.xsl, which imports ../common/shared.xsl
  std::string layout = renderer().layout(input);
  EXPECT_NE(layout.find("Ministère des Essais"), std::string::npos) << layout;
}

TEST_F(XsltSecurityTest, ReadingASystemFileIsRefused) {
  std::string message = refusal(renderer(), hostile("hostile-read"));
  EXPECT_NE(message.find("reading the file /etc/passwd"), std::string::npos) << message;
  EXPECT_EQ(message.find("root:"), std::string::npos);
}

TEST_F(XsltSecurityTest, ClimbingOutWithDotDotIsRefused) {
  std::string message = refusal(renderer(), hostile("hostile-read-outside"));
  EXPECT_NE(message.find("outside.xml"), std::string::npos) << message;
  EXPECT_EQ(message.find("outside-secret"), std::string::npos);
}

TEST_F(XsltSecurityTest, ASymbolicLinkLeadingOutIsRefused) {
  pdf::testing::TempDir dir;
  fs::path templates = dir.path() / "templates";
  fs::copy(fixtureTemplatesDir(), templates, fs::copy_options::recursive);
  fs::create_symlink(testing::dataDir() / "outside.xml", templates / "leak.xml");
  fs::create_directories(templates / "symlink");
  pdf::testing::writeFile(
      templates / "symlink/en.xsl",
      "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
      "<xsl:template match=\"/\"><page-layout version=\"1\"><flow><p>"
      "<xsl:value-of select=\"document('../leak.xml')\"/></p></flow></page-layout>"
      "</xsl:template></xsl:stylesheet>");
  Renderer renderer(templates);
  std::string message = refusal(renderer, hostile("symlink"));
  EXPECT_NE(message.find("outside.xml"), std::string::npos) << message;
  EXPECT_EQ(message.find("outside-secret"), std::string::npos);
}

TEST_F(XsltSecurityTest, TheNetworkIsRefusedBeforeAnyConnection) {
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/";

  std::string message = refusal(renderer(), hostile("hostile-net", "<url>" + url + "</url>"));
  EXPECT_NE(message.find("reading " + url + " from the network"), std::string::npos) << message;
  message = refusal(renderer(), hostile("hostile-net", "<url>ftp://127.0.0.1/x.xml</url>"));
  EXPECT_NE(message.find("from the network"), std::string::npos) << message;

  ::fcntl(listener, F_SETFL, O_NONBLOCK);
  int connection = ::accept(listener, nullptr, nullptr);
  EXPECT_EQ(connection, -1) << "the template connected to " << url;
  EXPECT_TRUE(errno == EAGAIN || errno == EWOULDBLOCK);
  if (connection >= 0) ::close(connection);
  ::close(listener);
}

TEST_F(XsltSecurityTest, WritingAFileWithExslDocumentIsRefused) {
  pdf::testing::TempDir dir;
  fs::path target = dir.path() / "pwned.txt";
  std::string message =
      refusal(renderer(), hostile("hostile-write", "<path>" + target.string() + "</path>"));
  EXPECT_NE(message.find("writing the file " + target.string()), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(target));
}

TEST_F(XsltSecurityTest, CreatingADirectoryIsRefused) {
  pdf::testing::TempDir dir;
  std::string message =
      refusal(renderer(), hostile("hostile-mkdir", "<path>" + dir.path().string() + "</path>"));
  EXPECT_NE(message.find("writing the file"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir.path() / "new-dir"));
}

TEST_F(XsltSecurityTest, ImportingFromOutsideIsRefused) {
  std::string message = refusal(renderer(), hostile("hostile-import"));
  EXPECT_NE(message.find("does not compile"), std::string::npos) << message;
  EXPECT_NE(message.find("outside.xsl"), std::string::npos) << message;
}

TEST_F(XsltSecurityTest, ImportingOverTheNetworkIsRefused) {
  std::string message = refusal(renderer(), hostile("hostile-import-net"));
  EXPECT_NE(message.find("does not compile"), std::string::npos) << message;
  EXPECT_NE(message.find("http://127.0.0.1:9/evil.xsl"), std::string::npos) << message;
}

TEST_F(XsltSecurityTest, ATemplateWithADoctypeIsRefused) {
  std::string message = refusal(renderer(), hostile("doctype"));
  EXPECT_NE(message.find("DOCTYPE"), std::string::npos) << message;
}

TEST_F(XsltSecurityTest, DisableOutputEscapingIsRefused) {
  RenderInput input = hostile("hostile-doe");
  input.content = "<hostile-doe><paragraph>&lt;b&gt;bold&lt;/b&gt;</paragraph></hostile-doe>";
  std::string message = refusal(renderer(), input);
  EXPECT_NE(message.find("disable-output-escaping"), std::string::npos) << message;
}

// A template that puts the content's text into the layout's attributes and adds
// elements of its own: the HTML keeps the text as text and lets none of it into an
// attribute, a style or an element.
TEST_F(XsltSecurityTest, AHostileLayoutGetsNoScriptMarkupOrStyleIntoTheHtml) {
  RenderInput input = hostile("hostile-layout");
  input.content =
      "<hostile-layout><paragraph>12mm;background:url(http://tracker.example/x)}&lt;/style&gt;"
      "&lt;script&gt;alert(1)&lt;/script&gt;\" onload=\"alert(2)</paragraph></hostile-layout>";
  const Format formats[] = {Format::kHtml, Format::kText};
  std::vector<Rendition> r = renderer().render(input, formats);
  const std::string& html = r[0].bytes;
  for (const auto& [name, value] : testing::xmlAttributes(html)) {
    EXPECT_TRUE(name == "class" || name == "style" || name == "lang" || name == "http-equiv" ||
                name == "content" || name == "type")
        << name << "=" << value;
    for (const char* leaked : {"url", "tracker", "alert", "script", "background", "12mm;"}) {
      EXPECT_EQ(value.find(leaked), std::string::npos) << name << "=" << value;
    }
  }
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_EQ(html.find("pixel.png"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" onload=\"alert(2)"),
            std::string::npos)
      << html;  // the text, as text
  EXPECT_NE(html.find("<div class=\"seal\" style=\"width: 40mm; height: 30mm; margin-left: auto; "
                      "margin-right: 0; \">12mm;background"),
            std::string::npos)
      << html;  // unchecked sizes give the default box; the label is text
  EXPECT_NE(r[1].bytes.find("}</style><script>alert(1)</"), std::string::npos) << r[1].bytes;
}

TEST_F(XsltSecurityTest, CompileErrorsGoToTheExceptionNotStderr) {
  std::string message = refusal(renderer(), hostile("broken"));
  EXPECT_NE(message.find("broken/en.xsl"), std::string::npos) << message;
  EXPECT_NE(message.find("line"), std::string::npos) << message;  // where libxslt saw it
}

}  // namespace
}  // namespace chancery::render
