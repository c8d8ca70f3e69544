// The mail adapter against the real Postfix + Dovecot of tests/services/mailstack.sh.
// Needs its env line exported:
//   eval "export $(tests/services/mailstack.sh start)"
// (CHANCERY_SMTP, CHANCERY_SMTP_STRICT, CHANCERY_POP3, CHANCERY_MAIL_PASSWORD;
// CHANCERY_MAIL_REGISTRY optional). Every test fails with a clear message without them.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <optional>
#include <thread>

#include "chancery/mail/message_builder.hpp"
#include "chancery/mail/pop3_mailbox.hpp"
#include "chancery/mail/smtp_channel.hpp"
#include "mime_inspect.hpp"
#include "sample_messages.hpp"

namespace chancery::mail {
namespace {

using namespace std::chrono_literals;

struct Endpoint {
  std::string host;
  std::uint16_t port = 0;
};

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

class MailStack : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name :
         {"CHANCERY_SMTP", "CHANCERY_SMTP_STRICT", "CHANCERY_POP3", "CHANCERY_MAIL_PASSWORD"}) {
      if (!env(name)) {
        FAIL() << name
               << " is not set: start the mail stack and export its env line first, e.g.\n"
                  "  eval \"export $(tests/services/mailstack.sh start)\"";
      }
    }
    smtp_ = endpoint("CHANCERY_SMTP");
    strict_ = endpoint("CHANCERY_SMTP_STRICT");
    pop3_ = endpoint("CHANCERY_POP3");
    password_ = *env("CHANCERY_MAIL_PASSWORD");
    registry_ = env("CHANCERY_MAIL_REGISTRY").value_or("registry@mfa.test");
  }

  static Endpoint endpoint(const char* name) {
    const std::string value = *env(name);
    const auto colon = value.rfind(':');
    Endpoint e;
    e.host = value.substr(0, colon);
    e.port = static_cast<std::uint16_t>(std::stoi(value.substr(colon + 1)));
    return e;
  }

  SmtpConfig smtpConfig(const Endpoint& e) const {
    SmtpConfig config;
    config.host = e.host;
    config.port = e.port;
    config.heloName = "chancery.mfa.test";
    config.connectTimeout = 5s;
    config.commandTimeout = 30s;
    config.finalReplyTimeout = 60s;
    return config;
  }

  Pop3Config pop3Config(const std::string& user) const {
    Pop3Config config;
    config.host = pop3_.host;
    config.port = pop3_.port;
    config.user = user;
    config.password = password_;
    config.allowPlaintextAuth = true;  // Dovecot on 127.0.0.1 without TLS
    config.commandTimeout = 30s;
    return config;
  }

  // A message unique to this run and test: dispatch ids from the clock.
  OutgoingMessage message(const std::string& to, std::size_t pdfSize = 20'000) {
    static const long long base = std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count() %
                                  1'000'000'000LL * 100;
    static int counter = 0;
    OutgoingMessage m = testing::sampleMessage(base + ++counter, pdfSize);
    m.from = registry_;
    m.to = to;
    return m;
  }

  // Polls `user`'s mailbox until `match` accepts a message (which is then deleted), or
  // `timeout` passes.
  std::optional<FetchedMessage> waitFor(const std::string& user,
                                        const std::function<bool(const FetchedMessage&)>& match,
                                        std::chrono::seconds timeout = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      Pop3Mailbox box(pop3Config(user));
      for (FetchedMessage& fetched : box.fetch()) {
        if (match(fetched)) {
          box.remove({fetched.number});
          box.quit();
          return std::move(fetched);
        }
      }
      box.quit();
      std::this_thread::sleep_for(250ms);
    }
    return std::nullopt;
  }

  Endpoint smtp_, strict_, pop3_;
  std::string password_;
  std::string registry_;
};

TEST_F(MailStack, SentMessageArrivesWithTheAttachmentIntact) {
  const OutgoingMessage m = message("embassy.berlin@embassy.test", 150'000);
  SmtpChannel channel(smtpConfig(smtp_));
  const SendOutcome outcome = channel.send(m);
  ASSERT_EQ(outcome.status, SendStatus::kSent) << outcome.reply;
  EXPECT_EQ(outcome.reply.rfind("250 2.0.0 Ok: queued as ", 0), 0u) << outcome.reply;

  const auto fetched = waitFor("embassy.berlin@embassy.test", [&](const FetchedMessage& f) {
    return f.message.messageId == m.messageId;
  });
  ASSERT_TRUE(fetched) << "the message did not arrive in embassy.berlin@embassy.test";
  ASSERT_TRUE(fetched->parsed) << fetched->note;
  EXPECT_EQ(fetched->message.subject, m.subject);
  EXPECT_EQ(fetched->message.from, m.from);
  EXPECT_EQ(fetched->message.text, m.text);
  const auto top = testing::inspectMime(fetched->raw);
  ASSERT_EQ(top.children.size(), 2u);
  EXPECT_EQ(top.children[1].mediaType, "application/pdf");
  EXPECT_EQ(top.children[1].decoded, m.attachments[0].bytes);
  // What Postfix delivered ends with exactly the bytes we built (it prepends its trace
  // headers: Return-Path, Delivered-To, Received ...).
  const std::string built = MessageBuilder().build(m);
  ASSERT_GE(fetched->raw.size(), built.size());
  EXPECT_EQ(fetched->raw.substr(fetched->raw.size() - built.size()), built);
}

TEST_F(MailStack, UnknownMailboxBouncesWithAFailureReport) {
  const OutgoingMessage m = message("nobody.here@embassy.test");
  SmtpChannel channel(smtpConfig(smtp_));
  const SendOutcome outcome = channel.send(m);
  ASSERT_EQ(outcome.status, SendStatus::kSent)
      << "the lenient port accepts, then bounces: " << outcome.reply;
  const auto report = waitFor(registry_, [&](const FetchedMessage& f) {
    return f.message.isDeliveryReport && f.message.originalEnvelopeId == m.envelopeId;
  });
  ASSERT_TRUE(report) << "no failure report for " << m.envelopeId << " reached " << registry_;
  ASSERT_TRUE(report->parsed) << report->note;
  EXPECT_EQ(report->message.originalMessageId, m.messageId);
  ASSERT_EQ(report->message.statuses.size(), 1u);
  const DeliveryStatus& status = report->message.statuses[0];
  EXPECT_EQ(status.finalRecipient, "nobody.here@embassy.test");
  EXPECT_EQ(status.action, "failed");
  EXPECT_EQ(status.status.substr(0, 2), "5.") << status.status;
  EXPECT_FALSE(status.diagnostic.empty());
}

TEST_F(MailStack, DeliveredMessageGivesASuccessReport) {
  const OutgoingMessage m = message("embassy.paris@embassy.test");
  SmtpChannel channel(smtpConfig(smtp_));
  const SendOutcome outcome = channel.send(m);
  ASSERT_EQ(outcome.status, SendStatus::kSent) << outcome.reply;
  const auto report = waitFor(registry_, [&](const FetchedMessage& f) {
    return f.message.isDeliveryReport && f.message.originalEnvelopeId == m.envelopeId;
  });
  ASSERT_TRUE(report) << "no success report for " << m.envelopeId << " reached " << registry_;
  EXPECT_EQ(report->message.originalMessageId, m.messageId);
  ASSERT_EQ(report->message.statuses.size(), 1u);
  EXPECT_EQ(report->message.statuses[0].action, "delivered");
  EXPECT_EQ(report->message.statuses[0].status, "2.0.0");
  EXPECT_EQ(report->message.statuses[0].finalRecipient, "embassy.paris@embassy.test");
  // Clean up the delivered message itself.
  waitFor(
      "embassy.paris@embassy.test",
      [&](const FetchedMessage& f) { return f.message.messageId == m.messageId; }, 10s);
}

TEST_F(MailStack, StrictPortRefusesUnknownMailboxAtRcpt) {
  SmtpChannel channel(smtpConfig(strict_));
  const SendOutcome outcome = channel.send(message("nobody.at.all@embassy.test"));
  EXPECT_EQ(outcome.status, SendStatus::kFailed);
  EXPECT_NE(outcome.reply.find("550 5.1.1"), std::string::npos) << outcome.reply;
}

TEST_F(MailStack, RelayingElsewhereIsRefused) {
  SmtpChannel channel(smtpConfig(smtp_));
  const SendOutcome outcome = channel.send(message("someone@example.org"));
  EXPECT_EQ(outcome.status, SendStatus::kFailed);
  EXPECT_NE(outcome.reply.find("554 5.7.1"), std::string::npos) << outcome.reply;
}

TEST_F(MailStack, BatchOverOneConnection) {
  SmtpChannel channel(smtpConfig(smtp_));
  std::vector<OutgoingMessage> batch;
  for (const char* to : {"embassy.london@embassy.test", "embassy.london@embassy.test",
                         "embassy.london@embassy.test"}) {
    batch.push_back(message(to, 5'000));
  }
  const auto outcomes = channel.sendBatch(batch);
  for (const auto& outcome : outcomes)
    EXPECT_EQ(outcome.status, SendStatus::kSent) << outcome.reply;
  EXPECT_EQ(channel.connectionsOpened(), 1u);
  for (const auto& m : batch) {
    EXPECT_TRUE(waitFor("embassy.london@embassy.test", [&](const FetchedMessage& f) {
      return f.message.messageId == m.messageId;
    }));
  }
}

}  // namespace
}  // namespace chancery::mail
