// Hostile input: each is refused with a clear error, quickly, without reading any
// other file or opening any connection.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "chancery/workflow/loader.hpp"
#include "chancery/xml/untrusted_xml.hpp"

namespace fs = std::filesystem;
using chancery::workflow::DefinitionLoader;
using chancery::workflow::LoadResult;

namespace {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "chancery-hostile-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path write(const std::string& name, const std::string& content) const {
    fs::path p = path_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Watches a file and tells whether anybody opened or read it.
class OpenWatch {
 public:
  explicit OpenWatch(const fs::path& file) {
    fd_ = inotify_init1(IN_NONBLOCK);
    inotify_add_watch(fd_, file.c_str(), IN_OPEN | IN_ACCESS);
  }
  ~OpenWatch() { close(fd_); }
  bool touched() const {
    char buf[4096];
    return read(fd_, buf, sizeof buf) > 0;
  }

 private:
  int fd_;
};

// A TCP listener on 127.0.0.1 that tells whether anybody connected.
class ConnectWatch {
 public:
  ConnectWatch() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 4);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~ConnectWatch() { close(fd_); }
  int port() const { return port_; }
  bool connected() const {
    int c = accept(fd_, nullptr, nullptr);
    if (c >= 0) close(c);
    return c >= 0;
  }

 private:
  int fd_;
  int port_ = 0;
};

const DefinitionLoader& loader() {
  static DefinitionLoader instance;
  return instance;
}

struct Timed {
  LoadResult result;
  std::chrono::milliseconds elapsed;
};

Timed loadTimed(const fs::path& file) {
  auto start = std::chrono::steady_clock::now();
  LoadResult r = loader().loadFile(file.string());
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  return {std::move(r), elapsed};
}

void expectRefused(const Timed& t, const std::string& code, int line = -1) {
  EXPECT_FALSE(t.result.ok());
  ASSERT_FALSE(t.result.diagnostics.empty());
  const auto& d = t.result.diagnostics.front();
  EXPECT_EQ(d.code, code) << chancery::formatDiagnostic(d);
  if (line >= 0) {
    EXPECT_EQ(d.pos.line, line) << chancery::formatDiagnostic(d);
  }
  EXPECT_LT(t.elapsed.count(), 1000) << "refusing took too long";
}

const char* kWorkflowOpen =
    "<workflow xmlns=\"urn:chancery:workflow:1\" name=\"t\" version=\"1\" "
    "document-kind=\"note-verbale\">";

}  // namespace

TEST(HostileXml, EntityBombIsRefusedAtTheDoctype) {
  TempDir dir;
  std::string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n";
  bomb += " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
  for (int i = 2; i <= 9; ++i) {
    bomb += " <!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) bomb += "&lol" + std::to_string(i - 1) + ";";
    bomb += "\">\n";
  }
  bomb += "]>\n<lolz>&lol9;</lolz>\n";
  auto t = loadTimed(dir.write("bomb.xml", bomb));
  expectRefused(t, "xml-doctype", 2);
  EXPECT_NE(t.result.diagnostics[0].message.find("DOCTYPE"), std::string::npos);
}

TEST(HostileXml, ExternalEntityToALocalFileIsNeverRead) {
  TempDir dir;
  fs::path secret = dir.write("secret.txt", "TOP-SECRET-CANARY");
  OpenWatch watch(secret);
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE workflow [\n  <!ENTITY x SYSTEM \"file://" +
                    secret.string() + "\">\n]>\n" + kWorkflowOpen + "&x;</workflow>\n";
  auto t = loadTimed(dir.write("xxe.xml", xml));
  expectRefused(t, "xml-doctype", 2);
  EXPECT_FALSE(watch.touched()) << "the parser opened the file named by the entity";
  for (const auto& d : t.result.diagnostics) {
    EXPECT_EQ(d.message.find("TOP-SECRET"), std::string::npos);
  }
}

TEST(HostileXml, ExternalEntityToEtcPasswdIsRefused) {
  TempDir dir;
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE workflow [\n"
                    "  <!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n" +
                    std::string(kWorkflowOpen) + "&x;</workflow>\n";
  auto t = loadTimed(dir.write("passwd.xml", xml));
  expectRefused(t, "xml-doctype", 2);
  for (const auto& d : t.result.diagnostics) {
    EXPECT_EQ(d.message.find("root:"), std::string::npos);
  }
}

TEST(HostileXml, ExternalEntityToAnHttpUrlOpensNoConnection) {
  TempDir dir;
  ConnectWatch listener;
  std::string url = "http://127.0.0.1:" + std::to_string(listener.port()) + "/entity";
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE workflow SYSTEM \"" + url + "\" [\n"
                    "  <!ENTITY x SYSTEM \"" + url + "\">\n]>\n" + kWorkflowOpen +
                    "&x;</workflow>\n";
  auto t = loadTimed(dir.write("http.xml", xml));
  expectRefused(t, "xml-doctype", 2);
  EXPECT_FALSE(listener.connected()) << "the parser connected to the entity's URL";
}

TEST(HostileXml, ADoctypeAloneIsRefused) {
  TempDir dir;
  auto t = loadTimed(dir.write("doctype.xml", std::string("<!DOCTYPE workflow>\n") +
                                                  kWorkflowOpen + "</workflow>\n"));
  expectRefused(t, "xml-doctype", 1);
}

TEST(HostileXml, DeepNestingIsRefused) {
  TempDir dir;
  std::string xml = kWorkflowOpen;
  for (int i = 0; i < 10000; ++i) xml += "<d>";
  for (int i = 0; i < 10000; ++i) xml += "</d>";
  xml += "</workflow>";
  auto t = loadTimed(dir.write("deep.xml", xml));
  expectRefused(t, "xml-too-deep", 1);
  EXPECT_NE(t.result.diagnostics[0].message.find("64 levels"), std::string::npos);
}

TEST(HostileXml, A50MiBFileIsRefusedUnread) {
  TempDir dir;
  fs::path big = dir.path() / "big.xml";
  {
    std::ofstream out(big, std::ios::binary);
    out << kWorkflowOpen << "<description>";
    std::string chunk(1 << 20, 'a');
    for (int i = 0; i < 50; ++i) out << chunk;
    out << "</description></workflow>";
  }
  OpenWatch watch(big);
  auto t = loadTimed(big);
  expectRefused(t, "xml-too-large");
  EXPECT_NE(t.result.diagnostics[0].message.find("limit is 1048576 bytes"), std::string::npos);
  EXPECT_FALSE(watch.touched()) << "a file over the limit must not even be opened";
}

TEST(HostileXml, InvalidUtf8IsRefusedWithItsPosition) {
  TempDir dir;
  std::string xml = std::string(kWorkflowOpen) + "\n  <description>caf\xC3 au lait</description>\n</workflow>";
  auto t = loadTimed(dir.write("latin1.xml", xml));
  expectRefused(t, "xml-encoding", 2);
  EXPECT_EQ(t.result.diagnostics[0].pos.column, 19);
  // Overlong encodings and surrogates are not UTF-8 either.
  EXPECT_EQ(chancery::xml::firstInvalidUtf8("a\xC0\xAF"), 1u);
  EXPECT_EQ(chancery::xml::firstInvalidUtf8("\xED\xA0\x80"), 0u);
  EXPECT_EQ(chancery::xml::firstInvalidUtf8("d\xC9\x99rs \xC4\x9F\xC4\xB1"), std::string::npos);
}

TEST(HostileXml, ANonXmlFileIsRefused) {
  TempDir dir;
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  expectRefused(loadTimed(dir.write("emblem.png", png)), "xml-encoding");
  expectRefused(loadTimed(dir.write("notes.txt", "Remember to sign the note.\n")),
                "xml-malformed", 1);
  expectRefused(loadTimed(dir.write("empty.xml", "")), "xml-malformed");
  expectRefused(loadTimed(dir.path()), "file-unreadable");
  expectRefused(loadTimed(dir.path() / "missing.xml"), "file-unreadable");
}

TEST(SourceDocument, PositionsCountCharactersNotBytes) {
  chancery::Diagnostics diags("mem");
  auto doc = chancery::xml::parseUntrusted(
      "<a>\n  <!-- <b> in a comment -->\n  <b x='<' y=\"1\">ə<![CDATA[<c>]]></b><c   z = '2'/>\n</a>",
      {}, diags);
  // '<' is not allowed raw in an attribute value: that one must be refused.
  EXPECT_EQ(doc, nullptr);
  diags = chancery::Diagnostics("mem");
  doc = chancery::xml::parseUntrusted(
      "<a>\n  <!-- <b> in a comment -->\n  <b x='&gt;' y=\"1\">ə<![CDATA[<c>]]></b>ğ<c   z = '2'/>\n</a>",
      {}, diags);
  ASSERT_NE(doc, nullptr);
  xmlNode* b = doc->root()->children;
  while (b && b->type != XML_ELEMENT_NODE) b = b->next;
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(doc->positionOf(b).line, 3);
  EXPECT_EQ(doc->positionOf(b).column, 3);
  EXPECT_EQ(doc->positionOf(b, "y").column, 15);
  xmlNode* c = b->next;
  while (c && c->type != XML_ELEMENT_NODE) c = c->next;
  ASSERT_NE(c, nullptr);
  // "  <b x='&gt;' y="1">ə<![CDATA[<c>]]></b>ğ<c": the second <c is at column 42.
  EXPECT_EQ(doc->positionOf(c).column, 42);
  EXPECT_EQ(doc->positionOf(c, "z").column, 47);
}
