// Pop3Mailbox against a fake POP3 server: fetch, delete only after commit, limits,
// garbage, trouble.
#include "chancery/mail/pop3_mailbox.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "chancery/mail/message_builder.hpp"
#include "fake_pop3_server.hpp"
#include "fake_smtp_server.hpp"
#include "sample_messages.hpp"

namespace chancery::mail {
namespace {

using namespace std::chrono_literals;
using testing::FakePop3Server;
using testing::Pop3Script;

std::string sample(const std::string& name) {
  std::ifstream in(std::string(CHANCERY_MAIL_SAMPLES) + "/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  std::string lf = out.str(), crlf;
  for (std::size_t i = 0; i < lf.size(); ++i) {
    if (lf[i] == '\n' && (i == 0 || lf[i - 1] != '\r')) crlf += '\r';
    crlf += lf[i];
  }
  return crlf;
}

Pop3Config configFor(const FakePop3Server& server) {
  Pop3Config config;
  config.host = "127.0.0.1";
  config.port = server.port();
  config.user = "registry@mfa.test";
  config.password = "test";
  config.allowPlaintextAuth = true;
  config.connectTimeout = 2s;
  config.commandTimeout = 2s;
  return config;
}

TEST(Pop3Mailbox, FetchesParsesAndDeletesOnlyAfterQuit) {
  const std::string ours = MessageBuilder().build(testing::sampleMessage(17));
  FakePop3Server server({sample("postfix_failure_dsn.eml"), sample("reply_latin1.eml"), ours});
  Pop3Mailbox box(configFor(server));
  const auto fetched = box.fetch();
  ASSERT_EQ(fetched.size(), 3u);
  EXPECT_EQ(fetched[0].number, 1);
  EXPECT_EQ(fetched[0].uidl, "uid-1");
  EXPECT_EQ(fetched[0].size, sample("postfix_failure_dsn.eml").size());
  ASSERT_TRUE(fetched[0].parsed) << fetched[0].note;
  EXPECT_TRUE(fetched[0].message.isDeliveryReport);
  EXPECT_EQ(fetched[0].message.originalEnvelopeId, "dispatch-18");
  ASSERT_EQ(fetched[0].message.statuses.size(), 1u);
  EXPECT_EQ(fetched[0].message.statuses[0].action, "failed");
  EXPECT_EQ(fetched[1].message.inReplyTo, "<dispatch-17.doc-3@registry.mfa.test>");
  // Byte-stuffed lines (".a line that starts with a dot") come back unstuffed.
  EXPECT_EQ(fetched[2].message.text, testing::sampleMessage(17).text);

  box.remove({1, 3});
  EXPECT_EQ(server.mailbox().size(), 3u) << "DELE only marks";
  box.quit();
  const auto left = server.mailbox();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0], sample("reply_latin1.eml"));
}

TEST(Pop3Mailbox, NothingIsDeletedWithoutQuit) {
  FakePop3Server server({sample("reply_latin1.eml"), sample("acknowledgement.eml")});
  {
    Pop3Mailbox box(configFor(server));
    ASSERT_EQ(box.fetch().size(), 2u);
    box.remove({1, 2});
    box.abandon();  // the commit failed
  }
  {
    Pop3Mailbox box(configFor(server));
    ASSERT_EQ(box.fetch().size(), 2u);
    box.remove({2});
  }  // destroyed without quit()
  EXPECT_EQ(server.mailbox().size(), 2u);
}

TEST(Pop3Mailbox, OversizedMessagesAreNotRetrieved) {
  const std::string big = MessageBuilder().build(testing::sampleMessage(17, 300'000));
  FakePop3Server server({big, sample("reply_latin1.eml")});
  Pop3Config config = configFor(server);
  config.maxMessageBytes = 100'000;
  Pop3Mailbox box(config);
  const auto fetched = box.fetch();
  ASSERT_EQ(fetched.size(), 2u);
  EXPECT_FALSE(fetched[0].parsed);
  EXPECT_NE(fetched[0].note.find("not retrieved"), std::string::npos) << fetched[0].note;
  EXPECT_NE(fetched[0].rawHeaders.find("Message-ID: <dispatch-17.doc-3@registry.mfa.test>"),
            std::string::npos)
      << "headers through TOP";
  EXPECT_TRUE(fetched[1].parsed);
  for (const auto& c : server.commands()) EXPECT_NE(c, "RETR 1");
}

TEST(Pop3Mailbox, MessageLongerThanAnnouncedIsCutOffNotTrusted) {
  const std::string big = MessageBuilder().build(testing::sampleMessage(17, 300'000));
  Pop3Script script;
  script.firstSizeDelta = -380'000;  // the server lies about the size
  FakePop3Server server({big, sample("reply_latin1.eml")}, script);
  Pop3Config config = configFor(server);
  config.maxMessageBytes = 100'000;
  Pop3Mailbox box(config);
  const auto fetched = box.fetch();
  ASSERT_EQ(fetched.size(), 2u);
  EXPECT_FALSE(fetched[0].parsed);
  EXPECT_NE(fetched[0].note.find("longer than"), std::string::npos) << fetched[0].note;
  EXPECT_TRUE(fetched[1].parsed) << "the session stays in step";
}

TEST(Pop3Mailbox, GarbageComesBackUnparsedWithItsHeaders) {
  FakePop3Server server({"this is not a mail message\r\nat all\r\n", sample("reply_latin1.eml")});
  Pop3Mailbox box(configFor(server));
  const auto fetched = box.fetch();
  ASSERT_EQ(fetched.size(), 2u);
  EXPECT_FALSE(fetched[0].parsed);
  EXPECT_FALSE(fetched[0].note.empty());
  EXPECT_EQ(fetched[0].rawHeaders, "this is not a mail message\r\nat all\r\n");
  EXPECT_TRUE(fetched[1].parsed);
}

TEST(Pop3Mailbox, WithoutUidl) {
  Pop3Script script;
  script.uidl = false;
  FakePop3Server server({sample("reply_latin1.eml")}, script);
  Pop3Mailbox box(configFor(server));
  const auto fetched = box.fetch();
  ASSERT_EQ(fetched.size(), 1u);
  EXPECT_EQ(fetched[0].uidl, "");
  EXPECT_TRUE(fetched[0].parsed);
}

TEST(Pop3Mailbox, LoginRefused) {
  FakePop3Server server({sample("reply_latin1.eml")});
  Pop3Config config = configFor(server);
  config.password = "wrong";
  Pop3Mailbox box(config);
  try {
    box.fetch();
    ADD_FAILURE();
  } catch (const MailboxUnavailable& e) {
    EXPECT_NE(std::string(e.what()).find("refused the login"), std::string::npos) << e.what();
  }
}

TEST(Pop3Mailbox, ConnectionLostDuringRetrievalDeletesNothing) {
  Pop3Script script;
  script.dropDuringRetrOf = 2;
  FakePop3Server server({sample("reply_latin1.eml"), sample("postfix_success_dsn.eml")}, script);
  Pop3Mailbox box(configFor(server));
  EXPECT_THROW(box.fetch(), MailboxUnavailable);
  EXPECT_NO_THROW(box.quit());  // nothing to quit: the session was dropped
  EXPECT_EQ(server.mailbox().size(), 2u);
}

TEST(Pop3Mailbox, ConnectionRefused) {
  Pop3Config config;
  config.port = testing::unusedPort();
  config.user = "registry@mfa.test";
  config.allowPlaintextAuth = true;
  Pop3Mailbox box(config);
  EXPECT_THROW(box.fetch(), MailboxUnavailable);
}

TEST(Pop3Mailbox, PlaintextPasswordNeedsConsent) {
  Pop3Config config;
  config.user = "registry@mfa.test";
  EXPECT_THROW(Pop3Mailbox{config}, std::invalid_argument);
  config.allowPlaintextAuth = true;
  config.user = "registry\r\nDELE 1";
  EXPECT_THROW(Pop3Mailbox{config}, std::invalid_argument);
}

TEST(Pop3Mailbox, StlsRequiredButNotOffered) {
  FakePop3Server server({sample("reply_latin1.eml")});
  Pop3Config config = configFor(server);
  config.security = Security::kStartTls;
  config.allowPlaintextAuth = false;
  Pop3Mailbox box(config);
  try {
    box.fetch();
    ADD_FAILURE();
  } catch (const MailboxUnavailable& e) {
    EXPECT_NE(std::string(e.what()).find("STLS"), std::string::npos) << e.what();
  }
  for (const auto& c : server.commands()) EXPECT_NE(c.rfind("PASS", 0), 0u) << "no password sent";
}

}  // namespace
}  // namespace chancery::mail
