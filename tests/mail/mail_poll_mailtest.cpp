// `chancery mail poll` against the real Postfix + Dovecot of tests/services/mailstack.sh:
// every message retrieved is kept whole (`chancery track message` gives it back byte for
// byte as Dovecot served it, attachment included) and then deleted from the server; a
// message over pop3.max-message-mb is registered by its headers and left on the server.
// Uses its own mailbox (protocol@mfa.test), so it can run beside the other mail tests.
#include <Poco/Net/FilePartSource.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/StringPartSource.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "chancery/mail/pop3_mailbox.hpp"
#include "mail_stack_env.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

using chancery::mail::testing::endpoint;
using chancery::mail::testing::env;

constexpr const char* kMailbox = "protocol@mfa.test";

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Outcome {
  int exitCode = -1;
  std::string out;
};

class MailPoll : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string missing = chancery::mail::testing::missingMailStack(
        {"CHANCERY_SMTP", "CHANCERY_POP3", "CHANCERY_MAIL_PASSWORD"});
    if (!missing.empty()) GTEST_FAIL() << missing;
    dir_ = fs::temp_directory_path() / ("chancery-mail-poll-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto [host, port] = endpoint("CHANCERY_POP3");
    std::ofstream(dir_ / "chancery.properties")
        << "store.url = sqlite:" << (dir_ / "chancery.db").string() << "\n"
        << "workflows.dir = " << CHANCERY_SOURCE_DIR << "/workflows\n"
        << "templates.dir = " << CHANCERY_SOURCE_DIR << "/templates\n"
        << "registry.address = " << kMailbox << "\n"
        << "pop3.host = " << host << "\npop3.port = " << port << "\n"
        << "pop3.user = " << kMailbox << "\npop3.password = " << env("CHANCERY_MAIL_PASSWORD")
        << "\npop3.max-message-mb = 1\n";
    ASSERT_EQ(run("init").exitCode, 0);
    emptyMailbox();
  }
  void TearDown() override {
    emptyMailbox();
    fs::remove_all(dir_);
  }

  Outcome run(const std::string& args) {
    std::string cmd = std::string(CHANCERY_BINARY) + " --config " +
                      quote((dir_ / "chancery.properties").string()) + " " + args + " 2>&1";
    Outcome o;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return o;
    std::array<char, 4096> buf{};
    while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) o.out.append(buf.data(), n);
    int status = pclose(pipe);
    o.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return o;
  }

  chancery::mail::Pop3Config pop3() {
    auto [host, port] = endpoint("CHANCERY_POP3");
    chancery::mail::Pop3Config c;
    c.host = host;
    c.port = port;
    c.user = kMailbox;
    c.password = env("CHANCERY_MAIL_PASSWORD");
    c.allowPlaintextAuth = true;
    return c;
  }

  // The messages on the server now, as Dovecot serves them.
  std::vector<chancery::mail::FetchedMessage> onServer() {
    chancery::mail::Pop3Mailbox box(pop3());
    auto all = box.fetch();
    box.quit();
    return all;
  }

  void emptyMailbox() {
    chancery::mail::Pop3Config c = pop3();
    c.maxMessageBytes = 64u << 20;
    chancery::mail::Pop3Mailbox box(c);
    std::vector<int> all;
    for (const auto& m : box.fetch()) all.push_back(m.number);
    if (!all.empty()) box.remove(all);
    box.quit();
  }

  void send(const std::string& subject, const std::string& attachment) {
    auto [host, port] = endpoint("CHANCERY_SMTP");
    Poco::Net::SMTPClientSession session(host, port);
    session.login();
    Poco::Net::MailMessage m;
    m.setSender("embassy.berlin@embassy.test");
    m.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, kMailbox));
    m.setSubject(subject);
    m.set("Message-ID", "<" + std::to_string(getpid()) + "." + subject.substr(0, 4) + "@embassy.test>");
    m.addContent(new Poco::Net::StringPartSource("The Embassy presents its compliments.\r\n"));
    m.addAttachment("note.pdf", new Poco::Net::StringPartSource(attachment, "application/pdf"));
    session.sendMessage(m);
    session.close();
  }

  void waitForMessages(std::size_t n) {
    for (int i = 0; i < 60 && onServer().size() < n; ++i) std::this_thread::sleep_for(500ms);
    ASSERT_EQ(onServer().size(), n) << "Postfix did not deliver in 30 s";
  }

  fs::path dir_;
};

TEST_F(MailPoll, RetrievedMailIsKeptWholeAndTooLargeMailStaysOnTheServer) {
  std::string pdf = "%PDF-1.7\n";
  for (int i = 0; pdf.size() < 20000; ++i) pdf += static_cast<char>(i * 37 % 256);
  send("Note 12 with its annex", pdf);
  send("Huge annex", std::string(1500000, 'x'));  // 2 MB once encoded: over the 1 MiB limit
  waitForMessages(2);
  std::string served;
  for (const auto& m : onServer()) {
    if (m.message.subject == "Note 12 with its annex") served = m.raw;
  }
  ASSERT_FALSE(served.empty());

  Outcome poll = run("mail poll");
  ASSERT_EQ(poll.exitCode, 0) << poll.out;
  EXPECT_NE(poll.out.find("1 deleted from the server"), std::string::npos) << poll.out;
  EXPECT_NE(poll.out.find("1 left there"), std::string::npos) << poll.out;
  std::vector<chancery::mail::FetchedMessage> left = onServer();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_NE(left[0].rawHeaders.find("Huge annex"), std::string::npos);

  Outcome list = run("track unmatched");
  EXPECT_NE(list.out.find("Note 12 with its annex"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("not retrieved"), std::string::npos) << list.out;
  // "ID  TIME  FROM  SUBJECT" a line.
  auto idOfLineWith = [&](const std::string& text) {
    std::size_t at = list.out.find(text);
    std::size_t start = list.out.rfind('\n', at);
    start = start == std::string::npos ? 0 : start + 1;
    return std::stoul(list.out.substr(start));
  };
  std::size_t id = idOfLineWith("Note 12 with its annex");
  std::size_t large = idOfLineWith("not retrieved");
  fs::path eml = dir_ / "note12.eml";
  Outcome saved = run("track message " + std::to_string(id) + " -o " + quote(eml.string()));
  ASSERT_EQ(saved.exitCode, 0) << saved.out;
  std::ifstream in(eml, std::ios::binary);
  std::string kept((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(kept, served) << "the registry's copy is the message as the server gave it";

  Outcome headersOnly = run("track message " + std::to_string(large));
  EXPECT_EQ(headersOnly.exitCode, 1) << headersOnly.out;
  EXPECT_NE(headersOnly.out.find("still on the mail server"), std::string::npos) << headersOnly.out;

  // Polling again registers nothing twice and still leaves the large one there.
  Outcome again = run("mail poll");
  EXPECT_NE(again.out.find("1 duplicate(s)"), std::string::npos) << again.out;
  EXPECT_EQ(onServer().size(), 1u);
}

}  // namespace
