// parseInbound on real-looking delivery reports, replies, acknowledgements and garbage.
#include "chancery/mail/inbound_parser.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>

#include "chancery/engine/clock.hpp"
#include "chancery/mail/header_checks.hpp"
#include "chancery/mail/message_builder.hpp"
#include "sample_messages.hpp"

namespace chancery::mail {
namespace {

std::string sample(const std::string& name) {
  std::ifstream in(std::string(CHANCERY_MAIL_SAMPLES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string withCrlf(const std::string& lf) {
  std::string out;
  for (std::size_t i = 0; i < lf.size(); ++i) {
    if (lf[i] == '\n' && (i == 0 || lf[i - 1] != '\r')) out += '\r';
    out += lf[i];
  }
  return out;
}

class BothLineEndings : public ::testing::TestWithParam<bool> {
 protected:
  std::string load(const std::string& name) {
    const std::string raw = sample(name);
    return GetParam() ? withCrlf(raw) : raw;
  }
};

TEST_P(BothLineEndings, PostfixSuccessReport) {
  const ParsedMessage parsed = parseInbound(load("postfix_success_dsn.eml"));
  ASSERT_TRUE(parsed.parsed) << parsed.problem;
  EXPECT_EQ(parsed.problem, "");
  const InboundMessage& m = parsed.message;
  EXPECT_TRUE(m.isDeliveryReport);
  EXPECT_FALSE(m.isAcknowledgement);
  EXPECT_EQ(m.messageId, "<20261128093002.4Z1ABC2D3Ez@mail.mfa.test>");
  EXPECT_EQ(m.from, "MAILER-DAEMON@mail.mfa.test");
  EXPECT_EQ(m.subject, "Successful Mail Delivery Report");
  EXPECT_EQ(formatUtc(m.date), "2026-11-28T09:30:02Z");
  EXPECT_EQ(m.originalEnvelopeId, "dispatch-17");
  EXPECT_EQ(m.originalMessageId, "<dispatch-17.doc-3@registry.mfa.test>");
  ASSERT_EQ(m.statuses.size(), 1u);
  EXPECT_EQ(m.statuses[0].finalRecipient, "embassy.berlin@embassy.test");
  EXPECT_EQ(m.statuses[0].action, "delivered");
  EXPECT_EQ(m.statuses[0].status, "2.0.0");
  EXPECT_EQ(m.statuses[0].diagnostic, "delivered to mailbox");
  EXPECT_NE(m.text.find("successfully delivered"), std::string::npos);
  EXPECT_EQ(m.text.find('\r'), std::string::npos) << "LF line endings";
  EXPECT_EQ(parsed.rawHeaders.rfind("Return-Path: <>", 0), 0u);
}

TEST_P(BothLineEndings, PostfixFailureReport) {
  const ParsedMessage parsed = parseInbound(load("postfix_failure_dsn.eml"));
  ASSERT_TRUE(parsed.parsed) << parsed.problem;
  const InboundMessage& m = parsed.message;
  EXPECT_TRUE(m.isDeliveryReport);
  EXPECT_EQ(m.originalEnvelopeId, "dispatch-18");
  EXPECT_EQ(m.originalMessageId, "<dispatch-18.doc-4@registry.mfa.test>");
  ASSERT_EQ(m.statuses.size(), 1u);
  EXPECT_EQ(m.statuses[0].finalRecipient, "nobody@embassy.test");
  EXPECT_EQ(m.statuses[0].action, "failed");
  EXPECT_EQ(m.statuses[0].status, "5.1.1");
  EXPECT_EQ(m.statuses[0].diagnostic,
            "550 5.1.1 <nobody@embassy.test>: Recipient address    rejected: User unknown in "
            "virtual mailbox table");
}

TEST_P(BothLineEndings, ExchangeReportWithTwoRecipientsAndTheWholeMessage) {
  const ParsedMessage parsed = parseInbound(load("exchange_report.eml"));
  ASSERT_TRUE(parsed.parsed) << parsed.problem;
  const InboundMessage& m = parsed.message;
  EXPECT_TRUE(m.isDeliveryReport);
  EXPECT_EQ(m.originalEnvelopeId, "dispatch-19");
  EXPECT_EQ(m.originalMessageId, "<dispatch-19.doc-5@registry.mfa.test>");
  EXPECT_EQ(formatUtc(m.date), "2026-11-30T07:02:03Z");
  ASSERT_EQ(m.statuses.size(), 2u);
  EXPECT_EQ(m.statuses[0].finalRecipient, "protocol@mfa-baku.test");
  EXPECT_EQ(m.statuses[0].action, "failed");
  EXPECT_EQ(m.statuses[0].status, "5.2.2");
  EXPECT_EQ(m.statuses[1].finalRecipient, "press@mfa-baku.test");
  EXPECT_EQ(m.statuses[1].action, "delayed");
  EXPECT_EQ(m.statuses[1].status, "4.4.7");
  EXPECT_NE(m.text.find("The mailbox is full."), std::string::npos) << m.text;
}

TEST_P(BothLineEndings, ReplyWithInReplyTo) {
  const ParsedMessage parsed = parseInbound(load("reply_latin1.eml"));
  ASSERT_TRUE(parsed.parsed) << parsed.problem;
  const InboundMessage& m = parsed.message;
  EXPECT_FALSE(m.isDeliveryReport);
  EXPECT_EQ(m.messageId, "<reply-555@embassy.test>");
  EXPECT_EQ(m.inReplyTo, "<dispatch-17.doc-3@registry.mfa.test>");
  ASSERT_EQ(m.references.size(), 2u);
  EXPECT_EQ(m.references[1], "<dispatch-17.doc-3@registry.mfa.test>");
  EXPECT_EQ(m.from, "embassy.berlin@embassy.test");
  EXPECT_EQ(m.subject.rfind("AW: NV-0001/2026", 0), 0u) << m.subject;
  EXPECT_TRUE(isUtf8(m.subject));
  EXPECT_EQ(formatUtc(m.date), "2026-12-01T09:15:00Z");
  EXPECT_NE(m.text.find("best\xC3\xA4tigt den Eingang der Note NV-0001/2026 und beehrt sich, "),
            std::string::npos)
      << m.text;
  EXPECT_NE(m.text.find("Gr\xC3\xBC\xC3\x9F"), std::string::npos);
}

TEST_P(BothLineEndings, CyrillicCharsets) {
  const ParsedMessage parsed = parseInbound(load("reply_cyrillic.eml"));
  ASSERT_TRUE(parsed.parsed) << parsed.problem;
  EXPECT_EQ(parsed.message.subject,
            "\xD0\x9D\xD0\xBE\xD1\x82\xD0\xB0 \xD0\xBF\xD0\xBE\xD0\xBB\xD1\x83\xD1\x87\xD0\xB5\xD0"
            "\xBD\xD0\xB0");  // "Нота получена" from KOI8-R
  EXPECT_EQ(parsed.message.text.rfind("\xD0\x9C\xD0\xB8\xD0\xBD", 0), 0u)
      << parsed.message.text;  // "Мин..." from windows-1251
  EXPECT_EQ(parsed.message.inReplyTo, "<dispatch-20.doc-6@registry.mfa.test>");
}

TEST_P(BothLineEndings, Acknowledgement) {
  const ParsedMessage parsed = parseInbound(load("acknowledgement.eml"));
  ASSERT_TRUE(parsed.parsed) << parsed.problem;
  const InboundMessage& m = parsed.message;
  EXPECT_TRUE(m.isAcknowledgement);
  EXPECT_FALSE(m.isDeliveryReport);
  EXPECT_EQ(m.inReplyTo, "<dispatch-17.doc-3@registry.mfa.test>");
  EXPECT_EQ(m.from, "registry@embassy.test");
  EXPECT_EQ(m.text, "Received and registered as IN-0042/2026.") << "text/plain wins over html";
}

INSTANTIATE_TEST_SUITE_P(Lf, BothLineEndings, ::testing::Values(false));
INSTANTIATE_TEST_SUITE_P(Crlf, BothLineEndings, ::testing::Values(true));

// Out-of-office and other machine-sent replies are told apart from a person's answer.
TEST(InboundParser, AutomaticRepliesAreMarked) {
  const std::string head =
      "From: embassy.berlin@embassy.test\r\nTo: registry@mfa.test\r\n"
      "Message-ID: <ooo-1@embassy.test>\r\nIn-Reply-To: <dispatch-17.doc-3@registry.mfa.test>\r\n"
      "Subject: Automatic reply: NV-0001/2026\r\n";
  const std::string body = "\r\nI am out of the office until 5 January.\r\n";
  struct Case {
    std::string fields;
    bool automatic;
  };
  const Case cases[] = {
      {"Auto-Submitted: auto-replied\r\n", true},
      {"Auto-Submitted: Auto-Generated (vacation)\r\n", true},
      {"Auto-Submitted: auto-notified; owner-email=\"x@embassy.test\"\r\n", true},
      {"Auto-Submitted: no\r\n", false},
      {"Precedence: auto_reply\r\n", true},
      {"Precedence: bulk\r\n", true},
      {"X-Autoreply: yes\r\n", true},
      {"X-Autorespond: On vacation\r\n", true},
      {"", false},
  };
  for (const Case& c : cases) {
    const ParsedMessage parsed = parseInbound(head + c.fields + body);
    ASSERT_TRUE(parsed.parsed) << parsed.problem;
    EXPECT_EQ(parsed.message.isAutomaticReply, c.automatic) << c.fields;
    EXPECT_EQ(parsed.message.inReplyTo, "<dispatch-17.doc-3@registry.mfa.test>");
  }
}

TEST(InboundParser, OurOwnMessageReadsBack) {
  const OutgoingMessage out = testing::sampleMessage(17);
  const ParsedMessage parsed = parseInbound(MessageBuilder().build(out));
  ASSERT_TRUE(parsed.parsed) << parsed.problem;
  EXPECT_EQ(parsed.problem, "");
  EXPECT_EQ(parsed.message.messageId, out.messageId);
  EXPECT_EQ(parsed.message.subject, out.subject);
  EXPECT_EQ(parsed.message.from, out.from);
  EXPECT_EQ(parsed.message.date, out.date);
  EXPECT_EQ(parsed.message.text, out.text);
}

TEST(InboundParser, HtmlOnlyMessageGivesItsText) {
  const std::string raw =
      "From: a@b.test\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
      "<html><body><p>Received &amp; registered.</p></body></html>\r\n";
  const ParsedMessage parsed = parseInbound(raw);
  ASSERT_TRUE(parsed.parsed);
  EXPECT_NE(parsed.message.text.find("Received & registered."), std::string::npos);
}

TEST(InboundParser, GarbageIsUnparsableWithItsRawHeaders) {
  for (const std::string& garbage :
       {std::string(), std::string("\r\n\r\nbody only"), std::string("this is not mail\r\n"),
        std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), std::string(" leading continuation\r\n"),
        std::string("From: a@b\0c\r\n\r\n", 15)}) {
    const ParsedMessage parsed = parseInbound(garbage);
    EXPECT_FALSE(parsed.parsed) << garbage;
    EXPECT_FALSE(parsed.problem.empty());
  }
  const ParsedMessage parsed = parseInbound("this is not mail\r\nSubject: x\r\n\r\nbody");
  EXPECT_EQ(parsed.rawHeaders, "this is not mail\r\nSubject: x\r\n");
}

TEST(InboundParser, BrokenMimeStillReachesTheRegistry) {
  const std::string raw =
      "From: someone@example.test\r\nSubject: broken\r\nMessage-ID: <b@x>\r\n"
      "Content-Type: multipart/report; report-type=delivery-status; boundary=\"zz\"\r\n\r\n"
      "no boundary ever appears\r\n";
  const ParsedMessage parsed = parseInbound(raw);
  ASSERT_TRUE(parsed.parsed);
  EXPECT_EQ(parsed.message.messageId, "<b@x>");
  EXPECT_TRUE(parsed.message.isDeliveryReport);
  EXPECT_TRUE(parsed.message.statuses.empty());
  EXPECT_FALSE(parsed.problem.empty());
}

TEST(InboundParser, MalformedFieldsAreTolerated) {
  const std::string raw =
      "From: \"Unclosed <x@y.test\r\nDate: not a date\r\nSubject: =?bogus?Q?=ZZ?=\r\n"
      "In-Reply-To: no brackets here\r\nContent-Type: ;;;\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n";
  const ParsedMessage parsed = parseInbound(raw);
  ASSERT_TRUE(parsed.parsed);
  EXPECT_EQ(parsed.message.date, 0);
  EXPECT_TRUE(isUtf8(parsed.message.subject));
  EXPECT_TRUE(isUtf8(parsed.message.from));
}

TEST(InboundParser, NeverThrowsOrHangsOnMutatedSamples) {
  std::vector<std::string> seeds;
  for (const char* name : {"postfix_success_dsn.eml", "postfix_failure_dsn.eml",
                           "exchange_report.eml", "reply_latin1.eml", "acknowledgement.eml"}) {
    seeds.push_back(withCrlf(sample(name)));
  }
  seeds.push_back(MessageBuilder().build(testing::sampleMessage(1, 3000)));
  std::mt19937 random(42);
  const auto start = std::chrono::steady_clock::now();
  int runs = 0;
  for (const std::string& seed : seeds) {
    for (int i = 0; i < 300; ++i, ++runs) {
      std::string mutated = seed;
      switch (random() % 4) {
        case 0:
          mutated.resize(random() % (mutated.size() + 1));
          break;
        case 1:
          for (int k = 0; k < 8; ++k)
            mutated[random() % mutated.size()] = static_cast<char>(random());
          break;
        case 2:
          mutated.insert(random() % mutated.size(), std::string(random() % 50, '-'));
          break;
        default: {
          const auto at = random() % mutated.size();
          mutated.erase(at, random() % 200);
        }
      }
      ParsedMessage parsed;
      EXPECT_NO_THROW(parsed = parseInbound(mutated));
      EXPECT_TRUE(isUtf8(parsed.message.text));
      EXPECT_TRUE(isUtf8(parsed.message.subject));
    }
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30)) << runs;
}

}  // namespace
}  // namespace chancery::mail
