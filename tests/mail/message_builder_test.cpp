// MessageBuilder: OutgoingMessage -> RFC 5322 bytes, and the header checks before it.
#include "chancery/mail/message_builder.hpp"

#include <Poco/Net/MessageHeader.h>
#include <gtest/gtest.h>

#include <sstream>

#include "chancery/mail/errors.hpp"
#include "chancery/mail/header_checks.hpp"
#include "chancery/mail/inbound_parser.hpp"
#include "mime_inspect.hpp"
#include "sample_messages.hpp"

namespace chancery::mail {
namespace {

using testing::crlfOnly;
using testing::inspectMime;
using testing::longestLine;
using testing::sampleMessage;

std::string headerBlock(const std::string& bytes) {
  return bytes.substr(0, bytes.find("\r\n\r\n") + 2);
}

// The unfolded value of a header field.
std::string field(const std::string& bytes, const std::string& name) {
  const std::string block = headerBlock(bytes);
  const auto start = block.find("\r\n" + name + ": ");
  const auto begin = block.rfind(name + ": ", 0) == 0 ? 0 : start + 2;
  if (start == std::string::npos && block.rfind(name + ": ", 0) != 0) return "<missing>";
  std::string value;
  std::size_t pos = begin + name.size() + 2;
  while (true) {
    const auto end = block.find("\r\n", pos);
    value += block.substr(pos, end - pos);
    if (end + 2 < block.size() && (block[end + 2] == ' ' || block[end + 2] == '\t')) {
      pos = end + 2;
      continue;
    }
    return value;
  }
}

// Decodes each encoded word with Poco on its own (Poco 1.11's decodeWord keeps the folding
// whitespace between adjacent words, which RFC 2047 6.2 says to drop).
std::string decodeEncodedWords(const std::string& value) {
  std::istringstream words(value);
  std::string word, out;
  while (words >> word) out += Poco::Net::MessageHeader::decodeWord(word);
  return out;
}

TEST(MessageBuilder, SameDispatchGivesIdenticalBytes) {
  const MessageBuilder builder;
  const std::string first = builder.build(sampleMessage(17));
  EXPECT_EQ(first, builder.build(sampleMessage(17)));
  EXPECT_EQ(first, MessageBuilder().build(sampleMessage(17)));
  const std::string other = builder.build(sampleMessage(18));
  EXPECT_NE(field(first, "Content-Type"), field(other, "Content-Type"))
      << "boundaries derive from the dispatch";
}

TEST(MessageBuilder, LinesAreCrlfShortAndSevenBit) {
  const std::string bytes = MessageBuilder().build(sampleMessage(17, 200'000));
  EXPECT_TRUE(crlfOnly(bytes));
  EXPECT_LE(longestLine(bytes), 78u);
  for (char c : bytes) ASSERT_LT(static_cast<unsigned char>(c), 0x80u) << "not 7-bit";
  EXPECT_EQ(bytes.find('\0'), std::string::npos);
}

TEST(MessageBuilder, Headers) {
  const std::string bytes = MessageBuilder().build(sampleMessage(17));
  EXPECT_EQ(field(bytes, "Date"), "Sat, 28 Nov 2026 09:30:00 +0000");
  EXPECT_EQ(field(bytes, "From"), "registry@mfa.test");
  EXPECT_EQ(field(bytes, "To"),
            "\"Embassy of the Federal Republic of Germany\" <embassy.berlin@embassy.test>");
  EXPECT_EQ(field(bytes, "Message-ID"), "<dispatch-17.doc-3@registry.mfa.test>");
  EXPECT_EQ(field(bytes, "MIME-Version"), "1.0");
  EXPECT_EQ(field(bytes, "X-Chancery-Registry-Number"), "NV-0001/2026");
  EXPECT_EQ(field(bytes, "X-Chancery-Dispatch"), "dispatch-17");
  const std::string subject = field(bytes, "Subject");
  EXPECT_EQ(subject.rfind("=?UTF-8?Q?", 0), 0u) << subject;
  EXPECT_EQ(decodeEncodedWords(subject),
            "NV-0001/2026 \xE2\x80\x94 Missing persons: request for cooperation");
  // Header order is fixed.
  const std::string block = headerBlock(bytes);
  EXPECT_LT(block.find("Date:"), block.find("From:"));
  EXPECT_LT(block.find("From:"), block.find("To:"));
  EXPECT_LT(block.find("Message-ID:"), block.find("Content-Type:"));
}

TEST(MessageBuilder, AsciiSubjectStaysReadableAndFolds) {
  OutgoingMessage m = sampleMessage(17);
  m.subject =
      "NV-0002/2026 Request for information on the humanitarian situation in the "
      "region and on cooperation with the ICRC";
  const std::string bytes = MessageBuilder().build(m);
  EXPECT_EQ(field(bytes, "Subject"), m.subject);
  EXPECT_NE(headerBlock(bytes).find("Subject: NV-0002/2026 Request"), std::string::npos);
  EXPECT_LE(longestLine(bytes), 78u);
}

TEST(MessageBuilder, EncodedWordsNeverSplitACharacter) {
  OutgoingMessage m = sampleMessage(17);
  m.subject = "\xD0\x9D\xD0\xBE\xD1\x82\xD0\xB0 ";  // "Нота " ...
  for (int i = 0; i < 12; ++i)
    m.subject +=
        "\xD0\xBF\xD0\xBE\xD1\x81\xD0\xBE\xD0\xBB\xD1\x8C\xD1\x81\xD1\x82\xD0\xB2\xD0\xBE ";
  m.toName =
      "\xC3\x89mbassade de France \xC3\xA0 Bakou \xE2\x80\x94 Service de presse et "
      "d'information de l'Ambassade";
  const std::string bytes = MessageBuilder().build(m);
  EXPECT_LE(longestLine(bytes), 78u);
  const std::string subject = field(bytes, "Subject");
  // Every encoded word decodes to valid UTF-8 on its own.
  std::size_t pos = 0;
  while ((pos = subject.find("=?", pos)) != std::string::npos) {
    const auto end = subject.find("?=", pos + 10);
    const std::string word = subject.substr(pos, end + 2 - pos);
    EXPECT_LE(word.size(), 75u);
    EXPECT_TRUE(isUtf8(Poco::Net::MessageHeader::decodeWord(word))) << word;
    pos = end + 2;
  }
  const ParsedMessage parsed = parseInbound(bytes);
  EXPECT_EQ(parsed.message.subject, m.subject);
  EXPECT_EQ(parsed.message.from, "registry@mfa.test");
}

TEST(MessageBuilder, DisplayNameQuoting) {
  OutgoingMessage m = sampleMessage(17);
  m.toName = "Embassy \"Berlin\" \\ Chancery";
  EXPECT_EQ(field(MessageBuilder().build(m), "To"),
            "\"Embassy \\\"Berlin\\\" \\\\ Chancery\" <embassy.berlin@embassy.test>");
  m.toName.clear();
  EXPECT_EQ(field(MessageBuilder().build(m), "To"), "embassy.berlin@embassy.test");
}

TEST(MessageBuilder, MultipartStructure) {
  const OutgoingMessage m = sampleMessage(17, 10'000);
  const auto top = inspectMime(MessageBuilder().build(m));
  ASSERT_EQ(top.mediaType, "multipart/mixed");
  ASSERT_EQ(top.children.size(), 2u);
  const auto& alternative = top.children[0];
  ASSERT_EQ(alternative.mediaType, "multipart/alternative");
  ASSERT_EQ(alternative.children.size(), 2u);
  EXPECT_EQ(alternative.children[0].mediaType, "text/plain");
  EXPECT_EQ(alternative.children[0].header.get("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(alternative.children[0].header.get("Content-Transfer-Encoding"), "quoted-printable");
  std::string expectedText = m.text;
  for (std::size_t p = 0; (p = expectedText.find('\n', p)) != std::string::npos; p += 2) {
    expectedText.replace(p, 1, "\r\n");
  }
  EXPECT_EQ(alternative.children[0].decoded, expectedText);
  EXPECT_EQ(alternative.children[1].mediaType, "text/html");
  EXPECT_NE(alternative.children[1].decoded.find("Caf\xC3\xA9 &#8212;"), std::string::npos);
  const auto& pdf = top.children[1];
  EXPECT_EQ(pdf.mediaType, "application/pdf");
  EXPECT_EQ(pdf.header.get("Content-Transfer-Encoding"), "base64");
  EXPECT_NE(pdf.header.get("Content-Disposition").find("filename=\"NV-0001-2026.pdf\""),
            std::string::npos);
  EXPECT_EQ(pdf.decoded, m.attachments[0].bytes);
}

TEST(MessageBuilder, AttachmentsOfEverySmallSizeRoundTrip) {
  OutgoingMessage m = sampleMessage(17, 0);
  for (std::size_t n = 0; n < 120; ++n) {
    m.attachments.push_back(
        {"a" + std::to_string(n) + ".bin", "application/octet-stream", testing::samplePdf(n)});
  }
  const std::string bytes = MessageBuilder().build(m);
  EXPECT_LE(longestLine(bytes), 78u);
  const auto top = inspectMime(bytes);
  ASSERT_EQ(top.children.size(), 121u);
  for (std::size_t n = 0; n < 120; ++n) {
    EXPECT_EQ(top.children[n + 1].decoded, m.attachments[n].bytes) << n;
  }
}

TEST(MessageBuilder, TextOnlyAndNoAttachments) {
  OutgoingMessage m = sampleMessage(17, 0);
  m.html.clear();
  const auto top = inspectMime(MessageBuilder().build(m));
  ASSERT_EQ(top.mediaType, "multipart/mixed");
  ASSERT_EQ(top.children.size(), 1u);
  EXPECT_EQ(top.children[0].mediaType, "text/plain");
}

TEST(MessageBuilder, NonAsciiAttachmentNameUsesRfc2231) {
  OutgoingMessage m = sampleMessage(17, 100);
  m.attachments[0].filename = "\xD0\x9D\xD0\xBE\xD1\x82\xD0\xB0-0001-2026.pdf";
  const std::string bytes = MessageBuilder().build(m);
  EXPECT_NE(bytes.find("filename*=UTF-8''%D0%9D%D0%BE%D1%82%D0%B0-0001-2026.pdf"),
            std::string::npos);
  EXPECT_LE(longestLine(bytes), 78u);
}

struct Injection {
  const char* field;
  void (*apply)(OutgoingMessage&, const std::string&);
};

TEST(MessageBuilder, RefusesCrLfNulInEveryHeaderValue) {
  const Injection cases[] = {
      {"subject", [](OutgoingMessage& m, const std::string& v) { m.subject += v + "Bcc: x@y.z"; }},
      {"to", [](OutgoingMessage& m, const std::string& v) { m.to += v + "RCPT TO:<x@y.z>"; }},
      {"toName", [](OutgoingMessage& m, const std::string& v) { m.toName += v + "Bcc: x@y.z"; }},
      {"registryNumber",
       [](OutgoingMessage& m, const std::string& v) { m.registryNumber += v + "X: y"; }},
      {"from", [](OutgoingMessage& m, const std::string& v) { m.from += v; }},
      {"messageId", [](OutgoingMessage& m, const std::string& v) { m.messageId += v; }},
      {"envelopeId", [](OutgoingMessage& m, const std::string& v) { m.envelopeId += v; }},
      {"attachments[0].filename",
       [](OutgoingMessage& m, const std::string& v) { m.attachments[0].filename += v; }},
      {"attachments[0].mediaType",
       [](OutgoingMessage& m, const std::string& v) { m.attachments[0].mediaType += v; }},
  };
  for (const Injection& c : cases) {
    for (const std::string& bad :
         {std::string("\r\n"), std::string("\n"), std::string("\r"), std::string(1, '\0')}) {
      OutgoingMessage m = sampleMessage(17);
      c.apply(m, bad);
      try {
        MessageBuilder().build(m);
        ADD_FAILURE() << c.field << " with a control character was accepted";
      } catch (const HeaderInjection& e) {
        EXPECT_EQ(e.field(), c.field);
      }
    }
  }
}

TEST(MessageBuilder, AddressesMustBePlainMailboxes) {
  for (const char* good : {"embassy.berlin@embassy.test", "a+b@c.d", "x@localhost",
                           "o'brien@example.org", "A.B-C_D@sub.example-domain.org"}) {
    EXPECT_TRUE(isPlainMailbox(good)) << good;
  }
  for (const char* bad :
       {"", "a", "a@", "@b.c", "a b@c.d", "<a@b.c>", "Name <a@b.c>", "a@b..c", "a@-b.c", "a@b-.c",
        "a..b@c.d", ".a@b.c", "a.@b.c", "\xC3\xBC@b.c", "a@b_c.d", "a@b.c,d@e.f", "a@[127.0.0.1]",
        "\"a\"@b.c", "a@b.c (comment)"}) {
    EXPECT_FALSE(isPlainMailbox(bad)) << bad;
    OutgoingMessage m = sampleMessage(17);
    m.to = bad;
    EXPECT_THROW(MessageBuilder().check(m), MessageRefused) << bad;
  }
  OutgoingMessage m = sampleMessage(17);
  m.from = "Registry <registry@mfa.test>";
  try {
    MessageBuilder().check(m);
    ADD_FAILURE();
  } catch (const InvalidAddress& e) {
    EXPECT_EQ(e.field(), "from");
  }
}

TEST(MessageBuilder, RefusesOtherUnsendableValues) {
  auto refused = [](auto change) {
    OutgoingMessage m = sampleMessage(17);
    change(m);
    EXPECT_THROW(MessageBuilder().check(m), MessageRefused);
  };
  refused([](OutgoingMessage& m) { m.messageId = "no-at-sign"; });
  refused([](OutgoingMessage& m) { m.messageId = "<a b@c>"; });
  refused([](OutgoingMessage& m) { m.envelopeId = ""; });
  refused([](OutgoingMessage& m) { m.envelopeId = "dispatch 17"; });
  refused([](OutgoingMessage& m) { m.envelopeId = "a+b"; });
  refused([](OutgoingMessage& m) { m.envelopeId = std::string(101, 'x'); });
  refused([](OutgoingMessage& m) { m.subject = "bad \xC3 UTF-8"; });
  refused([](OutgoingMessage& m) { m.subject = "bell \x07"; });
  refused([](OutgoingMessage& m) { m.attachments[0].filename = "../etc/passwd"; });
  refused([](OutgoingMessage& m) { m.attachments[0].filename = ""; });
  refused([](OutgoingMessage& m) { m.attachments[0].mediaType = "pdf"; });
  OutgoingMessage ok = sampleMessage(17);
  ok.messageId = "dispatch-17.doc-3@registry.mfa.test";  // brackets added
  EXPECT_EQ(field(MessageBuilder().build(ok), "Message-ID"),
            "<dispatch-17.doc-3@registry.mfa.test>");
}

TEST(HeaderChecks, Xtext) {
  EXPECT_EQ(xtextEncode("dispatch-17"), "dispatch-17");
  EXPECT_EQ(xtextEncode("a+b=c d"), "a+2Bb+3Dc+20d");
  EXPECT_EQ(xtextEncode("\xC3\xA9"), "+C3+A9");
}

TEST(HeaderChecks, Utf8) {
  EXPECT_TRUE(isUtf8("plain"));
  EXPECT_TRUE(isUtf8("\xE2\x80\x94\xF0\x9F\x98\x80"));
  EXPECT_FALSE(isUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(isUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(isUtf8("\xE2\x80"));          // truncated
  EXPECT_FALSE(isUtf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
}

}  // namespace
}  // namespace chancery::mail
