// Why not Poco::Net::MailMessage::write (Poco 1.11): it draws a random multipart boundary
// (MultipartWriter::createBoundary, no setter), passes bare LF through its
// quoted-printable parts, quotes display names without escaping '"', and its encodeWord
// may split a UTF-8 character between two encoded words. So the header block is a
// Poco::Net::MessageHeader filled here, and the body is written with Poco's
// MultipartWriter (given our boundary), QuotedPrintableEncoder and Base64Encoder.
#include "chancery/mail/message_builder.hpp"

#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartWriter.h>

#include <sstream>

#include "chancery/mail/errors.hpp"
#include "chancery/mail/header_checks.hpp"
#include "mime_encoding.hpp"

namespace chancery::mail {
namespace {

constexpr std::size_t kMaxEnvelopeId = 100;  // RFC 3461 4.4: xtext, at most 100 chars

bool isAtext(char c) {
  const auto u = static_cast<unsigned char>(c);
  if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool isDotAtomText(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i - 1] == '.') return false;
    } else if (!isAtext(s[i])) {
      return false;
    }
  }
  return true;
}

// "<left@right>" with dot-atom-text on both sides (RFC 5322 3.6.4, no obsolete forms).
std::string normalisedMessageId(std::string_view id) {
  std::string_view inner = id;
  if (inner.size() >= 2 && inner.front() == '<' && inner.back() == '>') {
    inner = inner.substr(1, inner.size() - 2);
  }
  const auto at = inner.find('@');
  if (at == std::string_view::npos || !isDotAtomText(inner.substr(0, at)) ||
      !isDotAtomText(inner.substr(at + 1))) {
    throw MessageRefused("messageId", "messageId \"" + std::string(id.substr(0, 80)) +
                                          "\" is not a Message-ID of the form "
                                          "<left@right> (RFC 5322 3.6.4)");
  }
  return "<" + std::string(inner) + ">";
}

// A value for an unstructured header: no line breaks, UTF-8, no other control characters
// than TAB.
void checkText(const std::string& field, std::string_view value) {
  checkHeaderValue(field, value);
  if (!isUtf8(value)) {
    throw MessageRefused(field, field + " is not valid UTF-8; re-enter it");
  }
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) {
      throw MessageRefused(field, field + " contains the control character 0x" +
                                      std::string(1, "0123456789abcdef"[u >> 4]) +
                                      std::string(1, "0123456789abcdef"[u & 15]) + "; remove it");
    }
  }
}

bool isToken(std::string_view s) {  // RFC 2045 token
  if (s.empty()) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
    if (std::string_view("()<>@,;:\\\"/[]?=").find(c) != std::string_view::npos) return false;
  }
  return true;
}

void checkMediaType(const std::string& field, std::string_view mediaType) {
  checkHeaderValue(field, mediaType);
  const auto slash = mediaType.find('/');
  if (slash == std::string_view::npos || !isToken(mediaType.substr(0, slash)) ||
      !isToken(mediaType.substr(slash + 1))) {
    throw MessageRefused(field, field + " \"" + std::string(mediaType.substr(0, 80)) +
                                    "\" is not a media type such as application/pdf");
  }
}

void checkEnvelopeId(std::string_view envelopeId) {
  checkHeaderValue("envelopeId", envelopeId);
  if (envelopeId.empty()) {
    throw MessageRefused("envelopeId", "envelopeId is empty: every dispatch needs one");
  }
  for (char c : envelopeId) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '+' || c == '=') {
      throw MessageRefused("envelopeId",
                           "envelopeId \"" + std::string(envelopeId.substr(0, 80)) +
                               "\" must be printable ASCII without spaces, '+' or '=' (it is "
                               "sent as the DSN ENVID and comes back in delivery reports)");
    }
  }
  if (envelopeId.size() > kMaxEnvelopeId) {
    throw MessageRefused("envelopeId",
                         "envelopeId is longer than the 100 characters "
                         "RFC 3461 allows for ENVID");
  }
}

struct Boundaries {
  std::string mixed;
  std::string alternative;
};

// '=' and '_' never occur together in quoted-printable or base64 output, so a boundary
// starting "=_" cannot collide with the content.
Boundaries boundariesFor(const OutgoingMessage& message) {
  const std::string hash =
      mime::sha1Hex("chancery-mime\n" + message.messageId + "\n" + message.envelopeId)
          .substr(0, 24);
  return {"=_m." + hash, "=_a." + hash};
}

std::string partHeaders(const Poco::Net::MessageHeader& header) {
  std::ostringstream out;
  header.write(out);
  return out.str();
}

void writeTextPart(Poco::Net::MultipartWriter& writer, const std::string& mediaType,
                   const std::string& text) {
  Poco::Net::MessageHeader header;
  header.set("Content-Type", mediaType + "; charset=utf-8");
  header.set("Content-Transfer-Encoding", "quoted-printable");
  writer.nextPart(header);
  writer.stream() << mime::quotedPrintable(mime::canonicalLines(text));
}

}  // namespace

void MessageBuilder::check(const OutgoingMessage& message) const {
  checkHeaderValue("messageId", message.messageId);
  normalisedMessageId(message.messageId);
  checkEnvelopeId(message.envelopeId);
  checkMailbox("from", message.from);
  checkMailbox("to", message.to);
  checkText("toName", message.toName);
  checkText("subject", message.subject);
  checkText("registryNumber", message.registryNumber);
  for (std::size_t i = 0; i < message.attachments.size(); ++i) {
    const Attachment& attachment = message.attachments[i];
    const std::string prefix = "attachments[" + std::to_string(i) + "].";
    checkText(prefix + "filename", attachment.filename);
    if (attachment.filename.empty() ||
        attachment.filename.find_first_of("/\\") != std::string::npos ||
        attachment.filename == "." || attachment.filename == "..") {
      throw MessageRefused(prefix + "filename",
                           prefix + "filename \"" + attachment.filename +
                               "\" is not a plain file name (empty, '.', '..' or with a / or \\)");
    }
    checkMediaType(prefix + "mediaType", attachment.mediaType);
  }
}

std::string MessageBuilder::build(const OutgoingMessage& message) const {
  check(message);
  const Boundaries boundaries = boundariesFor(message);

  // Header fields are inserted in this order and written in it (Poco keeps it).
  Poco::Net::MessageHeader header;
  header.set("Date", mime::rfc5322Date(message.date));
  header.set("From", message.from);
  header.set("To", mime::encodeMailbox(message.toName, message.to, 2));
  header.set("Subject", mime::encodeUnstructured(message.subject, 7));
  header.set("Message-ID", normalisedMessageId(message.messageId));
  header.set("MIME-Version", "1.0");
  if (!message.registryNumber.empty()) {
    header.set("X-Chancery-Registry-Number", mime::encodeUnstructured(message.registryNumber, 26));
  }
  header.set("X-Chancery-Dispatch", message.envelopeId);
  header.set("Content-Type", "multipart/mixed;\r\n boundary=\"" + boundaries.mixed + "\"");

  std::ostringstream out;
  out << partHeaders(header) << "\r\n";

  Poco::Net::MultipartWriter mixed(out, boundaries.mixed);
  if (message.html.empty()) {
    writeTextPart(mixed, "text/plain", message.text);
  } else {
    Poco::Net::MessageHeader alternativeHeader;
    alternativeHeader.set("Content-Type",
                          "multipart/alternative;\r\n boundary=\"" + boundaries.alternative + "\"");
    mixed.nextPart(alternativeHeader);
    Poco::Net::MultipartWriter alternative(mixed.stream(), boundaries.alternative);
    writeTextPart(alternative, "text/plain", message.text);
    writeTextPart(alternative, "text/html", message.html);
    alternative.close();
  }
  for (const Attachment& attachment : message.attachments) {
    Poco::Net::MessageHeader partHeader;
    partHeader.set("Content-Type",
                   attachment.mediaType + mime::encodeParameter("name", attachment.filename));
    partHeader.set("Content-Transfer-Encoding", "base64");
    partHeader.set("Content-Disposition",
                   "attachment" + mime::encodeParameter("filename", attachment.filename));
    mixed.nextPart(partHeader);
    mixed.stream() << mime::base64Lines(attachment.bytes);
  }
  mixed.close();
  return out.str();
}

}  // namespace chancery::mail
