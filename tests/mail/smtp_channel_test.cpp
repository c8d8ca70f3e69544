// SmtpChannel against the fault-injecting server: what reaches the wire, and which
// outcome each failure gives.
#include "chancery/mail/smtp_channel.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Net/MailStream.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

#include "chancery/mail/message_builder.hpp"
#include "chancery/mail/smtp_data.hpp"
#include "fake_smtp_server.hpp"
#include "mime_inspect.hpp"
#include "sample_messages.hpp"

namespace chancery::mail {
namespace {

using namespace std::chrono_literals;
using testing::FakeSmtpServer;
using testing::Moment;
using testing::Reaction;
using testing::sampleMessage;
using testing::SmtpScript;
using testing::SmtpStage;

SmtpConfig configFor(const FakeSmtpServer& server) {
  SmtpConfig config;
  config.host = "127.0.0.1";
  config.port = server.port();
  config.heloName = "chancery.mfa.test";
  config.connectTimeout = 2s;
  config.commandTimeout = 2s;
  config.finalReplyTimeout = 2s;
  return config;
}

SmtpScript scriptReacting(std::function<std::optional<Reaction>(const Moment&)> react) {
  SmtpScript script;
  script.react = std::move(react);
  return script;
}

std::string throughMailOutputStream(const std::string& message) {
  std::ostringstream out;
  Poco::Net::MailOutputStream stream(out);
  stream.write(message.data(), static_cast<std::streamsize>(message.size()));
  stream.close();
  return out.str();
}

TEST(SmtpDataBlock, SameBytesAsPocoMailOutputStream) {
  for (const std::string& message :
       {std::string(), std::string("a\r\n"), std::string(".\r\n"), std::string("..\r\n.\r\n"),
        std::string("no final line break"), std::string(".starts\r\nmiddle\r\n.end"),
        std::string("a\r\n\r\n.\r\n\r\n"), MessageBuilder().build(sampleMessage(17, 30'000))}) {
    EXPECT_EQ(smtpDataBlock(message), throughMailOutputStream(message)) << message.substr(0, 40);
  }
}

TEST(SmtpChannel, SendsTheMessageWithDsnAndExactBytes) {
  FakeSmtpServer server;
  SmtpChannel channel(configFor(server));
  const OutgoingMessage message = sampleMessage(17, 50'000);
  const SendOutcome outcome = channel.send(message);
  ASSERT_EQ(outcome.status, SendStatus::kSent) << outcome.reply;
  EXPECT_EQ(outcome.reply, "250 2.0.0 Ok: queued as FAKE0x0");

  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 1u);
  const auto& received = messages[0];
  const std::string expected = MessageBuilder().build(message);
  EXPECT_EQ(received.mailFrom, "MAIL FROM:<registry@mfa.test> SIZE=" +
                                   std::to_string(expected.size()) + " RET=HDRS ENVID=dispatch-17");
  ASSERT_EQ(received.rcptTo.size(), 1u);
  EXPECT_EQ(received.rcptTo[0],
            "RCPT TO:<embassy.berlin@embassy.test> NOTIFY=SUCCESS,FAILURE,DELAY "
            "ORCPT=rfc822;embassy.berlin@embassy.test");
  // The wire: CRLF everywhere, dot-stuffed; unstuffed it is exactly MessageBuilder's bytes.
  EXPECT_TRUE(testing::crlfOnly(received.wire));
  EXPECT_NE(received.wire.find("\r\n..a line that starts with a dot"), std::string::npos);
  EXPECT_NE(received.wire.find("\r\n...and one with two"), std::string::npos);
  EXPECT_EQ(received.data, expected);

  const auto top = testing::inspectMime(received.data);
  EXPECT_EQ(top.header.get("Message-ID"), message.messageId);
  EXPECT_EQ(top.header.get("X-Chancery-Dispatch"), "dispatch-17");
  ASSERT_EQ(top.children.size(), 2u);
  EXPECT_EQ(top.children[0].mediaType, "multipart/alternative");
  EXPECT_EQ(top.children[1].decoded, message.attachments[0].bytes);
  EXPECT_NE(top.children[1].header.get("Content-Disposition").find("NV-0001-2026.pdf"),
            std::string::npos);
}

TEST(SmtpChannel, NoDsnParametersWhenTheServerDoesNotOfferDsn) {
  SmtpScript script;
  script.extensions = {"PIPELINING", "8BITMIME"};
  FakeSmtpServer server(script);
  SmtpChannel channel(configFor(server));
  const SendOutcome outcome = channel.send(sampleMessage(17));
  ASSERT_EQ(outcome.status, SendStatus::kSent) << outcome.reply;
  EXPECT_NE(outcome.reply.find("does not offer DSN"), std::string::npos);
  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].mailFrom, "MAIL FROM:<registry@mfa.test>");
  EXPECT_EQ(messages[0].rcptTo[0], "RCPT TO:<embassy.berlin@embassy.test>");
}

TEST(SmtpChannel, HeloWhenEhloIsNotUnderstood) {
  SmtpScript script;
  script.ehloSupported = false;
  FakeSmtpServer server(script);
  SmtpChannel channel(configFor(server));
  ASSERT_EQ(channel.send(sampleMessage(17)).status, SendStatus::kSent);
  EXPECT_EQ(server.count("HELO chancery.mfa.test"), 1);
  EXPECT_EQ(server.messages()[0].mailFrom, "MAIL FROM:<registry@mfa.test>");
}

TEST(SmtpChannel, ConnectionRefusedIsDeferred) {
  SmtpConfig config;
  config.port = testing::unusedPort();
  config.connectTimeout = 2s;
  SmtpChannel channel(config);
  const SendOutcome outcome = channel.send(sampleMessage(17));
  EXPECT_EQ(outcome.status, SendStatus::kDeferred);
  EXPECT_NE(outcome.reply.find("refused"), std::string::npos) << outcome.reply;
}

TEST(SmtpChannel, GreetingFailures) {
  {
    FakeSmtpServer server(scriptReacting([](const Moment& m) -> std::optional<Reaction> {
      if (m.stage == SmtpStage::kGreeting) {
        return Reaction::replyThenDrop("421 4.3.2 Service not available, closing channel");
      }
      return std::nullopt;
    }));
    SmtpChannel channel(configFor(server));
    const SendOutcome outcome = channel.send(sampleMessage(17));
    EXPECT_EQ(outcome.status, SendStatus::kDeferred);
    EXPECT_NE(outcome.reply.find("421 4.3.2"), std::string::npos) << outcome.reply;
    EXPECT_TRUE(server.messages().empty());
  }
  {
    FakeSmtpServer server(scriptReacting([](const Moment& m) -> std::optional<Reaction> {
      if (m.stage == SmtpStage::kGreeting) return Reaction::reply("554 5.7.1 No SMTP service here");
      return std::nullopt;
    }));
    SmtpChannel channel(configFor(server));
    const SendOutcome outcome = channel.send(sampleMessage(17));
    EXPECT_EQ(outcome.status, SendStatus::kFailed);
    EXPECT_NE(outcome.reply.find("554 5.7.1"), std::string::npos) << outcome.reply;
  }
}

TEST(SmtpChannel, TemporaryFailureAfterDataIsDeferred) {
  FakeSmtpServer server(scriptReacting([](const Moment& m) -> std::optional<Reaction> {
    if (m.stage == SmtpStage::kEndOfData) {
      return Reaction::reply("451 4.3.0 Error: queue file write error");
    }
    return std::nullopt;
  }));
  SmtpChannel channel(configFor(server));
  const SendOutcome outcome = channel.send(sampleMessage(17));
  EXPECT_EQ(outcome.status, SendStatus::kDeferred);
  EXPECT_NE(outcome.reply.find("451 4.3.0"), std::string::npos) << outcome.reply;
  EXPECT_EQ(server.messages().size(), 1u);
}

TEST(SmtpChannel, RecipientRefusedIsFailed) {
  for (const bool pipelining : {true, false}) {
    SmtpScript script = scriptReacting([](const Moment& m) -> std::optional<Reaction> {
      if (m.stage == SmtpStage::kRcpt) {
        return Reaction::reply(
            "550 5.1.1 <embassy.berlin@embassy.test>: Recipient address rejected: User unknown");
      }
      return std::nullopt;
    });
    if (!pipelining) script.extensions = {"DSN", "SIZE 52428800"};
    FakeSmtpServer server(script);
    SmtpChannel channel(configFor(server));
    const SendOutcome outcome = channel.send(sampleMessage(17));
    EXPECT_EQ(outcome.status, SendStatus::kFailed);
    EXPECT_NE(outcome.reply.find("550 5.1.1"), std::string::npos) << outcome.reply;
    EXPECT_TRUE(server.messages().empty());
    // Pipelined, DATA went in the same write and was refused (554); otherwise not sent.
    EXPECT_EQ(server.count("DATA"), pipelining ? 1 : 0);
  }
}

TEST(SmtpChannel, ServerThatAcceptsDataWithoutRecipientsGetsAnEmptyMessage) {
  // RFC 2920 3.1: a broken server may answer 354 although every RCPT failed.
  FakeSmtpServer server(scriptReacting([](const Moment& m) -> std::optional<Reaction> {
    if (m.stage == SmtpStage::kRcpt) return Reaction::reply("550 5.1.1 User unknown");
    if (m.stage == SmtpStage::kData) return Reaction::reply("354 go ahead");
    if (m.stage == SmtpStage::kEndOfData) return Reaction::reply("554 5.5.1 No recipients");
    return std::nullopt;
  }));
  SmtpChannel channel(configFor(server));
  const auto outcomes = channel.sendBatch({sampleMessage(1), sampleMessage(2)});
  EXPECT_EQ(outcomes[0].status, SendStatus::kFailed);
  EXPECT_EQ(outcomes[1].status, SendStatus::kFailed);
  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].data, "") << "nothing of the message went out";
  EXPECT_EQ(server.connections(), 1) << "and the session stayed in step";
}

TEST(SmtpChannel, SenderRefusedIsFailedAndTemporaryRecipientFailureDeferred) {
  {
    FakeSmtpServer server(scriptReacting([](const Moment& m) -> std::optional<Reaction> {
      if (m.stage == SmtpStage::kMail) return Reaction::reply("553 5.7.1 Sender address rejected");
      return std::nullopt;
    }));
    SmtpChannel channel(configFor(server));
    EXPECT_EQ(channel.send(sampleMessage(17)).status, SendStatus::kFailed);
  }
  {
    FakeSmtpServer server(scriptReacting([](const Moment& m) -> std::optional<Reaction> {
      if (m.stage == SmtpStage::kRcpt) return Reaction::reply("450 4.2.0 Mailbox busy");
      return std::nullopt;
    }));
    SmtpChannel channel(configFor(server));
    EXPECT_EQ(channel.send(sampleMessage(17)).status, SendStatus::kDeferred);
  }
}

TEST(SmtpChannel, NoFinalReplyTimesOutAndIsDeferred) {
  FakeSmtpServer server(scriptReacting([](const Moment& m) -> std::optional<Reaction> {
    if (m.stage == SmtpStage::kEndOfData) return Reaction::hang();
    return std::nullopt;
  }));
  SmtpConfig config = configFor(server);
  config.finalReplyTimeout = 1s;
  SmtpChannel channel(config);
  const auto start = std::chrono::steady_clock::now();
  const SendOutcome outcome = channel.send(sampleMessage(17));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(outcome.status, SendStatus::kDeferred);
  EXPECT_NE(outcome.reply.find("within 1 s"), std::string::npos) << outcome.reply;
  EXPECT_NE(outcome.reply.find("may or may not"), std::string::npos) << outcome.reply;
  EXPECT_LT(elapsed, 5s);
  EXPECT_EQ(server.messages().size(), 1u);
}

TEST(SmtpChannel, NoAnswerAtAllTimesOut) {
  FakeSmtpServer server(scriptReacting([](const Moment& m) -> std::optional<Reaction> {
    if (m.stage == SmtpStage::kGreeting) return Reaction::hang();
    return std::nullopt;
  }));
  SmtpConfig config = configFor(server);
  config.commandTimeout = 500ms;
  SmtpChannel channel(config);
  const SendOutcome outcome = channel.send(sampleMessage(17));
  EXPECT_EQ(outcome.status, SendStatus::kDeferred);
  EXPECT_NE(outcome.reply.find("greeting"), std::string::npos) << outcome.reply;
}

TEST(SmtpChannel, ConnectionDroppedAfterDataIsDeferred) {
  FakeSmtpServer server(scriptReacting([](const Moment& m) -> std::optional<Reaction> {
    if (m.stage == SmtpStage::kEndOfData) return Reaction::drop();
    return std::nullopt;
  }));
  SmtpChannel channel(configFor(server));
  const SendOutcome outcome = channel.send(sampleMessage(17));
  EXPECT_EQ(outcome.status, SendStatus::kDeferred);
  EXPECT_NE(outcome.reply.find("closed the connection after the message data"), std::string::npos)
      << outcome.reply;
}

TEST(SmtpChannel, ConnectionDroppedWhileWritingTheDataIsDeferred) {
  // The server says 354 and hangs up; the client is still writing 4 MiB: EPIPE/ECONNRESET
  // (and SIGPIPE, which must not end the process).
  FakeSmtpServer server(scriptReacting([](const Moment& m) -> std::optional<Reaction> {
    if (m.stage == SmtpStage::kData) return Reaction::replyThenDrop("354 go ahead");
    return std::nullopt;
  }));
  SmtpChannel channel(configFor(server));
  const SendOutcome outcome = channel.send(sampleMessage(17, 4 * 1024 * 1024));
  EXPECT_EQ(outcome.status, SendStatus::kDeferred) << outcome.reply;
}

TEST(SmtpChannel, ConnectionDroppedInTheMiddleOfAMultiLineReply) {
  // Poco 1.11's DialogSocket::receiveStatusMessage spins for ever here.
  FakeSmtpServer server(scriptReacting([](const Moment& m) -> std::optional<Reaction> {
    if (m.stage == SmtpStage::kEhlo) return Reaction::replyThenDrop("250-fake.test\r\n250-DSN");
    return std::nullopt;
  }));
  SmtpChannel channel(configFor(server));
  const SendOutcome outcome = channel.send(sampleMessage(17));
  EXPECT_EQ(outcome.status, SendStatus::kDeferred);
  EXPECT_NE(outcome.reply.find("closed the connection"), std::string::npos) << outcome.reply;
}

TEST(SmtpChannel, GarbageInsteadOfAReplyIsDeferred) {
  FakeSmtpServer server(scriptReacting([](const Moment& m) -> std::optional<Reaction> {
    if (m.stage == SmtpStage::kMail) return Reaction::reply("HTTP/1.1 400 Bad Request");
    return std::nullopt;
  }));
  SmtpChannel channel(configFor(server));
  EXPECT_EQ(channel.send(sampleMessage(17)).status, SendStatus::kDeferred);
}

TEST(SmtpChannel, StartTlsRequiredButNotOfferedFails) {
  FakeSmtpServer server;  // offers no STARTTLS
  SmtpConfig config = configFor(server);
  config.security = Security::kStartTls;
  SmtpChannel channel(config);
  const SendOutcome outcome = channel.send(sampleMessage(17));
  EXPECT_EQ(outcome.status, SendStatus::kFailed);
  EXPECT_NE(outcome.reply.find("does not offer STARTTLS"), std::string::npos) << outcome.reply;
  EXPECT_EQ(server.count("MAIL"), 0);

  config.allowPlaintextFallback = true;
  SmtpChannel fallback(config);
  EXPECT_EQ(fallback.send(sampleMessage(17)).status, SendStatus::kSent);
}

TEST(SmtpChannel, BatchReusesOneConnection) {
  FakeSmtpServer server;
  SmtpChannel channel(configFor(server));
  const auto outcomes = channel.sendBatch({sampleMessage(1), sampleMessage(2), sampleMessage(3)});
  ASSERT_EQ(outcomes.size(), 3u);
  for (const auto& outcome : outcomes)
    EXPECT_EQ(outcome.status, SendStatus::kSent) << outcome.reply;
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(server.count("RSET"), 2);
  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_NE(messages[2].mailFrom.find("ENVID=dispatch-3"), std::string::npos);
  EXPECT_EQ(outcomes[1].reply, "250 2.0.0 Ok: queued as FAKE0x1");
}

TEST(SmtpChannel, ReconnectsAfter421MidBatch) {
  FakeSmtpServer server(scriptReacting([](const Moment& m) -> std::optional<Reaction> {
    if (m.stage == SmtpStage::kMail && m.connection == 0 && m.transaction == 1) {
      return Reaction::replyThenDrop("421 4.4.2 fake.test Error: timeout exceeded");
    }
    return std::nullopt;
  }));
  SmtpChannel channel(configFor(server));
  const auto outcomes = channel.sendBatch({sampleMessage(1), sampleMessage(2), sampleMessage(3)});
  for (const auto& outcome : outcomes)
    EXPECT_EQ(outcome.status, SendStatus::kSent) << outcome.reply;
  EXPECT_EQ(server.connections(), 2);
  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].connection, 0);
  EXPECT_EQ(messages[1].connection, 1);
  EXPECT_EQ(messages[2].connection, 1);
}

TEST(SmtpChannel, ReconnectsWhenAnIdleConnectionWasDropped) {
  // The server closes the connection after each message, as an idle timeout would.
  FakeSmtpServer server(scriptReacting([](const Moment& m) -> std::optional<Reaction> {
    if (m.stage == SmtpStage::kEndOfData) {
      return Reaction::replyThenDrop("250 2.0.0 Ok: queued");
    }
    return std::nullopt;
  }));
  SmtpChannel channel(configFor(server));
  EXPECT_EQ(channel.send(sampleMessage(1)).status, SendStatus::kSent);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(channel.send(sampleMessage(2)).status, SendStatus::kSent);
  EXPECT_EQ(server.connections(), 2);
  EXPECT_EQ(server.messages().size(), 2u);
}

TEST(SmtpChannel, IdleConnectionsAreReusedUntilMaxIdle) {
  FakeSmtpServer server;
  SmtpChannel channel(configFor(server));
  EXPECT_EQ(channel.send(sampleMessage(1)).status, SendStatus::kSent);
  EXPECT_EQ(channel.send(sampleMessage(2)).status, SendStatus::kSent);
  EXPECT_EQ(server.connections(), 1);
  SmtpConfig config = configFor(server);
  config.maxIdle = 0ms;
  SmtpChannel fresh(config);
  EXPECT_EQ(fresh.send(sampleMessage(3)).status, SendStatus::kSent);
  EXPECT_EQ(fresh.send(sampleMessage(4)).status, SendStatus::kSent);
  EXPECT_EQ(server.connections(), 3);
  channel.closeIdleConnections();
  EXPECT_EQ(server.count("QUIT"), 2);  // fresh's first connection, then channel's
}

TEST(SmtpChannel, HeaderInjectionIsRefusedBeforeAnyConnection) {
  FakeSmtpServer server;
  SmtpChannel channel(configFor(server));
  std::vector<OutgoingMessage> bad;
  for (const std::string& control :
       {std::string("\r\n"), std::string("\n"), std::string(1, '\0')}) {
    OutgoingMessage m = sampleMessage(1);
    m.subject += control + "Bcc: everyone@example.org";
    bad.push_back(m);
    m = sampleMessage(2);
    m.to += control + "RCPT TO:<x@example.org>";
    bad.push_back(m);
    m = sampleMessage(3);
    m.toName += control + "Bcc: x@example.org";
    bad.push_back(m);
    m = sampleMessage(4);
    m.registryNumber += control + "X: y";
    bad.push_back(m);
  }
  const auto outcomes = channel.sendBatch(bad);
  for (const auto& outcome : outcomes) {
    EXPECT_EQ(outcome.status, SendStatus::kFailed);
    EXPECT_NE(outcome.reply.find("not sent"), std::string::npos) << outcome.reply;
  }
  EXPECT_EQ(channel.send(bad[0]).status, SendStatus::kFailed);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(server.connections(), 0) << "the server saw nothing";
}

TEST(SmtpChannel, ABadMessageInABatchDoesNotStopTheOthers) {
  FakeSmtpServer server;
  SmtpChannel channel(configFor(server));
  OutgoingMessage bad = sampleMessage(2);
  bad.to = "not an address";
  const auto outcomes = channel.sendBatch({sampleMessage(1), bad, sampleMessage(3)});
  EXPECT_EQ(outcomes[0].status, SendStatus::kSent);
  EXPECT_EQ(outcomes[1].status, SendStatus::kFailed);
  EXPECT_EQ(outcomes[2].status, SendStatus::kSent);
  EXPECT_EQ(server.messages().size(), 2u);
}

TEST(SmtpChannel, ConcurrentSendersEachGetAConnection) {
  FakeSmtpServer server;
  SmtpChannel channel(configFor(server));
  for (int threads : {1, 4}) {
    std::vector<std::thread> workers;
    std::atomic<int> sent{0};
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        for (int i = 0; i < 5; ++i) {
          if (channel.send(sampleMessage(100 + t * 10 + i)).status == SendStatus::kSent) ++sent;
        }
      });
    }
    for (auto& w : workers) w.join();
    EXPECT_EQ(sent.load(), threads * 5);
  }
  EXPECT_LE(server.connections(), 5);
  EXPECT_EQ(server.messages().size(), 25u);
}

TEST(SmtpChannel, AuthenticationOnlyOverTlsUnlessAllowed) {
  SmtpScript script;
  script.extensions = {"AUTH PLAIN LOGIN", "DSN"};
  FakeSmtpServer server(script);
  SmtpConfig config = configFor(server);
  config.auth = SmtpAuth::kPlain;
  config.user = "registry";
  config.password = "s3cret";
  {
    SmtpChannel channel(config);
    const SendOutcome outcome = channel.send(sampleMessage(1));
    EXPECT_EQ(outcome.status, SendStatus::kFailed);
    EXPECT_NE(outcome.reply.find("unencrypted"), std::string::npos) << outcome.reply;
    EXPECT_EQ(server.count("AUTH"), 0);
  }
  config.allowPlaintextAuth = true;
  {
    SmtpChannel channel(config);
    ASSERT_EQ(channel.send(sampleMessage(1)).status, SendStatus::kSent);
    ASSERT_EQ(server.count("AUTH PLAIN "), 1);
    std::string line;
    for (const auto& c : server.commands()) {
      if (c.find("AUTH PLAIN ") != std::string::npos) line = c.substr(c.find("AUTH PLAIN ") + 11);
    }
    std::istringstream in(line);
    Poco::Base64Decoder decoder(in);
    std::string decoded((std::istreambuf_iterator<char>(decoder)),
                        std::istreambuf_iterator<char>());
    EXPECT_EQ(decoded, std::string("\0registry\0s3cret", 16));
  }
  config.auth = SmtpAuth::kLogin;
  {
    SmtpChannel channel(config);
    ASSERT_EQ(channel.send(sampleMessage(1)).status, SendStatus::kSent);
    EXPECT_EQ(server.count("cmVnaXN0cnk="), 1);  // base64("registry")
  }
}

TEST(SmtpChannel, AuthenticationRefusedIsFailed) {
  SmtpScript script;
  script.extensions = {"AUTH PLAIN"};
  script.react = [](const Moment& m) -> std::optional<Reaction> {
    if (m.stage == SmtpStage::kAuth) return Reaction::reply("535 5.7.8 Authentication failed");
    return std::nullopt;
  };
  FakeSmtpServer server(script);
  SmtpConfig config = configFor(server);
  config.auth = SmtpAuth::kPlain;
  config.user = "registry";
  config.password = "wrong";
  config.allowPlaintextAuth = true;
  SmtpChannel channel(config);
  const SendOutcome outcome = channel.send(sampleMessage(1));
  EXPECT_EQ(outcome.status, SendStatus::kFailed);
  EXPECT_NE(outcome.reply.find("535"), std::string::npos) << outcome.reply;
}

TEST(SmtpChannel, MessageOverTheServerSizeLimitFails) {
  SmtpScript script;
  script.extensions = {"SIZE 10000", "DSN"};
  FakeSmtpServer server(script);
  SmtpChannel channel(configFor(server));
  const SendOutcome outcome = channel.send(sampleMessage(1, 50'000));
  EXPECT_EQ(outcome.status, SendStatus::kFailed);
  EXPECT_NE(outcome.reply.find("SIZE"), std::string::npos) << outcome.reply;
  EXPECT_EQ(server.count("MAIL"), 0);
}

TEST(SmtpChannel, InvalidConfigurationIsRejected) {
  SmtpConfig config;
  config.heloName = "chancery\r\nMAIL FROM:<x@y>";
  EXPECT_THROW(SmtpChannel{config}, std::invalid_argument);
  config = SmtpConfig{};
  config.envelopeSender = "Registry <registry@mfa.test>";
  EXPECT_THROW(SmtpChannel{config}, std::invalid_argument);
  config = SmtpConfig{};
  config.host.clear();
  EXPECT_THROW(SmtpChannel{config}, std::invalid_argument);
}

TEST(SmtpChannel, EnvelopeSenderOverridesFrom) {
  FakeSmtpServer server;
  SmtpConfig config = configFor(server);
  config.envelopeSender = "bounces@mfa.test";
  SmtpChannel channel(config);
  ASSERT_EQ(channel.send(sampleMessage(1)).status, SendStatus::kSent);
  EXPECT_EQ(server.messages()[0].mailFrom.rfind("MAIL FROM:<bounces@mfa.test>", 0), 0u);
  EXPECT_NE(server.messages()[0].data.find("From: registry@mfa.test\r\n"), std::string::npos);
}

class SmtpChannelTls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { certificate_ = testing::makeTestCertificate(); }
  static void TearDownTestSuite() {
    if (certificate_) std::filesystem::remove_all(certificate_->directory);
  }
  void SetUp() override {
    if (!certificate_) GTEST_SKIP() << "the openssl command is not available";
  }
  SmtpScript tlsScript(bool implicit) {
    SmtpScript script;
    script.certificateFile = certificate_->certificateFile;
    script.keyFile = certificate_->keyFile;
    script.implicitTls = implicit;
    if (!implicit) script.extensions.push_back("STARTTLS");
    return script;
  }
  SmtpConfig tlsConfig(const FakeSmtpServer& server, Security security) {
    SmtpConfig config = configFor(server);
    config.security = security;
    config.tls.caFile = certificate_->certificateFile;
    config.tls.serverName = "localhost";
    return config;
  }
  static std::optional<testing::TestCertificate> certificate_;
};
std::optional<testing::TestCertificate> SmtpChannelTls::certificate_;

TEST_F(SmtpChannelTls, StartTlsWithATrustedCertificate) {
  FakeSmtpServer server(tlsScript(false));
  SmtpChannel channel(tlsConfig(server, Security::kStartTls));
  const SendOutcome outcome = channel.send(sampleMessage(1));
  ASSERT_EQ(outcome.status, SendStatus::kSent) << outcome.reply;
  EXPECT_EQ(server.count("STARTTLS"), 1);
  EXPECT_EQ(server.count("EHLO"), 2) << "EHLO again after STARTTLS";
  EXPECT_EQ(server.messages()[0].data, MessageBuilder().build(sampleMessage(1)));
}

TEST_F(SmtpChannelTls, ImplicitTlsWithATrustedCertificate) {
  FakeSmtpServer server(tlsScript(true));
  SmtpChannel channel(tlsConfig(server, Security::kTls));
  const auto outcomes = channel.sendBatch({sampleMessage(1), sampleMessage(2)});
  for (const auto& outcome : outcomes)
    EXPECT_EQ(outcome.status, SendStatus::kSent) << outcome.reply;
  EXPECT_EQ(server.connections(), 1);
}

TEST_F(SmtpChannelTls, UntrustedCertificateFails) {
  FakeSmtpServer server(tlsScript(false));
  SmtpConfig config = tlsConfig(server, Security::kStartTls);
  config.tls.caFile.clear();  // the system's trust store does not know the test certificate
  SmtpChannel channel(config);
  const SendOutcome outcome = channel.send(sampleMessage(1));
  EXPECT_EQ(outcome.status, SendStatus::kFailed);
  EXPECT_NE(outcome.reply.find("certificate"), std::string::npos) << outcome.reply;
  EXPECT_EQ(server.count("MAIL"), 0);
}

TEST_F(SmtpChannelTls, CertificateForAnotherNameFails) {
  FakeSmtpServer server(tlsScript(true));
  SmtpConfig config = tlsConfig(server, Security::kTls);
  config.tls.serverName = "mail.example.org";
  SmtpChannel channel(config);
  const SendOutcome outcome = channel.send(sampleMessage(1));
  EXPECT_EQ(outcome.status, SendStatus::kFailed) << outcome.reply;
}

TEST_F(SmtpChannelTls, VerificationCanBeTurnedOffForTests) {
  FakeSmtpServer server(tlsScript(true));
  SmtpConfig config = tlsConfig(server, Security::kTls);
  config.tls.caFile.clear();
  config.tls.verifyPeer = false;
  SmtpChannel channel(config);
  EXPECT_EQ(channel.send(sampleMessage(1)).status, SendStatus::kSent);
}

}  // namespace
}  // namespace chancery::mail
